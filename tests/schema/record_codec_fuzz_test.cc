// Fuzz-style tests of DecodeRecord: hostile bytes must give a clear error, never a crash, an
// out-of-bounds read or an allocation sized by an unchecked length (run under the sanitizers).

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "casevault/schema/record_codec.h"
#include "testing/sample_records.h"

namespace {

using casevault::Bytes;
using casevault::ByteView;
using casevault::StatusCode;
using casevault::schema::AllRecordSpecs;
using casevault::schema::DecodeRecord;
using casevault::schema::EncodeRecord;
using casevault::schema::RecordSpec;
using casevault::schema::testing::SampleRecord;

}  // namespace

// The decoder's fuzz target, shaped like a libFuzzer entry point (LLVMFuzzerTestOneInput).
// Returns 0 when the input is refused with one of the decoder's documented codes or decodes to a
// record that re-encodes to exactly the input; returns 1 otherwise. Memory errors are left to
// the sanitizers.
int FuzzDecodeRecord(const uint8_t* data, size_t size) {
  const ByteView input(data, size);
  auto decoded = DecodeRecord(input);
  if (!decoded.ok()) {
    const StatusCode code = decoded.status().code();
    const bool documented = code == StatusCode::kCorruption || code == StatusCode::kTruncated ||
                            code == StatusCode::kUnsupportedVersion;
    return documented && !decoded.status().message().empty() ? 0 : 1;
  }
  const Bytes reencoded = EncodeRecord(*decoded);
  return Bytes(input.begin(), input.end()) == reencoded ? 0 : 1;
}

namespace {

// Expects FuzzDecodeRecord to accept `input`, describing it as `what` otherwise.
void ExpectSurvives(const Bytes& input, const std::string& what) {
  ASSERT_EQ(FuzzDecodeRecord(input.data(), input.size()), 0)
      << what << ": " << DecodeRecord(input).status().ToString();
}

// Fully populated encodings of every record type: the seed corpus.
std::vector<Bytes> SeedCorpus() {
  std::vector<Bytes> corpus;
  for (const RecordSpec& spec : AllRecordSpecs()) {
    corpus.push_back(EncodeRecord(SampleRecord(spec.type, /*all_fields=*/true)));
  }
  return corpus;
}

// The offsets of every u32 length or count in a valid encoding (layout in record_codec.h).
std::vector<size_t> LengthOffsets(const Bytes& encoding) {
  std::vector<size_t> offsets = {7};  // the field count
  auto u32_at = [&](size_t at) { return casevault::ReadU32(encoding, at); };
  size_t at = 11;
  for (uint32_t field = 0, count = u32_at(7); field < count; ++field) {
    offsets.push_back(at);
    at += 4 + u32_at(at);
    const uint8_t kind = encoding[at++];
    static constexpr size_t kFixedSizes[] = {0, 6, 8, 1, 8, 16};
    if (kind == 0) {
      offsets.push_back(at);
      at += 4 + u32_at(at);
    } else {
      at += kFixedSizes[kind];
    }
  }
  return offsets;
}

TEST(RecordCodecFuzz, SeedCorpusDecodesAndReencodesExactly) {
  for (const Bytes& seed : SeedCorpus()) ExpectSurvives(seed, "seed");
}

TEST(RecordCodecFuzz, EveryTruncationOfEveryTypeIsRefused) {
  for (const Bytes& seed : SeedCorpus()) {
    for (size_t size = 0; size < seed.size(); ++size) {
      Bytes prefix(seed.begin(), seed.begin() + static_cast<std::ptrdiff_t>(size));
      ASSERT_FALSE(DecodeRecord(prefix).ok()) << "prefix of " << size << " bytes";
      ExpectSurvives(prefix, "prefix of " + std::to_string(size) + " bytes");
    }
  }
}

TEST(RecordCodecFuzz, EverySingleByteChangeIsRefusedOrCanonical) {
  for (const Bytes& seed : SeedCorpus()) {
    for (size_t at = 0; at < seed.size(); ++at) {
      for (uint8_t value : {uint8_t{0x00}, uint8_t{0xff}, static_cast<uint8_t>(seed[at] ^ 0x01),
                            static_cast<uint8_t>(seed[at] + 0x80)}) {
        if (value == seed[at]) continue;
        Bytes changed = seed;
        changed[at] = value;
        ExpectSurvives(changed, "byte " + std::to_string(at) + " set to " + std::to_string(value));
      }
    }
  }
}

TEST(RecordCodecFuzz, RandomBytesFromAFixedSeedAreRefusedOrCanonical) {
  std::mt19937 random(20260301);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 96);
  const Bytes header = {'C', 'V', 'R', 1, 1};
  for (int i = 0; i < 20000; ++i) {
    Bytes input;
    // Half the inputs start with a valid header so that they reach the payload decoder.
    if (i % 2 == 1) input = header;
    for (size_t n = length(random); n > 0; --n) input.push_back(static_cast<uint8_t>(byte(random)));
    ExpectSurvives(input, "random input " + std::to_string(i) + " (seed 20260301)");
  }
}

TEST(RecordCodecFuzz, HugeDeclaredLengthsAreRefused) {
  for (const Bytes& seed : SeedCorpus()) {
    for (size_t at : LengthOffsets(seed)) {
      const uint32_t remaining = static_cast<uint32_t>(seed.size() - at - 4);
      for (uint32_t length : {0xffffffffu, 0xfffffffeu, 0x80000000u, 0x7fffffffu, 0x01000000u,
                              remaining + 1, remaining}) {
        Bytes changed = seed;
        for (int i = 0; i < 4; ++i) changed[at + i] = static_cast<uint8_t>(length >> (8 * i));
        if (changed == seed) continue;
        ASSERT_FALSE(DecodeRecord(changed).ok()) << "length " << length << " at " << at;
        ExpectSurvives(changed, "length " + std::to_string(length) + " at " + std::to_string(at));
      }
    }
  }
}

}  // namespace
