// The endpoints that show one draft to a time-boxed viewer (private to server/src; listed in
// server_api.h).
#pragma once

#include <memory>

#include "casevault/server/case_gate.h"
#include "casevault/server/http_frontend.h"
#include "casevault/server/server_api.h"

namespace casevault::server {

// Adds the draft view endpoints to `frontend`, admitting requests through `gate`.
void AddDraftViewApi(HttpsFrontend& frontend, const ServerApiParts& parts,
                     std::shared_ptr<CaseGate> gate);

}  // namespace casevault::server
