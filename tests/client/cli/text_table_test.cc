#include "casevault/client/cli/text_table.h"

#include <gtest/gtest.h>

namespace casevault::client::cli {
namespace {

TEST(TextTable, AlignsColumnsToTheWidestCellCountingCharacters) {
  TextTable table({"NAME", "STATE", "NOTE"});
  table.AddRow({"Zoë", "active"});
  table.AddRow({"Bartholomew", "revoked", "lost"});
  EXPECT_EQ(table.Render(),
            "NAME         STATE    NOTE\n"
            "Zoë          active\n"
            "Bartholomew  revoked  lost\n");
}

TEST(TextTable, AnEmptyTableIsJustItsHeadings) {
  TextTable table({"A", "B"});
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.Render(), "A  B\n");
}

}  // namespace
}  // namespace casevault::client::cli
