#include "casevault/schema/record.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace casevault::schema {
namespace {

TEST(Record, SetThenGetReturnsTheValue) {
  Record entry(RecordType::kChronologyEntry);
  EXPECT_EQ(entry.type(), RecordType::kChronologyEntry);
  EXPECT_EQ(entry.spec().name, "chronology_entry");
  ASSERT_TRUE(entry.Set("agency", std::string("police")).ok());
  ASSERT_TRUE(entry.Set("date_from", Date{2026, 2, 1}).ok());
  ASSERT_TRUE(entry.Set("child_seen", true).ok());
  ASSERT_NE(entry.Get("agency"), nullptr);
  EXPECT_EQ(std::get<std::string>(*entry.Get("agency")), "police");
  EXPECT_EQ(std::get<Date>(*entry.Get("date_from")), (Date{2026, 2, 1}));
  EXPECT_TRUE(std::get<bool>(*entry.Get("child_seen")));
  EXPECT_EQ(entry.Get("date_to"), nullptr);
  EXPECT_EQ(entry.Get("no_such_field"), nullptr);
}

TEST(Record, SetRefusesAFieldTheTypeDoesNotHaveNamingTypeAndField) {
  Record record(RecordType::kCase);
  Status status = record.Set("colour", std::string("blue"));
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "case has no field \"colour\"");
  // A field of another record type is still unknown here.
  EXPECT_EQ(record.Set("date_from", Date{2026, 1, 1}).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(record.fields().empty());
}

TEST(Record, SetDoesNotEchoANameThatIsNotAnIdentifier) {
  Record record(RecordType::kCase);
  Status status = record.Set("Jane Doe's address", std::string("x"));
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message().find("Jane"), std::string::npos) << status.message();
}

TEST(Record, SetRefusesAValueOfTheWrongKindNamingTheField) {
  Record record(RecordType::kCase);
  Status status = record.Set("incident_date", std::string("2026-01-01"));
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "case.incident_date is a date field; the value given is text");
  EXPECT_EQ(record.Set("reference", Date{2026, 1, 1}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(record.Set("state", true).code(), StatusCode::kInvalidArgument);
  Record file(RecordType::kSecuredFile);
  EXPECT_EQ(file.Set("size_bytes", std::string("12")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(file.Set("uploaded_at", Date{2026, 1, 1}).code(), StatusCode::kInvalidArgument);
  Record comment(RecordType::kFactualAccuracyComment);
  EXPECT_EQ(comment.Set("draft", std::string(32, 'a')).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(comment.Set("draft", Id128{}).ok());
}

TEST(Record, SetRefusesDatesThatAreNotRealDaysAndInstantsOutOfRange) {
  Record record(RecordType::kCase);
  Status status = record.Set("incident_date", Date{2025, 2, 29});
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("case.incident_date"), std::string::npos);
  EXPECT_EQ(record.Set("incident_date", Date{2026, 13, 1}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(record.Set("incident_date", Date{0, 1, 1}).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(record.Set("incident_date", Date{2024, 2, 29}).ok());
  Record agreement(RecordType::kConfidentialityAgreement);
  EXPECT_EQ(agreement.Set("signed_at", DateTime{INT64_MAX}).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(agreement.Set("signed_at", DateTime{0}).ok());
}

TEST(Record, SetRefusesTextBeyondTheFormatLimit) {
  Record record(RecordType::kTermsOfReference);
  EXPECT_EQ(record.Set("overview", std::string(kMaxTextBytes + 1, 'x')).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(record.Get("overview"), nullptr);
}

TEST(Record, AFailedSetLeavesTheOldValue) {
  Record record(RecordType::kCase);
  ASSERT_TRUE(record.Set("incident_date", Date{2026, 1, 5}).ok());
  EXPECT_FALSE(record.Set("incident_date", std::string("yesterday")).ok());
  EXPECT_EQ(std::get<Date>(*record.Get("incident_date")), (Date{2026, 1, 5}));
}

TEST(Record, SetReplacesAndClearUnsets) {
  Record record(RecordType::kReportDraft);
  ASSERT_TRUE(record.Set("version", int64_t{1}).ok());
  ASSERT_TRUE(record.Set("version", int64_t{2}).ok());
  EXPECT_EQ(std::get<int64_t>(*record.Get("version")), 2);
  record.Clear("version");
  EXPECT_EQ(record.Get("version"), nullptr);
  record.Clear("version");
  record.Clear("not_a_field");
  EXPECT_TRUE(record.fields().empty());
}

TEST(Record, FieldsAreOrderedByNameWhateverTheOrderOfSetting) {
  Record record(RecordType::kChronologyEntry);
  ASSERT_TRUE(record.Set("worries", std::string("w")).ok());
  ASSERT_TRUE(record.Set("agency", std::string("police")).ok());
  ASSERT_TRUE(record.Set("date_from", Date{2026, 1, 1}).ok());
  std::vector<std::string> names;
  for (const auto& [name, value] : record.fields()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"agency", "date_from", "worries"}));
}

TEST(Record, EqualWhenTypeAndEveryValueMatch) {
  Record a(RecordType::kMeetingNote);
  Record b(RecordType::kMeetingNote);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, Record(RecordType::kFamilyContribution));
  ASSERT_TRUE(a.Set("notes", std::string("x")).ok());
  EXPECT_NE(a, b);
  ASSERT_TRUE(b.Set("notes", std::string("x")).ok());
  EXPECT_EQ(a, b);
  ASSERT_TRUE(b.Set("notes", std::string("y")).ok());
  EXPECT_NE(a, b);
}

TEST(RecordDeathTest, ConstructingWithANumberThatIsNotARecordTypeAborts) {
  EXPECT_DEATH({ Record record(static_cast<RecordType>(0)); }, "");
  EXPECT_DEATH({ Record record(static_cast<RecordType>(400)); }, "");
}

}  // namespace
}  // namespace casevault::schema
