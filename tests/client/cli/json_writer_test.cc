#include "casevault/client/cli/json_writer.h"

#include <gtest/gtest.h>

namespace casevault::client::cli {
namespace {

TEST(JsonWriter, PlacesCommasAndColonsInNestedContainers) {
  JsonWriter json;
  json.BeginObject()
      .Field("case", "ab")
      .Field("count", 3)
      .Field("ok", true)
      .Key("none")
      .Null()
      .Field("roles", std::vector<std::string>{"reviewer", "panel_member"})
      .Key("items")
      .BeginArray()
      .BeginObject()
      .Field("n", int64_t{-1})
      .EndObject()
      .BeginObject()
      .EndObject()
      .EndArray()
      .EndObject();
  EXPECT_EQ(json.text(),
            R"({"case":"ab","count":3,"ok":true,"none":null,"roles":["reviewer","panel_member"],)"
            R"("items":[{"n":-1},{}]})");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\te\x01\x7f"), R"("a\"b\\c\nd\te\u0001\u007f")");
}

TEST(JsonWriter, PassesValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(JsonQuote("Zoë – 👍"), "\"Zoë – 👍\"");
  EXPECT_EQ(JsonQuote("a\xff"
                      "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(JsonQuote("\xc3"), R"("\ufffd")") << "a truncated sequence";
  EXPECT_EQ(JsonQuote("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")") << "a surrogate";
  EXPECT_EQ(JsonQuote("\xc0\xaf"), R"("\ufffd\ufffd")") << "an overlong form";
}

}  // namespace
}  // namespace casevault::client::cli
