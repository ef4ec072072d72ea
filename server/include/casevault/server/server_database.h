// ServerDatabase: the server's one SQLite database (server.db), shared by its SQLite stores.
//
// Every Sqlite* store of SqliteServerStore (identity, cases, grants, agreements, keys, closure,
// the hub store) and the access log keep their tables in the same file; nothing else runs SQL on
// it. A ServerDatabase holds two connections to it. The main one serves reads and occasional
// writes: a store locks it with Lock() for each call and works through the Session it gets, so
// calls from several threads (and from every store) never interleave. The other belongs to a
// GroupCommit that makes the writes every request waits for (access log entries, pushed ops)
// durable together: concurrent requests share one commit, and while it syncs to disk the main
// connection goes on serving reads (WAL lets readers work beside the writer).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/server/group_commit.h"
#include "casevault/server/server_connection.h"

namespace casevault::server {

class ServerDatabase {
 public:
  // Exclusive use of the main connection until destroyed (see ServerConnection::Session).
  using Session = ServerConnection::Session;

  // Opens (creating `data_dir` and the file if missing) <data_dir>/server.db through SQLite VFS
  // `sqlite_vfs` (nullopt for the default), brings it to the latest ServerMigrations() and opens
  // the group commit's connection. UnsupportedVersion for a database written by a newer build;
  // the SQLite error otherwise.
  static Result<std::unique_ptr<ServerDatabase>> Open(Env& env, const std::string& data_dir,
                                                      std::optional<std::string> sqlite_vfs = {});
  ServerDatabase(const ServerDatabase&) = delete;
  ServerDatabase& operator=(const ServerDatabase&) = delete;

  // Waits until no other Session of the main connection is alive and returns one. Its holder
  // must not call group_commit().Run.
  Session Lock() { return main_->Lock(); }

  // Where writes that requests wait for are committed together with other requests' writes.
  GroupCommit& group_commit() { return group_commit_; }

  // The directory holding server.db, where the server keeps its other files too.
  const std::string& data_dir() const { return data_dir_; }

 private:
  ServerDatabase(std::string data_dir, std::unique_ptr<ServerConnection> main,
                 std::unique_ptr<ServerConnection> writer)
      : data_dir_(std::move(data_dir)),
        main_(std::move(main)),
        group_commit_(*main_, std::move(writer)) {}

  std::string data_dir_;
  std::unique_ptr<ServerConnection> main_;
  GroupCommit group_commit_;
};

}  // namespace casevault::server
