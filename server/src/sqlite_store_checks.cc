#include "sqlite_store_checks.h"

namespace casevault::server {

Status CheckUserExists(const ServerDatabase::Session& session, const Id128& user_id) {
  CV_ASSIGN_OR_RETURN(auto user, session.Statement("SELECT 1 FROM users WHERE user_id = ?"));
  CV_RETURN_IF_ERROR(user->BindBlob(1, user_id.bytes));
  CV_ASSIGN_OR_RETURN(bool known, user->Step());
  if (!known) return NotFoundError("no user " + user_id.ToHex());
  return Status::Ok();
}

Result<std::optional<sync::CaseState>> CaseStateUnder(const ServerDatabase::Session& session,
                                                      const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT state FROM cases WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<sync::CaseState>();
  const std::optional<sync::CaseState> state = sync::CaseStateFromName(select->ColumnText(0));
  if (!state) return CorruptionError("case " + case_id.ToHex() + " has an unknown state");
  return state;
}

Status CheckCaseOpen(const ServerDatabase::Session& session, const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(std::optional<sync::CaseState> state, CaseStateUnder(session, case_id));
  if (!state) return NotFoundError("case " + case_id.ToHex() + " was never opened");
  if (*state == sync::CaseState::kClosed) {
    return FailedPreconditionError("case " + case_id.ToHex() + " is closed");
  }
  return Status::Ok();
}

}  // namespace casevault::server
