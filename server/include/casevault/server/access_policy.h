// AccessPolicy: who may read or write which compartment of which case. Default deny.
//
// A person reaches a compartment through a role on the case that opens it (CaseAuthority) or a
// grant naming them, that compartment and an access level (read, or read and write), possibly
// until a set time; and only once the case is open, they have signed its confidentiality
// agreement and recorded their declaration of interest. A case with no further action is
// read-only. Nothing else opens a compartment. Who may make or withdraw grants is decided by
// the caller with CaseAuthority. Every decision comes with the reason the access log records.
// Grants and agreements are kept in a GrantStore and an AgreementStore, roles in the CaseRoster.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/agreement_store.h"
#include "casevault/server/case_authority.h"
#include "casevault/server/case_roster.h"
#include "casevault/server/grant_store.h"
#include "casevault/sync/compartment.h"

namespace casevault::server {

class AccessPolicy {
 public:
  // Works on `grants`, `agreements` and `roster` with time from `env`; all must outlive it.
  AccessPolicy(GrantStore& grants, AgreementStore& agreements, CaseRoster& roster, Env& env)
      : grants_(grants), agreements_(agreements), roster_(roster), env_(env) {}

  // Grants `user_id` `access` to `where` until `expires_micros` (forever when nullopt),
  // replacing an earlier grant of theirs there. InvalidArgument for an invalid compartment
  // name; NotFound for an unknown user or a case never opened; FailedPrecondition for a closed
  // case.
  Status Grant(const Id128& user_id, const sync::CompartmentRef& where, Access access,
               std::optional<int64_t> expires_micros, const Id128& granted_by);
  // Withdraws `user_id`'s grant on `where`, at once; NotFound when they hold none.
  Status Revoke(const Id128& user_id, const sync::CompartmentRef& where);
  // The unexpired grants on case `case_id`, in user then compartment order.
  Result<std::vector<GrantRecord>> Grants(const Id128& case_id);
  // The two things a person records before their first access to a case.
  using Agreement = server::Agreement;
  // Records that `user_id` signed the confidentiality agreement of (or declared their interests
  // in) case `case_id`; recording it again keeps the first time.
  Status RecordAgreement(const Id128& user_id, const Id128& case_id, Agreement agreement);
  // Whether `user_id` has recorded both agreements for case `case_id`; the reason names the
  // one missing.
  Result<Decision> CheckAgreements(const Id128& user_id, const Id128& case_id);

  // Withdraws every grant and role on case `case_id` and marks it closed.
  Status DeleteCase(const Id128& case_id);
  // The users who may open `where` now (by role or unexpired grant), in id order.
  Result<std::vector<Id128>> Members(const sync::CompartmentRef& where);
  // The cases on which `user_id` holds an unexpired role or grant, in id order.
  Result<std::vector<Id128>> CasesOf(const Id128& user_id);
  // Whether `user_id` may have `access` to `where` now. A storage failure is an error, never a
  // permission.
  Result<Decision> Check(const Id128& user_id, const sync::CompartmentRef& where, Access access);

 private:
  GrantStore& grants_;
  AgreementStore& agreements_;
  CaseRoster& roster_;
  Env& env_;
};

}  // namespace casevault::server
