// MemoryOpStore: an OpStore in memory, for tests, benchmarks and the in-process demo.
#pragma once

#include <map>
#include <mutex>

#include "casevault/sync/op_store.h"

namespace casevault::sync {

class MemoryOpStore final : public OpStore {
 public:
  Result<bool> Add(const CompartmentRef& where, const StoredOp& op) override;
  Result<std::vector<bool>> AddPulled(const CompartmentRef& where, std::span<const StoredOp> ops,
                                      uint64_t cursor) override;
  Status SetPositions(const CompartmentRef& where,
                      std::span<const std::pair<Id128, LogPosition>> positions) override;
  Result<std::vector<SignedOp>> Pending(const CompartmentRef& where) override;
  Result<std::vector<StoredOp>> OpsOfRecord(const CompartmentRef& where,
                                            const Id128& record_id) override;
  Result<std::vector<Id128>> Records(const CompartmentRef& where) override;
  Result<uint64_t> Cursor(const CompartmentRef& where) override;

 private:
  struct Compartment {
    // Stores `op` or, when its id is known, records the position it carries; true when new.
    bool Insert(const StoredOp& op);

    std::map<Id128, StoredOp> ops;
    // Op ids in the order they were added, for Pending.
    std::vector<Id128> arrival;
    std::map<Id128, std::vector<Id128>> ops_by_record;
    uint64_t cursor = 0;
  };

  std::mutex mu_;
  std::map<CompartmentRef, Compartment> compartments_;
};

}  // namespace casevault::sync
