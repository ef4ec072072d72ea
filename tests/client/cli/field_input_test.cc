#include "casevault/client/cli/field_input.h"

#include <gtest/gtest.h>

namespace casevault::client::cli {
namespace {

using schema::Record;
using schema::RecordType;

const schema::FieldSpec& FieldOf(RecordType type, std::string_view name) {
  return *schema::FindField(schema::SpecOf(type), name);
}

TEST(FieldInput, SplitsAtTheFirstEqualsSign) {
  Result<std::pair<std::string, std::string>> split = SplitAssignment("title=a=b");
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->first, "title");
  EXPECT_EQ(split->second, "a=b");
  EXPECT_FALSE(SplitAssignment("title").ok());
  EXPECT_FALSE(SplitAssignment("=x").ok());
}

TEST(FieldInput, ParsesEachFieldTypeFromText) {
  using schema::FieldValue;
  EXPECT_EQ(*ParseFieldValue(FieldOf(RecordType::kChronologyEntry, "date_from"), "2026-02-28"),
            FieldValue(schema::Date{2026, 2, 28}));
  EXPECT_EQ(*ParseFieldValue(FieldOf(RecordType::kChronologyEntry, "child_seen"), "yes"),
            FieldValue(true));
  EXPECT_EQ(*ParseFieldValue(FieldOf(RecordType::kChronologyEntry, "child_seen"), "false"),
            FieldValue(false));
  EXPECT_EQ(*ParseFieldValue(FieldOf(RecordType::kSecuredFile, "size_bytes"), "-12"),
            FieldValue(int64_t{-12}));
  EXPECT_EQ(*ParseFieldValue(FieldOf(RecordType::kChronologyEntry, "agency"), "police"),
            FieldValue(std::string("police")));
  Result<schema::FieldValue> signed_at = ParseFieldValue(
      FieldOf(RecordType::kConfidentialityAgreement, "signed_at"), "2026-03-01T09:30:00Z");
  ASSERT_TRUE(signed_at.ok()) << signed_at.status().ToString();
  EXPECT_TRUE(std::holds_alternative<schema::DateTime>(*signed_at));
}

TEST(FieldInput, BadValuesAreRefusedNamingTheField) {
  Result<schema::FieldValue> date =
      ParseFieldValue(FieldOf(RecordType::kChronologyEntry, "date_from"), "2026-02-30");
  EXPECT_EQ(date.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(date.status().message().find("date_from"), std::string::npos);
  Result<schema::FieldValue> seen =
      ParseFieldValue(FieldOf(RecordType::kChronologyEntry, "child_seen"), "maybe");
  EXPECT_NE(seen.status().message().find("child_seen takes yes or no"), std::string::npos);
  EXPECT_FALSE(ParseFieldValue(FieldOf(RecordType::kSecuredFile, "size_bytes"), "12kb").ok());
}

TEST(FieldInput, AssignmentsSetAndClearFieldsInOrder) {
  Record terms(RecordType::kTermsOfReference);
  const std::vector<std::string> assignments = {"title=First", "overview=Scope", "title=Second",
                                                "overview="};
  ASSERT_TRUE(ApplyAssignments(terms, assignments).ok());
  EXPECT_EQ(*terms.Get("title"), schema::FieldValue(std::string("Second")));
  EXPECT_EQ(terms.Get("overview"), nullptr);
}

TEST(FieldInput, AnUnknownFieldIsRefusedWithTheTypesFields) {
  Record terms(RecordType::kTermsOfReference);
  const std::vector<std::string> assignments = {"titel=x"};
  const Status refused = ApplyAssignments(terms, assignments);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("no field \"titel\""), std::string::npos);
  EXPECT_NE(refused.message().find("  title (text, required)"), std::string::npos);
  EXPECT_NE(refused.message().find("  overview (long text, required)"), std::string::npos);
}

TEST(FieldInput, DescribeFieldsListsEnumValues) {
  const std::string described = DescribeFields(schema::SpecOf(RecordType::kTimelineMilestone));
  EXPECT_NE(described.find("status (enum: pending complete cancelled, required)"),
            std::string::npos)
      << described;
}

}  // namespace
}  // namespace casevault::client::cli
