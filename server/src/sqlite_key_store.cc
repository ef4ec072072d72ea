#include "casevault/server/sqlite_key_store.h"

#include "sqlite_secure_delete.h"

namespace casevault::server {
namespace {

// Binds `where` to parameters 1 (case) and 2 (compartment) of `statement`.
Status BindCompartment(schema::SqliteStatement& statement, const sync::CompartmentRef& where) {
  CV_RETURN_IF_ERROR(statement.BindBlob(1, where.case_id.bytes));
  return statement.BindText(2, where.name);
}

// The newest epoch of `where` under `session`.
Result<uint32_t> NewestEpochUnder(const ServerDatabase::Session& session,
                                  const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT MAX(epoch) FROM wrapped_keys WHERE case_id = ? "
                                        "AND compartment = ?"));
  CV_RETURN_IF_ERROR(BindCompartment(*select, where));
  CV_ASSIGN_OR_RETURN(bool row, select->Step());
  return row && !select->ColumnIsNull(0) ? static_cast<uint32_t>(select->ColumnInt(0)) : 0u;
}

// Whether `device_id` holds a copy of epoch `epoch` of `where`, under `session`.
Result<bool> HoldsUnder(const ServerDatabase::Session& session, const sync::CompartmentRef& where,
                        uint32_t epoch, const Id128& device_id) {
  CV_ASSIGN_OR_RETURN(auto holds,
                      session.Statement("SELECT 1 FROM wrapped_keys WHERE case_id = ? AND "
                                        "compartment = ? AND epoch = ? AND device_id = ?"));
  CV_RETURN_IF_ERROR(BindCompartment(*holds, where));
  CV_RETURN_IF_ERROR(holds->BindInt(3, epoch));
  CV_RETURN_IF_ERROR(holds->BindBlob(4, device_id.bytes));
  return holds->Step();
}

// Inserts `keys` under `session`, never replacing a copy.
Status InsertUnder(const ServerDatabase::Session& session, const sync::CompartmentRef& where,
                   std::span<const WrappedKey> keys, const Id128& uploaded_by, int64_t now_micros) {
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT OR IGNORE INTO wrapped_keys(case_id, "
                                        "compartment, epoch, device_id, wrapped_key, uploaded_by, "
                                        "uploaded_at) VALUES(?, ?, ?, ?, ?, ?, ?)"));
  for (const WrappedKey& key : keys) {
    CV_RETURN_IF_ERROR(BindCompartment(*insert, where));
    CV_RETURN_IF_ERROR(insert->BindInt(3, key.epoch));
    CV_RETURN_IF_ERROR(insert->BindBlob(4, key.device_id.bytes));
    CV_RETURN_IF_ERROR(insert->BindBlob(5, key.wrapped));
    CV_RETURN_IF_ERROR(insert->BindBlob(6, uploaded_by.bytes));
    CV_RETURN_IF_ERROR(insert->BindInt(7, now_micros));
    CV_RETURN_IF_ERROR(insert->Run());
  }
  return Status::Ok();
}

}  // namespace

Result<bool> SqliteKeyStore::AddIfNewestEpochIs(const sync::CompartmentRef& where,
                                                uint32_t expected_newest,
                                                std::span<const WrappedKey> keys,
                                                const Id128& uploaded_by, int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction txn,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(uint32_t newest, NewestEpochUnder(session, where));
  if (newest != expected_newest) return false;
  CV_RETURN_IF_ERROR(InsertUnder(session, where, keys, uploaded_by, now_micros));
  CV_RETURN_IF_ERROR(txn.Commit());
  return true;
}

Result<bool> SqliteKeyStore::AddIfHolderHas(const sync::CompartmentRef& where, uint32_t epoch,
                                            std::span<const WrappedKey> keys, const Id128& holder,
                                            int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction txn,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(bool held, HoldsUnder(session, where, epoch, holder));
  if (!held) return false;
  CV_RETURN_IF_ERROR(InsertUnder(session, where, keys, holder, now_micros));
  CV_RETURN_IF_ERROR(txn.Commit());
  return true;
}

Result<std::vector<WrappedKey>> SqliteKeyStore::ForDevice(const sync::CompartmentRef& where,
                                                          const Id128& device_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT epoch, wrapped_key FROM wrapped_keys WHERE "
                                        "case_id = ? AND compartment = ? AND device_id = ? "
                                        "ORDER BY epoch"));
  CV_RETURN_IF_ERROR(BindCompartment(*select, where));
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

Result<uint32_t> SqliteKeyStore::NewestEpoch(const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  return NewestEpochUnder(session, where);
}

Result<std::vector<Id128>> SqliteKeyStore::Holders(const sync::CompartmentRef& where,
                                                   uint32_t epoch) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT device_id FROM wrapped_keys WHERE case_id = ? "
                                        "AND compartment = ? AND epoch = ? ORDER BY device_id"));
  CV_RETURN_IF_ERROR(BindCompartment(*select, where));
  CV_RETURN_IF_ERROR(select->BindInt(3, epoch));
  return schema::StepIds(*select);
}

Status SqliteKeyStore::DeleteCase(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  return SecureDelete(session, [&]() -> Status {
    CV_ASSIGN_OR_RETURN(auto remove,
                        session.Statement("DELETE FROM wrapped_keys WHERE case_id = ?"));
    CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
    return remove->Run();
  });
}

Status SqliteKeyStore::DeleteCompartment(const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  return SecureDelete(session, [&]() -> Status {
    CV_ASSIGN_OR_RETURN(auto remove, session.Statement("DELETE FROM wrapped_keys WHERE case_id = "
                                                       "? AND compartment = ?"));
    CV_RETURN_IF_ERROR(BindCompartment(*remove, where));
    return remove->Run();
  });
}

}  // namespace casevault::server
