// ServerHubStore: the server's sync::HubStore (per-compartment op logs and file chunks), which
// can also destroy what a closed case left there.
//
// The Hub only appends and reads; CaseClosure destroys a closed case's op logs and the chunks
// no other case uses (ClosureStore says which). SqliteHubStore keeps the logs in server.db and
// the chunks in a chunk directory.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/group_commit.h"
#include "casevault/sync/hub_store.h"

namespace casevault::server {

class ServerHubStore : public sync::HubStore {
 public:
  // AppendBatch, with `with` run first in the same unit of the server database's GroupCommit
  // (server_database.h): one durable commit for both, all or nothing together. `with` writes
  // something else the append must not be stored without (the access log entry of the push,
  // AccessLog::AppendInUnit); when it fails, or the ops fail, or the group's commit does,
  // neither is stored and the error is returned.
  virtual Result<std::vector<sync::LogPosition>> AppendBatchWith(
      const sync::CompartmentRef& where, std::span<const sync::SignedOp> ops,
      int64_t hub_time_micros, const GroupCommit::Work& with) = 0;

  // Removes every op log of case `case_id` at once; the logs of other cases are untouched, and
  // a later append to the case starts again at seq 1. Chunks stay (they are addressed by hash
  // alone). OK for a case with no logs.
  virtual Status DeleteCase(const Id128& case_id) = 0;
  // Removes the op log of compartment `where` alone (the case's other logs are untouched). OK
  // when it has none.
  virtual Status DeleteCompartment(const sync::CompartmentRef& where) = 0;
  // Deletes chunk `hash`; OK when absent.
  virtual Status RemoveChunk(const sync::ChunkHash& hash) = 0;
};

}  // namespace casevault::server
