// GrantStore: where the server keeps grants, each opening one compartment of a case to one
// person for reading, or reading and writing, until a set time or for good.
//
// It only keeps: who may grant what is CaseAuthority's, and what a grant opens is
// AccessPolicy's. Grants are listed as unexpired at a time the caller gives: a grant lasts
// until its end time (exclusive). Each call is atomic with respect to every other, and
// implementations are safe to call from several threads. SqliteGrantStore keeps them in
// server.db.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/case_authority.h"
#include "casevault/sync/compartment.h"

namespace casevault::server {

// A grant on a compartment, as listed.
struct GrantRecord {
  Id128 user_id;
  std::string compartment;
  Access access = Access::kRead;
  std::optional<int64_t> expires_micros;
};

class GrantStore {
 public:
  virtual ~GrantStore() = default;

  // In one transaction: grants `user_id` `access` to `where` until `expires_micros` (for good
  // when nullopt), made by `granted_by` at `now_micros`, replacing the grant they held there.
  // NotFound for an unknown user or a case never created (CaseStore); FailedPrecondition for a
  // closed case.
  virtual Status PutGrant(const Id128& user_id, const sync::CompartmentRef& where, Access access,
                          std::optional<int64_t> expires_micros, const Id128& granted_by,
                          int64_t now_micros) = 0;
  // Withdraws `user_id`'s grant on `where`, expired or not; false when they held none.
  virtual Result<bool> RemoveGrant(const Id128& user_id, const sync::CompartmentRef& where) = 0;
  // `user_id`'s grant on `where`, even when expired; nullopt when they hold none.
  virtual Result<std::optional<GrantRecord>> GrantOf(const Id128& user_id,
                                                     const sync::CompartmentRef& where) = 0;
  // The grants on case `case_id` unexpired at `now_micros`, in user id then compartment order.
  virtual Result<std::vector<GrantRecord>> Grants(const Id128& case_id, int64_t now_micros) = 0;
  // The cases on which `user_id` holds a grant unexpired at `now_micros`, in id order.
  virtual Result<std::vector<Id128>> CasesOf(const Id128& user_id, int64_t now_micros) = 0;
  // Withdraws every grant on case `case_id`.
  virtual Status DeleteCase(const Id128& case_id) = 0;
};

}  // namespace casevault::server
