#include "casevault/schema/civil_date.h"

namespace casevault::schema {

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// H. Hinnant's days_from_civil.
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// H. Hinnant's civil_from_days.
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  *day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  *month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  *year = year_of_era + era * 400 + (*month <= 2 ? 1 : 0);
}

int64_t DayNumber(const Date& date) { return DaysFromCivil(date.year, date.month, date.day); }

Date DateFromDayNumber(int64_t days) {
  int64_t year = 0;
  int month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  return Date{static_cast<int32_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
}

Weekday WeekdayOf(const Date& date) {
  // 1970-01-01 was a Thursday (ISO day 4).
  const int64_t days = DayNumber(date);
  const int64_t from_monday = ((days + 3) % 7 + 7) % 7;
  return static_cast<Weekday>(from_monday + 1);
}

bool IsWeekend(const Date& date) {
  const Weekday weekday = WeekdayOf(date);
  return weekday == Weekday::kSaturday || weekday == Weekday::kSunday;
}

Date AddDays(const Date& date, int64_t days) { return DateFromDayNumber(DayNumber(date) + days); }

Date AddMonths(const Date& date, int months) {
  const int64_t month_index = int64_t{date.year} * 12 + (date.month - 1) + months;
  const int64_t year = month_index >= 0 ? month_index / 12 : (month_index - 11) / 12;
  const int month = static_cast<int>(month_index - year * 12) + 1;
  const int day = date.day > DaysInMonth(year, month) ? DaysInMonth(year, month) : date.day;
  return Date{static_cast<int32_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
}

}  // namespace casevault::schema
