#include "casevault/base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace casevault {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgumentError(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  CV_ASSIGN_OR_RETURN(int half, Half(n));
  CV_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(Result, HoldsValueOnSuccess) {
  Result<int> r = Half(8);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(*r, 4);
}

TEST(Result, HoldsStatusOnFailure) {
  Result<int> r = Half(7);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "7 is odd");
}

TEST(Result, AssignOrReturnPropagatesTheFirstFailure) {
  EXPECT_EQ(*Quarter(12), 3);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
}

TEST(Result, BuiltFromOkStatusBecomesInternalError) {
  Result<int> r = Status::Ok();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(Result, MovesOutMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  std::unique_ptr<int> owned = std::move(r).value();
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(*owned, 5);
}

TEST(ResultDeathTest, ReadingTheValueOfAFailureAborts) {
  Result<int> r = NotFoundError("nothing");
  EXPECT_DEATH((void)r.value(), "");
}

}  // namespace
}  // namespace casevault
