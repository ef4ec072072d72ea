// The access log of one case as the server shows it to the caller: every entry for the
// business unit and the safeguarding leads, their own entries for other members.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/https_transport.h"

namespace casevault::client {

// One access-log entry: who did what on the case, from which device, when, and the decision.
struct LoggedAccess {
  uint64_t index = 0;
  int64_t time_micros = 0;
  Id128 user_id;
  Id128 device_id;
  std::string compartment;
  std::string action;
  std::string object_id;
  bool allowed = false;
  std::string reason;
  // For a read made offline: when it happened on the device.
  std::optional<int64_t> happened_at_micros;
};

// The entries of case `case_id` the caller may see, oldest first, fetched page by page.
// PermissionDenied for someone with no role or grant on the case (the refusal is logged too).
Result<std::vector<LoggedAccess>> ReadCaseLog(HttpsTransport& server, const Id128& case_id);

}  // namespace casevault::client
