// The access log's endpoints: its signed checkpoint, proofs, and a case's entries (private to
// server/src; listed in server_api.h).
#pragma once

#include <memory>

#include "casevault/server/case_gate.h"
#include "casevault/server/http_frontend.h"
#include "casevault/server/server_api.h"

namespace casevault::server {

// Adds the access log endpoints to `frontend`, admitting case requests through `gate`.
void AddAccessLogApi(HttpsFrontend& frontend, const ServerApiParts& parts,
                     std::shared_ptr<CaseGate> gate);

}  // namespace casevault::server
