// bench_raw_sqlite: the raw SQLite connection the benchmarks set against CaseVault's stores: the
// sqlite3 C API called directly, on a database opened as the replica and the server open theirs
// (WAL, synchronous=FULL). Each benchmark adds its own table and statements; any failure stops
// the benchmark (Fail).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "bench_util.h"

namespace casevault::bench {

// A prepared raw SQLite statement, finalized when destroyed.
using RawStatement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

// One raw SQLite connection, closed when destroyed (after the statements it prepared).
class RawSqlite {
 public:
  // Opens the database at `path` (created when missing) with journal_mode=WAL and
  // synchronous=FULL, then runs `schema`.
  RawSqlite(const std::string& path, const std::string& schema) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      const std::string message = sqlite3_errmsg(db_);
      sqlite3_close(db_);
      Fail("sqlite3_open " + path + ": " + message);
    }
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" + schema);
  }
  RawSqlite(const RawSqlite&) = delete;
  RawSqlite& operator=(const RawSqlite&) = delete;
  ~RawSqlite() { sqlite3_close(db_); }

  // Runs `sql`, which returns no rows that matter.
  void Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error != nullptr ? error : "unknown error";
      sqlite3_free(error);
      Fail(sql + ": " + message);
    }
  }

  // Compiles `sql`.
  RawStatement Prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      Fail(std::string(sql) + ": " + sqlite3_errmsg(db_));
    }
    return RawStatement(stmt, &sqlite3_finalize);
  }

  // Runs `stmt` of this connection, bound and returning no rows, and resets it for the next
  // bindings; fails naming `what`.
  void StepDone(sqlite3_stmt* stmt, const std::string& what) {
    if (sqlite3_step(stmt) != SQLITE_DONE) Fail(what + ": " + sqlite3_errmsg(db_));
    sqlite3_reset(stmt);
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace casevault::bench
