#include "casevault/schema/validation.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/sample_records.h"

namespace casevault::schema {
namespace {

using testing::SampleRecord;

const ValidationContext& Context() {
  static const ValidationContext context = DefaultPartnershipAgencies();
  return context;
}

// Expects `record` to fail validation with exactly `message`.
void ExpectRefused(const Record& record, const std::string& message) {
  Status status = ValidateRecord(record, Context());
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_EQ(status.message(), message);
}

// A valid chronology entry with both dates set.
Record ChronologyEntry(Date from, Date to) {
  Record entry = SampleRecord(RecordType::kChronologyEntry, /*all_fields=*/true);
  EXPECT_TRUE(entry.Set("date_from", from).ok());
  EXPECT_TRUE(entry.Set("date_to", to).ok());
  return entry;
}

TEST(Validation, SampleRecordsOfEveryTypeAreValid) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    for (bool all_fields : {true, false}) {
      Status status = ValidateRecord(SampleRecord(spec.type, all_fields), Context());
      EXPECT_TRUE(status.ok()) << spec.name << (all_fields ? " (all fields): " : " (required): ")
                               << status.ToString();
    }
  }
}

TEST(Validation, EachMissingRequiredFieldIsNamed) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    for (const FieldSpec& field : spec.fields) {
      if (!field.required) continue;
      Record record = SampleRecord(spec.type, /*all_fields=*/true);
      record.Clear(field.name);
      ExpectRefused(record,
                    std::string(spec.name) + "." + std::string(field.name) + " is required");
    }
  }
}

TEST(Validation, RequiredTextThatIsBlankIsMissing) {
  Record record = SampleRecord(RecordType::kCase, /*all_fields=*/false);
  ASSERT_TRUE(record.Set("reference", std::string(" \t\n")).ok());
  ExpectRefused(record, "case.reference is required but empty");
  // Optional text may be empty.
  Record full = SampleRecord(RecordType::kCase, /*all_fields=*/true);
  ASSERT_TRUE(full.Set("child_pseudonym", std::string()).ok());
  EXPECT_TRUE(ValidateRecord(full, Context()).ok());
}

TEST(Validation, AnEnumValueOutsideItsListIsRefusedListingTheValues) {
  Record record = SampleRecord(RecordType::kCase, /*all_fields=*/true);
  ASSERT_TRUE(record.Set("state", std::string("open")).ok());
  ExpectRefused(record,
                "case.state: \"open\" is not one of referred, rapid_review, cspr, "
                "other_learning_review, no_further_action, closed");
  ASSERT_TRUE(record.Set("state", std::string("Referred")).ok());
  EXPECT_FALSE(ValidateRecord(record, Context()).ok()) << "enum values are case sensitive";
  ASSERT_TRUE(record.Set("state", std::string("closed")).ok());
  EXPECT_TRUE(ValidateRecord(record, Context()).ok());
}

TEST(Validation, AnUnknownAgencyIsRefused) {
  Record record = SampleRecord(RecordType::kChronologyEntry, /*all_fields=*/true);
  ASSERT_TRUE(record.Set("agency", std::string("fire_service")).ok());
  ExpectRefused(record,
                "chronology_entry.agency: \"fire_service\" is not an agency of this partnership");
  ValidationContext with_fire = DefaultPartnershipAgencies();
  with_fire.known_agencies.insert("fire_service");
  EXPECT_TRUE(ValidateRecord(record, with_fire).ok());
  EXPECT_FALSE(ValidateRecord(record, ValidationContext{}).ok());
}

TEST(Validation, DefaultAgenciesCoverTheStatutoryPartners) {
  for (const char* agency : {"la_childrens_social_care", "police", "icb"}) {
    EXPECT_TRUE(Context().known_agencies.contains(agency)) << agency;
  }
}

TEST(Validation, MessagesDoNotEchoFreeText) {
  Record record = SampleRecord(RecordType::kActionPlanItem, /*all_fields=*/true);
  ASSERT_TRUE(record.Set("owner_agency", std::string("Mrs Smith's school")).ok());
  Status status = ValidateRecord(record, Context());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message().find("Smith"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("action_plan_item.owner_agency"), std::string::npos);
}

TEST(Validation, ChronologyDateToBeforeDateFromIsRefusedWithBothDates) {
  ExpectRefused(ChronologyEntry({2026, 2, 1}, {2026, 1, 1}),
                "chronology_entry.date_to (2026-01-01) is before date_from (2026-02-01)");
  EXPECT_TRUE(ValidateRecord(ChronologyEntry({2026, 2, 1}, {2026, 2, 1}), Context()).ok());
  EXPECT_TRUE(ValidateRecord(ChronologyEntry({2026, 2, 1}, {2026, 2, 2}), Context()).ok());
}

TEST(Validation, OtherPeriodsMustNotEndBeforeTheyStart) {
  Record summary = SampleRecord(RecordType::kAgencySummary, /*all_fields=*/true);
  ASSERT_TRUE(summary.Set("period_from", Date{2025, 6, 1}).ok());
  ASSERT_TRUE(summary.Set("period_to", Date{2025, 5, 31}).ok());
  ExpectRefused(summary,
                "agency_summary.period_to (2025-05-31) is before period_from (2025-06-01)");
  Record review = SampleRecord(RecordType::kCase, /*all_fields=*/true);
  ASSERT_TRUE(review.Set("incident_date", Date{2026, 3, 2}).ok());
  ASSERT_TRUE(review.Set("notified_date", Date{2026, 3, 1}).ok());
  ExpectRefused(review, "case.notified_date (2026-03-01) is before incident_date (2026-03-02)");
}

TEST(Validation, TextBeyondItsCapIsRefusedAndTheCapItselfIsAccepted) {
  Record record = SampleRecord(RecordType::kTermsOfReference, /*all_fields=*/true);
  ASSERT_TRUE(record.Set("title", std::string(kMaxShortTextBytes, 'x')).ok());
  ASSERT_TRUE(record.Set("overview", std::string(kMaxLongTextBytes, 'x')).ok());
  EXPECT_TRUE(ValidateRecord(record, Context()).ok());
  ASSERT_TRUE(record.Set("title", std::string(kMaxShortTextBytes + 1, 'x')).ok());
  ExpectRefused(record, "terms_of_reference.title is 4097 bytes; a text field holds at most 4096");
  ASSERT_TRUE(record.Set("title", std::string("Review of C")).ok());
  ASSERT_TRUE(record.Set("overview", std::string(kMaxLongTextBytes + 1, 'x')).ok());
  ExpectRefused(record,
                "terms_of_reference.overview is 1048577 bytes; a long text field holds at most "
                "1048576");
}

TEST(Validation, FileIdsAndHashesMustBeLowercaseHexOfTheirLength) {
  Record file = SampleRecord(RecordType::kSecuredFile, /*all_fields=*/true);
  for (const std::string& bad : {std::string(31, 'a'), std::string(33, 'a'), std::string(32, 'A'),
                                 std::string(31, 'a') + "g"}) {
    ASSERT_TRUE(file.Set("file_id", bad).ok());
    ExpectRefused(file, "secured_file.file_id must be 32 lowercase hex digits");
  }
  ASSERT_TRUE(file.Set("file_id", std::string("0123456789abcdef0123456789abcdef")).ok());
  ASSERT_TRUE(file.Set("plaintext_hash", std::string(63, 'f')).ok());
  ExpectRefused(file, "secured_file.plaintext_hash must be 64 lowercase hex digits");
  ASSERT_TRUE(file.Set("plaintext_hash", std::string(64, 'f')).ok());
  EXPECT_TRUE(ValidateRecord(file, Context()).ok());
}

TEST(Validation, ChildSeenInitialsGoWithChildSeen) {
  Record entry = SampleRecord(RecordType::kChronologyEntry, /*all_fields=*/true);
  entry.Clear("child_seen_initials");
  ExpectRefused(entry, "chronology_entry.child_seen_initials is required when child_seen is yes");
  ASSERT_TRUE(entry.Set("child_seen", false).ok());
  EXPECT_TRUE(ValidateRecord(entry, Context()).ok());
  ASSERT_TRUE(entry.Set("child_seen_initials", std::string("AB")).ok());
  ExpectRefused(entry, "chronology_entry.child_seen_initials is given but child_seen is not yes");
  entry.Clear("child_seen");
  ExpectRefused(entry, "chronology_entry.child_seen_initials is given but child_seen is not yes");
}

TEST(Validation, AnInterestDeclaredNeedsItsDetails) {
  Record declaration = SampleRecord(RecordType::kDeclarationOfInterest, /*all_fields=*/false);
  ASSERT_TRUE(declaration.Set("has_interest", true).ok());
  ExpectRefused(declaration,
                "declaration_of_interest.interest_details is required when has_interest is yes");
}

TEST(Validation, IntegersRespectTheirMinimum) {
  Record draft = SampleRecord(RecordType::kReportDraft, /*all_fields=*/true);
  ASSERT_TRUE(draft.Set("version", int64_t{0}).ok());
  ExpectRefused(draft, "report_draft.version (0) must be at least 1");
  Record file = SampleRecord(RecordType::kSecuredFile, /*all_fields=*/true);
  ASSERT_TRUE(file.Set("size_bytes", int64_t{-1}).ok());
  ExpectRefused(file, "secured_file.size_bytes (-1) must be at least 0");
  ASSERT_TRUE(file.Set("size_bytes", int64_t{0}).ok());
  EXPECT_TRUE(ValidateRecord(file, Context()).ok());
}

TEST(Validation, TheFirstFailureInSpecOrderIsReported) {
  Record entry = SampleRecord(RecordType::kChronologyEntry, /*all_fields=*/true);
  ASSERT_TRUE(entry.Set("worries", std::string(kMaxLongTextBytes + 1, 'x')).ok());
  ASSERT_TRUE(entry.Set("date_to", Date{2000, 1, 1}).ok());
  entry.Clear("description");
  ASSERT_TRUE(entry.Set("agency", std::string("nobody")).ok());
  // agency comes first in the spec, then date_to, description, worries.
  ExpectRefused(entry, "chronology_entry.agency: \"nobody\" is not an agency of this partnership");
  ASSERT_TRUE(entry.Set("agency", std::string("gp")).ok());
  ExpectRefused(entry, "chronology_entry.date_to (2000-01-01) is before date_from (2024-01-03)");
  entry.Clear("date_to");
  ExpectRefused(entry, "chronology_entry.description is required");
}

}  // namespace
}  // namespace casevault::schema
