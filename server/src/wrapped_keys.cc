#include "casevault/server/wrapped_keys.h"

namespace casevault::server {
namespace {

constexpr size_t kMaxWrappedBytes = 1024;

// The newest epoch of `where`, in the caller's session.
Result<uint32_t> NewestEpoch(const ServerDatabase::Session& session,
                             const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT MAX(epoch) FROM wrapped_keys WHERE case_id = ? "
                                        "AND compartment = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindText(2, where.name));
  CV_ASSIGN_OR_RETURN(bool row, select->Step());
  return row && !select->ColumnIsNull(0) ? static_cast<uint32_t>(select->ColumnInt(0)) : 0u;
}

Status CheckCopies(uint32_t epoch, std::span<const WrappedKey> keys) {
  for (const WrappedKey& key : keys) {
    if (key.epoch != epoch || key.wrapped.empty() || key.wrapped.size() > kMaxWrappedBytes) {
      return InvalidArgumentError("each wrapped key must be of epoch " + std::to_string(epoch) +
                                  " and hold 1 to " + std::to_string(kMaxWrappedBytes) + " bytes");
    }
  }
  return Status::Ok();
}

}  // namespace

Status WrappedKeys::Insert(const ServerDatabase::Session& session,
                           const sync::CompartmentRef& where, std::span<const WrappedKey> keys,
                           const Id128& uploaded_by) {
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT OR IGNORE INTO wrapped_keys(case_id, "
                                        "compartment, epoch, device_id, wrapped_key, uploaded_by, "
                                        "uploaded_at) VALUES(?, ?, ?, ?, ?, ?, ?)"));
  for (const WrappedKey& key : keys) {
    CV_RETURN_IF_ERROR(insert->BindBlob(1, where.case_id.bytes));
    CV_RETURN_IF_ERROR(insert->BindText(2, where.name));
    CV_RETURN_IF_ERROR(insert->BindInt(3, key.epoch));
    CV_RETURN_IF_ERROR(insert->BindBlob(4, key.device_id.bytes));
    CV_RETURN_IF_ERROR(insert->BindBlob(5, key.wrapped));
    CV_RETURN_IF_ERROR(insert->BindBlob(6, uploaded_by.bytes));
    CV_RETURN_IF_ERROR(insert->BindInt(7, env_.NowMicros()));
    CV_RETURN_IF_ERROR(insert->Run());
  }
  return Status::Ok();
}

Status WrappedKeys::CreateEpoch(const sync::CompartmentRef& where, uint32_t epoch,
                                std::span<const WrappedKey> keys, const Id128& uploaded_by) {
  CV_RETURN_IF_ERROR(CheckCopies(epoch, keys));
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction txn,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(uint32_t newest, NewestEpoch(session, where));
  if (epoch != newest + 1) {
    return FailedPreconditionError("epoch " + std::to_string(epoch) + " of " + where.name +
                                   " cannot be created: the newest is " + std::to_string(newest) +
                                   "; fetch it and sync again");
  }
  CV_RETURN_IF_ERROR(Insert(session, where, keys, uploaded_by));
  return txn.Commit();
}

Status WrappedKeys::Share(const sync::CompartmentRef& where, uint32_t epoch,
                          std::span<const WrappedKey> keys, const Id128& uploaded_by) {
  CV_RETURN_IF_ERROR(CheckCopies(epoch, keys));
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction txn,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(uint32_t newest, NewestEpoch(session, where));
  if (epoch == 0 || epoch > newest) {
    return FailedPreconditionError("epoch " + std::to_string(epoch) + " of " + where.name +
                                   " does not exist");
  }
  CV_ASSIGN_OR_RETURN(auto holds,
                      session.Statement("SELECT 1 FROM wrapped_keys WHERE case_id = ? AND "
                                        "compartment = ? AND epoch = ? AND device_id = ?"));
  CV_RETURN_IF_ERROR(holds->BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(holds->BindText(2, where.name));
  CV_RETURN_IF_ERROR(holds->BindInt(3, epoch));
  CV_RETURN_IF_ERROR(holds->BindBlob(4, uploaded_by.bytes));
  CV_ASSIGN_OR_RETURN(bool held, holds->Step());
  if (!held) {
    return PermissionDeniedError("device " + uploaded_by.ToHex() + " does not hold epoch " +
                                 std::to_string(epoch) + " of " + where.name +
                                 ", so it cannot share it");
  }
  CV_RETURN_IF_ERROR(Insert(session, where, keys, uploaded_by));
  return txn.Commit();
}

Result<std::vector<WrappedKey>> WrappedKeys::ForDevice(const sync::CompartmentRef& where,
                                                       const Id128& device_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT epoch, wrapped_key FROM wrapped_keys WHERE "
                                        "case_id = ? AND compartment = ? AND device_id = ? "
                                        "ORDER BY epoch"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindText(2, where.name));
  CV_RETURN_IF_ERROR(select->BindBlob(3, device_id.bytes));
  std::vector<WrappedKey> keys;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const ByteView wrapped = select->ColumnBlob(1);
    keys.push_back({static_cast<uint32_t>(select->ColumnInt(0)), device_id,
                    Bytes(wrapped.begin(), wrapped.end())});
  }
  return keys;
}

Result<uint32_t> WrappedKeys::LatestEpoch(const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  return NewestEpoch(session, where);
}

Result<std::vector<Id128>> WrappedKeys::Holders(const sync::CompartmentRef& where, uint32_t epoch) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT device_id FROM wrapped_keys WHERE case_id = ? "
                                        "AND compartment = ? AND epoch = ? ORDER BY device_id"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindText(2, where.name));
  CV_RETURN_IF_ERROR(select->BindInt(3, epoch));
  return schema::StepIds(*select);
}

Status WrappedKeys::DeleteCase(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto remove, session.Statement("DELETE FROM wrapped_keys WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
  return remove->Run();
}

}  // namespace casevault::server
