// Every default deadline on one worked example, each checked by hand against the 2025-2026
// calendar (Christmas Thursday 25 and Boxing Day Friday 26 December 2025, New Year's Day
// Thursday 1 January 2026, Good Friday 3 and Easter Monday 6 April 2026, summer bank holiday
// Monday 31 August 2026).
#include "casevault/schema/review_deadlines.h"

#include <gtest/gtest.h>

#include <map>

namespace casevault::schema {
namespace {

CaseDates WorkedExample() {
  CaseDates dates;
  dates.referral_received = Date{2025, 12, 17};      // Wednesday
  dates.aware_of_incident = Date{2025, 12, 18};      // Thursday
  dates.rapid_review_decision = Date{2025, 12, 19};  // Friday
  dates.rapid_review_outcome = Date{2026, 1, 12};
  dates.cspr_decision = Date{2026, 4, 2};  // Thursday before Good Friday
  dates.publication = Date{2026, 11, 2};   // Monday
  return dates;
}

std::map<std::string, std::string> DueDates(const CaseDates& dates, const DeadlinePolicy& policy) {
  Result<std::vector<ReviewDeadline>> deadlines =
      ComputeReviewDeadlines(dates, policy, BankHolidayCalendar::EnglandAndWales());
  EXPECT_TRUE(deadlines.ok()) << deadlines.status().ToString();
  std::map<std::string, std::string> due;
  if (!deadlines.ok()) return due;
  for (const ReviewDeadline& deadline : *deadlines) {
    due[std::string(deadline.rule->id)] =
        deadline.due ? deadline.due->ToString() : "waiting for " + deadline.waiting_for;
  }
  return due;
}

TEST(ReviewDeadlines, EveryDefaultDeadlineOfTheWorkedExample) {
  const std::map<std::string, std::string> expected = {
      // 5 working days from Thu 18 Dec: 19, 22, 23, 24, (25, 26 holidays), 29.
      {"national_panel_notification", "2025-12-29"},
      // 3 working days from Wed 17 Dec: 18, 19, 22.
      {"triage_meeting", "2025-12-22"},
      // 2 working days from Wed 17 Dec: 18, 19.
      {"information_request", "2025-12-19"},
      // 5 working days from Fri 19 Dec: 22, 23, 24, 29, 30.
      {"agency_returns", "2025-12-30"},
      // 10 working days from Fri 19 Dec: 22, 23, 24, 29, 30, 31, 2 Jan, 5, 6, 7.
      {"rapid_review_meeting", "2026-01-07"},
      // 15 working days from Thu 18 Dec: ..., 29 (5), 30, 31, 2 Jan, 5, 6 (10), 7, 8, 9, 12, 13.
      {"rapid_review_to_panel", "2026-01-13"},
      // 10 working days from Thu 2 Apr: 7, 8, 9, 10, 13, 14, 15, 16, 17, 20.
      {"lead_reviewer_appointed", "2026-04-20"},
      {"cspr_completion", "2026-10-02"},
      // 7 working days before Mon 2 Nov: 30, 29, 28, 27, 26, 23, 22 Oct.
      {"final_report_to_panel", "2026-10-22"},
      {"report_published_until", "2027-11-02"},
      {"desktop_review_6_months", "2026-07-12"},
      {"desktop_review_12_months", "2027-01-12"},
  };
  EXPECT_EQ(DueDates(WorkedExample(), DeadlinePolicy()), expected);
}

TEST(ReviewDeadlines, FactualAccuracyCommentsCloseTenWorkingDaysAfterADraftIsCirculated) {
  // Fri 21 Aug 2026: 24, 25, 26, 27, 28, (31 holiday), 1 Sep, 2, 3, 4, 7.
  Result<Date> due = DueDateOf(*FindDeadlineRule("factual_accuracy_comments"), {2026, 8, 21},
                               DeadlinePolicy(), BankHolidayCalendar::EnglandAndWales());
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  EXPECT_EQ(*due, (Date{2026, 9, 7}));
}

TEST(ReviewDeadlines, OverridesChangeTheDueDates) {
  Result<DeadlinePolicy> policy = DeadlinePolicy::Parse(
      "triage_meeting = 5 working_days\nagency_returns = 8 working_days\n"
      "cspr_completion = 7 months\n",
      "settings");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  const auto due = DueDates(WorkedExample(), *policy);
  // 5 working days from Wed 17 Dec: 18, 19, 22, 23, 24.
  EXPECT_EQ(due.at("triage_meeting"), "2025-12-24");
  // 8 working days from Fri 19 Dec: 22, 23, 24, 29, 30, 31, 2 Jan, 5.
  EXPECT_EQ(due.at("agency_returns"), "2026-01-05");
  EXPECT_EQ(due.at("cspr_completion"), "2026-11-02");
  EXPECT_EQ(due.at("national_panel_notification"), "2025-12-29");
}

TEST(ReviewDeadlines, DeadlinesOfUnknownDatesWaitSayingForWhat) {
  CaseDates dates;
  dates.aware_of_incident = Date{2025, 12, 18};
  const auto due = DueDates(dates, DeadlinePolicy());
  EXPECT_EQ(due.at("rapid_review_to_panel"), "2026-01-13");
  EXPECT_EQ(due.at("cspr_completion"), "waiting for the CSPR decision (case cspr_decision_date)");
  EXPECT_EQ(due.at("final_report_to_panel"),
            "waiting for the publication date (case publication_date)");
  EXPECT_NE(due.at("agency_returns").find("waiting for the referral"), std::string::npos);
  EXPECT_EQ(due.count("factual_accuracy_comments"), 0u);
}

TEST(ReviewDeadlines, MonthsAfterAMonthEndClampToTheShorterMonth) {
  CaseDates dates;
  dates.cspr_decision = Date{2025, 8, 31};
  EXPECT_EQ(DueDates(dates, DeadlinePolicy()).at("cspr_completion"), "2026-02-28");
  dates.cspr_decision = Date{2023, 8, 31};
  EXPECT_EQ(DueDates(dates, DeadlinePolicy()).at("cspr_completion"), "2024-02-29");
}

TEST(ReviewDeadlines, ADeadlineBeyondTheCalendarIsAnError) {
  CaseDates dates;
  dates.aware_of_incident = Date{2030, 12, 20};
  Result<std::vector<ReviewDeadline>> deadlines =
      ComputeReviewDeadlines(dates, DeadlinePolicy(), BankHolidayCalendar::EnglandAndWales());
  ASSERT_FALSE(deadlines.ok());
  EXPECT_EQ(deadlines.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace casevault::schema
