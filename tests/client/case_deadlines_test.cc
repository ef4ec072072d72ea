// The deadlines of a case read from a real replica: the worked example of
// tests/schema/review_deadlines_test.cc, with records meeting some of them.
#include "casevault/client/case_deadlines.h"

#include <gtest/gtest.h>

#include <map>

#include "replica_fixture.h"

namespace casevault::client {
namespace {

using schema::Date;
using schema::Record;
using schema::RecordType;

class CaseDeadlinesTest : public testing::ReplicaTest {
 protected:
  // Adds a record of `type` with `fields` (name, value) to the shared workspace.
  Id128 Add(RecordType type,
            const std::vector<std::pair<std::string, schema::FieldValue>>& fields) {
    Record record(type);
    for (const auto& [name, value] : fields) {
      EXPECT_TRUE(record.Set(name, value).ok()) << name;
    }
    Result<Id128> id = replica_->writer().Create(shared_, record);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : Id128{};
  }

  void AddCase(const std::vector<std::pair<std::string, schema::FieldValue>>& dates) {
    std::vector<std::pair<std::string, schema::FieldValue>> fields = {
        {"reference", std::string("CSPR-25-07")},
        {"child_initials", std::string("AB")},
        {"incident_date", Date{2025, 12, 16}},
        {"partnership", std::string("Northshire")},
        {"state", std::string("cspr")}};
    fields.insert(fields.end(), dates.begin(), dates.end());
    Add(RecordType::kCase, fields);
  }

  void AddWorkedExampleCase() {
    AddCase({{"notified_date", Date{2025, 12, 18}},
             {"referral_received_date", Date{2025, 12, 17}},
             {"decision_date", Date{2025, 12, 19}},
             {"cspr_decision_date", Date{2026, 4, 2}},
             {"publication_date", Date{2026, 11, 2}}});
  }

  Id128 AddRapidReviewReport(const std::vector<std::pair<std::string, schema::FieldValue>>& more) {
    std::vector<std::pair<std::string, schema::FieldValue>> fields = {
        {"meeting_date", Date{2026, 1, 8}},
        {"incident_summary", std::string("summary")},
        {"recommendation", std::string("local_cspr")},
        {"rationale", std::string("rationale")}};
    fields.insert(fields.end(), more.begin(), more.end());
    return Add(RecordType::kRapidReviewReport, fields);
  }

  std::vector<CaseDeadline> List(Date today) {
    Result<std::vector<CaseDeadline>> deadlines =
        ListCaseDeadlines(*replica_, case_id_, today, schema::DeadlinePolicy(),
                          schema::BankHolidayCalendar::EnglandAndWales());
    EXPECT_TRUE(deadlines.ok()) << deadlines.status().ToString();
    return deadlines.ok() ? *deadlines : std::vector<CaseDeadline>{};
  }

  // "due status met_by|waiting_for" of each deadline, by "id" or "id [subject]".
  std::map<std::string, std::string> Summary(Date today) {
    std::map<std::string, std::string> summary;
    for (const CaseDeadline& deadline : List(today)) {
      std::string key = deadline.id;
      if (!deadline.subject.empty()) key += " [" + deadline.subject + "]";
      summary[key] = (deadline.due ? deadline.due->ToString() : "-") + " " +
                     std::string(schema::DeadlineStatusName(deadline.status)) + " " +
                     (deadline.met_by.empty() ? deadline.waiting_for : deadline.met_by);
    }
    return summary;
  }
};

TEST_F(CaseDeadlinesTest, EachDeadlineShowsItsDueDateStatusAndTheRecordMeetingIt) {
  AddWorkedExampleCase();
  Add(RecordType::kAgencyInvolvement, {{"agency", std::string("police")}});
  Add(RecordType::kAgencyInvolvement, {{"agency", std::string("icb")}});
  const Id128 summary = Add(RecordType::kAgencySummary, {{"agency", std::string("police")},
                                                         {"contact_with_child_or_family", true},
                                                         {"date_submitted", Date{2025, 12, 29}}});
  const Id128 report = AddRapidReviewReport({{"national_panel_notified_on", Date{2025, 12, 23}},
                                             {"endorsed_on", Date{2026, 1, 12}},
                                             {"submitted_to_panel_on", Date{2026, 1, 12}}});
  Add(RecordType::kTimelineMilestone, {{"milestone", std::string("information_request")},
                                       {"due_date", Date{2025, 12, 19}},
                                       {"status", std::string("complete")},
                                       {"completed_on", Date{2025, 12, 18}}});

  const std::map<std::string, std::string> expected = {
      {"national_panel_notification",
       "2025-12-29 done rapid_review_report national_panel_notified_on 2025-12-23"},
      {"triage_meeting", "2025-12-22 overdue "},
      {"information_request", "2025-12-19 done timeline_milestone complete on 2025-12-18"},
      {"agency_returns [icb]", "2025-12-30 overdue "},
      {"agency_returns [police]", "2025-12-30 done agency_summary date_submitted 2025-12-29"},
      {"rapid_review_meeting", "2026-01-07 done rapid_review_report meeting_date 2026-01-08"},
      {"rapid_review_to_panel",
       "2026-01-13 done rapid_review_report submitted_to_panel_on 2026-01-12"},
      {"lead_reviewer_appointed", "2026-04-20 upcoming "},
      {"cspr_completion", "2026-10-02 upcoming "},
      {"final_report_to_panel", "2026-10-22 upcoming "},
      {"report_published_until", "2027-11-02 upcoming "},
      {"factual_accuracy_comments", "- waiting a circulated draft (report_draft circulated_on)"},
      {"desktop_review_6_months", "2026-07-12 upcoming "},
      {"desktop_review_12_months", "2027-01-12 upcoming "},
  };
  EXPECT_EQ(Summary({2026, 1, 14}), expected);

  for (const CaseDeadline& deadline : List({2026, 1, 14})) {
    if (deadline.id == "rapid_review_to_panel") {
      EXPECT_EQ(deadline.met_by_record, report);
    }
    if (deadline.subject == "police") {
      EXPECT_EQ(deadline.met_by_record, summary);
    }
    if (deadline.id == "triage_meeting") {
      EXPECT_NE(deadline.satisfied_by.find("meeting_note of kind triage_meeting"),
                std::string::npos);
    }
  }
}

TEST_F(CaseDeadlinesTest, DeadlinesOfDatesNotRecordedYetWait) {
  AddCase({{"notified_date", Date{2025, 12, 18}}});
  const auto summary = Summary({2025, 12, 22});
  EXPECT_EQ(summary.at("rapid_review_to_panel"), "2026-01-13 upcoming ");
  EXPECT_EQ(summary.at("cspr_completion"), "- waiting the CSPR decision (case cspr_decision_date)");
  EXPECT_EQ(summary.at("desktop_review_6_months"),
            "- waiting the rapid review's decision (rapid_review_report endorsed_on or "
            "meeting_date)");
  EXPECT_EQ(summary.at("agency_returns"),
            "- waiting the referral (case referral_received_date, or a referral's date_received)");
}

TEST_F(CaseDeadlinesTest, TheReferralsDateIsUsedWhenTheCaseHasNone) {
  AddCase({});
  Add(RecordType::kReferral, {{"referring_agency", std::string("police")},
                              {"date_received", Date{2025, 12, 17}},
                              {"summary", std::string("referral")}});
  const auto summary = Summary({2025, 12, 22});
  EXPECT_EQ(summary.at("triage_meeting"), "2025-12-22 due soon ");
  EXPECT_EQ(summary.at("information_request"), "2025-12-19 overdue ");
}

TEST_F(CaseDeadlinesTest, ActionPlanItemsPastTheirDueDateAndNotCompleteAreOverdue) {
  AddCase({});
  auto action = [&](const std::string& text, Date due, const std::string& status) {
    return Add(RecordType::kActionPlanItem, {{"action", text},
                                             {"owner_agency", std::string("police")},
                                             {"due_date", due},
                                             {"status", status}});
  };
  action("Audit strategy discussions", {2026, 1, 9}, "in_progress");
  const Id128 done = action("Train staff on bruising protocol", {2026, 1, 9}, "complete");
  action("Revise the neglect toolkit", {2026, 1, 16}, "not_started");
  action("Report to the partnership board", {2026, 3, 2}, "not_started");

  std::vector<std::string> actions;
  for (const CaseDeadline& deadline : List({2026, 1, 14})) {
    if (deadline.id != "action_plan_item") continue;
    actions.push_back(deadline.due->ToString() + " " +
                      std::string(schema::DeadlineStatusName(deadline.status)) + " " +
                      deadline.purpose + " [" + deadline.subject + "]");
    if (deadline.status == schema::DeadlineStatus::kDone) {
      EXPECT_EQ(deadline.met_by_record, done);
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "2026-01-09 overdue Audit strategy discussions [police]",
                         "2026-01-09 done Train staff on bruising protocol [police]",
                         "2026-01-16 due soon Revise the neglect toolkit [police]",
                         "2026-03-02 upcoming Report to the partnership board [police]",
                     }));
}

TEST_F(CaseDeadlinesTest, DeskTopReviewsFallSixAndTwelveMonthsAfterTheRapidReviewDecision) {
  AddCase({});
  AddRapidReviewReport({{"meeting_date", Date{2025, 8, 31}}});
  auto summary = Summary({2026, 2, 26});
  EXPECT_EQ(summary.at("desktop_review_6_months"), "2026-02-28 due soon ");
  EXPECT_EQ(summary.at("desktop_review_12_months"), "2026-08-31 upcoming ");
  Add(RecordType::kTimelineMilestone, {{"milestone", std::string("desktop_review_6_months")},
                                       {"due_date", Date{2026, 2, 28}},
                                       {"status", std::string("complete")}});
  summary = Summary({2026, 3, 10});
  EXPECT_EQ(summary.at("desktop_review_6_months"), "2026-02-28 done timeline_milestone complete");
}

TEST_F(CaseDeadlinesTest, EachCirculatedDraftHasAFactualAccuracyWindow) {
  AddCase({});
  Add(RecordType::kReportDraft, {{"title", std::string("Child AB")},
                                 {"version", int64_t{1}},
                                 {"circulated_on", Date{2026, 8, 21}}});
  Add(RecordType::kReportDraft, {{"title", std::string("Child AB")}, {"version", int64_t{2}}});
  const auto before = Summary({2026, 9, 1});
  EXPECT_EQ(before.at("factual_accuracy_comments [draft version 1]"), "2026-09-07 upcoming ");
  EXPECT_EQ(before.count("factual_accuracy_comments [draft version 2]"), 0u);
  EXPECT_EQ(Summary({2026, 9, 8}).at("factual_accuracy_comments [draft version 1]"),
            "2026-09-07 done ");
}

TEST_F(CaseDeadlinesTest, OtherMilestonesAreListedByTheirOwnDueDate) {
  AddCase({});
  Add(RecordType::kTimelineMilestone, {{"milestone", std::string("Practitioner learning event")},
                                       {"due_date", Date{2026, 2, 2}},
                                       {"status", std::string("pending")}});
  Add(RecordType::kTimelineMilestone, {{"milestone", std::string("Family meeting")},
                                       {"due_date", Date{2026, 1, 20}},
                                       {"status", std::string("cancelled")}});
  std::vector<std::string> milestones;
  for (const CaseDeadline& deadline : List({2026, 2, 3})) {
    if (deadline.id == "timeline_milestone") {
      milestones.push_back(deadline.purpose + ": " +
                           std::string(schema::DeadlineStatusName(deadline.status)) + " " +
                           deadline.met_by);
    }
  }
  EXPECT_EQ(milestones,
            (std::vector<std::string>{"Family meeting: done timeline_milestone cancelled",
                                      "Practitioner learning event: overdue "}));
}

}  // namespace
}  // namespace casevault::client
