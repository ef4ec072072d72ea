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

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/https_transport.h"
#include "casevault/sync/case_role.h"
#include "casevault/sync/case_state.h"
#include "casevault/sync/compartment.h"

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
  // Moves case `case_id` to `state` (not closed: see CloseCase).
  Status SetState(const Id128& case_id, sync::CaseState state);
  // Closes case `case_id`: the server destroys its keys, operations, grants and file chunks;
  // returns how many chunks it destroyed.
  Result<uint64_t> CloseCase(const Id128& case_id);
  // Purges the `drafts` compartment of case `case_id` (business unit, at the end of the
  // review): the server destroys its keys and operations and refuses it from then on; every
  // device wipes it at its next sync.
  Status PurgeDrafts(const Id128& case_id);

 private:
  HttpsTransport& transport_;
};

}  // namespace casevault::client
