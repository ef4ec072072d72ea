// Case deadlines: every due date of a case held in this device's replica (review_deadlines.h),
// with the record that meets each one and where it stands on a given day.
//
// The case's dates come from its shared workspace: the case record (notified_date,
// referral_received_date, decision_date, cspr_decision_date, publication_date), the first
// referral's date_received when the case has no referral_received_date, and the rapid review
// report (endorsed_on, else meeting_date) for the desk-top reviews of the rapid review decision
// at 6 and 12 months (seed 003: "a desk top review of all Rapid Review decisions at 6 and 12
// months"). Besides the rule deadlines, it lists agency returns per involved agency, the
// factual-accuracy window of each circulated draft, each action_plan_item (overdue when its
// due_date has passed and its status is not complete) and each other timeline_milestone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/replica.h"
#include "casevault/schema/bank_holiday_calendar.h"
#include "casevault/schema/deadline_policy.h"
#include "casevault/schema/deadline_status.h"

namespace casevault::client {

// One due date of a case.
struct CaseDeadline {
  // The rule id (deadline_rules.h), or "action_plan_item" / "timeline_milestone" for the due
  // dates those records carry.
  std::string id;
  std::string purpose;  // what is due, e.g. "rapid review submitted to the national panel"
  std::string subject;  // the agency, draft or action it concerns; "" for the whole case
  std::optional<schema::Date> due;
  schema::DeadlineStatus status = schema::DeadlineStatus::kWaiting;
  std::string waiting_for;             // when there is no due date yet: what it counts from
  std::string met_by;                  // the record meeting it, e.g. "rapid_review_report
                                       // submitted_to_panel_on 2026-01-12"; "" when not met
  std::optional<Id128> met_by_record;  // that record's id
  std::string satisfied_by;            // what would meet it, for a deadline not met yet
};

// The deadlines of case `case_id` from the records of its shared compartment in `replica`, with
// their status on `today` under `policy` and `calendar`: rule deadlines in process order, then
// milestones and action plan items by due date. Fails as reading the replica does, and with
// NotFound when a date falls outside the years `calendar` covers.
Result<std::vector<CaseDeadline>> ListCaseDeadlines(Replica& replica, const Id128& case_id,
                                                    const schema::Date& today,
                                                    const schema::DeadlinePolicy& policy,
                                                    const schema::BankHolidayCalendar& calendar);

}  // namespace casevault::client
