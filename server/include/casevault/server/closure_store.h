// ClosureStore: where the server keeps which cases are closed, and which case each stored file
// chunk serves, so that closing a case can destroy the chunks no other case uses.
//
// It only keeps: the order in which a close destroys things is CaseClosure's. Each call is
// atomic with respect to every other, and implementations are safe to call from several
// threads. SqliteClosureStore keeps them in server.db.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/sync/transport.h"

namespace casevault::server {

class ClosureStore {
 public:
  virtual ~ClosureStore() = default;

  // In one transaction: records that chunks `hashes` serve case `case_id` (as well as any case
  // recorded before).
  virtual Status RecordChunkOwners(const Id128& case_id,
                                   std::span<const sync::ChunkHash> hashes) = 0;
  // The chunks recorded for case `case_id` and for no other case, in hash order.
  virtual Result<std::vector<sync::ChunkHash>> ChunksOnlyOf(const Id128& case_id) = 0;
  // Forgets which chunks serve case `case_id`.
  virtual Status ForgetChunkOwners(const Id128& case_id) = 0;

  // Records that `closed_by` closed case `case_id` at `closed_micros`; closing it again keeps
  // the first record.
  virtual Status MarkClosed(const Id128& case_id, const Id128& closed_by,
                            int64_t closed_micros) = 0;
  // Whether case `case_id` is marked closed.
  virtual Result<bool> IsClosed(const Id128& case_id) = 0;

  // Records that `purged_by` purged compartment `where` at `purged_micros`; purging it again
  // keeps the first record.
  virtual Status MarkPurged(const sync::CompartmentRef& where, const Id128& purged_by,
                            int64_t purged_micros) = 0;
  // Whether compartment `where` is marked purged.
  virtual Result<bool> IsPurged(const sync::CompartmentRef& where) = 0;
};

}  // namespace casevault::server
