#include "casevault/server/access_policy.h"

#include <algorithm>

namespace casevault::server {
namespace {

// Binds (case, compartment, user) to parameters 1 to 3 of `statement`.
Status BindGrantKey(schema::SqliteStatement& statement, const Id128& user_id,
                    const sync::CompartmentRef& where) {
  CV_RETURN_IF_ERROR(statement.BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(statement.BindText(2, where.name));
  return statement.BindBlob(3, user_id.bytes);
}

std::string_view AgreementKind(AccessPolicy::Agreement agreement) {
  return agreement == AccessPolicy::Agreement::kConfidentiality ? "confidentiality" : "interest";
}

std::string_view AccessName(Access access) { return access == Access::kWrite ? "write" : "read"; }

void SortUnique(std::vector<Id128>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

Status AccessPolicy::Grant(const Id128& user_id, const sync::CompartmentRef& where, Access access,
                           std::optional<int64_t> expires_micros, const Id128& granted_by) {
  if (!sync::IsValidCompartmentName(where.name)) {
    return InvalidArgumentError("no compartment may be called \"" + where.name + "\"");
  }
  CV_ASSIGN_OR_RETURN(std::optional<sync::CaseState> state, roster_.State(where.case_id));
  if (!state) return NotFoundError("case " + where.case_id.ToHex() + " was never opened");
  if (*state == sync::CaseState::kClosed) {
    return FailedPreconditionError("case " + where.case_id.ToHex() + " is closed");
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

Result<std::vector<GrantRecord>> AccessPolicy::Grants(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT user_id, compartment, writable, expires_at FROM "
                                        "grants WHERE case_id = ? AND (expires_at IS NULL OR "
                                        "expires_at > ?) ORDER BY user_id, compartment"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindInt(2, env_.NowMicros()));
  std::vector<GrantRecord> grants;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    GrantRecord grant;
    CV_ASSIGN_OR_RETURN(grant.user_id, Id128::FromBytes(select->ColumnBlob(0)));
    grant.compartment = std::string(select->ColumnText(1));
    grant.access = select->ColumnInt(2) != 0 ? Access::kWrite : Access::kRead;
    if (!select->ColumnIsNull(3)) grant.expires_micros = select->ColumnInt(3);
    grants.push_back(std::move(grant));
  }
  return grants;
}

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

Result<Decision> AccessPolicy::CheckAgreements(const Id128& user_id, const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto agreed, session.Statement("SELECT kind FROM agreements WHERE case_id = "
                                                     "? AND user_id = ?"));
  CV_RETURN_IF_ERROR(agreed->BindBlob(1, case_id.bytes));
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
  return Decision{true, "agreements recorded"};
}

Status AccessPolicy::DeleteCase(const Id128& case_id) {
  {
    const ServerDatabase::Session session = database_.Lock();
    CV_ASSIGN_OR_RETURN(auto remove, session.Statement("DELETE FROM grants WHERE case_id = ?"));
    CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
    CV_RETURN_IF_ERROR(remove->Run());
  }
  return roster_.CloseCase(case_id);
}

Result<std::vector<Id128>> AccessPolicy::Members(const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles, roster_.Roster(where.case_id));
  CV_ASSIGN_OR_RETURN(std::vector<GrantRecord> grants, Grants(where.case_id));
  std::vector<Id128> users;
  for (const RoleAssignment& role : roles) {
    if (RoleAccess(role, where.name)) users.push_back(role.user_id);
  }
  for (const GrantRecord& grant : grants) {
    if (grant.compartment == where.name) users.push_back(grant.user_id);
  }
  SortUnique(users);
  return users;
}

Result<std::vector<Id128>> AccessPolicy::CasesOf(const Id128& user_id) {
  CV_ASSIGN_OR_RETURN(std::vector<Id128> cases, roster_.CasesOf(user_id));
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT DISTINCT case_id FROM grants WHERE user_id = ? "
                                        "AND (expires_at IS NULL OR expires_at > ?)"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, user_id.bytes));
  CV_RETURN_IF_ERROR(select->BindInt(2, env_.NowMicros()));
  CV_ASSIGN_OR_RETURN(std::vector<Id128> granted, schema::StepIds(*select));
  cases.insert(cases.end(), granted.begin(), granted.end());
  SortUnique(cases);
  return cases;
}

Result<Decision> AccessPolicy::Check(const Id128& user_id, const sync::CompartmentRef& where,
                                     Access access) {
  CV_ASSIGN_OR_RETURN(std::optional<sync::CaseState> state, roster_.State(where.case_id));
  if (!state) return Decision{false, "case never opened"};
  if (*state == sync::CaseState::kClosed) return Decision{false, "case closed"};

  // The widest access any role or grant gives, and how.
  std::optional<Access> best;
  std::string via;
  auto consider = [&](Access offered, std::string how) {
    if (!best || (offered == Access::kWrite && *best == Access::kRead)) {
      best = offered;
      via = std::move(how);
    }
  };
  CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles, roster_.RolesOf(where.case_id, user_id));
  for (const RoleAssignment& role : roles) {
    if (std::optional<Access> offered = RoleAccess(role, where.name)) {
      consider(*offered, std::string(sync::CaseRoleName(role.role)) +
                             (role.agency.empty() ? "" : " of " + role.agency));
    }
  }
  bool grant_expired = false;
  {
    const ServerDatabase::Session session = database_.Lock();
    CV_ASSIGN_OR_RETURN(auto select,
                        session.Statement("SELECT writable, expires_at FROM grants WHERE case_id "
                                          "= ? AND compartment = ? AND user_id = ?"));
    CV_RETURN_IF_ERROR(BindGrantKey(*select, user_id, where));
    CV_ASSIGN_OR_RETURN(bool found, select->Step());
    if (found) {
      grant_expired = !select->ColumnIsNull(1) && select->ColumnInt(1) <= env_.NowMicros();
      const Access granted = select->ColumnInt(0) != 0 ? Access::kWrite : Access::kRead;
      if (!grant_expired) {
        consider(granted, std::string(AccessName(granted)) + " grant on " + where.name);
      }
    }
  }
  if (!best) {
    return Decision{false, grant_expired ? "grant on " + where.name + " expired"
                                         : "no role or grant opens " + where.name};
  }
  if (access == Access::kWrite && *best == Access::kRead) {
    return Decision{false, "read-only access to " + where.name + " (" + via + ")"};
  }
  if (access == Access::kWrite && *state == sync::CaseState::kNoFurtherAction) {
    return Decision{false, "case has no further action: read-only"};
  }
  CV_ASSIGN_OR_RETURN(Decision agreed, CheckAgreements(user_id, where.case_id));
  if (!agreed.allowed) return agreed;
  return Decision{true, std::string(AccessName(access)) + " as " + via};
}

}  // namespace casevault::server
