#include "casevault/schema/civil_date.h"

#include <gtest/gtest.h>

namespace casevault::schema {
namespace {

TEST(CivilDate, DayNumbersRoundTripAndStartAtTheEpoch) {
  EXPECT_EQ(DayNumber(Date{1970, 1, 1}), 0);
  EXPECT_EQ(DayNumber(Date{1969, 12, 31}), -1);
  for (const Date& date :
       {Date{1, 1, 1}, Date{2024, 2, 29}, Date{2025, 12, 31}, Date{9999, 12, 31}}) {
    EXPECT_EQ(DateFromDayNumber(DayNumber(date)), date) << date.ToString();
  }
}

TEST(CivilDate, WeekdaysMatchTheRealCalendar) {
  EXPECT_EQ(WeekdayOf(Date{1970, 1, 1}), Weekday::kThursday);
  EXPECT_EQ(WeekdayOf(Date{2025, 12, 25}), Weekday::kThursday);
  EXPECT_EQ(WeekdayOf(Date{2026, 11, 30}), Weekday::kMonday);
  EXPECT_EQ(WeekdayOf(Date{2024, 2, 29}), Weekday::kThursday);
  EXPECT_EQ(WeekdayOf(Date{1969, 12, 28}), Weekday::kSunday);
  EXPECT_TRUE(IsWeekend(Date{2026, 11, 28}));
  EXPECT_TRUE(IsWeekend(Date{2026, 11, 29}));
  EXPECT_FALSE(IsWeekend(Date{2026, 11, 27}));
}

TEST(CivilDate, AddingDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(AddDays(Date{2024, 2, 28}, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(AddDays(Date{2025, 2, 28}, 1), (Date{2025, 3, 1}));
  EXPECT_EQ(AddDays(Date{2025, 12, 31}, 1), (Date{2026, 1, 1}));
  EXPECT_EQ(AddDays(Date{2026, 1, 1}, -1), (Date{2025, 12, 31}));
}

TEST(CivilDate, AddingMonthsClampsToTheEndOfAShorterMonth) {
  EXPECT_EQ(AddMonths(Date{2025, 1, 31}, 1), (Date{2025, 2, 28}));
  EXPECT_EQ(AddMonths(Date{2024, 1, 31}, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(AddMonths(Date{2025, 8, 31}, 6), (Date{2026, 2, 28}));
  EXPECT_EQ(AddMonths(Date{2023, 8, 31}, 6), (Date{2024, 2, 29}));
  EXPECT_EQ(AddMonths(Date{2024, 2, 29}, 12), (Date{2025, 2, 28}));
  EXPECT_EQ(AddMonths(Date{2025, 3, 31}, 1), (Date{2025, 4, 30}));
  EXPECT_EQ(AddMonths(Date{2025, 10, 15}, 3), (Date{2026, 1, 15}));
  EXPECT_EQ(AddMonths(Date{2026, 3, 31}, -1), (Date{2026, 2, 28}));
  EXPECT_EQ(AddMonths(Date{2026, 1, 15}, -13), (Date{2024, 12, 15}));
}

TEST(CivilDate, DaysInMonthKnowsLeapYears) {
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2025, 2), 28);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2025, 4), 30);
  EXPECT_EQ(DaysInMonth(2025, 12), 31);
}

}  // namespace
}  // namespace casevault::schema
