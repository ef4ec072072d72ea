#include "casevault/crypto/sha256.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "testing/bytes.h"

namespace casevault::crypto {
namespace {

using casevault::testing::PatternBytes;

// FIPS 180-2 appendix B: the one-block, the empty and the two-block (448-bit) messages.
struct KnownAnswer {
  std::string_view message;
  std::string_view digest;
};
constexpr KnownAnswer kFips180Vectors[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
};

TEST(Sha256, MatchesTheFips180Vectors) {
  for (const KnownAnswer& vector : kFips180Vectors) {
    EXPECT_EQ(ToHex(Sha256(AsBytes(vector.message))), vector.digest)
        << "message \"" << vector.message << "\"";
  }
}

TEST(Sha256, MillionAsMatchesTheFips180Vector) {
  const std::string message(1'000'000, 'a');
  EXPECT_EQ(ToHex(Sha256(AsBytes(message))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Hasher, EverySplitOfTheFips180VectorsGivesTheirDigest) {
  for (const KnownAnswer& vector : kFips180Vectors) {
    const ByteView message = AsBytes(vector.message);
    for (size_t split = 0; split <= message.size(); ++split) {
      Sha256Hasher hasher;
      hasher.Update(message.first(split));
      hasher.Update({});
      hasher.Update(message.subspan(split));
      EXPECT_EQ(ToHex(hasher.Finish()), vector.digest)
          << "message \"" << vector.message << "\" split at " << split;
    }
  }
}

TEST(Sha256Hasher, PiecesAcrossBlockEdgesEqualTheOneShotDigest) {
  // SHA-256 works on 64-byte blocks; pieces of 1 to 130 bytes end inside, on and past them.
  const Bytes data = PatternBytes(1000);
  const Sha256Digest expected = Sha256(data);
  for (size_t piece = 1; piece <= 130; ++piece) {
    Sha256Hasher hasher;
    for (size_t at = 0; at < data.size(); at += piece) {
      hasher.Update(ByteView(data).subspan(at, std::min(piece, data.size() - at)));
    }
    EXPECT_EQ(hasher.Finish(), expected) << "pieces of " << piece << " bytes";
  }
}

TEST(Sha256, AnySingleBitChangeChangesTheDigest) {
  const Bytes data = PatternBytes(64);
  const Sha256Digest original = Sha256(data);
  for (size_t i = 0; i < data.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes changed = data;
      changed[i] ^= static_cast<uint8_t>(1u << bit);
      EXPECT_NE(Sha256(changed), original) << "byte " << i << " bit " << bit;
    }
  }
}

}  // namespace
}  // namespace casevault::crypto
