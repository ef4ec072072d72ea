// SqliteHubStore: the server's HubStore, op logs in SQLite and chunks in a chunk directory.
//
// Op logs live in the ops table of server.db (one row per op: case, compartment, seq, the op's
// clear header, sealed envelope and signature, hub time); chunks live in <data_dir>/chunks as a
// ChunkDirectory, durable before PutChunk returns. Every call is atomic: an AppendBatch (or
// AppendBatchWith, with the caller's other write) is one unit of the ServerDatabase's
// GroupCommit (sharing a transaction and a commit with concurrent writes, all or nothing on its
// own), other database calls run one at a time under the main connection's mutex, chunk calls
// one at a time under the store's own mutex, so the store is safe to use from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/server_database.h"
#include "casevault/server/server_hub_store.h"
#include "casevault/sync/chunk_directory.h"

namespace casevault::server {

class SqliteHubStore final : public ServerHubStore {
 public:
  // Opens the store in `data_dir` (created if missing) with a ServerDatabase of its own:
  // <data_dir>/server.db through SQLite VFS `sqlite_vfs` (the default when nullopt) and
  // <data_dir>/chunks through `env`, which must outlive the store.
  static Result<std::unique_ptr<SqliteHubStore>> Open(Env& env, const std::string& data_dir,
                                                      std::optional<std::string> sqlite_vfs = {});
  // Opens the store over `database`, shared with the server's other stores, with its chunks in
  // <database.data_dir()>/chunks; `env` and `database` must outlive the store.
  static Result<std::unique_ptr<SqliteHubStore>> Open(Env& env, ServerDatabase& database);

  // All or nothing, durable when it returns OK: on failure (its own, or a failed commit of the
  // group it shares) nothing of the batch is stored.
  Result<std::vector<sync::LogPosition>> AppendBatch(const sync::CompartmentRef& where,
                                                     std::span<const sync::SignedOp> ops,
                                                     int64_t hub_time_micros) override;
  // As AppendBatch, in one unit of the GroupCommit with `with`, which runs first.
  Result<std::vector<sync::LogPosition>> AppendBatchWith(const sync::CompartmentRef& where,
                                                         std::span<const sync::SignedOp> ops,
                                                         int64_t hub_time_micros,
                                                         const GroupCommit::Work& with) override;
  // Corruption when a stored row is damaged.
  Result<sync::PullPage> Read(const sync::CompartmentRef& where, uint64_t after_seq,
                              size_t max_entries) override;
  Result<bool> HasChunk(const sync::ChunkHash& hash) override;
  // The chunk is durable (file and directory fsynced) when this returns OK.
  Status PutChunk(const sync::ChunkHash& hash, ByteView sealed) override;
  // NotFound when absent; Corruption when the stored file no longer hashes to `hash`.
  Result<Bytes> GetChunk(const sync::ChunkHash& hash) override;

  // Removes every op log of case `case_id` in one transaction (for crypto-shredding at the end
  // of a review), leaving no copy in server.db or its write-ahead log (SecureDelete); the logs of
  // other cases are untouched, and a later push to the case starts again at seq 1. Chunks stay:
  // they are addressed by hash alone, so the store cannot tell which case a chunk belongs to.
  Status DeleteCase(const Id128& case_id) override;
  // Removes the op log of `where` in one transaction, leaving no copy in server.db or its
  // write-ahead log (SecureDelete).
  Status DeleteCompartment(const sync::CompartmentRef& where) override;
  // Deletes chunk `hash` (OK when absent).
  Status RemoveChunk(const sync::ChunkHash& hash) override;

 private:
  SqliteHubStore(ServerDatabase& database, sync::ChunkDirectory chunks)
      : database_(database), chunks_(std::move(chunks)) {}

  // Set when the store opened its database itself; declared first so it is destroyed last.
  std::unique_ptr<ServerDatabase> owned_database_;
  ServerDatabase& database_;
  std::mutex chunks_mu_;
  sync::ChunkDirectory chunks_;
};

}  // namespace casevault::server
