#include "casevault/client/cli/progress_bar.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/stream_text.h"

namespace casevault::client::cli {
namespace {

TEST(ProgressBar, TheLineShowsTheBarPercentageAndDetail) {
  EXPECT_EQ(ProgressLine("file", 5, 10, "5/10 chunks", 10), "file [#####.....]  50%  5/10 chunks");
  EXPECT_EQ(ProgressLine("file", 0, 3, "", 4), "file [....]   0%");
  EXPECT_EQ(ProgressLine("file", 0, 0, "", 4), "file [####] 100%") << "nothing to do is done";
  EXPECT_EQ(ProgressLine("file", 7, 5, "", 4), "file [####] 100%");
}

TEST(ProgressBar, RedrawsInPlaceOnlyWhenThePercentageChangesAndErasesItselfAtTheEnd) {
  std::FILE* terminal = std::tmpfile();
  {
    ProgressBar bar(terminal);
    bar.Say("case 1234 (referred)");
    bar.Update("file", 1, 1000, "");
    bar.Update("file", 2, 1000, "");
    bar.Update("file", 1000, 1000, "");
  }
  const std::string drawn = casevault::testing::ReadAndClose(terminal);
  EXPECT_EQ(drawn,
            "\r\033[Kcase 1234 (referred)"
            "\r\033[K" +
                ProgressLine("file", 1, 1000, "") + "\r\033[K" +
                ProgressLine("file", 1000, 1000, "") + "\r\033[K");
}

TEST(ProgressBar, WithoutATerminalItDrawsNothing) {
  ProgressBar bar(nullptr);
  bar.Update("file", 1, 2, "");
  bar.Say("text");
  bar.Clear();
}

}  // namespace
}  // namespace casevault::client::cli
