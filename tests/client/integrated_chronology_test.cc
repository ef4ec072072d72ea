// The integrated chronology read from a real replica: entries of the shared workspace and of
// the agency compartments this device holds keys of, merged, ordered and filtered.
#include "casevault/client/integrated_chronology.h"

#include <gtest/gtest.h>

#include "replica_fixture.h"

namespace casevault::client {
namespace {

using schema::Date;
using schema::Record;
using schema::RecordType;

Date Day(std::string_view text) { return *Date::Parse(text); }

Record Entry(const std::string& agency, const std::string& subject, std::string_view from,
             std::string_view to, const std::string& description) {
  Record entry(RecordType::kChronologyEntry);
  EXPECT_TRUE(entry.Set("agency", agency).ok());
  EXPECT_TRUE(entry.Set("involvement_with", subject).ok());
  EXPECT_TRUE(entry.Set("date_from", Day(from)).ok());
  if (!to.empty()) {
    EXPECT_TRUE(entry.Set("date_to", Day(to)).ok());
  }
  EXPECT_TRUE(entry.Set("description", description).ok());
  return entry;
}

// Record ids in a known order: the id whose last byte is `n`.
Id128 IdNumbered(uint8_t n) {
  Id128 id;
  id.bytes.back() = n;
  return id;
}

class IntegratedChronologyTest : public testing::ReplicaTest {
 protected:
  // Stores `record` as record `n` of `where`.
  void Put(const CompartmentRef& where, uint8_t n, const Record& record) {
    ASSERT_TRUE(replica_->PutRecord(where, IdNumbered(n), record).ok());
  }

  IntegratedChronology Build() {
    Result<IntegratedChronology> built =
        BuildIntegratedChronology(*replica_, case_id_, {"education", "icb", "police"});
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return built.ok() ? *built : IntegratedChronology{};
  }

  // The descriptions of `rows`, in order.
  static std::vector<std::string> Descriptions(std::span<const ChronologyRow> rows) {
    std::vector<std::string> out;
    for (const ChronologyRow& row : rows) out.push_back(row.description);
    return out;
  }
};

TEST_F(IntegratedChronologyTest, SharedAndOpenAgencyEntriesMergeInDateOrder) {
  Put(shared_, 1, Entry("icb", "mother", "2026-02-01", "", "GP visit"));
  Put(police_, 2, Entry("police", "child", "2026-01-05", "", "Home visit"));
  Record terms(RecordType::kTermsOfReference);
  ASSERT_TRUE(terms.Set("title", std::string("ToR")).ok());
  ASSERT_TRUE(terms.Set("overview", std::string("Scope")).ok());
  Put(shared_, 3, terms);
  const IntegratedChronology chronology = Build();
  EXPECT_EQ(chronology.compartments_read, (std::vector<std::string>{"shared", "agency:police"}));
  EXPECT_EQ(Descriptions(chronology.rows), (std::vector<std::string>{"Home visit", "GP visit"}));
  ASSERT_EQ(chronology.rows.size(), 2u);
  EXPECT_EQ(chronology.rows[0].compartment, "agency:police");
  EXPECT_EQ(chronology.rows[0].record_id, IdNumbered(2));
  EXPECT_EQ(chronology.rows[1].agency, "icb");
  EXPECT_EQ(chronology.rows[1].involvement_with, "mother");
}

TEST_F(IntegratedChronologyTest, ASubmittedCopyIsListedOnceAsTheSharedEntry) {
  const Record visit = Entry("police", "child", "2026-01-05", "2026-01-06", "Home visit");
  Put(police_, 1, visit);
  Put(shared_, 2, visit);
  Put(police_, 3, Entry("police", "child", "2026-01-05", "2026-01-06", "Home visit, later"));
  const IntegratedChronology chronology = Build();
  ASSERT_EQ(chronology.rows.size(), 2u);
  EXPECT_EQ(chronology.rows[0].compartment, "shared");
  EXPECT_EQ(chronology.rows[0].record_id, IdNumbered(2));
  EXPECT_EQ(chronology.rows[1].description, "Home visit, later");
}

TEST_F(IntegratedChronologyTest, OneDayOrdersByDateToThenAgencyThenTheOrderRead) {
  Put(shared_, 1, Entry("police", "child", "2026-03-01", "2026-03-09", "police to 9th"));
  Put(shared_, 2, Entry("icb", "child", "2026-03-01", "2026-03-09", "icb to 9th"));
  Put(shared_, 3, Entry("police", "child", "2026-03-01", "", "police, one day"));
  Put(shared_, 4, Entry("education", "child", "2026-03-01", "2026-03-02", "education to 2nd"));
  Put(shared_, 5, Entry("icb", "child", "2026-03-01", "2026-03-09", "icb to 9th, second"));
  Put(shared_, 6, Entry("icb", "child", "2026-02-28", "", "the day before"));
  EXPECT_EQ(Descriptions(Build().rows),
            (std::vector<std::string>{"the day before", "police, one day", "education to 2nd",
                                      "icb to 9th", "icb to 9th, second", "police to 9th"}));
}

TEST_F(IntegratedChronologyTest, FiltersKeepAnAgencyASubjectAndADateRange) {
  Put(shared_, 1, Entry("police", "Mother", "2026-01-01", "2026-01-31", "January, police"));
  Put(shared_, 2, Entry("icb", "child", "2026-02-10", "", "February, icb"));
  Put(shared_, 3, Entry("police", "child", "2026-03-10", "", "March, police"));
  const IntegratedChronology chronology = Build();
  ChronologyFilter police;
  police.agency = "police";
  EXPECT_EQ(Descriptions(FilterChronology(chronology.rows, police)),
            (std::vector<std::string>{"January, police", "March, police"}));
  ChronologyFilter mother;
  mother.subject = "MOTHER";
  EXPECT_EQ(Descriptions(FilterChronology(chronology.rows, mother)),
            (std::vector<std::string>{"January, police"}));
  ChronologyFilter range;
  range.from = Day("2026-01-31");
  range.to = Day("2026-02-10");
  EXPECT_EQ(Descriptions(FilterChronology(chronology.rows, range)),
            (std::vector<std::string>{"January, police", "February, icb"}));
  ChronologyFilter later;
  later.from = Day("2026-02-11");
  EXPECT_EQ(Descriptions(FilterChronology(chronology.rows, later)),
            (std::vector<std::string>{"March, police"}));
  police.to = Day("2025-12-31");
  EXPECT_TRUE(FilterChronology(chronology.rows, police).empty());
}

TEST_F(IntegratedChronologyTest, TheCaseReferenceComesFromTheCaseRecord) {
  EXPECT_EQ(Build().case_reference, "");
  Record review(RecordType::kCase);
  ASSERT_TRUE(review.Set("reference", std::string("LCSPR 2026/07")).ok());
  ASSERT_TRUE(review.Set("child_initials", std::string("AS")).ok());
  ASSERT_TRUE(review.Set("incident_date", Day("2026-04-01")).ok());
  ASSERT_TRUE(review.Set("partnership", std::string("Anytown SCP")).ok());
  ASSERT_TRUE(review.Set("state", std::string("cspr")).ok());
  Put(shared_, 1, review);
  EXPECT_EQ(Build().case_reference, "LCSPR 2026/07");
}

TEST_F(IntegratedChronologyTest, WithoutAKeyOfTheSharedWorkspaceItSaysToSync) {
  Result<IntegratedChronology> built =
      BuildIntegratedChronology(*replica_, crypto::NewRandomId(), {"police"});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(built.status().message().find("casevault sync"), std::string::npos);
}

}  // namespace
}  // namespace casevault::client
