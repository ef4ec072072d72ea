// HubStore: where a hub keeps its compartment logs and file chunks.
//
// The Hub (hub.h) holds the protocol's rules (what a push may contain, page sizes, chunk
// verification); a HubStore only keeps what the Hub has accepted, so the in-process hub of the
// tests and the server can share the logic and differ in storage (MemoryHubStore here, SQLite
// on the server). A store never reads an op's envelope and never checks a chunk's hash.
//
// Implementations are safe to call from several threads, and each call is atomic with respect
// to every other: in particular two appends of the same op id can never both append.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/base/status.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/signed_op.h"
#include "casevault/sync/transport.h"

namespace casevault::sync {

class HubStore {
 public:
  virtual ~HubStore() = default;

  // Places each op of `ops`, in order, in the log of `where`, all or nothing: on failure no op
  // of the batch is appended. An op whose op id the log already holds, from an earlier call or
  // earlier in `ops`, gets that entry's position and appends nothing (the held copy is kept,
  // whatever the op's other fields). Any other op is appended with seq = (the log's last seq) +
  // 1, starting at 1, and the hub time max(`hub_time_micros`, the previous entry's hub time), so
  // that hub times never decrease along a log even when the clock steps back or concurrent
  // callers read it out of order. Returns the position of each op of `ops`, in order. Logs of
  // different compartments (and cases) are independent.
  virtual Result<std::vector<LogPosition>> AppendBatch(const CompartmentRef& where,
                                                       std::span<const SignedOp> ops,
                                                       int64_t hub_time_micros) = 0;

  // AppendBatch of the one op `op`: its position.
  Result<LogPosition> Append(const CompartmentRef& where, const SignedOp& op,
                             int64_t hub_time_micros);

  // Up to `max_entries` (at least 1) entries of the log of `where` with seq > `after_seq`, in
  // sequence order, and `more` = whether the log holds entries beyond the last one returned.
  // A compartment nothing was ever appended to has an empty log.
  virtual Result<PullPage> Read(const CompartmentRef& where, uint64_t after_seq,
                                size_t max_entries) = 0;

  // True when a chunk is stored under `hash`.
  virtual Result<bool> HasChunk(const ChunkHash& hash) = 0;
  // Stores `sealed` under `hash`; does nothing when a chunk is already stored there. The caller
  // has verified that `sealed` hashes to `hash`.
  virtual Status PutChunk(const ChunkHash& hash, ByteView sealed) = 0;
  // The chunk stored under `hash`; NotFound when there is none.
  virtual Result<Bytes> GetChunk(const ChunkHash& hash) = 0;
};

// A HubStore in memory, for tests and benchmarks; everything is lost with the object. One mutex
// serialises all calls.
class MemoryHubStore final : public HubStore {
 public:
  Result<std::vector<LogPosition>> AppendBatch(const CompartmentRef& where,
                                               std::span<const SignedOp> ops,
                                               int64_t hub_time_micros) override;
  Result<PullPage> Read(const CompartmentRef& where, uint64_t after_seq,
                        size_t max_entries) override;
  Result<bool> HasChunk(const ChunkHash& hash) override;
  Status PutChunk(const ChunkHash& hash, ByteView sealed) override;
  Result<Bytes> GetChunk(const ChunkHash& hash) override;

 private:
  struct Log {
    // entries[i] has seq i + 1.
    std::vector<LogEntry> entries;
    std::map<Id128, uint64_t> seq_by_op_id;
  };

  std::mutex mu_;
  std::map<CompartmentRef, Log> logs_;
  std::map<ChunkHash, Bytes> chunks_;
};

}  // namespace casevault::sync
