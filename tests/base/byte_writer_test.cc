#include "casevault/base/byte_writer.h"

#include <gtest/gtest.h>

#include "casevault/base/byte_reader.h"

namespace casevault {
namespace {

TEST(ByteWriter, WritesTheLayoutByteReaderReads) {
  Id128 id;
  for (size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<uint8_t>(i * 3);
  Bytes out;
  AppendU16(out, 0xbeef);
  AppendId(out, id);
  AppendLengthPrefixed(out, AsBytes("shared"));
  AppendLengthPrefixed(out, {});
  EXPECT_EQ(out.size(), 2u + 16u + 4u + 6u + 4u);
  EXPECT_EQ(out[0], 0xef);
  EXPECT_EQ(out[1], 0xbe);
  EXPECT_EQ(ReadU32(out, 18), 6u);

  ByteReader reader(out, "test bytes");
  EXPECT_EQ(*reader.ReadU16("a"), 0xbeef);
  EXPECT_EQ(*reader.ReadId("b"), id);
  EXPECT_EQ(AsChars(*reader.ReadLengthPrefixed("c")), "shared");
  EXPECT_TRUE(reader.ReadLengthPrefixed("d")->empty());
  EXPECT_TRUE(reader.ExpectEnd().ok());
}

}  // namespace
}  // namespace casevault
