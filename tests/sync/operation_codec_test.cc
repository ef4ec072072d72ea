#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "casevault/base/byte_writer.h"
#include "casevault/schema/record_codec.h"
#include "casevault/sync/operation.h"

namespace casevault::sync {
namespace {

using schema::Date;
using schema::DateTime;
using schema::FieldValue;

Id128 IdOf(uint8_t n) {
  Id128 id;
  for (size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<uint8_t>(n + i);
  return id;
}

HlcStamp StampOf(int64_t physical, uint32_t logical, uint8_t device) {
  return {physical, logical, IdOf(device)};
}

Operation Base(OpKind kind) {
  Operation op;
  op.op_id = IdOf(0x10);
  op.record_id = IdOf(0x20);
  op.author_device = IdOf(0x30);
  op.stamp = StampOf(1'772'357'400'000'000, 3, 0x30);
  op.kind = kind;
  return op;
}

// One operation of every kind, each with every part its kind uses filled in.
std::vector<Operation> OneOfEveryKind() {
  Operation create = Base(OpKind::kCreate);
  create.record_type = schema::RecordType::kChronologyEntry;
  create.writes = {
      {"agency", FieldValue(std::string("police")), {}},
      {"event_date", FieldValue(Date{2024, 2, 29}), {}},
      {"recorded_at", FieldValue(DateTime{-62'135'596'800'000'000}), {}},
      {"significant", FieldValue(true), {}},
      {"summary", FieldValue(std::string("\0multi\nline \xff", 13)), {}},
  };

  Operation set = Base(OpKind::kSetFields);
  set.record_type = schema::RecordType::kReportDraft;
  set.writes = {
      {"version",
       FieldValue(int64_t{std::numeric_limits<int64_t>::min()}),
       {StampOf(1, 0, 1), StampOf(-5, 7, 2),
        StampOf(std::numeric_limits<int64_t>::max(), std::numeric_limits<uint32_t>::max(), 3)}},
      {"supersedes", FieldValue(IdOf(0x77)), {StampOf(9, 9, 9)}},
      {"body", std::nullopt, {StampOf(10, 0, 4), StampOf(10, 1, 4)}},
      {std::string(kMaxFieldNameBytes, 'n'), FieldValue(std::string(300, 'x')), {}},
  };

  Operation del = Base(OpKind::kDelete);
  del.covers = {StampOf(100, 0, 1), StampOf(100, 1, 2), StampOf(200, 0, 1)};

  Operation resolve = Base(OpKind::kResolve);
  resolve.writes = {{"summary",
                     FieldValue(std::string("the chosen text")),
                     {StampOf(100, 0, 1), StampOf(101, 0, 2)}}};
  resolve.covers = {StampOf(300, 4, 5)};
  resolve.restore = true;

  Operation attach = Base(OpKind::kAttachFile);
  FileManifest file;
  file.file_id = IdOf(0x40);
  file.chunk_size = 1 << 20;
  file.key_epoch = 3;
  file.plaintext_size = (uint64_t{3} << 20) - 17;
  for (uint8_t i = 0; i < 3; ++i) {
    std::array<uint8_t, 32> hash{};
    hash.fill(static_cast<uint8_t>(0xa0 + i));
    hash[0] = i;
    file.chunk_hashes.push_back(hash);
  }
  file.sealed_file_key = Bytes(73, 0x5c);
  attach.file = file;

  return {create, set, del, resolve, attach};
}

// Expects DecodeOperation to refuse `bytes` with `code` and a message containing `fragment`.
void ExpectRefused(const Bytes& bytes, StatusCode code, const std::string& fragment) {
  auto decoded = DecodeOperation(bytes);
  ASSERT_FALSE(decoded.ok()) << "accepted; expected a message with: " << fragment;
  EXPECT_EQ(decoded.status().code(), code) << decoded.status().ToString();
  EXPECT_NE(decoded.status().message().find(fragment), std::string::npos)
      << decoded.status().message();
}

// Where the parts of an encoding of Base(kind) begin (see the layout in operation_codec.cc).
constexpr size_t kKindOffset = 4 + 3 * 16 + 28;
constexpr size_t kRecordTypeOffset = kKindOffset + 1;
constexpr size_t kWriteCountOffset = kRecordTypeOffset + 2;
constexpr size_t kFirstWriteOffset = kWriteCountOffset + 4;

// Bytes of an operation with no parts after the write count of `writes`, built by hand.
Bytes WithWrites(uint32_t count, const Bytes& writes) {
  Bytes bytes = EncodeOperation(Base(OpKind::kSetFields));
  bytes.resize(kWriteCountOffset);
  AppendU32(bytes, count);
  bytes.insert(bytes.end(), writes.begin(), writes.end());
  AppendU32(bytes, 0);  // covers
  bytes.push_back(0);   // restore
  bytes.push_back(0);   // no file
  return bytes;
}

// A write of a text value encoded as `value` under `name`, with no bases.
Bytes RawWrite(std::string_view name, const Bytes& value) {
  Bytes write;
  AppendLengthPrefixed(write, AsBytes(name));
  write.push_back(1);
  AppendLengthPrefixed(write, value);
  AppendU32(write, 0);
  return write;
}

TEST(OperationCodec, EveryKindRoundTripsExactly) {
  for (const Operation& op : OneOfEveryKind()) {
    const Bytes bytes = EncodeOperation(op);
    auto decoded = DecodeOperation(bytes);
    ASSERT_TRUE(decoded.ok()) << static_cast<int>(op.kind) << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, op) << static_cast<int>(op.kind);
  }
}

TEST(OperationCodec, PartsAKindIgnoresRoundTripToo) {
  Operation odd = OneOfEveryKind()[4];
  odd.kind = OpKind::kDelete;
  odd.record_type = schema::RecordType::kDecisionRecord;
  odd.writes = OneOfEveryKind()[1].writes;
  odd.covers = {StampOf(1, 2, 3)};
  odd.restore = true;
  auto decoded = DecodeOperation(EncodeOperation(odd));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, odd);
}

TEST(OperationCodec, EncodingIsDeterministicAndDistinguishesOperations) {
  const std::vector<Operation> ops = OneOfEveryKind();
  for (size_t i = 0; i < ops.size(); ++i) {
    const Operation copy = ops[i];
    EXPECT_EQ(EncodeOperation(ops[i]), EncodeOperation(copy));
    for (size_t j = 0; j < i; ++j) EXPECT_NE(EncodeOperation(ops[i]), EncodeOperation(ops[j]));
  }
  Operation cleared = ops[1];
  Operation emptied = ops[1];
  cleared.writes[2].value.reset();
  emptied.writes[2].value = FieldValue(std::string());
  EXPECT_NE(EncodeOperation(cleared), EncodeOperation(emptied));
}

TEST(OperationCodec, EncodingStartsWithMagicAndVersionAndUsesTheDocumentedLayout) {
  const Operation op = Base(OpKind::kDelete);
  const Bytes bytes = EncodeOperation(op);
  ASSERT_EQ(bytes.size(), kWriteCountOffset + 4 + 4 + 1 + 1);
  EXPECT_EQ(Bytes(bytes.begin(), bytes.begin() + 4), (Bytes{'C', 'V', 'O', 1}));
  EXPECT_EQ(bytes[4], 0x10);  // the op id's first byte
  EXPECT_EQ(ReadU64(bytes, 52), static_cast<uint64_t>(op.stamp.physical_micros));
  EXPECT_EQ(ReadU32(bytes, 60), 3u);
  EXPECT_EQ(bytes[kKindOffset], 3);
  EXPECT_EQ(bytes[kRecordTypeOffset], 1);  // kCase, the default
  EXPECT_EQ(bytes[kRecordTypeOffset + 1], 0);
  // Field values are schema::EncodeFieldValue blobs.
  Operation set = Base(OpKind::kSetFields);
  set.writes = {{"a", FieldValue(int64_t{2}), {}}};
  const Bytes with_value = EncodeOperation(set);
  const Bytes expected_write = RawWrite("a", schema::EncodeFieldValue(int64_t{2}));
  EXPECT_EQ(Bytes(with_value.begin() + kFirstWriteOffset,
                  with_value.begin() + kFirstWriteOffset + expected_write.size()),
            expected_write);
}

TEST(OperationCodec, ANewerVersionIsUnsupportedAndForeignBytesAreCorruption) {
  Bytes bytes = EncodeOperation(OneOfEveryKind()[0]);
  bytes[3] = 2;
  ExpectRefused(bytes, StatusCode::kUnsupportedVersion, "format version 2; this build reads 1");
  ExpectRefused(Bytes{'C', 'V', 'R', 1}, StatusCode::kCorruption, "do not start with \"CVO\"");
}

TEST(OperationCodec, EveryStrictPrefixIsTruncated) {
  for (const Operation& op : OneOfEveryKind()) {
    const Bytes bytes = EncodeOperation(op);
    for (size_t size = 0; size < bytes.size(); ++size) {
      auto decoded = DecodeOperation(ByteView(bytes).first(size));
      ASSERT_FALSE(decoded.ok()) << "prefix of " << size << " bytes was accepted";
      EXPECT_EQ(decoded.status().code(), StatusCode::kTruncated)
          << size << ": " << decoded.status().ToString();
    }
  }
}

TEST(OperationCodec, TrailingBytesAreCorruption) {
  Bytes bytes = EncodeOperation(OneOfEveryKind()[2]);
  bytes.push_back(0);
  ExpectRefused(bytes, StatusCode::kCorruption, "go on for 1 bytes after their end");
}

TEST(OperationCodec, AnUnknownKindIsCorruption) {
  for (uint8_t kind : {uint8_t{0}, uint8_t{6}, uint8_t{255}}) {
    Bytes bytes = EncodeOperation(Base(OpKind::kDelete));
    bytes[kKindOffset] = kind;
    ExpectRefused(bytes, StatusCode::kCorruption, "kind " + std::to_string(kind));
  }
}

TEST(OperationCodec, AnUnknownRecordTypeIsCorruption) {
  Bytes bytes = EncodeOperation(Base(OpKind::kCreate));
  bytes[kRecordTypeOffset] = 19;
  ExpectRefused(bytes, StatusCode::kCorruption, "record type 19");
  bytes[kRecordTypeOffset] = 0;
  ExpectRefused(bytes, StatusCode::kCorruption, "record type 0");
}

TEST(OperationCodec, FieldNamesMustHaveOneTo128Bytes) {
  const Bytes value = schema::EncodeFieldValue(int64_t{1});
  ExpectRefused(WithWrites(1, RawWrite("", value)), StatusCode::kCorruption,
                "field name of 0 bytes");
  ExpectRefused(WithWrites(1, RawWrite(std::string(kMaxFieldNameBytes + 1, 'n'), value)),
                StatusCode::kCorruption, "field name of 129 bytes; names have 1 to 128");
  EXPECT_TRUE(DecodeOperation(WithWrites(1, RawWrite("n", value))).ok());
}

TEST(OperationCodec, BadFieldValuesAreRefusedWithoutShowingThem) {
  Bytes trailing = schema::EncodeFieldValue(std::string("Jane Doe"));
  trailing.push_back(0);
  ExpectRefused(WithWrites(1, RawWrite("summary", trailing)), StatusCode::kCorruption,
                "after the value ends");
  ExpectRefused(WithWrites(1, RawWrite("summary", Bytes{9, 1})), StatusCode::kCorruption,
                "value kind 9");
  Bytes bad_date = {1};
  AppendU32(bad_date, 2025);
  bad_date.insert(bad_date.end(), {2, 30});
  auto refused = DecodeOperation(WithWrites(1, RawWrite("event_date", bad_date)));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(refused.status().message().find("2025"), std::string::npos);
  // A value blob shorter than the value it holds.
  ExpectRefused(WithWrites(1, RawWrite("summary", Bytes{0, 9, 0, 0, 0, 'J'})),
                StatusCode::kTruncated, "field value bytes end inside");
}

TEST(OperationCodec, FlagsOtherThanZeroOrOneAreCorruption) {
  Bytes has_value = WithWrites(1, RawWrite("a", schema::EncodeFieldValue(true)));
  has_value[kFirstWriteOffset + 4 + 1] = 2;
  ExpectRefused(has_value, StatusCode::kCorruption, "yes/no byte 2");
  Bytes restore = EncodeOperation(Base(OpKind::kResolve));
  restore[restore.size() - 2] = 7;
  ExpectRefused(restore, StatusCode::kCorruption, "yes/no byte 7 in the restore flag");
  Bytes file = EncodeOperation(Base(OpKind::kAttachFile));
  file.back() = 2;
  ExpectRefused(file, StatusCode::kCorruption, "yes/no byte 2 in the file flag");
}

TEST(OperationCodec, HugeCountsAndLengthsAreRefusedBeforeAllocating) {
  // Under AddressSanitizer an allocation of these sizes would abort the test.
  ExpectRefused(WithWrites(0xffffffff, {}), StatusCode::kTruncated,
                "declare 4294967295 field writes");
  Bytes bases = WithWrites(1, RawWrite("a", schema::EncodeFieldValue(true)));
  const size_t base_count_at = bases.size() - 4 - 4 - 2;
  for (int i = 0; i < 4; ++i) bases[base_count_at + i] = 0xff;
  ExpectRefused(bases, StatusCode::kTruncated, "declare 4294967295 base stamps");
  Bytes covers = EncodeOperation(Base(OpKind::kDelete));
  for (int i = 0; i < 4; ++i) covers[kFirstWriteOffset + i] = 0xff;
  ExpectRefused(covers, StatusCode::kTruncated, "declare 4294967295 cover stamps");
  Bytes value = WithWrites(1, RawWrite("a", schema::EncodeFieldValue(true)));
  for (int i = 0; i < 4; ++i) value[kFirstWriteOffset + 4 + 1 + 1 + i] = 0xff;
  ExpectRefused(value, StatusCode::kTruncated, "needs 4294967295 more bytes");
  Bytes hashes = EncodeOperation(OneOfEveryKind()[4]);
  const size_t hash_count_at = kFirstWriteOffset + 4 + 1 + 1 + 16 + 4 + 4 + 8;
  ASSERT_EQ(ReadU32(hashes, hash_count_at), 3u);
  for (int i = 0; i < 4; ++i) hashes[hash_count_at + i] = 0xff;
  ExpectRefused(hashes, StatusCode::kTruncated, "declare 4294967295 chunk hashes");
}

// The decoder's fuzz target, shaped like a libFuzzer entry point. Returns 0 when `input` is
// refused with a documented code and a message, or decodes to an operation that re-encodes to
// exactly `input`; 1 otherwise. Memory errors are left to the sanitizers.
int FuzzDecodeOperation(ByteView input) {
  auto decoded = DecodeOperation(input);
  if (!decoded.ok()) {
    const StatusCode code = decoded.status().code();
    const bool documented = code == StatusCode::kCorruption || code == StatusCode::kTruncated ||
                            code == StatusCode::kUnsupportedVersion;
    return documented && !decoded.status().message().empty() ? 0 : 1;
  }
  return EncodeOperation(*decoded) == Bytes(input.begin(), input.end()) ? 0 : 1;
}

TEST(OperationCodecFuzz, EverySingleByteChangeIsRefusedOrCanonical) {
  for (const Operation& op : OneOfEveryKind()) {
    Bytes seed = EncodeOperation(op);
    for (size_t at = 0; at < seed.size(); ++at) {
      const uint8_t original = seed[at];
      for (uint8_t value : {uint8_t{0x00}, uint8_t{0xff}, static_cast<uint8_t>(original ^ 0x01),
                            static_cast<uint8_t>(original + 0x80)}) {
        if (value == original) continue;
        seed[at] = value;
        ASSERT_EQ(FuzzDecodeOperation(seed), 0) << "byte " << at << " set to " << int{value} << ": "
                                                << DecodeOperation(seed).status().ToString();
      }
      seed[at] = original;
    }
  }
}

TEST(OperationCodecFuzz, RandomBytesFromAFixedSeedAreRefusedOrCanonical) {
  std::mt19937 random(20260302);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 160);
  const Bytes valid = EncodeOperation(Base(OpKind::kSetFields));
  // Most inputs start with a valid header, or a valid operation up to its kind or up to its
  // writes, so that they reach the deeper parts of the decoder.
  const size_t prefixes[] = {0, 4, kKindOffset, kWriteCountOffset};
  for (int i = 0; i < 20000; ++i) {
    Bytes input(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(prefixes[i % 4]));
    if (i % 4 == 3) AppendU32(input, static_cast<uint32_t>(byte(random) % 3));
    for (size_t n = length(random); n > 0; --n) input.push_back(static_cast<uint8_t>(byte(random)));
    ASSERT_EQ(FuzzDecodeOperation(input), 0)
        << "random input " << i
        << " (seed 20260302): " << DecodeOperation(input).status().ToString();
  }
}

}  // namespace
}  // namespace casevault::sync
