// What the endpoints that run a case share (private to server/src): the rule "the caller's
// roles allow it and their agreements are recorded", and the "hours" a role or a view lasts.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "casevault/server/case_gate.h"
#include "casevault/server/server_api.h"
#include "casevault/sync/api_form.h"

namespace casevault::server {

// An hour in microseconds.
inline constexpr int64_t kMicrosPerHour = int64_t{3600} * 1'000'000;

// Authority over a case from the caller's roles on it.
using Authority = std::function<Decision(std::span<const RoleAssignment> roles)>;

// The rule: `authority` over the caller's unexpired roles on `case_id`, their agreements
// recorded, and then `also` (when given) allowing it too. Uses `parts`' roster and policy, which
// must outlive the rule.
CaseGate::Rule ByRoles(const ServerApiParts& parts, const Id128& case_id, Authority authority,
                       std::function<Result<Decision>()> also = {});

// The optional "hours" of `form`: nullopt when absent, else a whole number from 1 to a year's
// hours (InvalidArgument otherwise).
Result<std::optional<int64_t>> OptionalHours(const sync::ApiForm& form);

}  // namespace casevault::server
