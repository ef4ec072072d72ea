// Working days: weekdays that are not bank holidays, and counting deadlines in them.
//
// A deadline "within N working days of" a day falls on the Nth working day after it: the day
// itself never counts, so N working days from a Friday starts counting on Monday. Every
// function needs the days it looks at to lie in the years its calendar covers, and refuses
// (NotFound, saying to update the calendar) otherwise: a deadline is never computed
// with calendar days where the holidays are unknown.
#pragma once

#include "casevault/base/result.h"
#include "casevault/schema/bank_holiday_calendar.h"
#include "casevault/schema/field.h"

namespace casevault::schema {

// True when `date` is a weekday and not a bank holiday of `calendar`; NotFound when
// `calendar` does not cover `date`'s year.
Result<bool> IsWorkingDay(const BankHolidayCalendar& calendar, const Date& date);

// The `count`th working day after `start` (before it when `count` is negative); `start` itself
// when `count` is 0, whether or not it is a working day. NotFound when the count runs
// outside the years `calendar` covers.
Result<Date> AddWorkingDays(const BankHolidayCalendar& calendar, const Date& start, int count);

}  // namespace casevault::schema
