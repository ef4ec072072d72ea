#include "casevault/server/access_policy.h"

#include <algorithm>

namespace casevault::server {
namespace {

std::string_view AccessName(Access access) { return access == Access::kWrite ? "write" : "read"; }

void SortUnique(std::vector<Id128>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

Status AccessPolicy::Grant(const Id128& user_id, const sync::CompartmentRef& where, Access access,
                           std::optional<int64_t> expires_micros, const Id128& granted_by) {
  if (!sync::IsValidCompartmentName(where.name)) {
    return InvalidArgumentError("no compartment may be called \"" + where.name + "\"");
  }
  return grants_.PutGrant(user_id, where, access, expires_micros, granted_by, env_.NowMicros());
}

Status AccessPolicy::Revoke(const Id128& user_id, const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(bool withdrawn, grants_.RemoveGrant(user_id, where));
  if (!withdrawn) {
    return NotFoundError("user " + user_id.ToHex() + " holds no grant on " + where.name);
  }
  return Status::Ok();
}

Result<std::vector<GrantRecord>> AccessPolicy::Grants(const Id128& case_id) {
  return grants_.Grants(case_id, env_.NowMicros());
}

Status AccessPolicy::RecordAgreement(const Id128& user_id, const Id128& case_id,
                                     Agreement agreement) {
  return agreements_.Record(user_id, case_id, agreement, env_.NowMicros());
}

Result<Decision> AccessPolicy::CheckAgreements(const Id128& user_id, const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(std::vector<Agreement> recorded, agreements_.Recorded(user_id, case_id));
  auto made = [&](Agreement agreement) {
    return std::find(recorded.begin(), recorded.end(), agreement) != recorded.end();
  };
  if (!made(Agreement::kConfidentiality)) {
    return Decision{false, "confidentiality agreement not signed"};
  }
  if (!made(Agreement::kInterest)) return Decision{false, "declaration of interest not recorded"};
  return Decision{true, "agreements recorded"};
}

Status AccessPolicy::DeleteCase(const Id128& case_id) {
  CV_RETURN_IF_ERROR(grants_.DeleteCase(case_id));
  return roster_.CloseCase(case_id);
}

Result<std::vector<Id128>> AccessPolicy::Members(const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles, roster_.Roster(where.case_id));
  CV_ASSIGN_OR_RETURN(std::vector<GrantRecord> grants, Grants(where.case_id));
  std::vector<Id128> users;
  for (const RoleAssignment& role : roles) {
    if (RoleAccess(role, where.name)) users.push_back(role.user_id);
  }
  for (const GrantRecord& grant : grants) {
    if (grant.compartment == where.name) users.push_back(grant.user_id);
  }
  SortUnique(users);
  return users;
}

Result<std::vector<Id128>> AccessPolicy::CasesOf(const Id128& user_id) {
  CV_ASSIGN_OR_RETURN(std::vector<Id128> cases, roster_.CasesOf(user_id));
  CV_ASSIGN_OR_RETURN(std::vector<Id128> granted, grants_.CasesOf(user_id, env_.NowMicros()));
  cases.insert(cases.end(), granted.begin(), granted.end());
  SortUnique(cases);
  return cases;
}

Result<Decision> AccessPolicy::Check(const Id128& user_id, const sync::CompartmentRef& where,
                                     Access access) {
  CV_ASSIGN_OR_RETURN(std::optional<sync::CaseState> state, roster_.State(where.case_id));
  if (!state) return Decision{false, "case never opened"};
  if (*state == sync::CaseState::kClosed) return Decision{false, "case closed"};

  // The widest access any role or grant gives, and how.
  std::optional<Access> best;
  std::string via;
  auto consider = [&](Access offered, std::string how) {
    if (!best || (offered == Access::kWrite && *best == Access::kRead)) {
      best = offered;
      via = std::move(how);
    }
  };
  CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles, roster_.RolesOf(where.case_id, user_id));
  for (const RoleAssignment& role : roles) {
    if (std::optional<Access> offered = RoleAccess(role, where.name)) {
      consider(*offered, std::string(sync::CaseRoleName(role.role)) +
                             (role.agency.empty() ? "" : " of " + role.agency));
    }
  }
  CV_ASSIGN_OR_RETURN(std::optional<GrantRecord> grant, grants_.GrantOf(user_id, where));
  const bool grant_expired =
      grant && grant->expires_micros && *grant->expires_micros <= env_.NowMicros();
  if (grant && !grant_expired) {
    consider(grant->access, std::string(AccessName(grant->access)) + " grant on " + where.name);
  }
  if (!best) {
    return Decision{false, grant_expired ? "grant on " + where.name + " expired"
                                         : "no role or grant opens " + where.name};
  }
  if (access == Access::kWrite && *best == Access::kRead) {
    return Decision{false, "read-only access to " + where.name + " (" + via + ")"};
  }
  if (access == Access::kWrite && *state == sync::CaseState::kNoFurtherAction) {
    return Decision{false, "case has no further action: read-only"};
  }
  CV_ASSIGN_OR_RETURN(Decision agreed, CheckAgreements(user_id, where.case_id));
  if (!agreed.allowed) return agreed;
  return Decision{true, std::string(AccessName(access)) + " as " + via};
}

}  // namespace casevault::server
