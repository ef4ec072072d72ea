#include "casevault/sync/hub_messages.h"

#include <gtest/gtest.h>

#include <random>

#include "casevault/crypto/random_id.h"

namespace casevault::sync {
namespace {

SignedOp SampleOp(uint8_t seed) {
  SignedOp op;
  op.op_id = crypto::NewRandomId();
  op.author_device = crypto::NewRandomId();
  op.epoch = seed;
  op.envelope = Bytes(40 + seed, static_cast<uint8_t>(seed * 3));
  op.signature.fill(static_cast<uint8_t>(seed + 1));
  return op;
}

PullPage SamplePage() {
  PullPage page;
  page.more = true;
  for (uint8_t i = 1; i <= 3; ++i) {
    page.entries.push_back({LogPosition{10u + i, 1'700'000'000'000'000 + i}, SampleOp(i)});
  }
  return page;
}

std::vector<ChunkHash> SampleHashes() {
  std::vector<ChunkHash> hashes(3);
  for (size_t i = 0; i < hashes.size(); ++i) hashes[i].fill(static_cast<uint8_t>(0x30 + i));
  return hashes;
}

// Every message kind as encoded bytes with a decoder that reports only success or failure.
struct Format {
  const char* name;
  Bytes encoded;
  std::function<Status(ByteView)> decode;
};

std::vector<Format> Formats() {
  const std::vector<SignedOp> ops = {SampleOp(1), SampleOp(2)};
  const std::vector<LogPosition> positions = {{1, 5}, {2, 6}};
  return {
      {"ops", EncodeOps(ops), [](ByteView b) { return DecodeOps(b, 10).status(); }},
      {"positions", EncodePositions(positions),
       [](ByteView b) { return DecodePositions(b, 10).status(); }},
      {"pull page", EncodePullPage(SamplePage()),
       [](ByteView b) { return DecodePullPage(b, 10).status(); }},
      {"hashes", EncodeChunkHashes(SampleHashes()),
       [](ByteView b) { return DecodeChunkHashes(b, 10).status(); }},
  };
}

TEST(HubMessages, EveryMessageRoundTrips) {
  const std::vector<SignedOp> ops = {SampleOp(1), SampleOp(2), SampleOp(3)};
  EXPECT_EQ(*DecodeOps(EncodeOps(ops), 3), ops);
  EXPECT_TRUE(DecodeOps(EncodeOps({}), 3)->empty());

  const std::vector<LogPosition> positions = {{1, 5}, {7, -3}};
  EXPECT_EQ(*DecodePositions(EncodePositions(positions), 2), positions);

  const PullPage page = SamplePage();
  Result<PullPage> decoded = DecodePullPage(EncodePullPage(page), 3);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->more, page.more);
  EXPECT_EQ(decoded->entries, page.entries);

  EXPECT_EQ(*DecodeChunkHashes(EncodeChunkHashes(SampleHashes()), 3), SampleHashes());
}

TEST(HubMessages, EveryTruncationIsRefused) {
  for (const Format& format : Formats()) {
    for (size_t size = 0; size < format.encoded.size(); ++size) {
      const Status status = format.decode(ByteView(format.encoded).first(size));
      EXPECT_FALSE(status.ok()) << format.name << " cut to " << size << " bytes";
    }
    EXPECT_TRUE(format.decode(format.encoded).ok()) << format.name;
  }
}

TEST(HubMessages, TrailingBytesAndOtherVersionsAreRefused) {
  for (Format& format : Formats()) {
    Bytes longer = format.encoded;
    longer.push_back(0);
    EXPECT_EQ(format.decode(longer).code(), StatusCode::kCorruption) << format.name;
    Bytes newer = format.encoded;
    newer[4] = 2;
    EXPECT_EQ(format.decode(newer).code(), StatusCode::kUnsupportedVersion) << format.name;
    Bytes other = format.encoded;
    other[0] = 'X';
    EXPECT_EQ(format.decode(other).code(), StatusCode::kCorruption) << format.name;
  }
}

TEST(HubMessages, MoreItemsThanAllowedAreRefusedBeforeDecoding) {
  const std::vector<SignedOp> ops = {SampleOp(1), SampleOp(2), SampleOp(3)};
  EXPECT_EQ(DecodeOps(EncodeOps(ops), 2).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(DecodePullPage(EncodePullPage(SamplePage()), 2).status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(DecodeChunkHashes(EncodeChunkHashes(SampleHashes()), 1).status().code(),
            StatusCode::kResourceExhausted);
  const std::vector<LogPosition> positions(5);
  EXPECT_EQ(DecodePositions(EncodePositions(positions), 4).status().code(),
            StatusCode::kResourceExhausted);
}

TEST(HubMessages, HugeCountsAreRefusedWithoutAllocating) {
  for (Format& format : Formats()) {
    Bytes huge = format.encoded;
    const size_t count_at = format.name == std::string("pull page") ? 6 : 5;
    for (int i = 0; i < 4; ++i) huge[count_at + i] = 0xff;
    EXPECT_EQ(format.decode(huge).code(), StatusCode::kTruncated) << format.name;
  }
}

TEST(HubMessages, APageOutOfSequenceOrderIsRefused) {
  PullPage page = SamplePage();
  std::swap(page.entries[0].position, page.entries[1].position);
  EXPECT_EQ(DecodePullPage(EncodePullPage(page), 10).status().code(), StatusCode::kCorruption);
}

TEST(HubMessages, RandomBytesNeverDecodeIntoSomethingWrongOrCrash) {
  std::mt19937 random(11);
  for (const Format& format : Formats()) {
    for (int trial = 0; trial < 2000; ++trial) {
      Bytes bytes = format.encoded;
      const int flips = 1 + static_cast<int>(random() % 4);
      for (int f = 0; f < flips; ++f) {
        bytes[random() % bytes.size()] ^= static_cast<uint8_t>(1 + random() % 255);
      }
      // Flipping payload bytes may still decode (they are opaque here); it must not crash.
      format.decode(bytes).IgnoreError();
    }
  }
}

}  // namespace
}  // namespace casevault::sync
