#include "casevault/client/cli/passphrase.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace casevault::client::cli {
namespace {

using casevault::testing::TempDir;

// A stream holding `text`, read from its start.
std::FILE* StreamOf(const std::string& text) {
  std::FILE* stream = std::tmpfile();
  std::fputs(text.c_str(), stream);
  std::rewind(stream);
  return stream;
}

TEST(Passphrase, TheFileComesFirstThenTheVariableThenInput) {
  TempDir dir;
  const std::string file = dir.File("pass");
  std::FILE* written = std::fopen(file.c_str(), "w");
  std::fputs("from file\r\nsecond line\n", written);
  std::fclose(written);
  std::FILE* in = StreamOf("from input\n");
  PassphraseSources sources{file, "from variable", in, stderr};
  EXPECT_EQ(ObtainPassphrase(sources, "passphrase", false)->text(), "from file");
  sources.file.reset();
  EXPECT_EQ(ObtainPassphrase(sources, "passphrase", false)->text(), "from variable");
  sources.variable.reset();
  EXPECT_EQ(ObtainPassphrase(sources, "passphrase", true)->text(), "from input")
      << "input that is not a terminal is read once, without confirmation";
  std::fclose(in);
}

TEST(Passphrase, MissingEmptyAndAbsentPassphrasesAreRefused) {
  TempDir dir;
  PassphraseSources sources;
  sources.file = dir.File("absent");
  EXPECT_EQ(ObtainPassphrase(sources, "p", false).status().code(), StatusCode::kNotFound);
  sources.file.reset();
  sources.variable = "";
  EXPECT_EQ(ObtainPassphrase(sources, "p", false).status().code(), StatusCode::kInvalidArgument);
  sources.variable.reset();
  sources.in = StreamOf("\n");
  Result<Passphrase> empty = ObtainPassphrase(sources, "p", false);
  EXPECT_EQ(empty.status().message(), "the passphrase is empty");
  std::fclose(sources.in);
  sources.in = StreamOf("");
  Result<Passphrase> none = ObtainPassphrase(sources, "p", false);
  EXPECT_NE(none.status().message().find("CASEVAULT_PASSPHRASE"), std::string::npos);
  std::fclose(sources.in);
}

TEST(Passphrase, AnOverlongLineIsRefused) {
  std::FILE* in = StreamOf(std::string(kMaxPassphraseBytes + 1, 'x') + "\n");
  EXPECT_EQ(Passphrase::ReadLine(in).status().code(), StatusCode::kInvalidArgument);
  std::fclose(in);
}

TEST(Passphrase, EqualityComparesLengthAndContent) {
  EXPECT_TRUE(Passphrase::Of("abc").Equals(Passphrase::Of("abc")));
  EXPECT_FALSE(Passphrase::Of("abc").Equals(Passphrase::Of("abcd")));
  EXPECT_FALSE(Passphrase::Of("abc").Equals(Passphrase::Of("abd")));
}

}  // namespace
}  // namespace casevault::client::cli
