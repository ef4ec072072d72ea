// Bank holiday calendar: the days that are not working days besides weekends.
//
// A calendar is read from a small text file, one holiday a line: an ISO date, a space, its
// name ("2025-12-25 Christmas Day"); blank lines and lines starting with # are ignored. The
// years a calendar covers run from its first holiday's year to its last one's: working-day
// arithmetic outside them is refused rather than guessed. CaseVault bundles the calendar of
// England and Wales (schema/data/bank_holidays_england_wales.txt); a partnership may replace it
// with its own file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/schema/field.h"

namespace casevault::schema {

// One bank holiday.
struct BankHoliday {
  Date date;
  std::string name;  // e.g. "Boxing Day (substitute day)"
};

class BankHolidayCalendar {
 public:
  // Parses calendar text; `source` names it in messages (e.g. the file's path). InvalidArgument
  // naming the source and line for a line that is not a date and a name, a date that is not a
  // real day, a date listed twice, or a calendar with no holiday at all.
  static Result<BankHolidayCalendar> Parse(std::string_view text, std::string_view source);

  // Reads and parses the calendar file at `path`; fails as Env reading does, or as Parse.
  static Result<BankHolidayCalendar> Load(Env& env, const std::string& path);

  // The bundled calendar of England and Wales (2018 to 2030).
  static const BankHolidayCalendar& EnglandAndWales();

  // The text of the bundled calendar file, e.g. to save as a starting point for a local one.
  static std::string_view EnglandAndWalesText();

  // The holiday on `date`, or nullptr when it is not a bank holiday.
  const BankHoliday* HolidayOn(const Date& date) const;

  // True when `date` falls in the years this calendar covers.
  bool Covers(const Date& date) const;

  // The first and last years covered.
  int32_t first_year() const { return holidays_.front().date.year; }
  int32_t last_year() const { return holidays_.back().date.year; }

  // Every holiday, in date order.
  const std::vector<BankHoliday>& holidays() const { return holidays_; }

 private:
  explicit BankHolidayCalendar(std::vector<BankHoliday> holidays)
      : holidays_(std::move(holidays)) {}

  std::vector<BankHoliday> holidays_;  // sorted by date, never empty
};

}  // namespace casevault::schema
