#include "casevault/crypto/keystore.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "casevault/base/fault_injection_env.h"
#include "casevault/crypto/hash.h"
#include "testing/bytes.h"
#include "testing/temp_dir.h"

namespace casevault::crypto {
namespace {

using casevault::testing::TempDir;
using casevault::testing::ToBytes;

// The layout documented in keystore.h: "CVKS" | version | kdf | opslimit (u64) | memlimit (u64) |
// salt (16) | nonce (24) | sealed identity (113 + 16-byte tag) | BLAKE2b-256 checksum.
constexpr size_t kHeaderSize = 4 + 1 + 1 + 8 + 8 + 16 + 24;
constexpr size_t kSaltOffset = 4 + 1 + 1 + 8 + 8;
constexpr size_t kNonceOffset = kSaltOffset + 16;
constexpr size_t kIdentitySize = 1 + 16 + 64 + 32;
constexpr size_t kChecksumSize = 32;
constexpr size_t kFileSize = kHeaderSize + kIdentitySize + 16 + kChecksumSize;

constexpr std::string_view kOld = "correct horse battery staple";
constexpr std::string_view kNew = "Tr0ub4dor&3 plus some more words";

// Recomputes the trailing checksum, as someone deliberately editing the file would.
Bytes WithFreshChecksum(Bytes file) {
  const Hash256 checksum = Blake2b256(ByteView(file).first(file.size() - kChecksumSize));
  std::copy(checksum.begin(), checksum.end(), file.end() - kChecksumSize);
  return file;
}

void PutU64(Bytes& file, size_t at, uint64_t value) {
  for (int i = 0; i < 8; ++i) file[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

class Keystore : public ::testing::Test {
 protected:
  Status Create(std::string_view passphrase = kOld) {
    return CreateKeystore(env_, path_, passphrase, identity_, KdfParams::Interactive());
  }

  Bytes ReadKeystore() {
    auto file = ReadFileToBytes(env_, path_);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    return file.ok() ? *file : Bytes{};
  }

  void WriteKeystore(ByteView content) {
    auto file = env_.NewWritableFile(path_);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    ASSERT_TRUE((*file)->Append(content).ok());
    ASSERT_TRUE((*file)->Close().ok());
  }

  void ExpectIsOurIdentity(const DeviceIdentity& unlocked) {
    EXPECT_EQ(unlocked.device_id(), identity_.device_id());
    EXPECT_EQ(unlocked.signing_keys().public_key(), identity_.signing_keys().public_key());
    EXPECT_EQ(unlocked.box_keys().public_key(), identity_.box_keys().public_key());
    EXPECT_EQ(ToBytes(unlocked.signing_keys().secret_view()),
              ToBytes(identity_.signing_keys().secret_view()));
    EXPECT_EQ(ToBytes(unlocked.box_keys().secret_view()),
              ToBytes(identity_.box_keys().secret_view()));
  }

  void ExpectUnlocks(std::string_view passphrase) {
    auto unlocked = UnlockKeystore(env_, path_, passphrase);
    ASSERT_TRUE(unlocked.ok()) << unlocked.status().ToString();
    ExpectIsOurIdentity(*unlocked);
  }

  void ExpectUnlockFails(std::string_view passphrase, StatusCode code, const std::string& what) {
    auto unlocked = UnlockKeystore(env_, path_, passphrase);
    ASSERT_FALSE(unlocked.ok()) << what << " unlocked";
    EXPECT_EQ(unlocked.status().code(), code) << what << ": " << unlocked.status().ToString();
  }

  // Writes `content` as the keystore and expects unlocking it with the right passphrase to fail.
  void ExpectContentRefused(ByteView content, StatusCode code, const std::string& what) {
    ASSERT_NO_FATAL_FAILURE(WriteKeystore(content));
    ExpectUnlockFails(kOld, code, what);
  }

  Env& env_ = Env::Default();
  TempDir dir_;
  const std::string path_ = dir_.path() + "/device.keystore";
  const std::string temp_path_ = path_ + ".tmp";
  const DeviceIdentity identity_ = DeviceIdentity::Generate();
};

TEST_F(Keystore, CreateThenUnlockGivesBackTheSameIdentity) {
  ASSERT_TRUE(Create().ok());
  ExpectUnlocks(kOld);
  EXPECT_FALSE(env_.FileExists(temp_path_));
}

TEST_F(Keystore, CreatedFileHasTheDocumentedLayout) {
  ASSERT_TRUE(Create().ok());
  const Bytes file = ReadKeystore();
  ASSERT_EQ(file.size(), kFileSize);
  EXPECT_EQ(AsChars(ByteView(file).first(4)), "CVKS");
  EXPECT_EQ(file[4], 1);  // version
  EXPECT_EQ(file[5], 1);  // Argon2id v1.3
  EXPECT_EQ(ReadU64(file, 6), KdfParams::Interactive().opslimit);
  EXPECT_EQ(ReadU64(file, 14), KdfParams::Interactive().memlimit);
  EXPECT_EQ(WithFreshChecksum(file), file);
  // The identity's secrets are not stored in clear.
  const Bytes secret = ToBytes(identity_.signing_keys().secret_view().first(32));
  EXPECT_EQ(std::search(file.begin(), file.end(), secret.begin(), secret.end()), file.end());
}

TEST_F(Keystore, DefaultModerateParametersCreateAKeystoreThatUnlocks) {
  ASSERT_TRUE(CreateKeystore(env_, path_, kOld, identity_).ok());
  const Bytes file = ReadKeystore();
  ASSERT_EQ(file.size(), kFileSize);
  EXPECT_EQ(ReadU64(file, 6), KdfParams::Moderate().opslimit);
  EXPECT_EQ(ReadU64(file, 14), KdfParams::Moderate().memlimit);
  ExpectUnlocks(kOld);
}

TEST_F(Keystore, CreateRefusesAnExistingKeystoreAndLeavesItByteIdentical) {
  ASSERT_TRUE(Create().ok());
  const Bytes before = ReadKeystore();
  const DeviceIdentity other = DeviceIdentity::Generate();
  const Status status = CreateKeystore(env_, path_, kNew, other, KdfParams::Interactive());
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists) << status.ToString();
  EXPECT_EQ(ReadKeystore(), before);
  ExpectUnlocks(kOld);
}

TEST_F(Keystore, CreateRefusesAnyExistingFileAndLeavesItByteIdentical) {
  const Bytes notes = ToBytes(AsBytes("not a keystore, but precious"));
  ASSERT_NO_FATAL_FAILURE(WriteKeystore(notes));
  const Status status = Create();
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists) << status.ToString();
  EXPECT_EQ(ReadKeystore(), notes);
}

TEST_F(Keystore, WrongPassphraseIsRefusedAndFileUnchanged) {
  ASSERT_TRUE(Create().ok());
  const Bytes before = ReadKeystore();
  for (std::string_view wrong :
       {std::string_view("Correct horse battery staple"),
        std::string_view("correct horse battery stapl"),
        std::string_view("correct horse battery staple "), std::string_view("")}) {
    ExpectUnlockFails(wrong, StatusCode::kWrongPassphrase,
                      "passphrase '" + std::string(wrong) + "'");
  }
  EXPECT_EQ(ReadKeystore(), before);
}

TEST_F(Keystore, MissingKeystoreIsNotFound) {
  ExpectUnlockFails(kOld, StatusCode::kNotFound, "missing keystore");
}

TEST_F(Keystore, TruncationAtEveryLengthIsTruncated) {
  ASSERT_TRUE(Create().ok());
  const Bytes file = ReadKeystore();
  ASSERT_EQ(file.size(), kFileSize);
  // Covers the empty file, 3 bytes, the header alone and one byte short, among all others.
  for (size_t length = 0; length < file.size(); ++length) {
    ExpectContentRefused(ByteView(file).first(length), StatusCode::kTruncated,
                         "keystore cut to " + std::to_string(length) + " bytes");
  }
}

TEST_F(Keystore, FileWithoutTheMagicIsCorruption) {
  ExpectContentRefused(AsBytes("hello, world"), StatusCode::kCorruption, "text file");
  ASSERT_TRUE(env_.RemoveFile(path_).ok());
  ASSERT_TRUE(Create().ok());
  Bytes file = ReadKeystore();
  file[0] = 'X';
  ExpectContentRefused(WithFreshChecksum(file), StatusCode::kCorruption, "bad magic");
}

TEST_F(Keystore, EverySingleByteChangeIsCorruption) {
  ASSERT_TRUE(Create().ok());
  const Bytes file = ReadKeystore();
  ASSERT_EQ(file.size(), kFileSize);
  // Detected by the magic, version and checksum checks before Argon2 runs, so this loop is fast;
  // with the right passphrase an undetected change would show as WrongPassphrase or success.
  for (size_t i = 0; i < file.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes changed = file;
      changed[i] ^= static_cast<uint8_t>(1u << bit);
      const StatusCode expected =
          i == 4 ? StatusCode::kUnsupportedVersion : StatusCode::kCorruption;
      ASSERT_NO_FATAL_FAILURE(ExpectContentRefused(
          changed, expected, "byte " + std::to_string(i) + " bit " + std::to_string(bit)));
    }
  }
  ASSERT_NO_FATAL_FAILURE(WriteKeystore(file));
  ExpectUnlocks(kOld);
}

TEST_F(Keystore, VersionTwoIsUnsupportedVersion) {
  ASSERT_TRUE(Create().ok());
  Bytes file = ReadKeystore();
  file[4] = 2;
  ExpectContentRefused(file, StatusCode::kUnsupportedVersion, "version 2");
  ExpectContentRefused(WithFreshChecksum(file), StatusCode::kUnsupportedVersion,
                       "version 2 with a valid checksum");
}

TEST_F(Keystore, TrailingBytesAreCorruption) {
  ASSERT_TRUE(Create().ok());
  const Bytes file = ReadKeystore();
  Bytes one_more = file;
  one_more.push_back(0);
  ExpectContentRefused(one_more, StatusCode::kCorruption, "one trailing byte");
  Bytes doubled = file;
  doubled.insert(doubled.end(), file.begin(), file.end());
  ExpectContentRefused(doubled, StatusCode::kCorruption, "file repeated");
}

TEST_F(Keystore, ImplausibleKeyDerivationIsCorruptionEvenWithAValidChecksum) {
  ASSERT_TRUE(Create().ok());
  const Bytes file = ReadKeystore();
  Bytes unknown_kdf = file;
  unknown_kdf[5] = 2;
  ExpectContentRefused(WithFreshChecksum(unknown_kdf), StatusCode::kCorruption, "kdf 2");
  // Parameters that would make unlocking run for hours or claim terabytes are refused up front.
  for (uint64_t ops : {uint64_t{0}, uint64_t{1000000}, ~uint64_t{0}}) {
    Bytes changed = file;
    PutU64(changed, 6, ops);
    ExpectContentRefused(WithFreshChecksum(changed), StatusCode::kCorruption,
                         "opslimit " + std::to_string(ops));
  }
  for (uint64_t mem : {uint64_t{0}, uint64_t{1} << 40, ~uint64_t{0}}) {
    Bytes changed = file;
    PutU64(changed, 14, mem);
    ExpectContentRefused(WithFreshChecksum(changed), StatusCode::kCorruption,
                         "memlimit " + std::to_string(mem));
  }
}

TEST_F(Keystore, EditsBehindAValidChecksumDoNotUnlock) {
  ASSERT_TRUE(Create().ok());
  const Bytes file = ReadKeystore();
  // The checksum is no MAC: these are caught by the AEAD, whose associated data is the header.
  for (size_t at : {size_t{6}, kSaltOffset, kNonceOffset, kHeaderSize, kFileSize - 33}) {
    Bytes changed = file;
    changed[at] ^= 0x01;
    ExpectContentRefused(WithFreshChecksum(changed), StatusCode::kWrongPassphrase,
                         "byte " + std::to_string(at));
  }
}

TEST_F(Keystore, EmptyPassphraseIsInvalidArgumentAndCreatesNothing) {
  const Status status = Create("");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_FALSE(env_.FileExists(path_));
  EXPECT_FALSE(env_.FileExists(temp_path_));
}

TEST_F(Keystore, ParametersBelowInteractiveAreInvalidArgumentAndCreateNothing) {
  const KdfParams floor = KdfParams::Interactive();
  for (const KdfParams& params : {KdfParams{floor.opslimit - 1, floor.memlimit},
                                  KdfParams{floor.opslimit, floor.memlimit - 1},
                                  KdfParams{floor.opslimit, floor.memlimit / 2}, KdfParams{}}) {
    const Status status = CreateKeystore(env_, path_, kOld, identity_, params);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument)
        << "ops " << params.opslimit << " mem " << params.memlimit << ": " << status.ToString();
    EXPECT_FALSE(env_.FileExists(path_));
  }
}

TEST_F(Keystore, ChangedPassphraseReplacesTheOldOneAndKeepsTheIdentity) {
  ASSERT_TRUE(Create().ok());
  const Bytes before = ReadKeystore();
  const Status status = ChangeKeystorePassphrase(env_, path_, kOld, kNew, KdfParams::Interactive());
  ASSERT_TRUE(status.ok()) << status.ToString();
  const Bytes after = ReadKeystore();
  ASSERT_EQ(after.size(), kFileSize);
  // Fresh salt and nonce.
  EXPECT_NE(Bytes(after.begin() + kSaltOffset, after.begin() + kNonceOffset),
            Bytes(before.begin() + kSaltOffset, before.begin() + kNonceOffset));
  EXPECT_NE(Bytes(after.begin() + kNonceOffset, after.begin() + kHeaderSize),
            Bytes(before.begin() + kNonceOffset, before.begin() + kHeaderSize));
  ExpectUnlockFails(kOld, StatusCode::kWrongPassphrase, "old passphrase");
  ExpectUnlocks(kNew);
  EXPECT_FALSE(env_.FileExists(temp_path_));
}

TEST_F(Keystore, ChangeWithAWrongOldPassphraseIsRefusedAndFileUnchanged) {
  ASSERT_TRUE(Create().ok());
  const Bytes before = ReadKeystore();
  const Status status =
      ChangeKeystorePassphrase(env_, path_, "not the passphrase", kNew, KdfParams::Interactive());
  EXPECT_EQ(status.code(), StatusCode::kWrongPassphrase) << status.ToString();
  EXPECT_EQ(ReadKeystore(), before);
  ExpectUnlocks(kOld);
}

TEST_F(Keystore, ChangeToAnInvalidPassphraseOrParametersIsRefusedAndFileUnchanged) {
  ASSERT_TRUE(Create().ok());
  const Bytes before = ReadKeystore();
  Status status = ChangeKeystorePassphrase(env_, path_, kOld, "", KdfParams::Interactive());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_EQ(ReadKeystore(), before);
  KdfParams weak = KdfParams::Interactive();
  weak.memlimit /= 2;
  status = ChangeKeystorePassphrase(env_, path_, kOld, kNew, weak);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_EQ(ReadKeystore(), before);
  EXPECT_FALSE(env_.FileExists(temp_path_));
}

TEST_F(Keystore, ChangeOfAMissingKeystoreIsNotFoundAndCreatesNothing) {
  const Status status = ChangeKeystorePassphrase(env_, path_, kOld, kNew, KdfParams::Interactive());
  EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
  EXPECT_FALSE(env_.FileExists(path_));
}

TEST_F(Keystore, CrashAtAnyStepOfAPassphraseChangeLeavesTheOldOrTheNewKeystore) {
  ASSERT_TRUE(Create().ok());
  const Bytes original = ReadKeystore();
  int crash_points = 0;
  bool saw_old = false, saw_new = false;
  for (uint64_t n = 0;; ++n) {
    ASSERT_LT(n, 100u) << "the change never completed";
    SCOPED_TRACE("crash at mutation " + std::to_string(n));
    ASSERT_NO_FATAL_FAILURE(WriteKeystore(original));
    env_.RemoveFile(temp_path_).IgnoreError();

    FaultInjectionEnv fault(env_);
    fault.CrashAtMutation(n);
    const Status status =
        ChangeKeystorePassphrase(fault, path_, kOld, kNew, KdfParams::Interactive());
    if (status.ok()) {
      // Past the operation's last mutation: it ran to completion.
      EXPECT_FALSE(fault.crashed());
      ExpectUnlocks(kNew);
      ExpectUnlockFails(kOld, StatusCode::kWrongPassphrase, "old passphrase after the change");
      break;
    }
    ++crash_points;
    EXPECT_TRUE(fault.crashed()) << status.ToString();
    EXPECT_EQ(status.code(), StatusCode::kIoError) << status.ToString();
    ASSERT_TRUE(fault.DropUnsyncedData().ok());

    // What a restarted process finds: the old keystore or the new one, whole.
    auto with_old = UnlockKeystore(env_, path_, kOld);
    if (with_old.ok()) {
      saw_old = true;
      ExpectIsOurIdentity(*with_old);
      continue;
    }
    ASSERT_EQ(with_old.status().code(), StatusCode::kWrongPassphrase)
        << "keystore damaged by the crash: " << with_old.status().ToString();
    auto with_new = UnlockKeystore(env_, path_, kNew);
    ASSERT_TRUE(with_new.ok()) << "neither passphrase unlocks after the crash: "
                               << with_new.status().ToString();
    saw_new = true;
    ExpectIsOurIdentity(*with_new);
  }
  EXPECT_GE(crash_points, 4);
  EXPECT_TRUE(saw_old) << "no crash point left the old keystore";
  EXPECT_TRUE(saw_new) << "no crash point came after the new keystore was in place";
}

TEST_F(Keystore, CrashAtAnyStepOfCreationLeavesNoKeystoreOrAWholeOne) {
  int crash_points = 0;
  for (uint64_t n = 0;; ++n) {
    ASSERT_LT(n, 100u) << "creation never completed";
    SCOPED_TRACE("crash at mutation " + std::to_string(n));
    env_.RemoveFile(path_).IgnoreError();
    env_.RemoveFile(temp_path_).IgnoreError();

    FaultInjectionEnv fault(env_);
    fault.CrashAtMutation(n);
    const Status status = CreateKeystore(fault, path_, kOld, identity_, KdfParams::Interactive());
    if (status.ok()) {
      EXPECT_FALSE(fault.crashed());
      ExpectUnlocks(kOld);
      break;
    }
    ++crash_points;
    EXPECT_EQ(status.code(), StatusCode::kIoError) << status.ToString();
    ASSERT_TRUE(fault.DropUnsyncedData().ok());
    if (env_.FileExists(path_)) {
      ExpectUnlocks(kOld);
    } else {
      ExpectUnlockFails(kOld, StatusCode::kNotFound, "no keystore yet");
    }
  }
  EXPECT_GE(crash_points, 4);
}

TEST_F(Keystore, FailedWriteDuringAChangeIsIoErrorAndFileUnchanged) {
  ASSERT_TRUE(Create().ok());
  const Bytes before = ReadKeystore();
  FaultInjectionEnv fault(env_);
  fault.FailWriteNumber(0);
  const Status status =
      ChangeKeystorePassphrase(fault, path_, kOld, kNew, KdfParams::Interactive());
  EXPECT_EQ(status.code(), StatusCode::kIoError) << status.ToString();
  EXPECT_EQ(ReadKeystore(), before);
  EXPECT_FALSE(env_.FileExists(temp_path_));
  ExpectUnlocks(kOld);
}

TEST_F(Keystore, FullDiskDuringAChangeIsNoSpaceAndFileUnchanged) {
  ASSERT_TRUE(Create().ok());
  const Bytes before = ReadKeystore();
  FaultInjectionEnv fault(env_);
  fault.SetFreeSpace(10);
  const Status status =
      ChangeKeystorePassphrase(fault, path_, kOld, kNew, KdfParams::Interactive());
  EXPECT_EQ(status.code(), StatusCode::kNoSpace) << status.ToString();
  EXPECT_EQ(ReadKeystore(), before);
  EXPECT_FALSE(env_.FileExists(temp_path_));
  ExpectUnlocks(kOld);
}

TEST_F(Keystore, CreateOnAFullDiskIsNoSpaceAndLeavesNoFile) {
  FaultInjectionEnv fault(env_);
  fault.SetFreeSpace(10);
  const Status status = CreateKeystore(fault, path_, kOld, identity_, KdfParams::Interactive());
  EXPECT_EQ(status.code(), StatusCode::kNoSpace) << status.ToString();
  EXPECT_FALSE(env_.FileExists(path_));
  EXPECT_FALSE(env_.FileExists(temp_path_));
}

}  // namespace
}  // namespace casevault::crypto
