#include "casevault/schema/working_days.h"

#include <gtest/gtest.h>

namespace casevault::schema {
namespace {

const BankHolidayCalendar& Calendar() { return BankHolidayCalendar::EnglandAndWales(); }

Date Add(Date start, int count) {
  Result<Date> date = AddWorkingDays(Calendar(), start, count);
  EXPECT_TRUE(date.ok()) << date.status().ToString();
  return date.ok() ? *date : Date{};
}

TEST(WorkingDays, WeekendsAndBankHolidaysAreNotWorkingDays) {
  EXPECT_TRUE(*IsWorkingDay(Calendar(), {2026, 11, 30}));
  EXPECT_FALSE(*IsWorkingDay(Calendar(), {2026, 11, 28}));
  EXPECT_FALSE(*IsWorkingDay(Calendar(), {2026, 11, 29}));
  EXPECT_FALSE(*IsWorkingDay(Calendar(), {2026, 8, 31}));
  EXPECT_FALSE(*IsWorkingDay(Calendar(), {2022, 9, 19}));
}

TEST(WorkingDays, CountingSkipsTheWeekendAndNeverCountsTheStartDay) {
  EXPECT_EQ(Add({2026, 11, 27}, 1), (Date{2026, 11, 30}));  // Friday -> Monday
  EXPECT_EQ(Add({2026, 11, 28}, 1), (Date{2026, 11, 30}));  // Saturday -> Monday
  EXPECT_EQ(Add({2026, 11, 23}, 5), (Date{2026, 11, 30}));  // Monday -> next Monday
  EXPECT_EQ(Add({2026, 11, 25}, 0), (Date{2026, 11, 25}));
  EXPECT_EQ(Add({2026, 11, 29}, 0), (Date{2026, 11, 29}));
}

TEST(WorkingDays, CountingSkipsChristmasBoxingDayAndNewYear) {
  // 2025: Christmas Thursday, Boxing Day Friday, New Year's Day Thursday.
  EXPECT_EQ(Add({2025, 12, 24}, 1), (Date{2025, 12, 29}));
  EXPECT_EQ(Add({2025, 12, 18}, 5), (Date{2025, 12, 29}));
  EXPECT_EQ(Add({2025, 12, 18}, 15), (Date{2026, 1, 13}));
  // 2021-22: both Christmas days and New Year's Day fell at the weekend; substitutes follow.
  EXPECT_EQ(Add({2021, 12, 24}, 1), (Date{2021, 12, 29}));
  EXPECT_EQ(Add({2021, 12, 31}, 1), (Date{2022, 1, 4}));
  EXPECT_EQ(Add({2021, 12, 23}, 5), (Date{2022, 1, 4}));
}

TEST(WorkingDays, CountingSkipsTheEasterWeekend) {
  // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
  EXPECT_EQ(Add({2026, 4, 2}, 1), (Date{2026, 4, 7}));
  EXPECT_EQ(Add({2026, 4, 2}, 10), (Date{2026, 4, 20}));
  EXPECT_EQ(Add({2026, 4, 7}, -1), (Date{2026, 4, 2}));
}

TEST(WorkingDays, CountingBackwardsSkipsTheSameDays) {
  EXPECT_EQ(Add({2026, 11, 2}, -7), (Date{2026, 10, 22}));
  EXPECT_EQ(Add({2025, 12, 29}, -1), (Date{2025, 12, 24}));
  EXPECT_EQ(Add({2026, 11, 30}, -1), (Date{2026, 11, 27}));
}

TEST(WorkingDays, CountingPastTheCalendarIsRefusedSayingToUpdateIt) {
  Result<Date> date = AddWorkingDays(Calendar(), {2030, 12, 20}, 10);
  ASSERT_FALSE(date.ok());
  EXPECT_EQ(date.status().code(), StatusCode::kNotFound);
  EXPECT_NE(date.status().message().find("covers 2018 to 2030, not 2031-01-01"), std::string::npos)
      << date.status().message();
  EXPECT_NE(date.status().message().find("--calendar"), std::string::npos);
  EXPECT_FALSE(IsWorkingDay(Calendar(), {2017, 12, 29}).ok());
}

}  // namespace
}  // namespace casevault::schema
