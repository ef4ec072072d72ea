#include "casevault/base/bytes.h"

#include <gtest/gtest.h>

namespace casevault {
namespace {

TEST(Bytes, HexIsLowercaseTwoDigitsPerByte) {
  const Bytes bytes = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(ToHex(bytes), "000fa0ff");
  EXPECT_EQ(ToHex(Bytes{}), "");
}

TEST(Bytes, LittleEndianIntegersRoundTrip) {
  Bytes out;
  AppendU32(out, 0x01020304u);
  AppendU64(out, 0x1122334455667788ull);
  ASSERT_EQ(out.size(), 12u);
  EXPECT_EQ(out[0], 0x04);
  EXPECT_EQ(out[3], 0x01);
  EXPECT_EQ(out[4], 0x88);
  EXPECT_EQ(ReadU32(out, 0), 0x01020304u);
  EXPECT_EQ(ReadU64(out, 4), 0x1122334455667788ull);
}

TEST(Bytes, CharsAndBytesViewTheSameStorage) {
  const std::string text = "case";
  ByteView view = AsBytes(text);
  ASSERT_EQ(view.size(), 4u);
  EXPECT_EQ(view[0], 'c');
  EXPECT_EQ(AsChars(view), "case");
}

}  // namespace
}  // namespace casevault
