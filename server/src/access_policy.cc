#include "casevault/server/access_policy.h"

namespace casevault::server {
namespace {

// Binds (case, compartment, user) to parameters 1 to 3 of `statement`.
Status BindGrantKey(schema::SqliteStatement& statement, const Id128& user_id,
                    const sync::CompartmentRef& where) {
  CV_RETURN_IF_ERROR(statement.BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(statement.BindText(2, where.name));
  return statement.BindBlob(3, user_id.bytes);
}

}  // namespace

Status AccessPolicy::Grant(const Id128& user_id, const sync::CompartmentRef& where, Access access,
                           std::optional<int64_t> expires_micros, const Id128& granted_by) {
  if (!sync::IsValidCompartmentName(where.name)) {
    return InvalidArgumentError("no compartment may be called \"" + where.name + "\"");
  }
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto upsert,
                      session.Statement("INSERT OR REPLACE INTO grants(case_id, compartment, "
                                        "user_id, writable, expires_at, granted_by, granted_at) "
                                        "VALUES(?, ?, ?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(BindGrantKey(*upsert, user_id, where));
  CV_RETURN_IF_ERROR(upsert->BindInt(4, access == Access::kWrite ? 1 : 0));
  CV_RETURN_IF_ERROR(expires_micros ? upsert->BindInt(5, *expires_micros) : upsert->BindNull(5));
  CV_RETURN_IF_ERROR(upsert->BindBlob(6, granted_by.bytes));
  CV_RETURN_IF_ERROR(upsert->BindInt(7, env_.NowMicros()));
  return upsert->Run();
}

Status AccessPolicy::Revoke(const Id128& user_id, const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto remove,
                      session.Statement("DELETE FROM grants WHERE case_id = ? AND compartment = "
                                        "? AND user_id = ?"));
  CV_RETURN_IF_ERROR(BindGrantKey(*remove, user_id, where));
  CV_RETURN_IF_ERROR(remove->Run());
  if (session.db().Changes() == 0) {
    return NotFoundError("user " + user_id.ToHex() + " holds no grant on " + where.name);
  }
  return Status::Ok();
}

namespace {

std::string_view AgreementKind(AccessPolicy::Agreement agreement) {
  return agreement == AccessPolicy::Agreement::kConfidentiality ? "confidentiality" : "interest";
}

}  // namespace

Status AccessPolicy::RecordAgreement(const Id128& user_id, const Id128& case_id,
                                     Agreement agreement) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT OR IGNORE INTO agreements(case_id, user_id, kind, "
                                        "recorded_at) VALUES(?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, user_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindText(3, AgreementKind(agreement)));
  CV_RETURN_IF_ERROR(insert->BindInt(4, env_.NowMicros()));
  return insert->Run();
}

Status AccessPolicy::DeleteCase(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto remove, session.Statement("DELETE FROM grants WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
  return remove->Run();
}

Result<std::vector<Id128>> AccessPolicy::Grantees(const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT user_id FROM grants WHERE case_id = ? AND "
                                        "compartment = ? AND (expires_at IS NULL OR expires_at > "
                                        "?) ORDER BY user_id"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindText(2, where.name));
  CV_RETURN_IF_ERROR(select->BindInt(3, env_.NowMicros()));
  std::vector<Id128> users;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CV_ASSIGN_OR_RETURN(Id128 user, Id128::FromBytes(select->ColumnBlob(0)));
    users.push_back(user);
  }
  return users;
}

Result<Decision> AccessPolicy::Check(const Id128& user_id, const sync::CompartmentRef& where,
                                     Access access) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT writable, expires_at FROM grants WHERE case_id "
                                        "= ? AND compartment = ? AND user_id = ?"));
  CV_RETURN_IF_ERROR(BindGrantKey(*select, user_id, where));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return Decision{false, "no grant on " + where.name};
  if (!select->ColumnIsNull(1) && select->ColumnInt(1) <= env_.NowMicros()) {
    return Decision{false, "grant on " + where.name + " expired"};
  }
  const bool writable = select->ColumnInt(0) != 0;
  if (access == Access::kWrite && !writable) {
    return Decision{false, "read-only grant on " + where.name};
  }
  CV_ASSIGN_OR_RETURN(auto agreed, session.Statement("SELECT kind FROM agreements WHERE case_id = "
                                                     "? AND user_id = ?"));
  CV_RETURN_IF_ERROR(agreed->BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(agreed->BindBlob(2, user_id.bytes));
  bool confidentiality = false, interest = false;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, agreed->Step());
    if (!row) break;
    confidentiality = confidentiality || agreed->ColumnText(0) == "confidentiality";
    interest = interest || agreed->ColumnText(0) == "interest";
  }
  if (!confidentiality) return Decision{false, "confidentiality agreement not signed"};
  if (!interest) return Decision{false, "declaration of interest not recorded"};
  return Decision{true, std::string(writable ? "write" : "read") + " grant on " + where.name};
}

}  // namespace casevault::server
