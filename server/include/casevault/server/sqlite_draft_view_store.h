// SqliteDraftViewStore: the DraftViewStore in server.db (tables draft_views and
// draft_view_keys).
#pragma once

#include "casevault/server/draft_view_store.h"
#include "casevault/server/server_database.h"

namespace casevault::server {

class SqliteDraftViewStore final : public DraftViewStore {
 public:
  // Works on `database`, which must outlive it.
  explicit SqliteDraftViewStore(ServerDatabase& database) : database_(database) {}

  Status Add(const DraftViewInfo& info, ByteView sealed,
             std::span<const ViewerDeviceKey> keys) override;
  Result<std::optional<DraftViewInfo>> Find(const Id128& case_id, const Id128& view_id) override;
  Result<std::optional<SealedDraftView>> SealedFor(const Id128& view_id,
                                                   const Id128& device_id) override;
  Result<std::vector<DraftViewInfo>> OfCase(const Id128& case_id) override;
  Status Delete(const Id128& view_id) override;
  Status DeleteCase(const Id128& case_id) override;

 private:
  // Deletes the views (and their keys) `where` selects ("view_id = ?" or "case_id = ?") for
  // `id`, with secure_delete on so their bytes are overwritten, then checkpoints and truncates
  // the write-ahead log so that no earlier copy of them stays in server.db-wal.
  Status DeleteWhere(std::string_view where, const Id128& id);

  ServerDatabase& database_;
};

}  // namespace casevault::server
