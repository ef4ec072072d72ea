// Deadline rules: the due dates of a practice review (DOMAIN.md, "The process in one page"),
// each counted from a date of the case, with the default length the partnership policies set.
//
// A rule's id is stable: partnerships name it to override its length (deadline_policy.h) and
// scripts read it from `casevault deadlines --json`. Lengths are in working days (England and
// Wales, see working_days.h) or calendar months, as the policy says. Besides the record each
// rule names, a timeline_milestone whose milestone is the rule's id, marked complete, meets it.
#pragma once

#include <span>
#include <string_view>

namespace casevault::schema {

// The unit of a deadline's length.
enum class DurationUnit {
  kWorkingDays,
  kMonths,  // calendar months, clamped at month ends (civil_date.h AddMonths)
};

// The length of a deadline, e.g. 5 working days or 6 months.
struct DeadlineDuration {
  int amount = 0;
  DurationUnit unit = DurationUnit::kWorkingDays;

  friend bool operator==(const DeadlineDuration&, const DeadlineDuration&) = default;
};

// The day of the case a deadline counts from.
enum class DeadlineAnchor {
  kAwareOfIncident,      // the local authority became aware of the incident: case notified_date
  kReferralReceived,     // case referral_received_date, else the first referral's date_received
  kRapidReviewDecision,  // the decision to hold a rapid review: case decision_date
  kRapidReviewOutcome,   // the rapid review decided the outcome: its report's endorsed_on, else
                         // its meeting_date
  kInformationRequest,   // the due date of the information_request deadline
  kCsprDecision,         // the decision to hold a CSPR: case cspr_decision_date
  kPublication,          // the date the final report is (to be) published: case publication_date
  kDraftCirculated,      // a report_draft's circulated_on: one deadline per circulated draft
};

// How a deadline is met.
enum class DeadlineKind {
  kDueBy,      // something must be done by the date; overdue when it is not
  kPeriodEnd,  // a period that ends on the date (a window for comments, a minimum time on the
               // website); never overdue, done once the date has passed
};

// One deadline of a review.
struct DeadlineRule {
  std::string_view id;       // snake_case, e.g. "rapid_review_to_panel"
  std::string_view purpose;  // what is due, in a line
  DeadlineAnchor anchor;     // the day it counts from
  bool before_anchor;        // true when due that long before the anchor (final report)
  DeadlineDuration default_length;
  DeadlineKind kind;
  std::string_view satisfied_by;  // which record shows it done, in a line
};

// Every rule, in the order of the review process.
std::span<const DeadlineRule> ReviewDeadlineRules();

// The rule with id `id`, or nullptr when there is none.
const DeadlineRule* FindDeadlineRule(std::string_view id);

// What `anchor` is, for "waiting for ..." messages, e.g. "the CSPR decision (case
// cspr_decision_date)".
std::string_view AnchorDescription(DeadlineAnchor anchor);

}  // namespace casevault::schema
