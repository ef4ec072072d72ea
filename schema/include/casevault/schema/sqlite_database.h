// A thin, Status-returning wrapper over SQLite for the replica and server stores.
//
// SqliteDatabase opens one database file (WAL journal, synchronous=FULL, foreign keys on);
// SqliteStatement binds, steps and reads columns; SqliteTransaction is BEGIN IMMEDIATE that
// rolls back unless committed. SQLite result codes become Status codes: a full disk is NoSpace,
// a damaged file Corruption, a locked database FailedPrecondition.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"

namespace casevault::schema {

// Maps SQLite result `code` (with `what` for context and SQLite's own message `detail`) to a
// Status; SQLITE_OK gives OK.
Status SqliteStatus(int code, std::string_view what, std::string_view detail = {});

// A prepared statement; move-only, finalized on destruction.
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Binds parameter `index` (1-based). Blob and text are copied by SQLite.
  Status BindInt(int index, int64_t value);
  Status BindBlob(int index, ByteView value);
  Status BindText(int index, std::string_view value);
  Status BindNull(int index);

  // Advances; true when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Runs a statement that returns no rows (or ignores them) to completion, then resets it.
  Status Run();
  // Makes the statement ready to run again, keeping its bindings.
  void Reset();

  // Column readers for the current row (0-based); views last until the next Step or Reset.
  int64_t ColumnInt(int column) const;
  ByteView ColumnBlob(int column) const;
  std::string_view ColumnText(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  friend class SqliteDatabase;
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// An open database connection; one per thread.
class SqliteDatabase {
 public:
  // Opens (creating if missing) the database at `path` through SQLite VFS `vfs` (nullopt for the
  // default), in WAL mode with synchronous=FULL and foreign keys on.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path,
                                                      std::optional<std::string> vfs = {});
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  // Closes the connection (SQLite checkpoints the WAL when it is the last one).
  ~SqliteDatabase();

  // Runs one or more statements that return no rows.
  Status Execute(std::string_view sql);
  // Compiles one statement.
  Result<SqliteStatement> Prepare(std::string_view sql);
  // How many rows the last INSERT, UPDATE or DELETE changed.
  int64_t Changes() const { return sqlite3_changes64(db_); }
  // PRAGMA user_version: the schema version stored in the file.
  Result<int64_t> UserVersion();

  const std::string& path() const { return path_; }

 private:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
};

// Prepared statements kept for reuse, one per SQL text. Use() lends a statement until the
// returned lease is destroyed, which resets it, so a query never holds its read snapshot (and
// blocks writers or checkpoints) after its caller is done with it.
class SqliteStatementCache {
 public:
  // A statement on loan; resets it when destroyed.
  class Lease {
   public:
    explicit Lease(SqliteStatement* statement) : statement_(statement) {}
    Lease(Lease&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (statement_ != nullptr) statement_->Reset();
    }
    SqliteStatement* operator->() const { return statement_; }
    SqliteStatement& operator*() const { return *statement_; }

   private:
    SqliteStatement* statement_;
  };

  // Compiles statements on `db`, which must outlive the cache.
  explicit SqliteStatementCache(SqliteDatabase& db) : db_(db) {}

  // The statement for `sql`, compiled on first use.
  Result<Lease> Use(std::string_view sql);

 private:
  SqliteDatabase& db_;
  std::map<std::string, SqliteStatement, std::less<>> statements_;
};

// BEGIN IMMEDIATE ... COMMIT; destroying an uncommitted transaction rolls it back.
class SqliteTransaction {
 public:
  // Starts a write transaction on `db`, which must outlive it.
  static Result<SqliteTransaction> Begin(SqliteDatabase& db);
  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  ~SqliteTransaction();

  // Commits; on failure the transaction is rolled back and nothing of it remains.
  Status Commit();

 private:
  explicit SqliteTransaction(SqliteDatabase* db) : db_(db) {}

  SqliteDatabase* db_;
};

// One numbered step of a storage schema: `version` is reached by running `sql`.
struct SqliteMigration {
  int version;
  std::string_view sql;
};

// Steps `statement` (bound, not yet stepped) through all its rows and returns column 0 of each
// as an id; Corruption for a value that is not one.
Result<std::vector<Id128>> StepIds(SqliteStatement& statement);

// Brings `db` up to the last of `migrations` (ascending versions starting at 1), each step in
// its own transaction with user_version updated in it. A database already newer than the last
// migration is refused with UnsupportedVersion naming `what` (e.g. "replica").
Status ApplyMigrations(SqliteDatabase& db, std::span<const SqliteMigration> migrations,
                       std::string_view what);

}  // namespace casevault::schema
