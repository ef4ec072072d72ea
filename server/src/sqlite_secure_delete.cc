#include "sqlite_secure_delete.h"

namespace casevault::server {

Status SecureDelete(const ServerDatabase::Session& session,
                    const std::function<Status()>& deletes) {
  CV_RETURN_IF_ERROR(session.db().Execute("PRAGMA secure_delete = ON;"));
  Status deleted = [&]() -> Status {
    CV_ASSIGN_OR_RETURN(schema::SqliteTransaction txn,
                        schema::SqliteTransaction::Begin(session.db()));
    CV_RETURN_IF_ERROR(deletes());
    CV_RETURN_IF_ERROR(txn.Commit());
    return session.db().Execute("PRAGMA wal_checkpoint(TRUNCATE);");
  }();
  Status restored = session.db().Execute("PRAGMA secure_delete = OFF;");
  return deleted.ok() ? restored : deleted;
}

}  // namespace casevault::server
