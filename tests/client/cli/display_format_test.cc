#include "casevault/client/cli/display_format.h"

#include <gtest/gtest.h>

namespace casevault::client::cli {
namespace {

TEST(DisplayFormat, TimesAreUtcToTheSecond) {
  EXPECT_EQ(DisplayTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(DisplayTime(1'772'357'400'999'999), "2026-03-01T09:30:00Z");
  EXPECT_EQ(DisplayTime(-1), "1969-12-31T23:59:59Z");
}

TEST(DisplayFormat, SizesUseBinaryUnits) {
  EXPECT_EQ(DisplaySize(0), "0 B");
  EXPECT_EQ(DisplaySize(1023), "1023 B");
  EXPECT_EQ(DisplaySize(64 * 1024), "64.0 KiB");
  EXPECT_EQ(DisplaySize(5 * 1024 * 1024 + 512 * 1024), "5.5 MiB");
  EXPECT_EQ(DisplaySize(uint64_t{3} << 30), "3.0 GiB");
}

}  // namespace
}  // namespace casevault::client::cli
