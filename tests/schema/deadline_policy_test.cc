#include "casevault/schema/deadline_policy.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/temp_dir.h"

namespace casevault::schema {
namespace {

DeadlineDuration LengthOf(const DeadlinePolicy& policy, std::string_view id) {
  const DeadlineRule* rule = FindDeadlineRule(id);
  EXPECT_NE(rule, nullptr) << id;
  return rule == nullptr ? DeadlineDuration{} : policy.LengthOf(*rule);
}

void ExpectRefused(std::string_view text, std::string_view fragment) {
  Result<DeadlinePolicy> parsed = DeadlinePolicy::Parse(text, "deadlines.conf");
  ASSERT_FALSE(parsed.ok()) << "accepted; expected: " << fragment;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(fragment), std::string::npos)
      << parsed.status().message();
}

constexpr DeadlineDuration WorkingDays(int n) { return {n, DurationUnit::kWorkingDays}; }
constexpr DeadlineDuration Months(int n) { return {n, DurationUnit::kMonths}; }

TEST(DeadlinePolicy, TheDefaultsAreThoseOfTheDomain) {
  const DeadlinePolicy policy;
  EXPECT_EQ(LengthOf(policy, "national_panel_notification"), WorkingDays(5));
  EXPECT_EQ(LengthOf(policy, "triage_meeting"), WorkingDays(3));
  EXPECT_EQ(LengthOf(policy, "information_request"), WorkingDays(2));
  EXPECT_EQ(LengthOf(policy, "agency_returns"), WorkingDays(5));
  EXPECT_EQ(LengthOf(policy, "rapid_review_meeting"), WorkingDays(10));
  EXPECT_EQ(LengthOf(policy, "rapid_review_to_panel"), WorkingDays(15));
  EXPECT_EQ(LengthOf(policy, "lead_reviewer_appointed"), WorkingDays(10));
  EXPECT_EQ(LengthOf(policy, "cspr_completion"), Months(6));
  EXPECT_EQ(LengthOf(policy, "final_report_to_panel"), WorkingDays(7));
  EXPECT_TRUE(FindDeadlineRule("final_report_to_panel")->before_anchor);
  EXPECT_EQ(LengthOf(policy, "report_published_until"), Months(12));
  EXPECT_EQ(LengthOf(policy, "factual_accuracy_comments"), WorkingDays(10));
  EXPECT_EQ(LengthOf(policy, "desktop_review_6_months"), Months(6));
  EXPECT_EQ(LengthOf(policy, "desktop_review_12_months"), Months(12));
}

TEST(DeadlinePolicy, ASettingsFileOverridesSomeDefaultsAndKeepsTheOthers) {
  casevault::testing::TempDir dir;
  const std::string path = dir.File("deadlines.conf");
  std::ofstream(path) << "# policy 000 and 003\n"
                         "triage_meeting = 5 working_days\n\n"
                         "  agency_returns=8   working_days  \n"
                         "cspr_completion = 130 working_days\n"
                         "lead_reviewer_appointed = 1 months\n";
  Result<DeadlinePolicy> policy = DeadlinePolicy::Load(Env::Default(), path);
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_EQ(LengthOf(*policy, "triage_meeting"), WorkingDays(5));
  EXPECT_EQ(LengthOf(*policy, "agency_returns"), WorkingDays(8));
  EXPECT_EQ(LengthOf(*policy, "cspr_completion"), WorkingDays(130));
  EXPECT_EQ(LengthOf(*policy, "lead_reviewer_appointed"), Months(1));
  EXPECT_EQ(LengthOf(*policy, "rapid_review_to_panel"), WorkingDays(15));
}

TEST(DeadlinePolicy, AMalformedSettingsFileIsRefusedNamingTheLine) {
  ExpectRefused("triage_meeting 5 working_days\n", "deadlines.conf line 1: expected `deadline_id");
  ExpectRefused("\n# x\ntriage = 5 working_days\n",
                "deadlines.conf line 3: unknown deadline \"triage\"; the deadlines are "
                "national_panel_notification, triage_meeting");
  ExpectRefused("triage_meeting = five working_days\n", "line 1: the length is a whole number");
  ExpectRefused("triage_meeting = -1 working_days\n", "line 1: the length is a whole number");
  ExpectRefused("triage_meeting = 1000 working_days\n", "line 1: the length is a whole number");
  ExpectRefused("triage_meeting = 5 days\n", "line 1: the unit is working_days or months");
  ExpectRefused("triage_meeting = 5\n", "line 1: the unit is working_days or months");
  ExpectRefused("triage_meeting = 5 working_days\ntriage_meeting = 4 working_days\n",
                "line 2: triage_meeting is set twice");
}

TEST(DeadlinePolicy, OverridingAnUnknownDeadlineIsRefused) {
  DeadlinePolicy policy;
  EXPECT_EQ(policy.Override("nope", WorkingDays(1)).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(policy.Override("triage_meeting", WorkingDays(4)).ok());
  EXPECT_EQ(LengthOf(policy, "triage_meeting"), WorkingDays(4));
}

}  // namespace
}  // namespace casevault::schema
