#include "case_rules.h"

#include <string>
#include <vector>

namespace casevault::server {
namespace {

constexpr int64_t kMaxHours = 24 * 366;

}  // namespace

CaseGate::Rule ByRoles(const ServerApiParts& parts, const Id128& case_id, Authority authority,
                       std::function<Result<Decision>()> also) {
  return [parts, case_id, authority = std::move(authority),
          also = std::move(also)](const SessionInfo& caller) -> Result<Decision> {
    CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles,
                        parts.roster->RolesOf(case_id, caller.user_id));
    Decision decision = authority(roles);
    if (!decision.allowed) return decision;
    CV_ASSIGN_OR_RETURN(Decision agreed, parts.policy->CheckAgreements(caller.user_id, case_id));
    if (!agreed.allowed) return agreed;
    if (also) return also();
    return decision;
  };
}

Result<std::optional<int64_t>> OptionalHours(const sync::ApiForm& form) {
  if (form.GetOr("hours", "").empty()) return std::optional<int64_t>();
  CV_ASSIGN_OR_RETURN(int64_t hours, form.GetInt("hours"));
  if (hours < 1 || hours > kMaxHours) {
    return InvalidArgumentError("hours must be from 1 to " + std::to_string(kMaxHours));
  }
  return std::optional<int64_t>(hours);
}

}  // namespace casevault::server
