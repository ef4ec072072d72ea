#include "casevault/server/sqlite_draft_view_store.h"

#include "sqlite_secure_delete.h"

namespace casevault::server {
namespace {

constexpr std::string_view kInfoColumns =
    "view_id, case_id, viewer, shared_by, shared_by_device, created_at, expires_at";

// The view facts of the current row of a statement selecting kInfoColumns.
Result<DraftViewInfo> InfoOfRow(const schema::SqliteStatement& row) {
  DraftViewInfo info;
  CV_ASSIGN_OR_RETURN(info.view_id, Id128::FromBytes(row.ColumnBlob(0)));
  CV_ASSIGN_OR_RETURN(info.case_id, Id128::FromBytes(row.ColumnBlob(1)));
  CV_ASSIGN_OR_RETURN(info.viewer, Id128::FromBytes(row.ColumnBlob(2)));
  CV_ASSIGN_OR_RETURN(info.shared_by, Id128::FromBytes(row.ColumnBlob(3)));
  CV_ASSIGN_OR_RETURN(info.shared_by_device, Id128::FromBytes(row.ColumnBlob(4)));
  info.created_micros = row.ColumnInt(5);
  info.expires_micros = row.ColumnInt(6);
  return info;
}

}  // namespace

Status SqliteDraftViewStore::Add(const DraftViewInfo& info, ByteView sealed,
                                 std::span<const ViewerDeviceKey> keys) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction txn,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(auto taken, session.Statement("SELECT 1 FROM draft_views WHERE view_id = ?"));
  CV_RETURN_IF_ERROR(taken->BindBlob(1, info.view_id.bytes));
  CV_ASSIGN_OR_RETURN(bool exists, taken->Step());
  if (exists) return AlreadyExistsError("draft view " + info.view_id.ToHex() + " exists");
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT INTO draft_views(view_id, case_id, viewer, "
                                        "shared_by, shared_by_device, created_at, expires_at, "
                                        "sealed) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, info.view_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, info.case_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(3, info.viewer.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(4, info.shared_by.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(5, info.shared_by_device.bytes));
  CV_RETURN_IF_ERROR(insert->BindInt(6, info.created_micros));
  CV_RETURN_IF_ERROR(insert->BindInt(7, info.expires_micros));
  CV_RETURN_IF_ERROR(insert->BindBlob(8, sealed));
  CV_RETURN_IF_ERROR(insert->Run());
  CV_ASSIGN_OR_RETURN(auto insert_key,
                      session.Statement("INSERT OR IGNORE INTO draft_view_keys(view_id, "
                                        "device_id, wrapped) VALUES(?, ?, ?)"));
  for (const ViewerDeviceKey& key : keys) {
    CV_RETURN_IF_ERROR(insert_key->BindBlob(1, info.view_id.bytes));
    CV_RETURN_IF_ERROR(insert_key->BindBlob(2, key.device_id.bytes));
    CV_RETURN_IF_ERROR(insert_key->BindBlob(3, key.wrapped));
    CV_RETURN_IF_ERROR(insert_key->Run());
  }
  return txn.Commit();
}

Result<std::optional<DraftViewInfo>> SqliteDraftViewStore::Find(const Id128& case_id,
                                                                const Id128& view_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT " + std::string(kInfoColumns) +
                                                     " FROM draft_views WHERE case_id = ? AND "
                                                     "view_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindBlob(2, view_id.bytes));
  CV_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return std::optional<DraftViewInfo>();
  CV_ASSIGN_OR_RETURN(DraftViewInfo info, InfoOfRow(*select));
  return std::optional<DraftViewInfo>(std::move(info));
}

Result<std::optional<SealedDraftView>> SqliteDraftViewStore::SealedFor(const Id128& view_id,
                                                                       const Id128& device_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT v.sealed, k.wrapped FROM draft_views AS v JOIN "
                                        "draft_view_keys AS k ON k.view_id = v.view_id WHERE "
                                        "v.view_id = ? AND k.device_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, view_id.bytes));
  CV_RETURN_IF_ERROR(select->BindBlob(2, device_id.bytes));
  CV_ASSIGN_OR_RETURN(bool row, select->Step());
  using Found = std::optional<SealedDraftView>;
  if (!row) return Found();
  const ByteView sealed = select->ColumnBlob(0);
  const ByteView wrapped = select->ColumnBlob(1);
  return Found(SealedDraftView{.sealed = Bytes(sealed.begin(), sealed.end()),
                               .key = Bytes(wrapped.begin(), wrapped.end())});
}

Result<std::vector<DraftViewInfo>> SqliteDraftViewStore::OfCase(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT " + std::string(kInfoColumns) +
                                                     " FROM draft_views WHERE case_id = ? "
                                                     "ORDER BY created_at, view_id"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  std::vector<DraftViewInfo> views;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CV_ASSIGN_OR_RETURN(DraftViewInfo info, InfoOfRow(*select));
    views.push_back(std::move(info));
  }
  return views;
}

Status SqliteDraftViewStore::Delete(const Id128& view_id) {
  return DeleteWhere("view_id = ?", view_id);
}

Status SqliteDraftViewStore::DeleteCase(const Id128& case_id) {
  return DeleteWhere("case_id = ?", case_id);
}

Status SqliteDraftViewStore::DeleteWhere(std::string_view where, const Id128& id) {
  const ServerDatabase::Session session = database_.Lock();
  return SecureDelete(session, [&]() -> Status {
    CV_ASSIGN_OR_RETURN(auto keys,
                        session.Statement("DELETE FROM draft_view_keys WHERE view_id IN (SELECT "
                                          "view_id FROM draft_views WHERE " +
                                          std::string(where) + ")"));
    CV_RETURN_IF_ERROR(keys->BindBlob(1, id.bytes));
    CV_RETURN_IF_ERROR(keys->Run());
    CV_ASSIGN_OR_RETURN(auto views,
                        session.Statement("DELETE FROM draft_views WHERE " + std::string(where)));
    CV_RETURN_IF_ERROR(views->BindBlob(1, id.bytes));
    return views->Run();
  });
}

}  // namespace casevault::server
