// Civil dates: day arithmetic on the proleptic Gregorian calendar, for Date (field.h).
//
// Pure functions with no time zone: a Date is a calendar day. Day numbers count days since
// 1970-01-01 (negative before it), so that adding days is integer addition.
#pragma once

#include <cstdint>

#include "casevault/schema/field.h"

namespace casevault::schema {

// Days of the week, numbered as ISO 8601 does (Monday 1 to Sunday 7).
enum class Weekday : uint8_t {
  kMonday = 1,
  kTuesday = 2,
  kWednesday = 3,
  kThursday = 4,
  kFriday = 5,
  kSaturday = 6,
  kSunday = 7,
};

// True when `year` has a 29 February.
bool IsLeapYear(int64_t year);

// The number of days of `month` (1 to 12) in `year`: 28 to 31.
int DaysInMonth(int64_t year, int month);

// Days since 1970-01-01 of the day `year`-`month`-`day`, which must name a real day.
int64_t DaysFromCivil(int64_t year, int month, int day);

// The inverse of DaysFromCivil: the year, month and day of day number `days`.
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day);

// The day number (days since 1970-01-01) of `date`, which must be valid.
int64_t DayNumber(const Date& date);

// The date of day number `days`; valid when it falls in the years 1 to 9999.
Date DateFromDayNumber(int64_t days);

// The day of the week of `date`.
Weekday WeekdayOf(const Date& date);

// True on Saturdays and Sundays.
bool IsWeekend(const Date& date);

// The date `days` days after `date` (before it when negative).
Date AddDays(const Date& date, int64_t days);

// The same day of the month `months` months after `date` (before it when negative), clamped
// to the last day of a shorter month: 31 January + 1 month is 28 (or 29) February, 31 August +
// 6 months is 28 (or 29) February.
Date AddMonths(const Date& date, int months);

}  // namespace casevault::schema
