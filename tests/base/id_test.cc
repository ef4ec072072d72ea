#include "casevault/base/id.h"

#include <gtest/gtest.h>

namespace casevault {
namespace {

TEST(Id128, HexRoundTripsAndAcceptsUppercase) {
  Result<Id128> id = Id128::FromHex("00112233445566778899AABBCCDDEEFF");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->ToHex(), "00112233445566778899aabbccddeeff");
  EXPECT_EQ(id->bytes[15], 0xff);
}

TEST(Id128, FromHexRefusesWrongLengthAndNonHexDigits) {
  EXPECT_EQ(Id128::FromHex("0011").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Id128::FromHex(std::string(33, '0')).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Id128::FromHex(std::string(31, '0') + "g").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(Id128, FromBytesNeedsExactlySixteenBytes) {
  EXPECT_TRUE(Id128::FromBytes(Bytes(16, 7)).ok());
  EXPECT_FALSE(Id128::FromBytes(Bytes(15, 7)).ok());
  EXPECT_FALSE(Id128::FromBytes(Bytes(17, 7)).ok());
}

TEST(Id128, OrdersByBytes) {
  Id128 a, b;
  b.bytes[0] = 1;
  EXPECT_LT(a, b);
  EXPECT_EQ(a, Id128{});
}

}  // namespace
}  // namespace casevault
