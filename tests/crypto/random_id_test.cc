#include "casevault/crypto/random_id.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

namespace casevault::crypto {
namespace {

TEST(RandomId, TenThousandDrawsAreAllDistinct) {
  std::set<Id128> seen;
  for (int i = 0; i < 10000; ++i) {
    EXPECT_TRUE(seen.insert(NewRandomId()).second) << "repeated id at draw " << i;
  }
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_FALSE(seen.contains(Id128{}));
}

TEST(RandomId, EveryByteTakesManyValues) {
  // A generator stuck on some byte positions (e.g. a partial fill) would still give distinct ids.
  std::array<std::set<uint8_t>, Id128::kSize> values;
  for (int i = 0; i < 2000; ++i) {
    const Id128 id = NewRandomId();
    for (size_t b = 0; b < Id128::kSize; ++b) values[b].insert(id.bytes[b]);
  }
  for (size_t b = 0; b < Id128::kSize; ++b) {
    EXPECT_GT(values[b].size(), 200u) << "byte " << b;
  }
}

TEST(RandomId, HexFormRoundTripsToTheSameId) {
  for (int i = 0; i < 100; ++i) {
    const Id128 id = NewRandomId();
    const std::string hex = id.ToHex();
    ASSERT_EQ(hex.size(), 32u);
    EXPECT_TRUE(std::all_of(hex.begin(), hex.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
    })) << hex;
    auto parsed = Id128::FromHex(hex);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, id);

    std::string upper = hex;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c) { return static_cast<char>(std::toupper(c)); });
    auto parsed_upper = Id128::FromHex(upper);
    ASSERT_TRUE(parsed_upper.ok()) << parsed_upper.status().ToString();
    EXPECT_EQ(*parsed_upper, id);
  }
}

TEST(RandomId, HexOfWrongLengthOrWithNonHexDigitsIsInvalidArgument) {
  const std::string hex = NewRandomId().ToHex();
  for (const std::string& bad :
       {hex.substr(1), hex + "0", std::string(), hex.substr(0, 31) + "g", "z" + hex.substr(1)}) {
    auto parsed = Id128::FromHex(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace casevault::crypto
