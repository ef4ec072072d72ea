#include "casevault/server/sqlite_grant_store.h"

#include "sqlite_store_checks.h"

namespace casevault::server {
namespace {

// Binds (case, compartment, user) to parameters 1 to 3 of `statement`.
Status BindGrantKey(schema::SqliteStatement& statement, const Id128& user_id,
                    const sync::CompartmentRef& where) {
  CV_RETURN_IF_ERROR(statement.BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(statement.BindText(2, where.name));
  return statement.BindBlob(3, user_id.bytes);
}

// The grant in the current row of a query of user_id, compartment, writable, expires_at.
Result<GrantRecord> ReadGrant(const schema::SqliteStatement& row) {
  GrantRecord grant;
  CV_ASSIGN_OR_RETURN(grant.user_id, Id128::FromBytes(row.ColumnBlob(0)));
  grant.compartment = std::string(row.ColumnText(1));
  grant.access = row.ColumnInt(2) != 0 ? Access::kWrite : Access::kRead;
  if (!row.ColumnIsNull(3)) grant.expires_micros = row.ColumnInt(3);
  return grant;
}

}  // namespace

Status SqliteGrantStore::PutGrant(const Id128& user_id, const sync::CompartmentRef& where,
                                  Access access, std::optional<int64_t> expires_micros,
                                  const Id128& granted_by, int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_RETURN_IF_ERROR(CheckCaseOpen(session, where.case_id));
  CV_RETURN_IF_ERROR(CheckUserExists(session, user_id));
  CV_ASSIGN_OR_RETURN(auto upsert,
                      session.Statement("INSERT OR REPLACE INTO grants(case_id, compartment, "
                                        "user_id, writable, expires_at, granted_by, granted_at) "
                                        "VALUES(?, ?, ?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(BindGrantKey(*upsert, user_id, where));
  CV_RETURN_IF_ERROR(upsert->BindInt(4, access == Access::kWrite ? 1 : 0));
  CV_RETURN_IF_ERROR(expires_micros ? upsert->BindInt(5, *expires_micros) : upsert->BindNull(5));
  CV_RETURN_IF_ERROR(upsert->BindBlob(6, granted_by.bytes));
  CV_RETURN_IF_ERROR(upsert->BindInt(7, now_micros));
  return upsert->Run();
}

Result<bool> SqliteGrantStore::RemoveGrant(const Id128& user_id,
                                           const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto remove,
                      session.Statement("DELETE FROM grants WHERE case_id = ? AND compartment = "
                                        "? AND user_id = ?"));
  CV_RETURN_IF_ERROR(BindGrantKey(*remove, user_id, where));
  CV_RETURN_IF_ERROR(remove->Run());
  return session.db().Changes() > 0;
}

Result<std::optional<GrantRecord>> SqliteGrantStore::GrantOf(const Id128& user_id,
                                                             const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT user_id, compartment, writable, expires_at FROM "
                                        "grants WHERE case_id = ? AND compartment = ? AND "
                                        "user_id = ?"));
  CV_RETURN_IF_ERROR(BindGrantKey(*select, user_id, where));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<GrantRecord>();
  CV_ASSIGN_OR_RETURN(GrantRecord grant, ReadGrant(*select));
  return std::optional<GrantRecord>(std::move(grant));
}

Result<std::vector<GrantRecord>> SqliteGrantStore::Grants(const Id128& case_id,
                                                          int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT user_id, compartment, writable, expires_at FROM "
                                        "grants WHERE case_id = ? AND (expires_at IS NULL OR "
                                        "expires_at > ?) ORDER BY user_id, compartment"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindInt(2, now_micros));
  std::vector<GrantRecord> grants;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CV_ASSIGN_OR_RETURN(GrantRecord grant, ReadGrant(*select));
    grants.push_back(std::move(grant));
  }
  return grants;
}

Result<std::vector<Id128>> SqliteGrantStore::CasesOf(const Id128& user_id, int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT DISTINCT case_id FROM grants WHERE user_id = ? "
                                        "AND (expires_at IS NULL OR expires_at > ?) "
                                        "ORDER BY case_id"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, user_id.bytes));
  CV_RETURN_IF_ERROR(select->BindInt(2, now_micros));
  return schema::StepIds(*select);
}

Status SqliteGrantStore::DeleteCase(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto remove, session.Statement("DELETE FROM grants WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
  return remove->Run();
}

}  // namespace casevault::server
