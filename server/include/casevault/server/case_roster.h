// CaseRoster: the cases the server knows, the state each is in, and the roles people hold in
// them, kept in a CaseStore. It records; CaseAuthority says who may change what, and
// AccessPolicy decides access.
#pragma once

#include <optional>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/case_authority.h"
#include "casevault/server/case_store.h"
#include "casevault/sync/case_state.h"

namespace casevault::server {

class CaseRoster {
 public:
  // Works on `store` with time from `env`; both must outlive it.
  CaseRoster(CaseStore& store, Env& env) : store_(store), env_(env) {}

  // Opens case `case_id` in state referred, with `opened_by` (who must exist) as its business
  // unit. AlreadyExists when the case was opened before, even if it is now closed.
  Status Open(const Id128& case_id, const Id128& opened_by);
  // The state of case `case_id`; nullopt when it was never opened.
  Result<std::optional<sync::CaseState>> State(const Id128& case_id);
  // The offline lease of case `case_id` in days; nullopt when it was never opened.
  Result<std::optional<int>> LeaseDays(const Id128& case_id);
  // Sets the offline lease of case `case_id` to `days` (sync::ValidLeaseDays; InvalidArgument
  // otherwise). NotFound for a case never opened; FailedPrecondition for a closed case.
  Status SetLeaseDays(const Id128& case_id, int days);
  // Records `move`, made now, in case `case_id`'s history and makes it, unless it closes the
  // case (CaseClosure does that). NotFound for a case never opened; FailedPrecondition for a
  // closed case or one no longer in move.from. The rules are CaseTransitions'.
  Status Move(const Id128& case_id, CaseTransition move);
  // The moves of case `case_id`, oldest first.
  Result<std::vector<CaseTransition>> Transitions(const Id128& case_id);
  // Records, as of now, `endorsement` of a rapid review outcome on case `case_id`, replacing
  // the one its author made before for the same agency.
  Status Endorse(const Id128& case_id, Endorsement endorsement);
  // The endorsements on case `case_id`, oldest first.
  Result<std::vector<Endorsement>> Endorsements(const Id128& case_id);

  // Gives `role` to its user on case `case_id`, replacing the same role they held (so a new end
  // time replaces the old). InvalidArgument for a malformed role (AssignmentProblem); NotFound
  // for an unknown user or a case never opened; FailedPrecondition for a closed case.
  Status Assign(const Id128& case_id, const RoleAssignment& role, const Id128& assigned_by);
  // Takes `role` for `agency` ("" when not an agency role) from `user_id` on case `case_id`.
  // NotFound when they do not hold it.
  Status Withdraw(const Id128& case_id, const Id128& user_id, sync::CaseRole role,
                  const std::string& agency);
  // The roles `user_id` holds on case `case_id` now (unexpired).
  Result<std::vector<RoleAssignment>> RolesOf(const Id128& case_id, const Id128& user_id);
  // Every unexpired role on case `case_id`, in user, role and agency order.
  Result<std::vector<RoleAssignment>> Roster(const Id128& case_id);
  // The cases on which `user_id` holds an unexpired role, in id order.
  Result<std::vector<Id128>> CasesOf(const Id128& user_id);

  // Marks case `case_id` closed and removes every role on it (the case stays known, so it
  // cannot be opened again).
  Status CloseCase(const Id128& case_id);

 private:
  CaseStore& store_;
  Env& env_;
};

}  // namespace casevault::server
