#include "casevault/schema/sqlite_database.h"

#include <gtest/gtest.h>

#include "casevault/base/env.h"
#include "testing/temp_dir.h"

namespace casevault::schema {
namespace {

using casevault::testing::TempDir;

constexpr SqliteMigration kMigrations[] = {
    {1, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body BLOB NOT NULL);"},
    {2, "ALTER TABLE notes ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;"},
};

TEST(SqliteDatabase, OpensInWalModeAndRoundTripsBlobsAndText) {
  TempDir dir;
  auto db = SqliteDatabase::Open(dir.File("a.db"));
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto mode = (*db)->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->ColumnText(0), "wal");
  ASSERT_TRUE((*db)->Execute("CREATE TABLE t(b BLOB, s TEXT, i INTEGER)").ok());
  auto insert = (*db)->Prepare("INSERT INTO t VALUES(?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  const Bytes blob = {0, 1, 2, 255};
  ASSERT_TRUE(insert->BindBlob(1, blob).ok());
  ASSERT_TRUE(insert->BindText(2, "text").ok());
  ASSERT_TRUE(insert->BindInt(3, -7).ok());
  ASSERT_TRUE(insert->Run().ok());
  ASSERT_TRUE(insert->BindBlob(1, Bytes{}).ok());
  ASSERT_TRUE(insert->BindNull(2).ok());
  ASSERT_TRUE(insert->Run().ok());
  auto select = (*db)->Prepare("SELECT b, s, i FROM t ORDER BY rowid");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(Bytes(select->ColumnBlob(0).begin(), select->ColumnBlob(0).end()), blob);
  EXPECT_EQ(select->ColumnText(1), "text");
  EXPECT_EQ(select->ColumnInt(2), -7);
  ASSERT_TRUE(*select->Step());
  EXPECT_TRUE(select->ColumnBlob(0).empty());
  EXPECT_FALSE(select->ColumnIsNull(0));
  EXPECT_TRUE(select->ColumnIsNull(1));
  EXPECT_FALSE(*select->Step());
}

TEST(SqliteDatabase, UncommittedTransactionRollsBack) {
  TempDir dir;
  auto db = SqliteDatabase::Open(dir.File("a.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Execute("CREATE TABLE t(x)").ok());
  {
    auto txn = SqliteTransaction::Begin(**db);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*db)->Execute("INSERT INTO t VALUES(1)").ok());
  }
  {
    auto txn = SqliteTransaction::Begin(**db);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*db)->Execute("INSERT INTO t VALUES(2)").ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto select = (*db)->Prepare("SELECT group_concat(x) FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(0), "2");
}

TEST(SqliteDatabase, ErrorsBecomeStatusesWithTheirKind) {
  TempDir dir;
  auto db = SqliteDatabase::Open(dir.File("a.db"));
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->Prepare("SELEKT 1").status().code(), StatusCode::kInternal);
  ASSERT_TRUE((*db)->Execute("CREATE TABLE t(x PRIMARY KEY)").ok());
  ASSERT_TRUE((*db)->Execute("INSERT INTO t VALUES(1)").ok());
  EXPECT_EQ((*db)->Execute("INSERT INTO t VALUES(1)").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SqliteStatus(SQLITE_FULL, "x").code(), StatusCode::kNoSpace);
  EXPECT_EQ(SqliteStatus(SQLITE_CORRUPT, "x").code(), StatusCode::kCorruption);
  EXPECT_EQ(SqliteStatus(SQLITE_BUSY, "x").code(), StatusCode::kFailedPrecondition);
}

TEST(SqliteDatabase, NotADatabaseIsCorruption) {
  TempDir dir;
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), dir.File("junk.db"), Bytes(8192, 0x5a)).ok());
  auto db = SqliteDatabase::Open(dir.File("junk.db"));
  Status status = db.status();
  if (db.ok()) status = (*db)->Execute("SELECT * FROM sqlite_master");
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << status.ToString();
}

TEST(ApplyMigrations, BringsANewDatabaseToTheLatestVersion) {
  TempDir dir;
  auto db = SqliteDatabase::Open(dir.File("a.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(ApplyMigrations(**db, kMigrations, "notes").ok());
  EXPECT_EQ(*(*db)->UserVersion(), 2);
  ASSERT_TRUE((*db)->Execute("INSERT INTO notes(body, stamp) VALUES(x'00', 5)").ok());
  ASSERT_TRUE(ApplyMigrations(**db, kMigrations, "notes").ok());
}

TEST(ApplyMigrations, UpgradesAnOlderDatabaseKeepingItsRows) {
  TempDir dir;
  auto db = SqliteDatabase::Open(dir.File("a.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(ApplyMigrations(**db, std::span(kMigrations).first(1), "notes").ok());
  ASSERT_TRUE((*db)->Execute("INSERT INTO notes(body) VALUES(x'01')").ok());
  ASSERT_TRUE(ApplyMigrations(**db, kMigrations, "notes").ok());
  auto select = (*db)->Prepare("SELECT count(*), max(stamp) FROM notes");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnInt(0), 1);
  EXPECT_EQ(select->ColumnInt(1), 0);
}

TEST(ApplyMigrations, RefusesADatabaseFromANewerBuild) {
  TempDir dir;
  auto db = SqliteDatabase::Open(dir.File("a.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Execute("PRAGMA user_version = 3").ok());
  Status status = ApplyMigrations(**db, kMigrations, "notes");
  EXPECT_EQ(status.code(), StatusCode::kUnsupportedVersion);
  EXPECT_NE(status.message().find("notes"), std::string::npos);
}

}  // namespace
}  // namespace casevault::schema
