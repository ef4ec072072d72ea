#include "casevault/schema/deadline_status.h"

#include <gtest/gtest.h>

namespace casevault::schema {
namespace {

std::string StatusOn(std::optional<Date> due, bool met, DeadlineKind kind, Date today) {
  Result<DeadlineStatus> status =
      ClassifyDeadline(due, met, kind, today, BankHolidayCalendar::EnglandAndWales());
  EXPECT_TRUE(status.ok()) << status.status().ToString();
  return status.ok() ? std::string(DeadlineStatusName(*status)) : "";
}

constexpr DeadlineKind kDue = DeadlineKind::kDueBy;
constexpr DeadlineKind kPeriod = DeadlineKind::kPeriodEnd;

TEST(DeadlineStatus, AMetDeadlineIsDoneWhateverTheDate) {
  EXPECT_EQ(StatusOn(Date{2026, 1, 5}, true, kDue, {2026, 11, 30}), "done");
  EXPECT_EQ(StatusOn(std::nullopt, true, kDue, {2026, 11, 30}), "done");
}

TEST(DeadlineStatus, ADeadlineWithoutADueDateWaits) {
  EXPECT_EQ(StatusOn(std::nullopt, false, kDue, {2026, 11, 30}), "waiting");
}

TEST(DeadlineStatus, PastTheDueDateItIsOverdueButAPeriodIsDone) {
  EXPECT_EQ(StatusOn(Date{2026, 11, 27}, false, kDue, {2026, 11, 30}), "overdue");
  EXPECT_EQ(StatusOn(Date{2026, 11, 27}, false, kPeriod, {2026, 11, 30}), "done");
}

TEST(DeadlineStatus, DueTodayOrWithinTwoWorkingDaysIsDueSoon) {
  // From Thursday 24 Dec 2026 the next two working days are Tuesday 29 and Wednesday 30:
  // Christmas is on the Friday and Boxing Day's substitute on Monday 28.
  EXPECT_EQ(StatusOn(Date{2026, 12, 24}, false, kDue, {2026, 12, 24}), "due soon");
  EXPECT_EQ(StatusOn(Date{2026, 12, 30}, false, kDue, {2026, 12, 24}), "due soon");
  EXPECT_EQ(StatusOn(Date{2026, 12, 31}, false, kDue, {2026, 12, 24}), "upcoming");
  // Friday 27 Nov 2026: Monday 30 and Tuesday 1 Dec.
  EXPECT_EQ(StatusOn(Date{2026, 12, 1}, false, kDue, {2026, 11, 27}), "due soon");
  EXPECT_EQ(StatusOn(Date{2026, 12, 2}, false, kDue, {2026, 11, 27}), "upcoming");
  EXPECT_EQ(StatusOn(Date{2026, 12, 1}, false, kPeriod, {2026, 11, 27}), "due soon");
}

}  // namespace
}  // namespace casevault::schema
