#include "casevault/sync/hub_store.h"

namespace casevault::sync {

Result<LogPosition> HubStore::Append(const CompartmentRef& where, const SignedOp& op,
                                     int64_t hub_time_micros) {
  CV_ASSIGN_OR_RETURN(std::vector<LogPosition> positions,
                      AppendBatch(where, std::span<const SignedOp>(&op, 1), hub_time_micros));
  return positions.front();
}

}  // namespace casevault::sync
