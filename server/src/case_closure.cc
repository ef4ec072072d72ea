#include "casevault/server/case_closure.h"

#include <vector>

namespace casevault::server {

Status CaseClosure::RecordChunks(const Id128& case_id, std::span<const sync::ChunkHash> hashes) {
  return store_.RecordChunkOwners(case_id, hashes);
}

Result<bool> CaseClosure::IsClosed(const Id128& case_id) { return store_.IsClosed(case_id); }

Result<ClosureReport> CaseClosure::Close(const Id128& case_id, const Id128& closed_by) {
  CV_RETURN_IF_ERROR(store_.MarkClosed(case_id, closed_by, env_.NowMicros()));
  CV_ASSIGN_OR_RETURN(std::vector<sync::ChunkHash> orphaned, store_.ChunksOnlyOf(case_id));
  CV_RETURN_IF_ERROR(keys_.DeleteCase(case_id));
  CV_RETURN_IF_ERROR(hub_store_.DeleteCase(case_id));
  CV_RETURN_IF_ERROR(policy_.DeleteCase(case_id));
  CV_RETURN_IF_ERROR(draft_views_.DeleteCase(case_id));
  for (const sync::ChunkHash& hash : orphaned) CV_RETURN_IF_ERROR(hub_store_.RemoveChunk(hash));
  CV_RETURN_IF_ERROR(store_.ForgetChunkOwners(case_id));
  return ClosureReport{orphaned.size()};
}

Status CaseClosure::Purge(const sync::CompartmentRef& where, const Id128& purged_by) {
  CV_RETURN_IF_ERROR(store_.MarkPurged(where, purged_by, env_.NowMicros()));
  CV_RETURN_IF_ERROR(keys_.DeleteCompartment(where));
  if (where.name == "drafts") {
    CV_RETURN_IF_ERROR(draft_views_.DeleteCase(where.case_id));
  }
  return hub_store_.DeleteCompartment(where);
}

Result<bool> CaseClosure::IsPurged(const sync::CompartmentRef& where) {
  return store_.IsPurged(where);
}

}  // namespace casevault::server
