// SqliteClosureStore: the ClosureStore in server.db (tables closed_cases and chunk_owners).
#pragma once

#include "casevault/server/closure_store.h"
#include "casevault/server/server_database.h"

namespace casevault::server {

class SqliteClosureStore final : public ClosureStore {
 public:
  // Works on `database`, which must outlive it.
  explicit SqliteClosureStore(ServerDatabase& database) : database_(database) {}

  Status RecordChunkOwners(const Id128& case_id, std::span<const sync::ChunkHash> hashes) override;
  Result<std::vector<sync::ChunkHash>> ChunksOnlyOf(const Id128& case_id) override;
  Status ForgetChunkOwners(const Id128& case_id) override;
  Status MarkClosed(const Id128& case_id, const Id128& closed_by, int64_t closed_micros) override;
  Result<bool> IsClosed(const Id128& case_id) override;
  Status MarkPurged(const sync::CompartmentRef& where, const Id128& purged_by,
                    int64_t purged_micros) override;
  Result<bool> IsPurged(const sync::CompartmentRef& where) override;

 private:
  ServerDatabase& database_;
};

}  // namespace casevault::server
