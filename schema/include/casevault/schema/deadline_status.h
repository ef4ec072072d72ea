// Deadline status: where a deadline stands on a given day.
#pragma once

#include <optional>
#include <string_view>

#include "casevault/base/result.h"
#include "casevault/schema/bank_holiday_calendar.h"
#include "casevault/schema/deadline_rules.h"
#include "casevault/schema/field.h"

namespace casevault::schema {

enum class DeadlineStatus {
  kDone,      // met (a record shows it), or a period that has ended
  kOverdue,   // due before today and not met
  kDueSoon,   // due today or within the next kDueSoonWorkingDays working days, not met
  kUpcoming,  // due later
  kWaiting,   // no due date yet: the date it counts from is not known
};

// How many working days ahead a deadline counts as due soon.
inline constexpr int kDueSoonWorkingDays = 2;

// "done", "overdue", "due soon", "upcoming" or "waiting".
std::string_view DeadlineStatusName(DeadlineStatus status);

// The status on `today` of a deadline of `kind` due on `due` (absent: waiting), `met` when a
// record shows it done. A period (kPeriodEnd) is done once `today` is past `due`, never overdue.
// NotFound when `calendar` does not cover the next working days after `today`.
Result<DeadlineStatus> ClassifyDeadline(const std::optional<Date>& due, bool met, DeadlineKind kind,
                                        const Date& today, const BankHolidayCalendar& calendar);

}  // namespace casevault::schema
