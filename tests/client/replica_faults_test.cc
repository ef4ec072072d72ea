// Crash, full-disk and damage tests of the replica: SQLite goes through SqliteFaultVfs and chunk
// files through FaultInjectionEnv, both crashing at one shared mutation count.
#include <gtest/gtest.h>

#include <filesystem>

#include "casevault/base/fault_injection_env.h"
#include "casevault/client/replica.h"
#include "casevault/schema/sqlite_database.h"
#include "casevault/schema/sqlite_fault_vfs.h"
#include "replica_fixture.h"
#include "testing/sample_records.h"

namespace casevault::client {
namespace {

using casevault::testing::PatternBytes;
using schema::Record;
using schema::RecordType;
using schema::testing::SampleRecord;

// The number of regular files under `dir` (0 when it does not exist).
size_t CountFiles(const std::string& dir) {
  size_t files = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) ++files;
  }
  return files;
}

class ReplicaFaultsTest : public ::testing::Test {
 protected:
  // A replica holding the compartment keys and record `existing_`, closed again.
  void Prepare(const std::string& dir) {
    auto replica = Replica::Open(Env::Default(), dir, device_);
    ASSERT_TRUE(replica.ok()) << replica.status().ToString();
    for (const CompartmentRef* compartment : {&shared_, &police_}) {
      ASSERT_TRUE((*replica)
                      ->AddCompartmentKey(*compartment, 1,
                                          crypto::WrapKey(device_.box_keys().public_key(), key_))
                      .ok());
    }
    ASSERT_TRUE((*replica)->PutRecord(shared_, existing_id_, existing_).ok());
  }

  // Runs `operation` on a replica in a new directory, crashing at the `n`th mutation after
  // opening; then drops what a power cut loses and reopens the replica with the real Env.
  // Sets `*crashed` to whether the crash happened and returns the operation's status.
  template <typename Operation>
  Status RunCrashingAt(uint64_t n, const std::string& dir, Operation operation, bool* crashed) {
    Prepare(dir);
    FaultInjectionEnv env(Env::Default());
    Status status;
    {
      auto vfs = schema::SqliteFaultVfs::Register("crash-" + std::to_string(n), env);
      EXPECT_TRUE(vfs.ok());
      ReplicaOptions options;
      options.sqlite_vfs = (*vfs)->name();
      {
        auto replica = Replica::Open(env, dir, device_, options);
        EXPECT_TRUE(replica.ok()) << replica.status().ToString();
        env.CrashAtMutation(env.mutation_count() + n);
        status = operation(**replica);
      }
      *crashed = env.crashed();
      EXPECT_TRUE((*vfs)->DropUnsyncedWrites().ok());
    }
    EXPECT_TRUE(env.DropUnsyncedData().ok());
    return status;
  }

  // Reopens the replica in `dir` with the real Env and checks SQLite's own integrity check and
  // that the record written before the crash is intact.
  std::unique_ptr<Replica> ReopenAndCheck(const std::string& dir) {
    {
      auto db = schema::SqliteDatabase::Open(dir + "/replica.db");
      EXPECT_TRUE(db.ok());
      auto check = (*db)->Prepare("PRAGMA integrity_check");
      EXPECT_TRUE(check.ok());
      EXPECT_TRUE(*check->Step());
      EXPECT_EQ(check->ColumnText(0), "ok");
    }
    auto replica = Replica::Open(Env::Default(), dir, device_);
    EXPECT_TRUE(replica.ok()) << replica.status().ToString();
    if (!replica.ok()) return nullptr;
    Result<Record> existing = (*replica)->GetRecord(shared_, existing_id_);
    EXPECT_TRUE(existing.ok()) << existing.status().ToString();
    if (existing.ok()) {
      EXPECT_EQ(*existing, existing_);
    }
    return *std::move(replica);
  }

  const crypto::DeviceIdentity device_ = crypto::DeviceIdentity::Generate();
  const crypto::SecretKey key_ = crypto::SecretKey::Generate();
  const Id128 case_id_ = crypto::NewRandomId();
  const CompartmentRef shared_{case_id_, "shared"};
  const CompartmentRef police_{case_id_, "agency:police"};
  const Id128 existing_id_ = crypto::NewRandomId();
  const Record existing_ = SampleRecord(RecordType::kTermsOfReference, true);
};

TEST_F(ReplicaFaultsTest, CrashAtEveryWritePointOfARecordSaveLeavesItWhollyPresentOrAbsent) {
  const Id128 id = crypto::NewRandomId();
  const Record record = SampleRecord(RecordType::kChronologyEntry, true);
  int crash_points = 0, present = 0;
  for (uint64_t n = 0;; ++n) {
    casevault::testing::TempDir dir;
    bool crashed = false;
    Status status = RunCrashingAt(
        n, dir.path(), [&](Replica& replica) { return replica.PutRecord(police_, id, record); },
        &crashed);
    std::unique_ptr<Replica> reopened = ReopenAndCheck(dir.path());
    ASSERT_NE(reopened, nullptr) << "crash at mutation " << n;
    Result<Record> read = reopened->GetRecord(police_, id);
    if (read.ok()) {
      EXPECT_EQ(*read, record) << "crash at mutation " << n;
      ++present;
    } else {
      EXPECT_EQ(read.status().code(), StatusCode::kNotFound) << read.status().ToString();
      EXPECT_FALSE(status.ok()) << "an acknowledged save was lost at mutation " << n;
    }
    if (!crashed) {
      ASSERT_TRUE(status.ok()) << status.ToString();
      EXPECT_TRUE(read.ok());
      break;
    }
    ++crash_points;
    ASSERT_LT(n, 1000u) << "the save never completed";
  }
  EXPECT_GE(crash_points, 3);
  EXPECT_GE(present, 1);
}

TEST_F(ReplicaFaultsTest, CrashAtEveryWritePointOfAFileImportLeavesItWhollyPresentOrAbsent) {
  const Bytes content = PatternBytes(3 * 4096 + 100);
  int crash_points = 0, present = 0;
  for (uint64_t n = 0;; ++n) {
    casevault::testing::TempDir dir;
    const std::string source = dir.File("source.bin");
    ASSERT_TRUE(WriteFileAtomically(Env::Default(), source, content).ok());
    bool crashed = false;
    FileImportOptions options;
    options.chunk_size = 4096;
    options.uploaded_by = "police representative";
    Status status = RunCrashingAt(
        n, dir.path() + "/replica",
        [&](Replica& replica) { return replica.ImportFile(police_, source, options).status(); },
        &crashed);
    std::unique_ptr<Replica> reopened = ReopenAndCheck(dir.path() + "/replica");
    ASSERT_NE(reopened, nullptr) << "crash at mutation " << n;
    ASSERT_TRUE(reopened->CollectGarbage().ok());
    Result<std::vector<Id128>> files = reopened->ListRecords(police_);
    ASSERT_TRUE(files.ok());
    if (files->empty()) {
      EXPECT_FALSE(status.ok()) << "an acknowledged import was lost at mutation " << n;
      EXPECT_EQ(CountFiles(dir.path() + "/replica/chunks"), 0u)
          << "garbage collection left chunk files after a crash at mutation " << n;
    } else {
      ASSERT_EQ(files->size(), 1u);
      const std::string out = dir.File("out.bin");
      ASSERT_TRUE(reopened->ExportFile(police_, files->front(), out).ok())
          << "crash at mutation " << n;
      EXPECT_EQ(*ReadFileToBytes(Env::Default(), out), content);
      ++present;
    }
    if (!crashed) {
      ASSERT_TRUE(status.ok()) << status.ToString();
      break;
    }
    ++crash_points;
    ASSERT_LT(n, 1000u) << "the import never completed";
  }
  // Chunk writes (create, append, sync, close, rename) and SQLite's commit are all crash points.
  EXPECT_GE(crash_points, 20);
  EXPECT_GE(present, 1);
}

TEST_F(ReplicaFaultsTest, FullDiskRefusesARecordSaveAndChangesNothing) {
  casevault::testing::TempDir dir;
  Prepare(dir.path());
  FaultInjectionEnv env(Env::Default());
  auto vfs = schema::SqliteFaultVfs::Register("full-disk-record", env);
  ASSERT_TRUE(vfs.ok());
  ReplicaOptions options;
  options.sqlite_vfs = (*vfs)->name();
  auto replica = Replica::Open(env, dir.path(), device_, options);
  ASSERT_TRUE(replica.ok());
  env.SetFreeSpace(0);
  const Id128 id = crypto::NewRandomId();
  Status status = (*replica)->PutRecord(shared_, id, SampleRecord(RecordType::kMeetingNote, true));
  EXPECT_EQ(status.code(), StatusCode::kNoSpace) << status.ToString();
  EXPECT_NE(status.message().find("disk is full"), std::string::npos) << status.message();
  EXPECT_EQ((*replica)->GetRecord(shared_, id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ((*replica)->ListRecords(shared_)->size(), 1u);
  env.ClearFaults();
  EXPECT_TRUE(
      (*replica)->PutRecord(shared_, id, SampleRecord(RecordType::kMeetingNote, true)).ok());
  replica->reset();
  vfs->reset();
  ReopenAndCheck(dir.path());
}

TEST_F(ReplicaFaultsTest, FullDiskRefusesAFileImportAndLeavesNoFile) {
  casevault::testing::TempDir dir;
  const std::string replica_dir = dir.path() + "/replica";
  Prepare(replica_dir);
  const std::string source = dir.File("big.bin");
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), source, PatternBytes(1 << 20)).ok());
  FaultInjectionEnv env(Env::Default());
  auto replica = Replica::Open(env, replica_dir, device_);
  ASSERT_TRUE(replica.ok());
  env.SetFreeSpace(100 * 1024);
  FileImportOptions options;
  options.uploaded_by = "police representative";
  Result<Id128> imported = (*replica)->ImportFile(police_, source, options);
  EXPECT_EQ(imported.status().code(), StatusCode::kNoSpace) << imported.status().ToString();
  EXPECT_TRUE((*replica)->ListRecords(police_)->empty());
  env.ClearFaults();
  Result<uint64_t> removed = (*replica)->CollectGarbage();
  ASSERT_TRUE(removed.ok());
  EXPECT_GE(*removed, 1u);
  EXPECT_EQ(CountFiles(replica_dir + "/chunks"), 0u);
}

TEST_F(ReplicaFaultsTest, DamagedDatabasePageIsReportedAsCorruption) {
  casevault::testing::TempDir dir;
  Prepare(dir.path());
  {
    auto replica = Replica::Open(Env::Default(), dir.path(), device_);
    ASSERT_TRUE(replica.ok());
    std::vector<std::pair<Id128, Record>> batch;
    for (int i = 0; i < 200; ++i) {
      batch.emplace_back(crypto::NewRandomId(), SampleRecord(RecordType::kMeetingNote, true));
    }
    ASSERT_TRUE((*replica)->PutRecords(shared_, batch).ok());
  }
  // Closing checkpointed the WAL into replica.db; overwrite the middle of every page after the
  // first three (the schema and the small tables) with garbage.
  const std::string db_path = dir.File("replica.db");
  Bytes db = *ReadFileToBytes(Env::Default(), db_path);
  ASSERT_GT(db.size(), 8u * 4096);
  for (size_t page = 3; page * 4096 < db.size(); ++page) {
    for (size_t i = 0; i < 64; ++i) db[page * 4096 + i] = static_cast<uint8_t>(0xa5 ^ i);
  }
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), db_path, db).ok());

  auto replica = Replica::Open(Env::Default(), dir.path(), device_);
  Status status = replica.status();
  if (replica.ok()) status = (*replica)->ListRecords(shared_).status();
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << status.ToString();
}

TEST_F(ReplicaFaultsTest, AlteredRecordBytesAreRefused) {
  casevault::testing::TempDir dir;
  Prepare(dir.path());
  {
    auto db = schema::SqliteDatabase::Open(dir.File("replica.db"));
    ASSERT_TRUE(db.ok());
    Bytes envelope;
    {
      auto select = (*db)->Prepare("SELECT envelope FROM records");
      ASSERT_TRUE(select.ok());
      ASSERT_TRUE(*select->Step());
      envelope.assign(select->ColumnBlob(0).begin(), select->ColumnBlob(0).end());
    }
    envelope[envelope.size() / 2] ^= 0x01;
    auto update = (*db)->Prepare("UPDATE records SET envelope = ?");
    ASSERT_TRUE(update.ok());
    ASSERT_TRUE(update->BindBlob(1, envelope).ok());
    ASSERT_TRUE(update->Run().ok());
  }
  auto replica = Replica::Open(Env::Default(), dir.path(), device_);
  ASSERT_TRUE(replica.ok());
  EXPECT_EQ((*replica)->GetRecord(shared_, existing_id_).status().code(),
            StatusCode::kAuthenticationFailed);
}

}  // namespace
}  // namespace casevault::client
