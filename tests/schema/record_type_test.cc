#include "casevault/schema/record_type.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace casevault::schema {
namespace {

TEST(RecordType, NumbersAndNamesAreTheStableOnDiskValues) {
  // These numbers and names are written into stored records: this list may only grow.
  const struct {
    RecordType type;
    uint16_t number;
    const char* name;
  } kExpected[] = {
      {RecordType::kCase, 1, "case"},
      {RecordType::kAgencyInvolvement, 2, "agency_involvement"},
      {RecordType::kReferral, 3, "referral"},
      {RecordType::kAgencySummary, 4, "agency_summary"},
      {RecordType::kChronologyEntry, 5, "chronology_entry"},
      {RecordType::kTermsOfReference, 6, "terms_of_reference"},
      {RecordType::kTimelineMilestone, 7, "timeline_milestone"},
      {RecordType::kRapidReviewReport, 8, "rapid_review_report"},
      {RecordType::kDeclarationOfInterest, 9, "declaration_of_interest"},
      {RecordType::kConfidentialityAgreement, 10, "confidentiality_agreement"},
      {RecordType::kMeetingNote, 11, "meeting_note"},
      {RecordType::kReportDraft, 12, "report_draft"},
      {RecordType::kFactualAccuracyComment, 13, "factual_accuracy_comment"},
      {RecordType::kActionPlanItem, 14, "action_plan_item"},
      {RecordType::kFamilyContribution, 15, "family_contribution"},
      {RecordType::kSecuredFile, 16, "secured_file"},
      {RecordType::kDecisionRecord, 17, "decision_record"},
      {RecordType::kPseudonym, 18, "pseudonym"},
  };
  ASSERT_EQ(std::size(kExpected), kRecordTypes.size());
  for (const auto& expected : kExpected) {
    EXPECT_EQ(static_cast<uint16_t>(expected.type), expected.number) << expected.name;
    EXPECT_EQ(RecordTypeName(expected.type), expected.name);
  }
}

TEST(RecordType, EveryNameAndNumberLeadsBackToItsType) {
  std::set<std::string_view> names;
  for (const RecordTypeInfo& info : kRecordTypes) {
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
    auto by_name = RecordTypeFromName(info.name);
    ASSERT_TRUE(by_name.ok()) << info.name << ": " << by_name.status().ToString();
    EXPECT_EQ(*by_name, info.type);
    auto by_number = RecordTypeFromNumber(static_cast<uint16_t>(info.type));
    ASSERT_TRUE(by_number.ok()) << info.name << ": " << by_number.status().ToString();
    EXPECT_EQ(*by_number, info.type);
  }
}

TEST(RecordType, FromNameRefusesUnknownAndMisspeltNames) {
  for (const char* name : {"", "Case", "chronology entry", "chronology-entry", "chronology_entry ",
                           "unknown", "note"}) {
    auto type = RecordTypeFromName(name);
    ASSERT_FALSE(type.ok()) << "\"" << name << "\" was accepted";
    EXPECT_EQ(type.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_NE(RecordTypeFromName("note").status().message().find("chronology_entry"),
            std::string::npos)
      << "the message should list the known names";
}

TEST(RecordType, FromNumberRefusesZeroAndNumbersPastTheLast) {
  for (uint16_t number : {uint16_t{0}, uint16_t{19}, uint16_t{255}, uint16_t{65535}}) {
    auto type = RecordTypeFromNumber(number);
    ASSERT_FALSE(type.ok()) << number;
    EXPECT_EQ(type.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(RecordType, NameOfAnUnknownNumberIsUnknown) {
  EXPECT_EQ(RecordTypeName(static_cast<RecordType>(0)), "unknown");
  EXPECT_EQ(RecordTypeName(static_cast<RecordType>(999)), "unknown");
}

}  // namespace
}  // namespace casevault::schema
