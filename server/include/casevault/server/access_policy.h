// AccessPolicy: who may read or write which compartment of which case. Default deny.
//
// A person reaches a compartment only through a grant naming them, that compartment and an
// access level (read, or read and write), possibly until a set time, and only once they have
// signed the case's confidentiality agreement and recorded their declaration of interest;
// nothing else opens one.
// Grants are made and withdrawn by the people entitled to (checked by the caller: the business
// unit for `shared`, the agency's nominated representative for `agency:<id>`). Every decision
// comes with the reason the access log records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/server_database.h"
#include "casevault/sync/compartment.h"

namespace casevault::server {

enum class Access { kRead, kWrite };

// What the policy decided and why (for the access log and the refusal message).
struct Decision {
  bool allowed = false;
  std::string reason;
};

class AccessPolicy {
 public:
  // Works on `database` with time from `env`; both must outlive it.
  AccessPolicy(ServerDatabase& database, Env& env) : database_(database), env_(env) {}

  // Grants `user_id` `access` to `where` until `expires_micros` (forever when nullopt),
  // replacing an earlier grant of theirs there. InvalidArgument for an invalid compartment name.
  Status Grant(const Id128& user_id, const sync::CompartmentRef& where, Access access,
               std::optional<int64_t> expires_micros, const Id128& granted_by);
  // Withdraws `user_id`'s grant on `where`, at once; NotFound when they hold none.
  Status Revoke(const Id128& user_id, const sync::CompartmentRef& where);
  // The two things a person records before their first access to a case.
  enum class Agreement { kConfidentiality, kInterest };
  // Records that `user_id` signed the confidentiality agreement of (or declared their interests
  // in) case `case_id`; recording it again keeps the first time.
  Status RecordAgreement(const Id128& user_id, const Id128& case_id, Agreement agreement);

  // Withdraws every grant on every compartment of case `case_id`.
  Status DeleteCase(const Id128& case_id);
  // The users holding an unexpired grant on `where` now, in id order.
  Result<std::vector<Id128>> Grantees(const sync::CompartmentRef& where);
  // Whether `user_id` may have `access` to `where` now. A storage failure is an error, never a
  // permission.
  Result<Decision> Check(const Id128& user_id, const sync::CompartmentRef& where, Access access);

 private:
  ServerDatabase& database_;
  Env& env_;
};

}  // namespace casevault::server
