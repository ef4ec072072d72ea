#include "casevault/server/case_roster.h"

namespace casevault::server {
namespace {

using sync::CaseState;

// The state text of case `case_id` under `session`; nullopt when the case is unknown.
Result<std::optional<CaseState>> StateUnder(const ServerDatabase::Session& session,
                                            const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT state FROM cases WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<CaseState>();
  const std::optional<CaseState> state = sync::CaseStateFromName(select->ColumnText(0));
  if (!state) return CorruptionError("case " + case_id.ToHex() + " has an unknown state");
  return state;
}

// OK when case `case_id` is open (known and not closed).
Status CheckOpen(const ServerDatabase::Session& session, const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(std::optional<CaseState> state, StateUnder(session, case_id));
  if (!state) return NotFoundError("case " + case_id.ToHex() + " was never opened");
  if (*state == CaseState::kClosed) {
    return FailedPreconditionError("case " + case_id.ToHex() + " is closed");
  }
  return Status::Ok();
}

// OK when user `user_id` exists.
Status CheckUserExists(const ServerDatabase::Session& session, const Id128& user_id) {
  CV_ASSIGN_OR_RETURN(auto user, session.Statement("SELECT 1 FROM users WHERE user_id = ?"));
  CV_RETURN_IF_ERROR(user->BindBlob(1, user_id.bytes));
  CV_ASSIGN_OR_RETURN(bool known, user->Step());
  if (!known) return NotFoundError("no user " + user_id.ToHex());
  return Status::Ok();
}

}  // namespace

Status CaseRoster::Open(const Id128& case_id, const Id128& opened_by) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(std::optional<CaseState> state, StateUnder(session, case_id));
  if (state) return AlreadyExistsError("case " + case_id.ToHex() + " was opened before");
  CV_RETURN_IF_ERROR(CheckUserExists(session, opened_by));
  const int64_t now = env_.NowMicros();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction transaction,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(auto insert_case,
                      session.Statement("INSERT INTO cases(case_id, state, opened_by, opened_at, "
                                        "state_changed_at) VALUES(?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert_case->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(insert_case->BindText(2, sync::CaseStateName(CaseState::kReferred)));
  CV_RETURN_IF_ERROR(insert_case->BindBlob(3, opened_by.bytes));
  CV_RETURN_IF_ERROR(insert_case->BindInt(4, now));
  CV_RETURN_IF_ERROR(insert_case->BindInt(5, now));
  CV_RETURN_IF_ERROR(insert_case->Run());
  CV_ASSIGN_OR_RETURN(auto insert_role,
                      session.Statement("INSERT INTO case_roles(case_id, user_id, role, agency, "
                                        "expires_at, assigned_by, assigned_at) "
                                        "VALUES(?, ?, ?, '', NULL, ?, ?)"));
  CV_RETURN_IF_ERROR(insert_role->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(insert_role->BindBlob(2, opened_by.bytes));
  CV_RETURN_IF_ERROR(insert_role->BindText(3, sync::CaseRoleName(sync::CaseRole::kBusinessUnit)));
  CV_RETURN_IF_ERROR(insert_role->BindBlob(4, opened_by.bytes));
  CV_RETURN_IF_ERROR(insert_role->BindInt(5, now));
  CV_RETURN_IF_ERROR(insert_role->Run());
  return transaction.Commit();
}

Result<std::optional<CaseState>> CaseRoster::State(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  return StateUnder(session, case_id);
}

Status CaseRoster::SetState(const Id128& case_id, CaseState state) {
  if (state == CaseState::kClosed) {
    return FailedPreconditionError("a case is closed by closing it, which destroys its data");
  }
  const ServerDatabase::Session session = database_.Lock();
  CV_RETURN_IF_ERROR(CheckOpen(session, case_id));
  CV_ASSIGN_OR_RETURN(auto update,
                      session.Statement("UPDATE cases SET state = ?, state_changed_at = ? "
                                        "WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(update->BindText(1, sync::CaseStateName(state)));
  CV_RETURN_IF_ERROR(update->BindInt(2, env_.NowMicros()));
  CV_RETURN_IF_ERROR(update->BindBlob(3, case_id.bytes));
  return update->Run();
}

Status CaseRoster::Assign(const Id128& case_id, const RoleAssignment& role,
                          const Id128& assigned_by) {
  if (std::string problem = AssignmentProblem(role); !problem.empty()) {
    return InvalidArgumentError(problem);
  }
  const ServerDatabase::Session session = database_.Lock();
  CV_RETURN_IF_ERROR(CheckOpen(session, case_id));
  CV_RETURN_IF_ERROR(CheckUserExists(session, role.user_id));
  CV_ASSIGN_OR_RETURN(auto upsert,
                      session.Statement("INSERT OR REPLACE INTO case_roles(case_id, user_id, "
                                        "role, agency, expires_at, assigned_by, assigned_at) "
                                        "VALUES(?, ?, ?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(upsert->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(upsert->BindBlob(2, role.user_id.bytes));
  CV_RETURN_IF_ERROR(upsert->BindText(3, sync::CaseRoleName(role.role)));
  CV_RETURN_IF_ERROR(upsert->BindText(4, role.agency));
  CV_RETURN_IF_ERROR(role.expires_micros ? upsert->BindInt(5, *role.expires_micros)
                                         : upsert->BindNull(5));
  CV_RETURN_IF_ERROR(upsert->BindBlob(6, assigned_by.bytes));
  CV_RETURN_IF_ERROR(upsert->BindInt(7, env_.NowMicros()));
  return upsert->Run();
}

Status CaseRoster::Withdraw(const Id128& case_id, const Id128& user_id, sync::CaseRole role,
                            const std::string& agency) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto remove,
                      session.Statement("DELETE FROM case_roles WHERE case_id = ? AND user_id = ? "
                                        "AND role = ? AND agency = ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(remove->BindBlob(2, user_id.bytes));
  CV_RETURN_IF_ERROR(remove->BindText(3, sync::CaseRoleName(role)));
  CV_RETURN_IF_ERROR(remove->BindText(4, agency));
  CV_RETURN_IF_ERROR(remove->Run());
  if (session.db().Changes() == 0) {
    return NotFoundError("user " + user_id.ToHex() + " is not " +
                         std::string(sync::CaseRoleName(role)) +
                         (agency.empty() ? "" : " of " + agency) + " on this case");
  }
  return Status::Ok();
}

Result<std::vector<RoleAssignment>> CaseRoster::RolesOf(const Id128& case_id,
                                                        const Id128& user_id) {
  return Select(case_id, &user_id);
}

Result<std::vector<RoleAssignment>> CaseRoster::Roster(const Id128& case_id) {
  return Select(case_id, nullptr);
}

Result<std::vector<RoleAssignment>> CaseRoster::Select(const Id128& case_id, const Id128* user_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT user_id, role, agency, expires_at FROM case_roles "
                                        "WHERE case_id = ?1 AND (?2 IS NULL OR user_id = ?2) AND "
                                        "(expires_at IS NULL OR expires_at > ?3) "
                                        "ORDER BY user_id, role, agency"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(user_id ? select->BindBlob(2, user_id->bytes) : select->BindNull(2));
  CV_RETURN_IF_ERROR(select->BindInt(3, env_.NowMicros()));
  std::vector<RoleAssignment> roles;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    RoleAssignment role;
    CV_ASSIGN_OR_RETURN(role.user_id, Id128::FromBytes(select->ColumnBlob(0)));
    const std::optional<sync::CaseRole> parsed = sync::CaseRoleFromName(select->ColumnText(1));
    if (!parsed) return CorruptionError("case " + case_id.ToHex() + " lists an unknown role");
    role.role = *parsed;
    role.agency = std::string(select->ColumnText(2));
    if (!select->ColumnIsNull(3)) role.expires_micros = select->ColumnInt(3);
    roles.push_back(std::move(role));
  }
  return roles;
}

Result<std::vector<Id128>> CaseRoster::CasesOf(const Id128& user_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT DISTINCT case_id FROM case_roles WHERE user_id = "
                                        "? AND (expires_at IS NULL OR expires_at > ?) "
                                        "ORDER BY case_id"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, user_id.bytes));
  CV_RETURN_IF_ERROR(select->BindInt(2, env_.NowMicros()));
  return schema::StepIds(*select);
}

Status CaseRoster::CloseCase(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction transaction,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(auto remove, session.Statement("DELETE FROM case_roles WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(remove->Run());
  CV_ASSIGN_OR_RETURN(auto update,
                      session.Statement("UPDATE cases SET state = ?, state_changed_at = ? "
                                        "WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(update->BindText(1, sync::CaseStateName(CaseState::kClosed)));
  CV_RETURN_IF_ERROR(update->BindInt(2, env_.NowMicros()));
  CV_RETURN_IF_ERROR(update->BindBlob(3, case_id.bytes));
  CV_RETURN_IF_ERROR(update->Run());
  return transaction.Commit();
}

}  // namespace casevault::server
