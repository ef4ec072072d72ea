// ServerConnection: one SQLite connection to the server database, used by one caller at a time.
//
// It owns the connection, its prepared statements and the mutex that serialises their use: a
// caller locks it with Lock() for each call and works through the Session it gets, so calls from
// several threads never interleave on the connection.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "casevault/base/result.h"
#include "casevault/schema/sqlite_database.h"

namespace casevault::server {

class ServerConnection {
 public:
  // Exclusive use of the connection until destroyed. Leases taken from Statement() must be
  // destroyed before their Session.
  class Session {
   public:
    // The connection, e.g. for SqliteTransaction::Begin.
    schema::SqliteDatabase& db() const { return *connection_->db_; }
    // The prepared statement for `sql`, compiled on first use and reset when the lease goes.
    Result<schema::SqliteStatementCache::Lease> Statement(std::string_view sql) const {
      return connection_->statements_.Use(sql);
    }

   private:
    friend class ServerConnection;
    explicit Session(ServerConnection& connection)
        : lock_(connection.mu_), connection_(&connection) {}

    std::unique_lock<std::mutex> lock_;
    ServerConnection* connection_;
  };

  // Opens the database file at `path` (WAL, synchronous=FULL, as schema::SqliteDatabase::Open)
  // through SQLite VFS `sqlite_vfs` (nullopt for the default); the SQLite error on failure.
  static Result<std::unique_ptr<ServerConnection>> Open(const std::string& path,
                                                        std::optional<std::string> sqlite_vfs);
  ServerConnection(const ServerConnection&) = delete;
  ServerConnection& operator=(const ServerConnection&) = delete;

  // Waits until no other Session of this connection is alive and returns one.
  Session Lock() { return Session(*this); }

 private:
  explicit ServerConnection(std::unique_ptr<schema::SqliteDatabase> db)
      : db_(std::move(db)), statements_(*db_) {}

  std::mutex mu_;
  std::unique_ptr<schema::SqliteDatabase> db_;
  // Declared after db_ so the statements are finalized before the connection closes.
  schema::SqliteStatementCache statements_;
};

}  // namespace casevault::server
