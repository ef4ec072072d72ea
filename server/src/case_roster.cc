#include "casevault/server/case_roster.h"

namespace casevault::server {

using sync::CaseState;

Status CaseRoster::Open(const Id128& case_id, const Id128& opened_by) {
  RoleAssignment business_unit;
  business_unit.user_id = opened_by;
  business_unit.role = sync::CaseRole::kBusinessUnit;
  return store_.CreateCase(case_id, CaseState::kReferred, business_unit, env_.NowMicros());
}

Result<std::optional<CaseState>> CaseRoster::State(const Id128& case_id) {
  return store_.StateOf(case_id);
}

Status CaseRoster::Move(const Id128& case_id, CaseTransition move) {
  move.at_micros = env_.NowMicros();
  return store_.RecordTransition(case_id, move);
}

Result<std::vector<CaseTransition>> CaseRoster::Transitions(const Id128& case_id) {
  return store_.Transitions(case_id);
}

Status CaseRoster::Endorse(const Id128& case_id, Endorsement endorsement) {
  endorsement.at_micros = env_.NowMicros();
  return store_.Endorse(case_id, endorsement);
}

Result<std::vector<Endorsement>> CaseRoster::Endorsements(const Id128& case_id) {
  return store_.Endorsements(case_id);
}

Result<std::optional<int>> CaseRoster::LeaseDays(const Id128& case_id) {
  return store_.LeaseDaysOf(case_id);
}

Status CaseRoster::SetLeaseDays(const Id128& case_id, int days) {
  return store_.SetLeaseDays(case_id, days);
}

Status CaseRoster::Assign(const Id128& case_id, const RoleAssignment& role,
                          const Id128& assigned_by) {
  if (std::string problem = AssignmentProblem(role); !problem.empty()) {
    return InvalidArgumentError(problem);
  }
  return store_.AssignRole(case_id, role, assigned_by, env_.NowMicros());
}

Status CaseRoster::Withdraw(const Id128& case_id, const Id128& user_id, sync::CaseRole role,
                            const std::string& agency) {
  CV_ASSIGN_OR_RETURN(bool withdrawn, store_.WithdrawRole(case_id, user_id, role, agency));
  if (!withdrawn) {
    return NotFoundError("user " + user_id.ToHex() + " is not " +
                         std::string(sync::CaseRoleName(role)) +
                         (agency.empty() ? "" : " of " + agency) + " on this case");
  }
  return Status::Ok();
}

Result<std::vector<RoleAssignment>> CaseRoster::RolesOf(const Id128& case_id,
                                                        const Id128& user_id) {
  return store_.RolesOf(case_id, user_id, env_.NowMicros());
}

Result<std::vector<RoleAssignment>> CaseRoster::Roster(const Id128& case_id) {
  return store_.Roles(case_id, env_.NowMicros());
}

Result<std::vector<Id128>> CaseRoster::CasesOf(const Id128& user_id) {
  return store_.CasesOf(user_id, env_.NowMicros());
}

Status CaseRoster::CloseCase(const Id128& case_id) {
  return store_.CloseCase(case_id, env_.NowMicros());
}

}  // namespace casevault::server
