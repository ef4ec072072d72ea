// The anonymised report made from a real replica's report drafts and pseudonym list.
#include "casevault/client/publication.h"

#include <gtest/gtest.h>

#include "casevault/crypto/random_id.h"
#include "replica_fixture.h"

namespace casevault::client {
namespace {

using schema::Record;
using schema::RecordType;

class PublicationTest : public testing::ReplicaTest {
 protected:
  void AddPseudonym(const std::string& real_name, const std::string& pseudonym,
                    const std::string& kind) {
    Record record(RecordType::kPseudonym);
    ASSERT_TRUE(record.Set("real_name", real_name).ok());
    ASSERT_TRUE(record.Set("pseudonym", pseudonym).ok());
    ASSERT_TRUE(record.Set("kind", kind).ok());
    ASSERT_TRUE(replica_->PutRecord(shared_, crypto::NewRandomId(), record).ok());
  }

  Id128 AddDraft(int64_t version, const std::string& title, const std::string& body) {
    Record record(RecordType::kReportDraft);
    EXPECT_TRUE(record.Set("title", title).ok());
    EXPECT_TRUE(record.Set("version", version).ok());
    EXPECT_TRUE(record.Set("body", body).ok());
    const Id128 id = crypto::NewRandomId();
    EXPECT_TRUE(replica_->PutRecord(shared_, id, record).ok());
    return id;
  }

  void AddCaseRecord(const std::string& initials) {
    Record review(RecordType::kCase);
    ASSERT_TRUE(review.Set("reference", std::string("LCSPR 2026/07")).ok());
    ASSERT_TRUE(review.Set("child_initials", initials).ok());
    ASSERT_TRUE(review.Set("incident_date", *schema::Date::Parse("2026-04-01")).ok());
    ASSERT_TRUE(review.Set("partnership", std::string("Anytown SCP")).ok());
    ASSERT_TRUE(review.Set("state", std::string("cspr")).ok());
    ASSERT_TRUE(replica_->PutRecord(shared_, crypto::NewRandomId(), review).ok());
  }

  void AddFamily() {
    AddPseudonym("Anna Smith", "Child A", "child");
    AddPseudonym("Anna", "Child A", "child");
    AddPseudonym("Smith", "the family", "family");
    AddPseudonym("Mrs Jane Smith", "Mother", "family");
    AddPseudonym("Jane", "Mother", "family");
    AddPseudonym("Ann", "the health visitor", "practitioner");
  }

  Result<PublishedReport> Publish(std::optional<int64_t> version = std::nullopt) {
    return AnonymiseReport(*replica_, case_id_, version);
  }

  // Expects publishing the latest draft to be refused with a message holding `expected`;
  // returns the message.
  std::string ExpectRefused(const std::string& expected) {
    Result<PublishedReport> report = Publish();
    EXPECT_EQ(report.status().code(), StatusCode::kPermissionDenied);
    EXPECT_NE(report.status().message().find(expected), std::string::npos)
        << report.status().message();
    return report.status().message();
  }
};

TEST_F(PublicationTest, NamesAreReplacedConsistentlyLongestFirstInTitleAndBody) {
  AddFamily();
  const Id128 draft = AddDraft(
      1, "Review concerning Anna Smith",
      "Anna Smith lived with Mrs Jane Smith.\nANNA's health visitor, Ann, wrote the Annual "
      "report.\nJane said anna\nsmith was well.");
  Result<PublishedReport> report = Publish();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->draft_id, draft);
  EXPECT_EQ(report->version, 1);
  EXPECT_EQ(report->title, "Review concerning Child A");
  EXPECT_EQ(report->body,
            "Child A lived with Mother.\nChild A's health visitor, the health visitor, wrote the "
            "Annual report.\nMother said Child A was well.");
  EXPECT_EQ(PublishedReportText(*report), "Review concerning Child A\n\n" + report->body + "\n");
}

TEST_F(PublicationTest, TheLatestVersionIsPublishedUnlessOneIsChosen) {
  AddFamily();
  AddDraft(1, "Draft one", "Anna, first.");
  const Id128 second = AddDraft(2, "Draft two", "Anna, second.");
  Result<PublishedReport> latest = Publish();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_EQ(latest->draft_id, second);
  EXPECT_EQ(latest->body, "Child A, second.");
  Result<PublishedReport> first = Publish(1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->body, "Child A, first.");
  EXPECT_EQ(Publish(3).status().code(), StatusCode::kNotFound);
  AddDraft(2, "Draft two again", "Anna.");
  EXPECT_EQ(Publish().status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(PublicationTest, AnEmptyPseudonymListIsRefused) {
  AddDraft(1, "Title", "Nothing to see.");
  ExpectRefused("no pseudonym for the child");
  AddPseudonym("Jane Smith", "Mother", "family");
  ExpectRefused("no pseudonym for the child");
}

TEST_F(PublicationTest, ANameLeftAfterReplacingIsRefusedNamingItsLineNotItsContext) {
  AddPseudonym("Anna Smith", "Child A", "child");
  AddDraft(1, "Title", "First line.\nThe secret neighbour saw\nMs Smith leave.");
  const std::string message = ExpectRefused("\"Smith\" still appears in the body at line 3");
  EXPECT_EQ(message.find("neighbour"), std::string::npos) << message;
  EXPECT_EQ(message.find("leave"), std::string::npos) << message;
}

TEST_F(PublicationTest, APseudonymHoldingAListedNameIsRefused) {
  AddPseudonym("Anna", "Child A", "child");
  AddPseudonym("Lee", "Anna's father", "family");
  AddDraft(1, "About Lee", "Body.");
  ExpectRefused("\"Anna\" still appears in the title");
}

TEST_F(PublicationTest, TheChildsInitialsFromTheCaseRecordAreRefusedInTheirExactCase) {
  AddPseudonym("Anna Smith", "Child A", "child");
  AddCaseRecord("AS");
  AddDraft(1, "Title", "Child A, as we found,\nwas seen.");
  ASSERT_TRUE(Publish().ok());
  AddDraft(2, "Title", "Child A\nwas seen (AS).");
  ExpectRefused("\"AS\" still appears in the body at line 2");
}

TEST_F(PublicationTest, TheHtmlPageEscapesTheReport) {
  AddPseudonym("Anna", "Child A", "child");
  AddDraft(1, "Review <A>", "Anna & <script>x</script>");
  Result<PublishedReport> report = Publish();
  ASSERT_TRUE(report.ok());
  const std::string html = PublishedReportHtml(*report, 0);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<title>Review &lt;A&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("Child A &amp; &lt;script&gt;x&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("anonymised from report version 1"), std::string::npos);
}

}  // namespace
}  // namespace casevault::client
