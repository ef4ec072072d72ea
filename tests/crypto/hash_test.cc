#include "casevault/crypto/hash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace casevault::crypto {
namespace {

std::string Hex(const Hash256& digest) { return ToHex(digest); }

TEST(Blake2b256, EmptyInputMatchesKnownAnswer) {
  EXPECT_EQ(Hex(Blake2b256({})),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(Blake2b256, AbcMatchesKnownAnswer) {
  EXPECT_EQ(Hex(Blake2b256(AsBytes("abc"))),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(Blake2b256, QuickBrownFoxMatchesKnownAnswer) {
  EXPECT_EQ(Hex(Blake2b256(AsBytes("The quick brown fox jumps over the lazy dog"))),
            "01718cec35cd3d796dd00020e0bfecb473ad23457d063b75eff29c0ffa2e58a9");
}

TEST(Blake2b256, AnySingleBitChangeChangesTheDigest) {
  Bytes data(100);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  const Hash256 original = Blake2b256(data);
  for (size_t i = 0; i < data.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes changed = data;
      changed[i] ^= static_cast<uint8_t>(1u << bit);
      EXPECT_NE(Blake2b256(changed), original) << "byte " << i << " bit " << bit;
    }
  }
  // Length matters too: a trailing zero byte is not the same message.
  Bytes longer = data;
  longer.push_back(0);
  EXPECT_NE(Blake2b256(longer), original);
}

TEST(Blake2bHasher, NoUpdatesGivesTheDigestOfEmptyInput) {
  Blake2bHasher hasher;
  EXPECT_EQ(Hex(hasher.Finish()),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(Blake2bHasher, PiecesOfAbcGiveTheKnownAnswer) {
  Blake2bHasher hasher;
  hasher.Update(AsBytes("a"));
  hasher.Update({});
  hasher.Update(AsBytes("bc"));
  EXPECT_EQ(Hex(hasher.Finish()),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(Blake2bHasher, RandomSplitsEqualTheOneShotDigest) {
  const uint32_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  // Sizes straddle BLAKE2b's 128-byte block so splits land inside and on block edges.
  for (size_t size : {size_t{0}, size_t{1}, size_t{127}, size_t{128}, size_t{129}, size_t{1000},
                      size_t{65536 + 3}}) {
    Bytes data(size);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    const Hash256 expected = Blake2b256(data);
    for (int trial = 0; trial < 20; ++trial) {
      Blake2bHasher hasher;
      size_t at = 0;
      while (at < size) {
        const size_t piece = std::min<size_t>(size - at, rng() % 300);
        hasher.Update(ByteView(data).subspan(at, piece));
        at += piece;
      }
      EXPECT_EQ(hasher.Finish(), expected) << "size " << size << " trial " << trial;
    }
  }
}

TEST(Blake2bHasher, ByteAtATimeEqualsOneShot) {
  Bytes data(1000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 31);
  Blake2bHasher hasher;
  for (uint8_t b : data) hasher.Update(ByteView(&b, 1));
  EXPECT_EQ(hasher.Finish(), Blake2b256(data));
}

}  // namespace
}  // namespace casevault::crypto
