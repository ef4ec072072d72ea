#include "casevault/client/replica_migrations.h"

#include <gtest/gtest.h>

#include "casevault/client/replica.h"
#include "casevault/crypto/random_id.h"
#include "casevault/sync/offline_lease.h"
#include "replica_fixture.h"
#include "testing/sample_records.h"

namespace casevault::client {
namespace {

using schema::RecordType;
using schema::testing::SampleRecord;
using testing::ReplicaTest;

// Runs `sql` on the closed replica's database.
void ExecuteOnDatabase(const std::string& path, const std::string& sql) {
  auto db = schema::SqliteDatabase::Open(path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE((*db)->Execute(sql).ok()) << sql;
}

int64_t UserVersion(const std::string& path) {
  auto db = schema::SqliteDatabase::Open(path);
  EXPECT_TRUE(db.ok());
  return db.ok() ? *(*db)->UserVersion() : -1;
}

TEST(ReplicaMigrations, VersionsAscendFromOne) {
  int expected = 1;
  for (const schema::SqliteMigration& migration : ReplicaMigrations()) {
    EXPECT_EQ(migration.version, expected++);
  }
  EXPECT_GE(ReplicaMigrations().size(), 2u);
}

TEST_F(ReplicaTest, ReplicaOfTheFirstSchemaVersionIsMigratedWithItsRecords) {
  const Id128 id = crypto::NewRandomId();
  const schema::Record record = SampleRecord(RecordType::kChronologyEntry, true);
  ASSERT_TRUE(replica_->PutRecord(police_, id, record).ok());
  const std::string source = WriteSource("doc.bin", casevault::testing::PatternBytes(9000));
  FileImportOptions options;
  options.uploaded_by = "police representative";
  Result<Id128> file = replica_->ImportFile(police_, source, options);
  ASSERT_TRUE(file.ok());
  replica_.reset();

  // Take the file back to the version 1 layout: undo every later migration's changes.
  const std::string db = dir_.File("replica.db");
  ExecuteOnDatabase(
      db,
      "DROP TABLE case_syncs; DROP TABLE offline_reads; DROP INDEX files_to_transfer; "
      "ALTER TABLE files "
      "DROP COLUMN needs_upload; "
      "ALTER TABLE files DROP COLUMN complete; "
      "DROP TABLE sync_cursors; DROP TABLE ops; "
      "DROP INDEX file_chunks_by_hash; DROP INDEX files_by_record; "
      "PRAGMA user_version = 1;");
  ASSERT_EQ(UserVersion(db), 1);

  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(UserVersion(db), ReplicaMigrations().back().version);
  EXPECT_EQ(*replica_->GetRecord(police_, id), record);
  ASSERT_TRUE(replica_->ExportFile(police_, *file, dir_.File("out.bin")).ok());
  EXPECT_EQ(*ReadFileToBytes(env_, dir_.File("out.bin")), casevault::testing::PatternBytes(9000));
}

TEST_F(ReplicaTest, ACaseSyncedBeforeLeasesWerePerCaseKeepsItsSyncAndTheDefaultLease) {
  const Id128 case_id = crypto::NewRandomId();
  ASSERT_TRUE(replica_->RecordCaseSynced(case_id, 1234, 3).ok());
  replica_.reset();
  const std::string db = dir_.File("replica.db");
  ExecuteOnDatabase(db, "ALTER TABLE case_syncs DROP COLUMN lease_days; PRAGMA user_version = 6;");

  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(UserVersion(db), ReplicaMigrations().back().version);
  EXPECT_EQ(*replica_->CaseSyncedAt(case_id), std::optional<int64_t>(1234));
  EXPECT_EQ(*replica_->CaseLeaseDays(case_id), sync::kDefaultLeaseDays);
  ASSERT_TRUE(replica_->RecordCaseSynced(case_id, 5678, 30).ok());
  EXPECT_EQ(*replica_->CaseLeaseDays(case_id), 30) << "the next sync brings the case's own";
}

TEST_F(ReplicaTest, ReplicaFromANewerCaseVaultIsRefused) {
  replica_.reset();
  ExecuteOnDatabase(dir_.File("replica.db"), "PRAGMA user_version = 99;");
  auto opened = Replica::Open(env_, dir_.path(), device_);
  EXPECT_EQ(opened.status().code(), StatusCode::kUnsupportedVersion);
  EXPECT_NE(opened.status().message().find("upgrade"), std::string::npos);
}

}  // namespace
}  // namespace casevault::client
