#include "casevault/schema/bank_holiday_calendar.h"

#include <algorithm>
#include <cstdlib>

#include "bundled_bank_holidays.h"
#include "setting_lines.h"

namespace casevault::schema {

Result<BankHolidayCalendar> BankHolidayCalendar::Parse(std::string_view text,
                                                       std::string_view source) {
  std::vector<BankHoliday> holidays;
  const Status parsed =
      ForEachSettingLine(text, [&](size_t line_number, std::string_view line) -> Status {
        constexpr std::string_view kForm =
            " (each line is \"YYYY-MM-DD Name of the holiday\"; # starts a comment)";
        Result<Date> date = Date::Parse(line.substr(0, 10));
        if (!date.ok()) {
          return SettingLineError(source, line_number, date.status().message() + kForm.data());
        }
        if (line.size() > 10 && line[10] != ' ' && line[10] != '\t') {
          return SettingLineError(source, line_number,
                                  "a space must follow the date" + std::string(kForm));
        }
        const std::string_view name = line.size() > 10 ? TrimBlanks(line.substr(10)) : "";
        if (name.empty()) {
          return SettingLineError(source, line_number,
                                  "the holiday has no name" + std::string(kForm));
        }
        holidays.push_back(BankHoliday{*date, std::string(name)});
        return Status::Ok();
      });
  CV_RETURN_IF_ERROR(parsed);
  if (holidays.empty()) {
    return InvalidArgumentError(std::string(source) + " lists no bank holiday");
  }
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const BankHoliday& a, const BankHoliday& b) { return a.date < b.date; });
  const auto twice = std::adjacent_find(
      holidays.begin(), holidays.end(),
      [](const BankHoliday& a, const BankHoliday& b) { return a.date == b.date; });
  if (twice != holidays.end()) {
    return InvalidArgumentError(std::string(source) + " lists " + twice->date.ToString() +
                                " twice");
  }
  return BankHolidayCalendar(std::move(holidays));
}

Result<BankHolidayCalendar> BankHolidayCalendar::Load(Env& env, const std::string& path) {
  CV_ASSIGN_OR_RETURN(std::string text, ReadSettingsFile(env, path, "bank holiday calendar"));
  return Parse(text, path);
}

const BankHolidayCalendar& BankHolidayCalendar::EnglandAndWales() {
  // The tests parse the bundled file; a build whose file does not parse is broken.
  static const BankHolidayCalendar* const kCalendar = [] {
    Result<BankHolidayCalendar> parsed = Parse(EnglandAndWalesText(), "the bundled calendar");
    if (!parsed.ok()) std::abort();
    return new BankHolidayCalendar(std::move(*parsed));
  }();
  return *kCalendar;
}

std::string_view BankHolidayCalendar::EnglandAndWalesText() { return kBundledBankHolidays; }

const BankHoliday* BankHolidayCalendar::HolidayOn(const Date& date) const {
  const auto found =
      std::lower_bound(holidays_.begin(), holidays_.end(), date,
                       [](const BankHoliday& holiday, const Date& d) { return holiday.date < d; });
  return found != holidays_.end() && found->date == date ? &*found : nullptr;
}

bool BankHolidayCalendar::Covers(const Date& date) const {
  return date.year >= first_year() && date.year <= last_year();
}

}  // namespace casevault::schema
