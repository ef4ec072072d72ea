#include "casevault/client/cli/arguments.h"

#include <gtest/gtest.h>

namespace casevault::client::cli {
namespace {

TEST(Arguments, SplitsWordsOptionsAndSwitchesWhereverTheyStand) {
  Result<Arguments> args = Arguments::Parse(
      {"--json", "record", "add", "--case", "ab", "--field=title=A = B", "--field", "x=", "path"});
  ASSERT_TRUE(args.ok()) << args.status().ToString();
  EXPECT_EQ(args->words(), (std::vector<std::string>{"record", "add", "path"}));
  EXPECT_TRUE(args->Has("--json"));
  EXPECT_EQ(args->Value("--case"), "ab");
  EXPECT_EQ(args->Values("--field"), (std::vector<std::string>{"title=A = B", "x="}));
  EXPECT_FALSE(args->Has("--home"));
  EXPECT_EQ(args->Value("--home"), std::nullopt);
}

TEST(Arguments, TheLastValueOfARepeatedOptionWins) {
  Result<Arguments> args = Arguments::Parse({"--case", "a", "--case", "b"});
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(args->Value("--case"), "b");
}

TEST(Arguments, DoubleDashMakesTheRestWords) {
  Result<Arguments> args = Arguments::Parse({"file", "secure", "--", "--odd-name.pdf"});
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(args->words(), (std::vector<std::string>{"file", "secure", "--odd-name.pdf"}));
}

TEST(Arguments, UnknownOptionsMissingValuesAndValuedSwitchesAreRefused) {
  Result<Arguments> unknown = Arguments::Parse({"sync", "--frobnicate"});
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("--frobnicate"), std::string::npos);
  Result<Arguments> missing = Arguments::Parse({"case", "show", "--case"});
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("--case needs a value"), std::string::npos);
  EXPECT_EQ(Arguments::Parse({"--json=yes"}).status().code(), StatusCode::kInvalidArgument);
}

TEST(Arguments, TypedAccessorsNameTheOptionOnBadInput) {
  Result<Arguments> args = Arguments::Parse(
      {"--case", std::string(32, 'a'), "--user", "bob", "--hours", "12", "--days", "0"});
  ASSERT_TRUE(args.ok());
  EXPECT_TRUE(args->RequiredId("--case").ok());
  Result<Id128> user = args->RequiredId("--user");
  EXPECT_EQ(user.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(user.status().message().find("--user takes an id"), std::string::npos);
  EXPECT_EQ(args->Required("--record").status().message(), "give --record");
  Result<std::optional<int>> hours = args->OptionalInt("--hours", 1, 24);
  ASSERT_TRUE(hours.ok());
  EXPECT_EQ(*hours, 12);
  EXPECT_FALSE(args->OptionalInt("--days", 1, 365).ok());
  Result<std::optional<int>> absent = args->OptionalInt("--pick", 1, 3);
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(*absent, std::nullopt);
}

TEST(Arguments, CheckAllowedNamesAnOptionTheCommandDoesNotTake) {
  Result<Arguments> args = Arguments::Parse({"sync", "--json", "--case", "x"});
  ASSERT_TRUE(args.ok());
  const std::string_view sync_options[] = {"--json"};
  const Status refused = args->CheckAllowed(sync_options, "sync");
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("--case does not apply to `casevault sync`"), std::string::npos);
  const std::string_view more[] = {"--json", "--case"};
  EXPECT_TRUE(args->CheckAllowed(more, "sync").ok());
}

}  // namespace
}  // namespace casevault::client::cli
