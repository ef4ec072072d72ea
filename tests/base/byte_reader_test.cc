#include "casevault/base/byte_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace casevault {
namespace {

// Expects `status` to be `code` with a message containing `fragment`.
void ExpectFailure(const Status& status, StatusCode code, const std::string& fragment) {
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_NE(status.message().find(fragment), std::string::npos) << status.message();
}

TEST(ByteReader, ReadsLittleEndianIntegersIdsAndBytesInOrder) {
  Bytes bytes = {0x07, 0x34, 0x12};
  AppendU32(bytes, 0xdeadbeef);
  AppendU64(bytes, 0x0102030405060708ull);
  bytes.push_back(1);
  for (uint8_t i = 0; i < 16; ++i) bytes.push_back(i);
  AppendU32(bytes, 3);
  bytes.insert(bytes.end(), {'a', 'b', 'c'});

  ByteReader reader(bytes, "test bytes");
  EXPECT_EQ(*reader.ReadU8("a"), 0x07);
  EXPECT_EQ(*reader.ReadU16("b"), 0x1234);
  EXPECT_EQ(*reader.ReadU32("c"), 0xdeadbeefu);
  EXPECT_EQ(*reader.ReadU64("d"), 0x0102030405060708ull);
  EXPECT_EQ(*reader.ReadBool("e"), true);
  Result<Id128> id = reader.ReadId("f");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->ToHex(), "000102030405060708090a0b0c0d0e0f");
  Result<ByteView> text = reader.ReadLengthPrefixed("g");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(AsChars(*text), "abc");
  EXPECT_EQ(reader.remaining(), 0u);
  EXPECT_TRUE(reader.ExpectEnd().ok());
}

TEST(ByteReader, AReadPastTheEndIsTruncatedAndNamesWhatWasBeingRead) {
  const Bytes bytes = {1, 2, 3};
  ByteReader reader(bytes, "test bytes");
  ExpectFailure(reader.ReadU32("the count").status(), StatusCode::kTruncated,
                "test bytes end inside the count: it needs 4 more bytes and 3 remain");
  // A failed read consumes nothing.
  EXPECT_EQ(reader.remaining(), 3u);
  EXPECT_TRUE(reader.ReadU16("x").ok());
  ExpectFailure(reader.ReadU16("y").status(), StatusCode::kTruncated, "needs 2");
  ExpectFailure(reader.ReadU64("z").status(), StatusCode::kTruncated, "needs 8");
  ExpectFailure(reader.ReadId("id").status(), StatusCode::kTruncated, "needs 16");
  EXPECT_TRUE(reader.ReadU8("w").ok());
  ExpectFailure(reader.ReadU8("v").status(), StatusCode::kTruncated, "needs 1 more bytes and 0");
}

TEST(ByteReader, HugeLengthsAreRefusedBeforeAnythingIsRead) {
  Bytes bytes;
  AppendU32(bytes, 0xffffffff);
  bytes.push_back('x');
  ByteReader reader(bytes, "test bytes");
  ExpectFailure(reader.ReadLengthPrefixed("a name").status(), StatusCode::kTruncated,
                "needs 4294967295 more bytes and 1 remain");
  ByteReader direct(bytes, "test bytes");
  ExpectFailure(direct.ReadBytes(size_t{1} << 40, "a blob").status(), StatusCode::kTruncated,
                "a blob");
}

TEST(ByteReader, CountsTheRemainingBytesCannotHoldAreTruncated) {
  Bytes bytes;
  AppendU32(bytes, 3);
  bytes.resize(bytes.size() + 3 * 8);
  ByteReader fits(bytes, "test bytes");
  EXPECT_EQ(*fits.ReadCount(8, "stamps"), 3u);
  ByteReader too_many(bytes, "test bytes");
  ExpectFailure(too_many.ReadCount(9, "stamps").status(), StatusCode::kTruncated,
                "declare 3 stamps but the 24 bytes left hold at most 2");
  Bytes huge;
  AppendU32(huge, 0xffffffff);
  ByteReader reader(huge, "test bytes");
  ExpectFailure(reader.ReadCount(1, "items").status(), StatusCode::kTruncated,
                "declare 4294967295 items");
}

TEST(ByteReader, AYesNoByteOtherThanZeroOrOneIsCorruption) {
  const Bytes bytes = {0, 2};
  ByteReader reader(bytes, "test bytes");
  EXPECT_EQ(*reader.ReadBool("a flag"), false);
  ExpectFailure(reader.ReadBool("the restore flag").status(), StatusCode::kCorruption,
                "test bytes hold yes/no byte 2 in the restore flag");
}

TEST(ByteReader, TrailingBytesAreCorruption) {
  const Bytes bytes = {1, 2, 3};
  ByteReader reader(bytes, "test bytes");
  ASSERT_TRUE(reader.ReadU8("a").ok());
  ExpectFailure(reader.ExpectEnd(), StatusCode::kCorruption,
                "test bytes go on for 2 bytes after their end");
}

TEST(ByteReader, HeaderChecksMagicThenVersion) {
  const Bytes good = {'C', 'V', 'X', 1, 9};
  ByteReader reader(good, "test bytes");
  ASSERT_TRUE(reader.ReadHeader("CVX", 1).ok());
  EXPECT_EQ(*reader.ReadU8("rest"), 9);

  ExpectFailure(ByteReader(good, "test bytes").ReadHeader("CVX", 2),
                StatusCode::kUnsupportedVersion,
                "test bytes have format version 1; this build reads 2");
  ExpectFailure(ByteReader(Bytes{'C', 'V', 'Y', 1}, "test bytes").ReadHeader("CVX", 1),
                StatusCode::kCorruption, "test bytes do not start with \"CVX\"");
  // Short foreign bytes are foreign; short bytes that could still be a header are truncated.
  ExpectFailure(ByteReader(Bytes{'{'}, "test bytes").ReadHeader("CVX", 1), StatusCode::kCorruption,
                "do not start with");
  for (size_t size = 0; size < 4; ++size) {
    ExpectFailure(ByteReader(ByteView(good).first(size), "test bytes").ReadHeader("CVX", 1),
                  StatusCode::kTruncated, "the header");
  }
}

}  // namespace
}  // namespace casevault
