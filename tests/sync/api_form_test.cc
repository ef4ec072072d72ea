#include "casevault/sync/api_form.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>

namespace casevault::sync {
namespace {

TEST(ApiForm, ValuesRoundTripWhateverBytesTheyHold) {
  ApiForm form;
  const std::string awkward("Si\xc3\xa2n O'Neil\n%0a=\r\x01\x7f end", 23);
  form.Set("name", awkward).Set("count", "42").SetHex("key", Bytes{0, 1, 0xfe});
  const Bytes wire = form.Encode();
  EXPECT_EQ(std::count(wire.begin(), wire.end(), '\n'), 3) << "one line per value";
  Result<ApiForm> decoded = ApiForm::Decode(wire);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, form);
  EXPECT_EQ(*decoded->Get("name"), awkward);
  EXPECT_EQ(*decoded->GetInt("count"), 42);
  EXPECT_EQ(*decoded->GetHex("key", 3), (Bytes{0, 1, 0xfe}));
}

TEST(ApiForm, TypedGettersRefuseWrongValuesNamingTheField) {
  ApiForm form;
  form.Set("id", "xyz").Set("n", "12a").Set("hex", "abc");
  EXPECT_NE(form.GetId("id").status().message().find("id"), std::string::npos);
  EXPECT_EQ(form.GetInt("n").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(form.GetHex("hex").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(form.GetHex("missing").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(form.GetOr("missing", "default"), "default");
  EXPECT_EQ(form.SetHex("hex", Bytes{1, 2}).GetHex("hex", 3).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ApiForm, MalformedInputIsRefused) {
  for (const std::string& bad : std::initializer_list<std::string>{
           "name=value", "=value\n", "Name=value\n", "name value\n", "a=1\na=2\n", "a=%zz\n",
           "a=%0\n", std::string("a=\x01\n", 4), "na-me=1\n"}) {
    EXPECT_EQ(ApiForm::Decode(AsBytes(bad)).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(ApiForm::Decode({})->Encode().empty());
  const std::string huge = "a=" + std::string(kMaxFormBytes, 'x') + "\n";
  EXPECT_EQ(ApiForm::Decode(AsBytes(huge)).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace casevault::sync
