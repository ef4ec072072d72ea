#include "casevault/server/sqlite_case_store.h"

#include "casevault/sync/offline_lease.h"
#include "sqlite_store_checks.h"

namespace casevault::server {
namespace {

using sync::CaseState;

// Gives `role` to its user on case `case_id` under `session` (replacing the same role).
Status PutRole(const ServerDatabase::Session& session, const Id128& case_id,
               const RoleAssignment& role, const Id128& assigned_by, int64_t now_micros) {
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
  CV_RETURN_IF_ERROR(upsert->BindInt(7, now_micros));
  return upsert->Run();
}

// Sets the state of case `case_id` under `session`.
Status UpdateState(const ServerDatabase::Session& session, const Id128& case_id, CaseState state,
                   int64_t now_micros) {
  CV_ASSIGN_OR_RETURN(auto update,
                      session.Statement("UPDATE cases SET state = ?, state_changed_at = ? "
                                        "WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(update->BindText(1, sync::CaseStateName(state)));
  CV_RETURN_IF_ERROR(update->BindInt(2, now_micros));
  CV_RETURN_IF_ERROR(update->BindBlob(3, case_id.bytes));
  return update->Run();
}

// The case state in column `column` of `statement`'s current row; Corruption for a name this
// build does not know.
Result<CaseState> StateColumn(const schema::SqliteStatement& statement, int column) {
  const std::optional<CaseState> state = sync::CaseStateFromName(statement.ColumnText(column));
  if (!state) return CorruptionError("a case history names an unknown state");
  return *state;
}

}  // namespace

Status SqliteCaseStore::CreateCase(const Id128& case_id, CaseState state,
                                   const RoleAssignment& founder, int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction transaction,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(std::optional<CaseState> known, CaseStateUnder(session, case_id));
  if (known) return AlreadyExistsError("case " + case_id.ToHex() + " was opened before");
  CV_RETURN_IF_ERROR(CheckUserExists(session, founder.user_id));
  CV_ASSIGN_OR_RETURN(auto insert_case,
                      session.Statement("INSERT INTO cases(case_id, state, opened_by, opened_at, "
                                        "state_changed_at) VALUES(?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert_case->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(insert_case->BindText(2, sync::CaseStateName(state)));
  CV_RETURN_IF_ERROR(insert_case->BindBlob(3, founder.user_id.bytes));
  CV_RETURN_IF_ERROR(insert_case->BindInt(4, now_micros));
  CV_RETURN_IF_ERROR(insert_case->BindInt(5, now_micros));
  CV_RETURN_IF_ERROR(insert_case->Run());
  CV_RETURN_IF_ERROR(PutRole(session, case_id, founder, founder.user_id, now_micros));
  return transaction.Commit();
}

Result<std::optional<CaseState>> SqliteCaseStore::StateOf(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  return CaseStateUnder(session, case_id);
}

Status SqliteCaseStore::RecordTransition(const Id128& case_id, const CaseTransition& move) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction transaction,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_RETURN_IF_ERROR(CheckCaseOpen(session, case_id));
  CV_ASSIGN_OR_RETURN(std::optional<CaseState> now_in, CaseStateUnder(session, case_id));
  if (*now_in != move.from) {
    return FailedPreconditionError(std::string("case ") + case_id.ToHex() + " is " +
                                   std::string(sync::CaseStateName(*now_in)) + ", not " +
                                   std::string(sync::CaseStateName(move.from)));
  }
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT INTO case_transitions(case_id, moved_by, "
                                        "from_state, to_state, at, sealed_reason, final_report) "
                                        "VALUES(?, ?, ?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, move.moved_by.bytes));
  CV_RETURN_IF_ERROR(insert->BindText(3, sync::CaseStateName(move.from)));
  CV_RETURN_IF_ERROR(insert->BindText(4, sync::CaseStateName(move.to)));
  CV_RETURN_IF_ERROR(insert->BindInt(5, move.at_micros));
  CV_RETURN_IF_ERROR(insert->BindBlob(6, move.sealed_reason));
  CV_RETURN_IF_ERROR(insert->BindText(7, move.final_report));
  CV_RETURN_IF_ERROR(insert->Run());
  if (move.to != CaseState::kClosed) {
    CV_RETURN_IF_ERROR(UpdateState(session, case_id, move.to, move.at_micros));
  }
  return transaction.Commit();
}

Result<std::vector<CaseTransition>> SqliteCaseStore::Transitions(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT moved_by, from_state, to_state, at, "
                                        "sealed_reason, final_report FROM case_transitions "
                                        "WHERE case_id = ? ORDER BY seq"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  std::vector<CaseTransition> moves;
  while (true) {
    CV_ASSIGN_OR_RETURN(bool found, select->Step());
    if (!found) return moves;
    CaseTransition& move = moves.emplace_back();
    CV_ASSIGN_OR_RETURN(move.moved_by, Id128::FromBytes(select->ColumnBlob(0)));
    CV_ASSIGN_OR_RETURN(move.from, StateColumn(*select, 1));
    CV_ASSIGN_OR_RETURN(move.to, StateColumn(*select, 2));
    move.at_micros = select->ColumnInt(3);
    const ByteView reason = select->ColumnBlob(4);
    move.sealed_reason.assign(reason.begin(), reason.end());
    move.final_report = std::string(select->ColumnText(5));
  }
}

Status SqliteCaseStore::Endorse(const Id128& case_id, const Endorsement& endorsement) {
  const ServerDatabase::Session session = database_.Lock();
  CV_RETURN_IF_ERROR(CheckCaseOpen(session, case_id));
  CV_ASSIGN_OR_RETURN(auto upsert,
                      session.Statement("INSERT OR REPLACE INTO case_endorsements(case_id, "
                                        "endorsed_by, agency, outcome, at) VALUES(?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(upsert->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(upsert->BindBlob(2, endorsement.endorsed_by.bytes));
  CV_RETURN_IF_ERROR(upsert->BindText(3, endorsement.agency));
  CV_RETURN_IF_ERROR(upsert->BindText(4, sync::CaseStateName(endorsement.outcome)));
  CV_RETURN_IF_ERROR(upsert->BindInt(5, endorsement.at_micros));
  return upsert->Run();
}

Result<std::vector<Endorsement>> SqliteCaseStore::Endorsements(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT endorsed_by, agency, outcome, at FROM "
                                        "case_endorsements WHERE case_id = ? ORDER BY at, agency"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  std::vector<Endorsement> endorsements;
  while (true) {
    CV_ASSIGN_OR_RETURN(bool found, select->Step());
    if (!found) return endorsements;
    Endorsement& endorsement = endorsements.emplace_back();
    CV_ASSIGN_OR_RETURN(endorsement.endorsed_by, Id128::FromBytes(select->ColumnBlob(0)));
    endorsement.agency = std::string(select->ColumnText(1));
    CV_ASSIGN_OR_RETURN(endorsement.outcome, StateColumn(*select, 2));
    endorsement.at_micros = select->ColumnInt(3);
  }
}

Result<std::optional<int>> SqliteCaseStore::LeaseDaysOf(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT lease_days FROM cases WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_ASSIGN_OR_RETURN(const bool found, select->Step());
  if (!found) return std::optional<int>();
  const int64_t days = select->ColumnInt(0);
  if (!sync::ValidLeaseDays(days)) {
    return CorruptionError("case " + case_id.ToHex() + " holds an impossible offline lease");
  }
  return std::optional<int>(static_cast<int>(days));
}

Status SqliteCaseStore::SetLeaseDays(const Id128& case_id, int days) {
  if (!sync::ValidLeaseDays(days)) {
    return InvalidArgumentError(sync::kLeaseBoundsMessage);
  }
  const ServerDatabase::Session session = database_.Lock();
  CV_RETURN_IF_ERROR(CheckCaseOpen(session, case_id));
  CV_ASSIGN_OR_RETURN(auto update,
                      session.Statement("UPDATE cases SET lease_days = ? WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(update->BindInt(1, days));
  CV_RETURN_IF_ERROR(update->BindBlob(2, case_id.bytes));
  return update->Run();
}

Status SqliteCaseStore::CloseCase(const Id128& case_id, int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction transaction,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(auto remove, session.Statement("DELETE FROM case_roles WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(remove->Run());
  CV_RETURN_IF_ERROR(UpdateState(session, case_id, CaseState::kClosed, now_micros));
  return transaction.Commit();
}

Status SqliteCaseStore::AssignRole(const Id128& case_id, const RoleAssignment& role,
                                   const Id128& assigned_by, int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_RETURN_IF_ERROR(CheckCaseOpen(session, case_id));
  CV_RETURN_IF_ERROR(CheckUserExists(session, role.user_id));
  return PutRole(session, case_id, role, assigned_by, now_micros);
}

Result<bool> SqliteCaseStore::WithdrawRole(const Id128& case_id, const Id128& user_id,
                                           sync::CaseRole role, const std::string& agency) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto remove,
                      session.Statement("DELETE FROM case_roles WHERE case_id = ? AND user_id = ? "
                                        "AND role = ? AND agency = ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(remove->BindBlob(2, user_id.bytes));
  CV_RETURN_IF_ERROR(remove->BindText(3, sync::CaseRoleName(role)));
  CV_RETURN_IF_ERROR(remove->BindText(4, agency));
  CV_RETURN_IF_ERROR(remove->Run());
  return session.db().Changes() > 0;
}

Result<std::vector<RoleAssignment>> SqliteCaseStore::RolesOf(const Id128& case_id,
                                                             const Id128& user_id,
                                                             int64_t now_micros) {
  return Select(case_id, &user_id, now_micros);
}

Result<std::vector<RoleAssignment>> SqliteCaseStore::Roles(const Id128& case_id,
                                                           int64_t now_micros) {
  return Select(case_id, nullptr, now_micros);
}

Result<std::vector<RoleAssignment>> SqliteCaseStore::Select(const Id128& case_id,
                                                            const Id128* user_id,
                                                            int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT user_id, role, agency, expires_at FROM case_roles "
                                        "WHERE case_id = ?1 AND (?2 IS NULL OR user_id = ?2) AND "
                                        "(expires_at IS NULL OR expires_at > ?3) "
                                        "ORDER BY user_id, role, agency"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(user_id ? select->BindBlob(2, user_id->bytes) : select->BindNull(2));
  CV_RETURN_IF_ERROR(select->BindInt(3, now_micros));
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

Result<std::vector<Id128>> SqliteCaseStore::CasesOf(const Id128& user_id, int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT DISTINCT case_id FROM case_roles WHERE user_id = "
                                        "? AND (expires_at IS NULL OR expires_at > ?) "
                                        "ORDER BY case_id"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, user_id.bytes));
  CV_RETURN_IF_ERROR(select->BindInt(2, now_micros));
  return schema::StepIds(*select);
}

}  // namespace casevault::server
