#include "casevault/sync/memory_op_store.h"

namespace casevault::sync {

bool MemoryOpStore::Compartment::Insert(const StoredOp& op) {
  auto [it, inserted] = ops.try_emplace(op.signed_op.op_id, op);
  if (!inserted) {
    if (!it->second.position && op.position) it->second.position = op.position;
    return false;
  }
  arrival.push_back(op.signed_op.op_id);
  ops_by_record[op.op.record_id].push_back(op.signed_op.op_id);
  return true;
}

Result<bool> MemoryOpStore::Add(const CompartmentRef& where, const StoredOp& op) {
  std::lock_guard lock(mu_);
  Compartment& compartment = compartments_[where];
  if (compartment.ops.contains(op.signed_op.op_id)) return false;
  return compartment.Insert(op);
}

Result<std::vector<bool>> MemoryOpStore::AddPulled(const CompartmentRef& where,
                                                   std::span<const StoredOp> ops, uint64_t cursor) {
  std::lock_guard lock(mu_);
  Compartment& compartment = compartments_[where];
  std::vector<bool> added;
  added.reserve(ops.size());
  for (const StoredOp& op : ops) added.push_back(compartment.Insert(op));
  compartment.cursor = cursor;
  return added;
}

Status MemoryOpStore::SetPositions(const CompartmentRef& where,
                                   std::span<const std::pair<Id128, LogPosition>> positions) {
  std::lock_guard lock(mu_);
  auto& ops = compartments_[where].ops;
  for (const auto& [op_id, position] : positions) {
    auto it = ops.find(op_id);
    if (it == ops.end()) return NotFoundError("no operation " + op_id.ToHex());
    it->second.position = position;
  }
  return Status::Ok();
}

Result<std::vector<SignedOp>> MemoryOpStore::Pending(const CompartmentRef& where) {
  std::lock_guard lock(mu_);
  Compartment& compartment = compartments_[where];
  std::vector<SignedOp> pending;
  for (const Id128& id : compartment.arrival) {
    const StoredOp& op = compartment.ops.at(id);
    if (!op.position) pending.push_back(op.signed_op);
  }
  return pending;
}

Result<std::vector<StoredOp>> MemoryOpStore::OpsOfRecord(const CompartmentRef& where,
                                                         const Id128& record_id) {
  std::lock_guard lock(mu_);
  Compartment& compartment = compartments_[where];
  std::vector<StoredOp> ops;
  auto it = compartment.ops_by_record.find(record_id);
  if (it == compartment.ops_by_record.end()) return ops;
  for (const Id128& id : it->second) ops.push_back(compartment.ops.at(id));
  return ops;
}

Result<std::vector<Id128>> MemoryOpStore::Records(const CompartmentRef& where) {
  std::lock_guard lock(mu_);
  std::vector<Id128> ids;
  for (const auto& [id, ops] : compartments_[where].ops_by_record) ids.push_back(id);
  return ids;
}

Result<uint64_t> MemoryOpStore::Cursor(const CompartmentRef& where) {
  std::lock_guard lock(mu_);
  return compartments_[where].cursor;
}

}  // namespace casevault::sync
