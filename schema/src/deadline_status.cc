#include "casevault/schema/deadline_status.h"

#include "casevault/schema/working_days.h"

namespace casevault::schema {

std::string_view DeadlineStatusName(DeadlineStatus status) {
  switch (status) {
    case DeadlineStatus::kDone:
      return "done";
    case DeadlineStatus::kOverdue:
      return "overdue";
    case DeadlineStatus::kDueSoon:
      return "due soon";
    case DeadlineStatus::kUpcoming:
      return "upcoming";
    case DeadlineStatus::kWaiting:
      return "waiting";
  }
  return "unknown";
}

Result<DeadlineStatus> ClassifyDeadline(const std::optional<Date>& due, bool met, DeadlineKind kind,
                                        const Date& today, const BankHolidayCalendar& calendar) {
  if (met) return DeadlineStatus::kDone;
  if (!due) return DeadlineStatus::kWaiting;
  if (*due < today) {
    return kind == DeadlineKind::kPeriodEnd ? DeadlineStatus::kDone : DeadlineStatus::kOverdue;
  }
  CV_ASSIGN_OR_RETURN(Date soon, AddWorkingDays(calendar, today, kDueSoonWorkingDays));
  return *due <= soon ? DeadlineStatus::kDueSoon : DeadlineStatus::kUpcoming;
}

}  // namespace casevault::schema
