// Review deadlines: the due dates of one case, computed from its dates by the deadline rules
// (deadline_rules.h) under a partnership's policy (deadline_policy.h) and holiday calendar.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "casevault/base/result.h"
#include "casevault/schema/bank_holiday_calendar.h"
#include "casevault/schema/deadline_policy.h"
#include "casevault/schema/deadline_rules.h"
#include "casevault/schema/field.h"

namespace casevault::schema {

// The dates of a case that deadlines count from (see DeadlineAnchor); absent when not known
// yet, e.g. no CSPR decided.
struct CaseDates {
  std::optional<Date> aware_of_incident;
  std::optional<Date> referral_received;
  std::optional<Date> rapid_review_decision;
  std::optional<Date> rapid_review_outcome;
  std::optional<Date> cspr_decision;
  std::optional<Date> publication;
};

// One deadline of a case: its rule and its due date, or what it waits for.
struct ReviewDeadline {
  const DeadlineRule* rule = nullptr;  // points into ReviewDeadlineRules()
  std::optional<Date> due;             // absent while the anchor date is unknown
  std::string waiting_for;             // when `due` is absent: the anchor, e.g. "the CSPR
                                       // decision (case cspr_decision_date)"
};

// The date `length` after `anchor` (before it when `before_anchor`): in working days by
// `calendar`, or in calendar months clamped at month ends. NotFound when working days
// run outside the years `calendar` covers.
Result<Date> ApplyDeadlineLength(const Date& anchor, DeadlineDuration length, bool before_anchor,
                                 const BankHolidayCalendar& calendar);

// The due date of `rule` counted from `anchor` under `policy`; fails as ApplyDeadlineLength.
Result<Date> DueDateOf(const DeadlineRule& rule, const Date& anchor, const DeadlinePolicy& policy,
                       const BankHolidayCalendar& calendar);

// Every deadline of the case with dates `dates`, in rule order, except those counted from
// records the case may hold many of (kDraftCirculated: use DueDateOf for each draft). A rule
// whose anchor is unknown has no due date and says what it waits for. Fails as DueDateOf.
Result<std::vector<ReviewDeadline>> ComputeReviewDeadlines(const CaseDates& dates,
                                                           const DeadlinePolicy& policy,
                                                           const BankHolidayCalendar& calendar);

}  // namespace casevault::schema
