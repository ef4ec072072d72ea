#include "casevault/client/cli/text_editor.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "testing/temp_dir.h"

namespace casevault::client::cli {
namespace {

using casevault::testing::TempDir;

// Writes an executable shell script at `path`.
void WriteScript(const std::string& path, const std::string& body) {
  std::ofstream(path) << "#!/bin/sh\n" << body;
  ::chmod(path.c_str(), 0700);
}

TEST(TextEditor, TheEditorSeesTheTextAndItsSavedTextComesBackAndTheFileIsGone) {
  TempDir dir;
  const std::string editor = dir.File("editor");
  const std::string seen = dir.File("seen");
  // Keeps a copy of what it was given, checks the file is private, then replaces the text.
  WriteScript(editor, "cp \"$1\" " + seen + "\n" +
                          "[ \"$(stat -c %a \"$1\")\" = 600 ] || exit 3\n"
                          "printf 'edited\\nlines' > \"$1\"\n");
  std::filesystem::create_directory(dir.File("work"));
  Result<std::string> edited = EditText(editor, dir.File("work"), "original text");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(*edited, "edited\nlines");
  std::ifstream given(seen);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(given), {}), "original text");
  EXPECT_TRUE(std::filesystem::is_empty(dir.File("work"))) << "the plaintext file was removed";
}

TEST(TextEditor, AFailingEditorChangesNothingAndLeavesNoFile) {
  TempDir dir;
  std::filesystem::create_directory(dir.File("work"));
  Result<std::string> edited = EditText("false", dir.File("work"), "text");
  EXPECT_EQ(edited.status().code(), StatusCode::kInternal);
  EXPECT_NE(edited.status().message().find("nothing was changed"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir.File("work")));
}

TEST(TextEditor, AnEditorCommandWithArgumentsAndAPathWithQuotesWork) {
  TempDir dir;
  const std::string work = dir.File("it's here");
  std::filesystem::create_directory(work);
  Result<std::string> edited = EditText("sed -i s/a/b/", work, "banana");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(*edited, "bbnana");
}

}  // namespace
}  // namespace casevault::client::cli
