#include "casevault/base/env.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "testing/temp_dir.h"

namespace casevault {
namespace {

using testing::TempDir;

Status WriteWhole(Env& env, const std::string& path, std::string_view text) {
  CV_ASSIGN_OR_RETURN(auto file, env.NewWritableFile(path));
  CV_RETURN_IF_ERROR(file->Append(AsBytes(text)));
  CV_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

std::string ReadWhole(Env& env, const std::string& path) {
  Result<Bytes> bytes = ReadFileToBytes(env, path);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? std::string(AsChars(*bytes)) : std::string();
}

TEST(PosixEnv, WrittenFileReadsBackWithItsSize) {
  TempDir dir;
  Env& env = Env::Default();
  ASSERT_TRUE(WriteWhole(env, dir.File("a"), "chronology").ok());
  EXPECT_TRUE(env.FileExists(dir.File("a")));
  EXPECT_EQ(ReadWhole(env, dir.File("a")), "chronology");
  EXPECT_EQ(*env.GetFileSize(dir.File("a")), 10u);
}

TEST(PosixEnv, SequentialReadsReturnZeroAtTheEnd) {
  TempDir dir;
  Env& env = Env::Default();
  ASSERT_TRUE(WriteWhole(env, dir.File("a"), "abcde").ok());
  auto file = env.NewSequentialFile(dir.File("a"));
  ASSERT_TRUE(file.ok());
  uint8_t buffer[3];
  EXPECT_EQ(*(*file)->Read(buffer), 3u);
  EXPECT_EQ(*(*file)->Read(buffer), 2u);
  EXPECT_EQ(*(*file)->Read(buffer), 0u);
}

TEST(PosixEnv, MissingFileIsNotFound) {
  TempDir dir;
  Env& env = Env::Default();
  EXPECT_FALSE(env.FileExists(dir.File("missing")));
  EXPECT_EQ(env.NewSequentialFile(dir.File("missing")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(env.RemoveFile(dir.File("missing")).code(), StatusCode::kNotFound);
  EXPECT_EQ(env.GetFileSize(dir.File("missing")).status().code(), StatusCode::kNotFound);
}

TEST(PosixEnv, CreateDirsMakesParentsAndListDirNamesEntries) {
  TempDir dir;
  Env& env = Env::Default();
  ASSERT_TRUE(env.CreateDirs(dir.File("x/y/z")).ok());
  ASSERT_TRUE(env.CreateDirs(dir.File("x/y/z")).ok());
  ASSERT_TRUE(WriteWhole(env, dir.File("x/y/one"), "1").ok());
  auto names = env.ListDir(dir.File("x/y"));
  ASSERT_TRUE(names.ok());
  std::sort(names->begin(), names->end());
  EXPECT_EQ(*names, (std::vector<std::string>{"one", "z"}));
}

TEST(PosixEnv, RenameReplacesTheTarget) {
  TempDir dir;
  Env& env = Env::Default();
  ASSERT_TRUE(WriteWhole(env, dir.File("old"), "old").ok());
  ASSERT_TRUE(WriteWhole(env, dir.File("new"), "new").ok());
  ASSERT_TRUE(env.RenameFile(dir.File("new"), dir.File("old")).ok());
  EXPECT_EQ(ReadWhole(env, dir.File("old")), "new");
  EXPECT_FALSE(env.FileExists(dir.File("new")));
}

TEST(PosixEnv, ClockIsNearTheSystemTime) {
  const int64_t now = Env::Default().NowMicros();
  EXPECT_GT(now, int64_t{1'700'000'000} * 1'000'000);  // after November 2023
}

TEST(PosixEnv, RandomBytesDifferBetweenDraws) {
  Bytes a(32), b(32);
  Env::Default().RandomBytes(a);
  Env::Default().RandomBytes(b);
  EXPECT_NE(a, b);
}

TEST(AtomicWrite, ReplacesContentAndLeavesNoTemporaryFile) {
  TempDir dir;
  Env& env = Env::Default();
  const std::string path = dir.File("keystore");
  ASSERT_TRUE(WriteFileAtomically(env, path, AsBytes("first")).ok());
  ASSERT_TRUE(WriteFileAtomically(env, path, AsBytes("second")).ok());
  EXPECT_EQ(ReadWhole(env, path), "second");
  EXPECT_EQ(*env.ListDir(dir.path()), std::vector<std::string>{"keystore"});
}

TEST(AtomicWrite, IntoMissingDirectoryFailsClearly) {
  TempDir dir;
  Status status = WriteFileAtomically(Env::Default(), dir.File("no/such/file"), AsBytes("x"));
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("no/such/file"), std::string::npos);
}

TEST(DirName, SplitsAtTheLastSlash) {
  EXPECT_EQ(DirName("/a/b/c"), "/a/b");
  EXPECT_EQ(DirName("/c"), "/");
  EXPECT_EQ(DirName("c"), ".");
}

}  // namespace
}  // namespace casevault
