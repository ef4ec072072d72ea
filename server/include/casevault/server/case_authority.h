// CaseAuthority: what each role on a case entitles a person to (DOMAIN.md, "People and roles"
// and "Access rules"), as pure rules over the roles they hold.
//
// Compartments:
//   business unit, reviewer, panel member     read and write `shared`
//   safeguarding lead of X                    read and write `shared`
//   nominated representative of X             read and write `shared` and `agency:X`
//   practitioner of X                         read `agency:X`
//   viewer (always time-boxed)                no compartment
// `drafts` (report drafts and factual-accuracy comments): the business unit, reviewers, panel
// members, safeguarding leads and nominated representatives read and write it (the server
// cannot tell a comment from a draft: both are ciphertext); practitioners and viewers cannot
// open it. A viewer reads only the one draft the business unit or a reviewer shares with them,
// online, until the view ends (draft_view_store.h): never a replica or a copy to keep.
// Nothing else opens `agency:X`: the business unit needs a grant from X's representative.
//
// Administration:
//   the business unit assigns business unit, safeguarding leads (inviting their agency),
//   reviewers, panel members and viewers; grants and withdraws `shared`; sets the case's state
//   and closes it;
//   the safeguarding lead of X nominates (and withdraws) X's representatives, and may withdraw
//   grants on `agency:X`;
//   the business unit purges `drafts` at the end of the review;
//   the business unit and reviewers share a draft with a viewer, and withdraw it;
//   a nominated representative of X assigns X's practitioners and grants and withdraws
//   `agency:X`.
// The case's access log: the business unit and the safeguarding leads see all of it; other
// members see their own entries.
// Each rule returns a Decision whose reason the access log records.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "casevault/base/id.h"
#include "casevault/sync/case_role.h"

namespace casevault::server {

enum class Access { kRead, kWrite };

// What a rule decided and why (for the access log and the refusal message).
struct Decision {
  bool allowed = false;
  std::string reason;
};

// One role a person holds on a case.
struct RoleAssignment {
  Id128 user_id;
  sync::CaseRole role = sync::CaseRole::kViewer;
  // The agency an agency role is for (the <id> of "agency:<id>"); empty for the other roles.
  std::string agency;
  // When the role ends (microseconds since the epoch); nullopt for no end.
  std::optional<int64_t> expires_micros;
};

// The access `role` gives to compartment `compartment` of its case; nullopt for none.
std::optional<Access> RoleAccess(const RoleAssignment& role, std::string_view compartment);

// Whether a holder of `actor` (their unexpired roles on the case) may assign, or withdraw,
// `role` for `agency` ("" for roles not held for an agency).
Decision MayAssignRole(std::span<const RoleAssignment> actor, sync::CaseRole role,
                       std::string_view agency);
// Whether a holder of `actor` may grant access to `compartment`.
Decision MayGrant(std::span<const RoleAssignment> actor, std::string_view compartment);
// Whether a holder of `actor` may withdraw grants on `compartment`.
Decision MayWithdrawGrant(std::span<const RoleAssignment> actor, std::string_view compartment);
// Whether a holder of `actor` may change the case's state or close it (the business unit).
Decision MayRunCase(std::span<const RoleAssignment> actor);
// Whether a holder of `actor` may purge the case's `drafts` compartment (the business unit).
Decision MayPurgeDrafts(std::span<const RoleAssignment> actor);
// Whether a holder of `actor` may share a draft with a time-boxed viewer, list the case's shared
// drafts, or withdraw one (the business unit and reviewers, who own the drafts).
Decision MayShareDraft(std::span<const RoleAssignment> actor);
// Whether a holder of `actor` sees every entry of the case's access log (the business unit and
// the safeguarding leads, who answer for who saw what); other members see their own entries.
bool SeesWholeCaseLog(std::span<const RoleAssignment> actor);

// InvalidArgument-style check of an assignment's shape: an agency role names a valid agency id
// (1 to 64 of [a-z0-9_-]), other roles name none, and a viewer's role ends. Empty when valid,
// otherwise what is wrong.
std::string AssignmentProblem(const RoleAssignment& role);

}  // namespace casevault::server
