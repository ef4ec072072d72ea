// OpStore: where a replica keeps the operations of its compartments.
//
// The sync engine writes through this interface; the client's SQLite replica implements it for
// real devices and MemoryOpStore (memory_op_store.h) for tests and benchmarks. Implementations
// must make each call atomic: after a crash an operation is wholly stored or absent.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/operation.h"
#include "casevault/sync/signed_op.h"
#include "casevault/sync/transport.h"

namespace casevault::sync {

// An operation held by a replica: its signed form, its opened body, and where the hub placed it
// (nullopt while it waits to be pushed).
struct StoredOp {
  SignedOp signed_op;
  Operation op;
  std::optional<LogPosition> position;
};

class OpStore {
 public:
  virtual ~OpStore() = default;

  // Stores the local op `op` of `where` (pending, no position yet); returns false, storing
  // nothing, when an op with its id is already stored.
  virtual Result<bool> Add(const CompartmentRef& where, const StoredOp& op) = 0;
  // In one atomic step: stores the pulled `ops` of `where` (each with its position; for an op
  // already stored, only its position is recorded) and moves the pull cursor to `cursor`.
  // Returns, per op, whether it was new.
  virtual Result<std::vector<bool>> AddPulled(const CompartmentRef& where,
                                              std::span<const StoredOp> ops, uint64_t cursor) = 0;
  // Records where the hub placed pushed ops of `where` (op id, position), in one atomic step.
  virtual Status SetPositions(const CompartmentRef& where,
                              std::span<const std::pair<Id128, LogPosition>> positions) = 0;
  // The pending ops of `where`, oldest first.
  virtual Result<std::vector<SignedOp>> Pending(const CompartmentRef& where) = 0;
  // Every op of record `record_id` in `where`.
  virtual Result<std::vector<StoredOp>> OpsOfRecord(const CompartmentRef& where,
                                                    const Id128& record_id) = 0;
  // The ids of every record of `where` with at least one op, in id order.
  virtual Result<std::vector<Id128>> Records(const CompartmentRef& where) = 0;
  // The highest hub sequence number pulled for `where` (0 before the first pull).
  virtual Result<uint64_t> Cursor(const CompartmentRef& where) = 0;
};

}  // namespace casevault::sync
