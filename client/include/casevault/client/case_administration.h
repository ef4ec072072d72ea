// CaseAdministration: running a case on the server over an HttpsTransport: opening it, the
// roles people hold, grants on compartments, its state and its closure. The server decides
// who may do what (the business unit runs the case, safeguarding leads nominate their
// agency's representatives, representatives grant their agency's compartment) and logs every
// request; a refusal comes back as PermissionDenied with the server's reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/https_transport.h"
#include "casevault/sync/case_role.h"
#include "casevault/sync/case_state.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/offline_lease.h"

namespace casevault::client {

// A case the user holds a role or grant on.
struct CaseSummary {
  Id128 case_id;
  std::string state;
  // Their roles, as "role" or "role/agency".
  std::vector<std::string> roles;
  // Their grants, as "compartment=read" or "compartment=write".
  std::vector<std::string> grants;
  // The compartments their roles and grants open.
  std::vector<std::string> compartments;
  // The case's offline lease in days, set by its business unit.
  int lease_days = sync::kDefaultLeaseDays;
  // The compartments their roles would open but the business unit purged (the drafts at the
  // end of the review): every replica wipes them.
  std::vector<std::string> purged;
};

// One line of a case's roster: a role or a grant held by a person.
struct RosterLine {
  Id128 user_id;
  std::string name;
  std::string organisation;
  // "role" or "role/agency" for a role; "read" or "write" for a grant.
  std::string held;
  // The compartment of a grant; empty for a role.
  std::string compartment;
  // When it ends (microseconds since the epoch); nullopt for no end.
  std::optional<int64_t> expires_micros;
};

// Who holds what on a case.
struct CaseRoster {
  std::string state;
  std::vector<RosterLine> lines;  // roles first, then grants
};

// What a move of a case's state carries besides the state: why, sealed for the case's members
// (see case_move_reason.h), and, when it closes a review, the record id of its final report.
struct CaseMove {
  Bytes sealed_reason;
  std::string final_report;
};

// One move in a case's history, as the server keeps it (the reason still sealed).
struct CaseMoveRecord {
  Id128 moved_by;
  sync::CaseState from = sync::CaseState::kReferred;
  sync::CaseState to = sync::CaseState::kReferred;
  int64_t at_micros = 0;
  std::string final_report;
  Bytes sealed_reason;
};

// A safeguarding lead's endorsement of a rapid review outcome for their agency.
struct EndorsementRecord {
  Id128 endorsed_by;
  std::string agency;
  sync::CaseState outcome = sync::CaseState::kCspr;
  int64_t at_micros = 0;
};

// A case's moves between states and the endorsements behind them, oldest first.
struct CaseHistory {
  std::vector<CaseMoveRecord> moves;
  std::vector<EndorsementRecord> endorsements;
};

class CaseAdministration {
 public:
  // Works through `transport`, which must outlive it.
  explicit CaseAdministration(HttpsTransport& transport) : transport_(transport) {}

  // Opens case `case_id` with the caller as its business unit (business unit staff only).
  Status OpenCase(const Id128& case_id);
  // The cases the caller holds a role or grant on.
  Result<std::vector<CaseSummary>> ListCases();
  // Who holds which role and grant on case `case_id` (for its members).
  Result<CaseRoster> Roster(const Id128& case_id);
  // Gives `user_id` `role` (for `agency` when it is an agency role) on case `case_id`, for
  // `hours` when given (a viewer's role must end).
  Status AssignRole(const Id128& case_id, const Id128& user_id, sync::CaseRole role,
                    const std::string& agency, std::optional<int> hours);
  // Takes `role` (for `agency`) from `user_id` on case `case_id`.
  Status WithdrawRole(const Id128& case_id, const Id128& user_id, sync::CaseRole role,
                      const std::string& agency);
  // Grants `user_id` read (or, when `write`, read and write) access to `where`, for `hours`
  // when given.
  Status Grant(const sync::CompartmentRef& where, const Id128& user_id, bool write,
               std::optional<int> hours);
  // Withdraws `user_id`'s grant on `where`.
  Status WithdrawGrant(const sync::CompartmentRef& where, const Id128& user_id);
  // Moves case `case_id` to `state` (not closed: see CloseCase) for `move`'s reason. The
  // server refuses (PermissionDenied, saying why) a move the review process does not allow,
  // e.g. a rapid review outcome not yet endorsed by every statutory partner.
  Status SetState(const Id128& case_id, sync::CaseState state, const CaseMove& move);
  // Closes case `case_id` for `move`'s reason (a review needs its final report named): the
  // server destroys its keys, operations, grants and file chunks; returns how many chunks it
  // destroyed.
  Result<uint64_t> CloseCase(const Id128& case_id, const CaseMove& move);
  // Endorses `outcome` as the rapid review's outcome, for the agencies the caller is the
  // safeguarding lead of.
  Status Endorse(const Id128& case_id, sync::CaseState outcome);
  // The moves and endorsements of case `case_id` (for its members).
  Result<CaseHistory> History(const Id128& case_id);
  // Sets the offline lease of case `case_id` to `days` (business unit; sync::ValidLeaseDays):
  // each device applies it from its next sync.
  Status SetLeaseDays(const Id128& case_id, int days);
  // Purges the `drafts` compartment of case `case_id` (business unit, at the end of the
  // review): the server destroys its keys and operations and refuses it from then on; every
  // device wipes it at its next sync.
  Status PurgeDrafts(const Id128& case_id);

 private:
  HttpsTransport& transport_;
};

}  // namespace casevault::client
