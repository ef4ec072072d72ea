#include "casevault/schema/working_days.h"

#include "casevault/schema/civil_date.h"

namespace casevault::schema {

Result<bool> IsWorkingDay(const BankHolidayCalendar& calendar, const Date& date) {
  if (!calendar.Covers(date)) {
    std::string message = "the bank holiday calendar covers ";
    message += std::to_string(calendar.first_year());
    message += " to ";
    message += std::to_string(calendar.last_year());
    message += ", not ";
    message += date.ToString();
    message += ": install an updated calendar (casevault deadlines --calendar FILE)";
    return NotFoundError(std::move(message));
  }
  return !IsWeekend(date) && calendar.HolidayOn(date) == nullptr;
}

Result<Date> AddWorkingDays(const BankHolidayCalendar& calendar, const Date& start, int count) {
  const int step = count < 0 ? -1 : 1;
  Date day = start;
  for (int remaining = count < 0 ? -count : count; remaining > 0;) {
    day = AddDays(day, step);
    CV_ASSIGN_OR_RETURN(bool working, IsWorkingDay(calendar, day));
    if (working) --remaining;
  }
  return day;
}

}  // namespace casevault::schema
