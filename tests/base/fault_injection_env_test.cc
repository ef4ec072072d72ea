#include "casevault/base/fault_injection_env.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace casevault {
namespace {

using testing::TempDir;

std::string ReadWhole(const std::string& path) {
  Result<Bytes> bytes = ReadFileToBytes(Env::Default(), path);
  return bytes.ok() ? std::string(AsChars(*bytes)) : "<" + bytes.status().ToString() + ">";
}

TEST(FaultInjectionEnv, CrashAtEveryStepOfAnAtomicWriteLeavesOldOrNewContent) {
  TempDir dir;
  const std::string path = dir.File("keystore");
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), path, AsBytes("old content")).ok());

  uint64_t crash_points = 0;
  for (uint64_t n = 0;; ++n) {
    FaultInjectionEnv env(Env::Default());
    env.CrashAtMutation(n);
    Status status = WriteFileAtomically(env, path, AsBytes("new content, longer"));
    ASSERT_TRUE(env.DropUnsyncedData().ok());
    const std::string content = ReadWhole(path);
    if (status.ok()) {
      EXPECT_FALSE(env.crashed());
      EXPECT_EQ(content, "new content, longer");
      break;
    }
    ++crash_points;
    EXPECT_TRUE(env.crashed()) << status.ToString();
    EXPECT_TRUE(content == "old content" || content == "new content, longer")
        << "crash at mutation " << n << " left: " << content;
    // Put the old content back for the next crash point.
    ASSERT_TRUE(WriteFileAtomically(Env::Default(), path, AsBytes("old content")).ok());
  }
  // create, append, sync, close, rename, directory sync.
  EXPECT_EQ(crash_points, 6u);
}

TEST(FaultInjectionEnv, CrashBeforeRenameKeepsTheOldFile) {
  TempDir dir;
  const std::string path = dir.File("f");
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), path, AsBytes("old")).ok());
  FaultInjectionEnv env(Env::Default());
  env.CrashAtMutation(4);  // create, append, sync, close, then the rename
  Status status = WriteFileAtomically(env, path, AsBytes("new"));
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("simulated crash before rename"), std::string::npos);
  ASSERT_TRUE(env.DropUnsyncedData().ok());
  EXPECT_EQ(ReadWhole(path), "old");
}

TEST(FaultInjectionEnv, DropUnsyncedDataLosesWritesAfterTheLastSync) {
  TempDir dir;
  FaultInjectionEnv env(Env::Default());
  auto file = env.NewWritableFile(dir.File("log"));
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append(AsBytes("durable")).ok());
  ASSERT_TRUE((*file)->Sync().ok());
  ASSERT_TRUE((*file)->Append(AsBytes(" lost")).ok());
  ASSERT_TRUE((*file)->Close().ok());
  EXPECT_EQ(ReadWhole(dir.File("log")), "durable lost");
  ASSERT_TRUE(env.DropUnsyncedData().ok());
  EXPECT_EQ(ReadWhole(dir.File("log")), "durable");
}

TEST(FaultInjectionEnv, FailedNthWriteLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  const std::string path = dir.File("f");
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), path, AsBytes("old")).ok());
  FaultInjectionEnv env(Env::Default());
  env.FailWriteNumber(0);
  Status status = WriteFileAtomically(env, path, AsBytes("new"));
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(ReadWhole(path), "old");
  EXPECT_FALSE(Env::Default().FileExists(path + ".tmp"));
  // Only the chosen write fails.
  EXPECT_TRUE(WriteFileAtomically(env, path, AsBytes("new")).ok());
  EXPECT_EQ(ReadWhole(path), "new");
}

TEST(FaultInjectionEnv, FullDiskGivesNoSpaceAndLeavesTheOldFile) {
  TempDir dir;
  const std::string path = dir.File("f");
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), path, AsBytes("old")).ok());
  FaultInjectionEnv env(Env::Default());
  env.SetFreeSpace(5);
  Status status = WriteFileAtomically(env, path, AsBytes("more than five bytes"));
  EXPECT_EQ(status.code(), StatusCode::kNoSpace);
  EXPECT_EQ(ReadWhole(path), "old");
  EXPECT_TRUE(WriteFileAtomically(env, path, AsBytes("tiny")).ok());
}

TEST(FaultInjectionEnv, ClearFaultsEndsTheCrash) {
  TempDir dir;
  FaultInjectionEnv env(Env::Default());
  env.CrashAtMutation(0);
  EXPECT_FALSE(env.CreateDirs(dir.File("d")).ok());
  EXPECT_TRUE(env.crashed());
  env.ClearFaults();
  EXPECT_FALSE(env.crashed());
  EXPECT_TRUE(env.CreateDirs(dir.File("d")).ok());
  EXPECT_EQ(env.mutation_count(), 2u);
}

TEST(FaultInjectionEnv, ClockOffsetShiftsTime) {
  FaultInjectionEnv env(Env::Default());
  const int64_t day = int64_t{24} * 3600 * 1'000'000;
  env.SetClockOffsetMicros(-day);
  const int64_t shifted = env.NowMicros();
  const int64_t real = Env::Default().NowMicros();
  EXPECT_NEAR(static_cast<double>(real - shifted), static_cast<double>(day), 60e6);
}

TEST(FaultInjectionEnv, SeededRandomnessRepeats) {
  FaultInjectionEnv a(Env::Default()), b(Env::Default());
  a.SetRandomSeed(42);
  b.SetRandomSeed(42);
  Bytes x(37), y(37);
  a.RandomBytes(x);
  b.RandomBytes(y);
  EXPECT_EQ(x, y);
  b.RandomBytes(y);
  EXPECT_NE(x, y);
}

}  // namespace
}  // namespace casevault
