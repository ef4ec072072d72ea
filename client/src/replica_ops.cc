// Replica: the sync engine's OpStore, and materializing records from their operations.
#include <set>

#include "casevault/client/replica.h"
#include "casevault/crypto/record_seal.h"
#include "casevault/sync/record_merge.h"

namespace casevault::client {

using schema::SqliteStatement;
using schema::SqliteTransaction;

namespace {

// Opens an operation this replica verified (signature included) before storing it.
Result<sync::Operation> OpenStored(const sync::SignedOp& signed_op, const CompartmentRef& where,
                                   const crypto::SecretKey& key) {
  CV_ASSIGN_OR_RETURN(Bytes body,
                      crypto::OpenRecord(key,
                                         {where.case_id.ToHex(), where.name,
                                          "op:" + signed_op.op_id.ToHex(), signed_op.epoch},
                                         signed_op.envelope));
  return sync::DecodeOperation(body);
}

}  // namespace

Result<bool> Replica::InsertOp(const Id128& compartment_id, const sync::StoredOp& op) {
  CV_ASSIGN_OR_RETURN(auto insert,
                      Statement("INSERT OR IGNORE INTO ops(compartment_id, op_id, record_id, "
                                "signed_op, seq, hub_time) VALUES(?, ?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, op.signed_op.op_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(3, op.op.record_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(4, sync::EncodeSignedOp(op.signed_op)));
  if (op.position) {
    CV_RETURN_IF_ERROR(insert->BindInt(5, static_cast<int64_t>(op.position->seq)));
    CV_RETURN_IF_ERROR(insert->BindInt(6, op.position->hub_time_micros));
  } else {
    CV_RETURN_IF_ERROR(insert->BindNull(5));
    CV_RETURN_IF_ERROR(insert->BindNull(6));
  }
  CV_RETURN_IF_ERROR(insert->Run());
  return db_->Changes() == 1;
}

Result<bool> Replica::Add(const CompartmentRef& where, const sync::StoredOp& op) {
  const Id128 compartment_id = CompartmentId(where);
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(*db_));
  CV_RETURN_IF_ERROR(EnsureCompartment(where, compartment_id));
  CV_ASSIGN_OR_RETURN(bool added, InsertOp(compartment_id, op));
  if (added) {
    const Id128 changed[] = {op.op.record_id};
    CV_RETURN_IF_ERROR(MaterializeInTransaction(where, compartment_id, changed, /*local=*/true));
    CV_RETURN_IF_ERROR(SaveClock());
  }
  CV_RETURN_IF_ERROR(txn.Commit());
  return added;
}

Result<std::vector<bool>> Replica::AddPulled(const CompartmentRef& where,
                                             std::span<const sync::StoredOp> ops, uint64_t cursor) {
  const Id128 compartment_id = CompartmentId(where);
  std::vector<std::pair<Id128, sync::LogPosition>> known;
  std::set<Id128> changed;
  std::vector<bool> added;
  added.reserve(ops.size());
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(*db_));
  CV_RETURN_IF_ERROR(EnsureCompartment(where, compartment_id));
  for (const sync::StoredOp& op : ops) {
    CV_ASSIGN_OR_RETURN(bool is_new, InsertOp(compartment_id, op));
    added.push_back(is_new);
    if (is_new) changed.insert(op.op.record_id);
    if (!is_new && op.position) known.emplace_back(op.signed_op.op_id, *op.position);
  }
  CV_RETURN_IF_ERROR(SetPositionsInTransaction(compartment_id, known));
  const std::vector<Id128> changed_ids(changed.begin(), changed.end());
  CV_RETURN_IF_ERROR(MaterializeInTransaction(where, compartment_id, changed_ids, /*local=*/false));
  CV_RETURN_IF_ERROR(SaveClock());
  CV_ASSIGN_OR_RETURN(auto update,
                      Statement("INSERT OR REPLACE INTO sync_cursors(compartment_id, seq) "
                                "VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(update->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(update->BindInt(2, static_cast<int64_t>(cursor)));
  CV_RETURN_IF_ERROR(update->Run());
  CV_RETURN_IF_ERROR(txn.Commit());
  return added;
}

Status Replica::SetPositionsInTransaction(
    const Id128& compartment_id, std::span<const std::pair<Id128, sync::LogPosition>> positions) {
  CV_ASSIGN_OR_RETURN(auto update,
                      Statement("UPDATE ops SET seq = ?, hub_time = ? WHERE compartment_id = ? "
                                "AND op_id = ? AND seq IS NULL"));
  for (const auto& [op_id, position] : positions) {
    CV_RETURN_IF_ERROR(update->BindInt(1, static_cast<int64_t>(position.seq)));
    CV_RETURN_IF_ERROR(update->BindInt(2, position.hub_time_micros));
    CV_RETURN_IF_ERROR(update->BindBlob(3, compartment_id.bytes));
    CV_RETURN_IF_ERROR(update->BindBlob(4, op_id.bytes));
    CV_RETURN_IF_ERROR(update->Run());
  }
  return Status::Ok();
}

Status Replica::SetPositions(const CompartmentRef& where,
                             std::span<const std::pair<Id128, sync::LogPosition>> positions) {
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(*db_));
  CV_RETURN_IF_ERROR(SetPositionsInTransaction(CompartmentId(where), positions));
  return txn.Commit();
}

Result<std::vector<sync::SignedOp>> Replica::Pending(const CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(auto select,
                      Statement("SELECT signed_op FROM ops WHERE compartment_id = ? AND seq IS "
                                "NULL ORDER BY rowid"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, CompartmentId(where).bytes));
  std::vector<sync::SignedOp> pending;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CV_ASSIGN_OR_RETURN(sync::SignedOp op, sync::DecodeSignedOp(select->ColumnBlob(0)));
    pending.push_back(std::move(op));
  }
  return pending;
}

Result<std::vector<sync::StoredOp>> Replica::OpsOfRecord(const CompartmentRef& where,
                                                         const Id128& record_id) {
  const Id128 compartment_id = CompartmentId(where);
  CV_ASSIGN_OR_RETURN(auto select,
                      Statement("SELECT signed_op, seq, hub_time FROM ops WHERE compartment_id = "
                                "? AND record_id = ? ORDER BY rowid"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(select->BindBlob(2, record_id.bytes));
  std::vector<sync::StoredOp> ops;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    sync::StoredOp stored;
    CV_ASSIGN_OR_RETURN(stored.signed_op, sync::DecodeSignedOp(select->ColumnBlob(0)));
    if (!select->ColumnIsNull(1)) {
      stored.position =
          sync::LogPosition{static_cast<uint64_t>(select->ColumnInt(1)), select->ColumnInt(2)};
    }
    ops.push_back(std::move(stored));
  }
  // Opened after the rows are read: unwrapping a key may run other statements.
  for (sync::StoredOp& stored : ops) {
    CV_ASSIGN_OR_RETURN(const crypto::SecretKey* key,
                        CompartmentKey(compartment_id, stored.signed_op.epoch));
    auto op = OpenStored(stored.signed_op, where, *key);
    if (!op.ok())
      return op.status().WithContext("stored operation " + stored.signed_op.op_id.ToHex());
    stored.op = *std::move(op);
  }
  return ops;
}

Result<std::vector<Id128>> Replica::Records(const CompartmentRef& where) {
  return SelectIds("SELECT DISTINCT record_id FROM ops WHERE compartment_id = ? ORDER BY record_id",
                   CompartmentId(where));
}

Result<uint64_t> Replica::Cursor(const CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(auto select,
                      Statement("SELECT seq FROM sync_cursors WHERE compartment_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, CompartmentId(where).bytes));
  CV_ASSIGN_OR_RETURN(bool row, select->Step());
  return row ? static_cast<uint64_t>(select->ColumnInt(0)) : uint64_t{0};
}

Status Replica::MaterializeInTransaction(const CompartmentRef& where, const Id128& compartment_id,
                                         std::span<const Id128> record_ids, bool local) {
  if (record_ids.empty()) return Status::Ok();
  CV_ASSIGN_OR_RETURN(SealingKey key, NewestKey(compartment_id));
  for (const Id128& record_id : record_ids) {
    CV_ASSIGN_OR_RETURN(std::vector<sync::StoredOp> ops, OpsOfRecord(where, record_id));
    std::vector<sync::MergeInput> inputs;
    inputs.reserve(ops.size());
    for (const sync::StoredOp& op : ops) {
      inputs.push_back(
          {&op.op, op.position ? std::optional(op.position->hub_time_micros) : std::nullopt});
    }
    const sync::RecordState state = sync::MergeRecord(record_id, inputs);
    if (!state.type) continue;  // changes whose create has not arrived: nothing to show yet
    if (state.deleted) {
      CV_ASSIGN_OR_RETURN(
          auto remove, Statement("DELETE FROM records WHERE compartment_id = ? AND record_id = ?"));
      CV_RETURN_IF_ERROR(remove->BindBlob(1, compartment_id.bytes));
      CV_RETURN_IF_ERROR(remove->BindBlob(2, record_id.bytes));
      CV_RETURN_IF_ERROR(remove->Run());
      CV_RETURN_IF_ERROR(RemoveFiles(compartment_id, record_id));
      continue;
    }
    Result<schema::Record> record = state.ToRecord();
    // Operations that do not fit the record's type (from a newer CaseVault, or a faulty device)
    // are kept but leave the record as it was shown, rather than stopping every later sync.
    if (!record.ok()) continue;
    CV_RETURN_IF_ERROR(StoreRecord(where, compartment_id, key, record_id, *record));
    if (state.file) {
      CV_RETURN_IF_ERROR(StoreFileManifest(compartment_id, record_id, *state.file, local));
    }
  }
  return Status::Ok();
}

}  // namespace casevault::client
