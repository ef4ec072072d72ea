// ServerDatabase: the server's one SQLite database (server.db), shared by its SQLite stores.
//
// Every Sqlite* store of SqliteServerStore (identity, cases, grants, agreements, keys, closure,
// the hub store) and the access log keep their tables in the same file, so one connection
// serves them all; nothing else runs SQL on it. A ServerDatabase owns that connection, its
// prepared statements and the mutex that serialises their use: a store locks it with Lock() for
// each call and works through the Session it gets, so calls from several threads (and from
// every store) never interleave.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/schema/sqlite_database.h"

namespace casevault::server {

class ServerDatabase {
 public:
  // Exclusive use of the connection until destroyed. Leases taken from Statement() must be
  // destroyed before their Session.
  class Session {
   public:
    // The connection, e.g. for SqliteTransaction::Begin.
    schema::SqliteDatabase& db() const { return *database_->db_; }
    // The prepared statement for `sql`, compiled on first use and reset when the lease goes.
    Result<schema::SqliteStatementCache::Lease> Statement(std::string_view sql) const {
      return database_->statements_.Use(sql);
    }

   private:
    friend class ServerDatabase;
    explicit Session(ServerDatabase& database) : lock_(database.mu_), database_(&database) {}

    std::unique_lock<std::mutex> lock_;
    ServerDatabase* database_;
  };

  // Opens (creating `data_dir` and the file if missing) <data_dir>/server.db through SQLite VFS
  // `sqlite_vfs` (nullopt for the default) and brings it to the latest ServerMigrations().
  // UnsupportedVersion for a database written by a newer build; the SQLite error otherwise.
  static Result<std::unique_ptr<ServerDatabase>> Open(Env& env, const std::string& data_dir,
                                                      std::optional<std::string> sqlite_vfs = {});
  ServerDatabase(const ServerDatabase&) = delete;
  ServerDatabase& operator=(const ServerDatabase&) = delete;

  // Waits until no other Session is alive and returns one.
  Session Lock() { return Session(*this); }

  // The directory holding server.db, where the server keeps its other files too.
  const std::string& data_dir() const { return data_dir_; }

 private:
  ServerDatabase(std::string data_dir, std::unique_ptr<schema::SqliteDatabase> db)
      : data_dir_(std::move(data_dir)), db_(std::move(db)), statements_(*db_) {}

  std::string data_dir_;
  std::mutex mu_;
  std::unique_ptr<schema::SqliteDatabase> db_;
  // Declared after db_ so the statements are finalized before the connection closes.
  schema::SqliteStatementCache statements_;
};

}  // namespace casevault::server
