// CaseStore: where the server keeps its cases, the state each is in, and the roles people hold
// in them.
//
// It only keeps: which state comes next and who may assign which role are CaseRoster's and
// CaseAuthority's. A closed case stays known (so it is never created again) but is frozen: its
// state and roles no longer change. Roles are listed as held at a time the caller gives: a role
// is held until its end time (exclusive), or for good when it has none. Each call is atomic with
// respect to every other, and implementations are safe to call from several threads.
// SqliteCaseStore keeps them in server.db.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/case_authority.h"
#include "casevault/server/case_history.h"
#include "casevault/sync/case_role.h"
#include "casevault/sync/case_state.h"

namespace casevault::server {

class CaseStore {
 public:
  virtual ~CaseStore() = default;

  // In one transaction: creates case `case_id` in `state` at `now_micros`, opened by
  // founder.user_id, who gets role `founder` (assigned by themselves). AlreadyExists when the
  // case was created before, even if it is now closed; NotFound for an unknown founder.
  virtual Status CreateCase(const Id128& case_id, sync::CaseState state,
                            const RoleAssignment& founder, int64_t now_micros) = 0;
  // The state of case `case_id`; nullopt when it was never created.
  virtual Result<std::optional<sync::CaseState>> StateOf(const Id128& case_id) = 0;
  // The offline lease of case `case_id` in days (sync::kDefaultLeaseDays until set); nullopt
  // when the case was never created.
  virtual Result<std::optional<int>> LeaseDaysOf(const Id128& case_id) = 0;
  // Sets the offline lease of case `case_id` to `days`. NotFound for a case never created;
  // FailedPrecondition for a closed case; InvalidArgument outside sync::ValidLeaseDays.
  virtual Status SetLeaseDays(const Id128& case_id, int days) = 0;
  // In one transaction: records `move` in the case's history and, unless it moves to kClosed
  // (which CloseCase does, after the case's data is destroyed), moves the case to move.to.
  // NotFound for a case never created; FailedPrecondition for a closed case, or one that is not
  // in move.from (it moved meanwhile).
  virtual Status RecordTransition(const Id128& case_id, const CaseTransition& move) = 0;
  // The moves of case `case_id`, oldest first.
  virtual Result<std::vector<CaseTransition>> Transitions(const Id128& case_id) = 0;
  // Records `endorsement` on case `case_id`, replacing the one the same person made for the
  // same agency. NotFound for a case never created; FailedPrecondition for a closed case.
  virtual Status Endorse(const Id128& case_id, const Endorsement& endorsement) = 0;
  // The endorsements on case `case_id`, oldest first.
  virtual Result<std::vector<Endorsement>> Endorsements(const Id128& case_id) = 0;
  // In one transaction: marks case `case_id` closed at `now_micros` and removes every role on
  // it. Does nothing for a case never created.
  virtual Status CloseCase(const Id128& case_id, int64_t now_micros) = 0;

  // Gives `role` to role.user_id on case `case_id` at `now_micros`, replacing the same role
  // (user, role, agency) they held, end time included. NotFound for an unknown user or a case
  // never created; FailedPrecondition for a closed case.
  virtual Status AssignRole(const Id128& case_id, const RoleAssignment& role,
                            const Id128& assigned_by, int64_t now_micros) = 0;
  // Takes `role` for `agency` ("" when not an agency role) from `user_id` on case `case_id`,
  // whatever its end time; false when they did not hold it.
  virtual Result<bool> WithdrawRole(const Id128& case_id, const Id128& user_id, sync::CaseRole role,
                                    const std::string& agency) = 0;

  // The roles `user_id` holds on case `case_id` at `now_micros`, in role name then agency
  // order.
  virtual Result<std::vector<RoleAssignment>> RolesOf(const Id128& case_id, const Id128& user_id,
                                                      int64_t now_micros) = 0;
  // Every role held on case `case_id` at `now_micros`, in user id, role name then
  // agency order.
  virtual Result<std::vector<RoleAssignment>> Roles(const Id128& case_id, int64_t now_micros) = 0;
  // The cases on which `user_id` holds a role at `now_micros`, in id order.
  virtual Result<std::vector<Id128>> CasesOf(const Id128& user_id, int64_t now_micros) = 0;
};

}  // namespace casevault::server
