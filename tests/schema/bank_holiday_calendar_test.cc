#include "casevault/schema/bank_holiday_calendar.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/temp_dir.h"

namespace casevault::schema {
namespace {

std::string NameOn(const BankHolidayCalendar& calendar, Date date) {
  const BankHoliday* holiday = calendar.HolidayOn(date);
  return holiday == nullptr ? "" : holiday->name;
}

void ExpectRefused(std::string_view text, std::string_view fragment) {
  Result<BankHolidayCalendar> parsed = BankHolidayCalendar::Parse(text, "ours.txt");
  ASSERT_FALSE(parsed.ok()) << "accepted; expected: " << fragment;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(fragment), std::string::npos)
      << parsed.status().message();
}

TEST(BankHolidayCalendar, TheBundledCalendarCoversEnglandAndWalesFrom2018To2030) {
  const BankHolidayCalendar& calendar = BankHolidayCalendar::EnglandAndWales();
  EXPECT_EQ(calendar.first_year(), 2018);
  EXPECT_EQ(calendar.last_year(), 2030);
  EXPECT_GE(calendar.holidays().size(), 13u * 8);
  for (int year = 2018; year <= 2030; ++year) {
    size_t in_year = 0;
    for (const BankHoliday& holiday : calendar.holidays()) in_year += holiday.date.year == year;
    EXPECT_GE(in_year, 8u) << year;
  }
}

TEST(BankHolidayCalendar, TheBundledCalendarHasTheSpecialDays) {
  const BankHolidayCalendar& calendar = BankHolidayCalendar::EnglandAndWales();
  EXPECT_NE(NameOn(calendar, {2020, 5, 8}).find("VE day"), std::string::npos);
  EXPECT_EQ(NameOn(calendar, {2020, 5, 4}), "");  // the early May holiday moved to the 8th
  EXPECT_EQ(NameOn(calendar, {2022, 6, 2}), "Spring bank holiday");
  EXPECT_EQ(NameOn(calendar, {2022, 5, 30}), "");
  EXPECT_NE(NameOn(calendar, {2022, 6, 3}).find("Jubilee"), std::string::npos);
  EXPECT_NE(NameOn(calendar, {2022, 9, 19}).find("Funeral"), std::string::npos);
  EXPECT_NE(NameOn(calendar, {2023, 5, 8}).find("coronation"), std::string::npos);
}

TEST(BankHolidayCalendar, TheBundledCalendarHasEasterAndWeekendSubstitutes) {
  const BankHolidayCalendar& calendar = BankHolidayCalendar::EnglandAndWales();
  EXPECT_EQ(NameOn(calendar, {2024, 3, 29}), "Good Friday");
  EXPECT_EQ(NameOn(calendar, {2024, 4, 1}), "Easter Monday");
  EXPECT_EQ(NameOn(calendar, {2025, 4, 18}), "Good Friday");
  EXPECT_EQ(NameOn(calendar, {2026, 4, 6}), "Easter Monday");
  EXPECT_EQ(NameOn(calendar, {2027, 3, 26}), "Good Friday");
  // Christmas on a Saturday (2021), on a Sunday (2022), Boxing Day on a Saturday (2026).
  EXPECT_EQ(NameOn(calendar, {2021, 12, 27}), "Christmas Day (substitute day)");
  EXPECT_EQ(NameOn(calendar, {2021, 12, 28}), "Boxing Day (substitute day)");
  EXPECT_EQ(NameOn(calendar, {2022, 12, 26}), "Boxing Day");
  EXPECT_EQ(NameOn(calendar, {2022, 12, 27}), "Christmas Day (substitute day)");
  EXPECT_EQ(NameOn(calendar, {2026, 12, 28}), "Boxing Day (substitute day)");
  // New Year's Day on a Saturday (2022) and a Sunday (2023).
  EXPECT_EQ(NameOn(calendar, {2022, 1, 3}), "New Year's Day (substitute day)");
  EXPECT_EQ(NameOn(calendar, {2023, 1, 2}), "New Year's Day (substitute day)");
  EXPECT_EQ(NameOn(calendar, {2022, 1, 1}), "");
}

TEST(BankHolidayCalendar, ALocalFileReplacesTheBundledOne) {
  casevault::testing::TempDir dir;
  const std::string path = dir.File("holidays.txt");
  std::ofstream(path) << "# our island\n\n2031-01-01 New Year's Day\n"
                         "2030-12-26\tBoxing Day  \r\n2031-07-12 Local day\n";
  Result<BankHolidayCalendar> calendar = BankHolidayCalendar::Load(Env::Default(), path);
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  EXPECT_EQ(calendar->first_year(), 2030);
  EXPECT_EQ(calendar->last_year(), 2031);
  EXPECT_EQ(NameOn(*calendar, {2030, 12, 26}), "Boxing Day");
  EXPECT_EQ(NameOn(*calendar, {2031, 7, 12}), "Local day");
  EXPECT_EQ(calendar->holidays().front().date, (Date{2030, 12, 26}));
}

TEST(BankHolidayCalendar, AMalformedFileIsRefusedNamingTheFileAndLine) {
  ExpectRefused("2025-01-01 New Year\n# fine\n2025-13-01 Bad month\n", "ours.txt line 3: date");
  ExpectRefused("2025-01-01 New Year\n25-12-2025 Christmas\n", "ours.txt line 2: a date has");
  ExpectRefused("2025-01-01\n", "ours.txt line 1: the holiday has no name");
  ExpectRefused("2025-01-01x New Year\n", "ours.txt line 1: a space must follow the date");
  ExpectRefused("2025-02-29 Not a day\n", "line 1: date 2025-02-29 is not a real day");
  ExpectRefused("2025-12-25 Christmas\n2025-12-25 Again\n", "ours.txt lists 2025-12-25 twice");
  ExpectRefused("# nothing\n\n", "ours.txt lists no bank holiday");
}

TEST(BankHolidayCalendar, AMissingFileSaysWhichFile) {
  Result<BankHolidayCalendar> calendar =
      BankHolidayCalendar::Load(Env::Default(), "/nonexistent/holidays.txt");
  ASSERT_FALSE(calendar.ok());
  EXPECT_NE(calendar.status().message().find("bank holiday calendar /nonexistent/holidays.txt"),
            std::string::npos)
      << calendar.status().message();
}

}  // namespace
}  // namespace casevault::schema
