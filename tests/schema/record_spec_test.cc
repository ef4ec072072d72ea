#include "casevault/schema/record_spec.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace casevault::schema {
namespace {

bool IsSnakeCase(std::string_view name) {
  if (name.empty() || name.front() == '_' || name.back() == '_') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return name.find("__") == std::string_view::npos;
}

TEST(RecordSpec, EveryRecordTypeHasItsSpecInNumericOrder) {
  ASSERT_EQ(AllRecordSpecs().size(), kRecordTypes.size());
  for (size_t i = 0; i < kRecordTypes.size(); ++i) {
    const RecordSpec& spec = AllRecordSpecs()[i];
    EXPECT_EQ(spec.type, kRecordTypes[i].type);
    EXPECT_EQ(spec.name, kRecordTypes[i].name);
    EXPECT_EQ(&SpecOf(spec.type), &spec) << spec.name;
  }
}

TEST(RecordSpec, EveryTypeHasUniqueSnakeCaseFieldsAndAtLeastOneRequired) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    std::set<std::string_view> names;
    bool any_required = false;
    for (const FieldSpec& field : spec.fields) {
      EXPECT_TRUE(IsSnakeCase(field.name)) << spec.name << "." << field.name;
      EXPECT_TRUE(names.insert(field.name).second) << spec.name << "." << field.name << " twice";
      any_required = any_required || field.required;
    }
    EXPECT_TRUE(any_required) << spec.name;
  }
}

TEST(RecordSpec, OnlyEnumFieldsListValuesAndTheirValuesAreUniqueSnakeCase) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    for (const FieldSpec& field : spec.fields) {
      if (field.type != FieldType::kEnum) {
        EXPECT_TRUE(field.enum_values.empty()) << spec.name << "." << field.name;
        continue;
      }
      EXPECT_GE(field.enum_values.size(), 2u) << spec.name << "." << field.name;
      std::set<std::string_view> values;
      for (std::string_view value : field.enum_values) {
        EXPECT_TRUE(IsSnakeCase(value)) << spec.name << "." << field.name << ": " << value;
        EXPECT_TRUE(values.insert(value).second) << spec.name << "." << field.name << ": " << value;
      }
    }
  }
}

TEST(RecordSpec, ExactlyTheLongTextFieldsMergeAsText) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    for (const FieldSpec& field : spec.fields) {
      EXPECT_EQ(field.merge_as_text, field.type == FieldType::kLongText)
          << spec.name << "." << field.name;
    }
  }
}

TEST(RecordSpec, HexFormatsAppearOnlyOnTextFields) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    for (const FieldSpec& field : spec.fields) {
      EXPECT_TRUE(field.hex_digits == 0 || field.type == FieldType::kText) << field.name;
    }
  }
  const RecordSpec& file = SpecOf(RecordType::kSecuredFile);
  EXPECT_EQ(FindField(file, "file_id")->hex_digits, 32);
  EXPECT_EQ(FindField(file, "plaintext_hash")->hex_digits, 64);
}

TEST(RecordSpec, DomainFieldsArePresentWithTheirTypes) {
  using enum FieldType;
  const struct {
    RecordType type;
    const char* field;
    FieldType field_type;
    bool required;
  } kExpected[] = {
      {RecordType::kCase, "reference", kText, true},
      {RecordType::kCase, "child_initials", kText, true},
      {RecordType::kCase, "child_pseudonym", kText, false},
      {RecordType::kCase, "child_date_of_birth", kDate, false},
      {RecordType::kCase, "incident_date", kDate, true},
      {RecordType::kCase, "notified_date", kDate, false},
      {RecordType::kCase, "partnership", kText, true},
      {RecordType::kCase, "state", kEnum, true},
      {RecordType::kAgencyInvolvement, "agency", kAgencyId, true},
      {RecordType::kAgencyInvolvement, "nominated_representative", kText, false},
      {RecordType::kReferral, "referring_agency", kAgencyId, true},
      {RecordType::kReferral, "child_died", kBool, false},
      {RecordType::kReferral, "child_seriously_harmed", kBool, false},
      {RecordType::kReferral, "abuse_or_neglect_suspected", kBool, false},
      {RecordType::kReferral, "looked_after_child", kBool, false},
      {RecordType::kReferral, "summary", kLongText, true},
      {RecordType::kReferral, "date_received", kDate, true},
      {RecordType::kAgencySummary, "agency", kAgencyId, true},
      {RecordType::kAgencySummary, "contact_with_child_or_family", kBool, true},
      {RecordType::kAgencySummary, "period_from", kDate, false},
      {RecordType::kAgencySummary, "period_to", kDate, false},
      {RecordType::kAgencySummary, "summary", kLongText, false},
      {RecordType::kAgencySummary, "analysis_of_practice", kLongText, false},
      {RecordType::kAgencySummary, "immediate_safety_actions", kLongText, false},
      {RecordType::kAgencySummary, "signed_off_by", kText, false},
      {RecordType::kChronologyEntry, "agency", kAgencyId, true},
      {RecordType::kChronologyEntry, "involvement_with", kText, true},
      {RecordType::kChronologyEntry, "date_from", kDate, true},
      {RecordType::kChronologyEntry, "date_to", kDate, false},
      {RecordType::kChronologyEntry, "description", kLongText, true},
      {RecordType::kChronologyEntry, "child_seen", kBool, false},
      {RecordType::kChronologyEntry, "child_seen_initials", kText, false},
      {RecordType::kChronologyEntry, "what_went_well", kLongText, false},
      {RecordType::kChronologyEntry, "worries", kLongText, false},
      {RecordType::kChronologyEntry, "statutory_requirements_not_met", kLongText, false},
      {RecordType::kReportDraft, "title", kText, true},
      {RecordType::kReportDraft, "version", kInteger, true},
      {RecordType::kReportDraft, "body", kLongText, false},
      {RecordType::kFactualAccuracyComment, "agency", kAgencyId, true},
      {RecordType::kFactualAccuracyComment, "paragraph", kText, false},
      {RecordType::kFactualAccuracyComment, "comment", kLongText, true},
      {RecordType::kFactualAccuracyComment, "status", kEnum, true},
      {RecordType::kFactualAccuracyComment, "draft", kRecordRef, true},
      {RecordType::kActionPlanItem, "recommendation", kLongText, false},
      {RecordType::kActionPlanItem, "action", kLongText, true},
      {RecordType::kActionPlanItem, "owner_agency", kAgencyId, true},
      {RecordType::kActionPlanItem, "due_date", kDate, true},
      {RecordType::kActionPlanItem, "status", kEnum, true},
      {RecordType::kActionPlanItem, "evidence", kLongText, false},
      {RecordType::kSecuredFile, "name", kText, true},
      {RecordType::kSecuredFile, "media_type", kText, false},
      {RecordType::kSecuredFile, "size_bytes", kInteger, true},
      {RecordType::kSecuredFile, "agency", kAgencyId, true},
      {RecordType::kSecuredFile, "plaintext_hash", kText, true},
      {RecordType::kSecuredFile, "uploaded_by", kText, true},
      {RecordType::kSecuredFile, "uploaded_at", kDateTime, true},
      {RecordType::kSecuredFile, "file_id", kText, true},
      {RecordType::kDeclarationOfInterest, "has_interest", kBool, true},
      {RecordType::kConfidentialityAgreement, "signed_at", kDateTime, true},
      {RecordType::kMeetingNote, "kind", kEnum, true},
      {RecordType::kFamilyContribution, "contribution", kLongText, true},
      {RecordType::kTermsOfReference, "overview", kLongText, true},
      {RecordType::kTimelineMilestone, "due_date", kDate, true},
      {RecordType::kRapidReviewReport, "recommendation", kEnum, true},
      {RecordType::kDecisionRecord, "shared_with", kText, true},
      {RecordType::kDecisionRecord, "reason", kLongText, true},
      {RecordType::kPseudonym, "real_name", kText, true},
      {RecordType::kPseudonym, "pseudonym", kText, true},
      {RecordType::kPseudonym, "kind", kEnum, true},
  };
  for (const auto& expected : kExpected) {
    const RecordSpec& spec = SpecOf(expected.type);
    const FieldSpec* field = FindField(spec, expected.field);
    ASSERT_NE(field, nullptr) << spec.name << "." << expected.field << " is missing";
    EXPECT_EQ(field->type, expected.field_type) << spec.name << "." << expected.field;
    EXPECT_EQ(field->required, expected.required) << spec.name << "." << expected.field;
  }
}

TEST(RecordSpec, CaseStatesFollowTheReviewProcess) {
  const FieldSpec* state = FindField(SpecOf(RecordType::kCase), "state");
  ASSERT_NE(state, nullptr);
  const std::vector<std::string_view> expected = {
      "referred", "rapid_review", "cspr", "other_learning_review", "no_further_action", "closed"};
  EXPECT_EQ(std::vector<std::string_view>(state->enum_values.begin(), state->enum_values.end()),
            expected);
  const FieldSpec* status = FindField(SpecOf(RecordType::kFactualAccuracyComment), "status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(std::vector<std::string_view>(status->enum_values.begin(), status->enum_values.end()),
            (std::vector<std::string_view>{"open", "accepted", "rejected"}));
  const FieldSpec* kind = FindField(SpecOf(RecordType::kPseudonym), "kind");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(std::vector<std::string_view>(kind->enum_values.begin(), kind->enum_values.end()),
            (std::vector<std::string_view>{"child", "family", "practitioner"}));
}

TEST(RecordSpec, AddedOnlyRecordsAreAppendOnlyAndSharedEditedOnesAreNot) {
  for (RecordType type :
       {RecordType::kChronologyEntry, RecordType::kMeetingNote, RecordType::kFactualAccuracyComment,
        RecordType::kFamilyContribution, RecordType::kDecisionRecord}) {
    EXPECT_TRUE(SpecOf(type).append_only) << RecordTypeName(type);
  }
  for (RecordType type : {RecordType::kCase, RecordType::kTermsOfReference,
                          RecordType::kReportDraft, RecordType::kActionPlanItem}) {
    EXPECT_FALSE(SpecOf(type).append_only) << RecordTypeName(type);
  }
}

TEST(RecordSpec, FindFieldReturnsNullForNamesNotInTheSpec) {
  const RecordSpec& spec = SpecOf(RecordType::kChronologyEntry);
  EXPECT_EQ(FindField(spec, "date_from"), &spec.fields[2]);
  EXPECT_EQ(FindField(spec, "Date_from"), nullptr);
  EXPECT_EQ(FindField(spec, "reference"), nullptr);
  EXPECT_EQ(FindField(spec, ""), nullptr);
}

}  // namespace
}  // namespace casevault::schema
