#include "casevault/schema/review_deadlines.h"

#include "casevault/schema/civil_date.h"
#include "casevault/schema/working_days.h"

namespace casevault::schema {
namespace {

// The case date `anchor` names; `information_request` is the due date of that deadline.
std::optional<Date> AnchorDate(DeadlineAnchor anchor, const CaseDates& dates,
                               const std::optional<Date>& information_request) {
  switch (anchor) {
    case DeadlineAnchor::kAwareOfIncident:
      return dates.aware_of_incident;
    case DeadlineAnchor::kReferralReceived:
      return dates.referral_received;
    case DeadlineAnchor::kRapidReviewDecision:
      return dates.rapid_review_decision;
    case DeadlineAnchor::kRapidReviewOutcome:
      return dates.rapid_review_outcome;
    case DeadlineAnchor::kInformationRequest:
      return information_request;
    case DeadlineAnchor::kCsprDecision:
      return dates.cspr_decision;
    case DeadlineAnchor::kPublication:
      return dates.publication;
    case DeadlineAnchor::kDraftCirculated:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

Result<Date> ApplyDeadlineLength(const Date& anchor, DeadlineDuration length, bool before_anchor,
                                 const BankHolidayCalendar& calendar) {
  const int amount = before_anchor ? -length.amount : length.amount;
  if (length.unit == DurationUnit::kMonths) return AddMonths(anchor, amount);
  return AddWorkingDays(calendar, anchor, amount);
}

Result<Date> DueDateOf(const DeadlineRule& rule, const Date& anchor, const DeadlinePolicy& policy,
                       const BankHolidayCalendar& calendar) {
  return ApplyDeadlineLength(anchor, policy.LengthOf(rule), rule.before_anchor, calendar);
}

Result<std::vector<ReviewDeadline>> ComputeReviewDeadlines(const CaseDates& dates,
                                                           const DeadlinePolicy& policy,
                                                           const BankHolidayCalendar& calendar) {
  std::vector<ReviewDeadline> deadlines;
  std::optional<Date> information_request;
  for (const DeadlineRule& rule : ReviewDeadlineRules()) {
    if (rule.anchor == DeadlineAnchor::kDraftCirculated) continue;
    ReviewDeadline deadline{.rule = &rule, .due = std::nullopt, .waiting_for = {}};
    if (std::optional<Date> anchor = AnchorDate(rule.anchor, dates, information_request)) {
      CV_ASSIGN_OR_RETURN(deadline.due, DueDateOf(rule, *anchor, policy, calendar));
    } else {
      deadline.waiting_for = AnchorDescription(rule.anchor);
    }
    if (rule.id == "information_request") information_request = deadline.due;
    deadlines.push_back(std::move(deadline));
  }
  return deadlines;
}

}  // namespace casevault::schema
