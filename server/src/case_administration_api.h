// The endpoints that run a case: opening it, roles, grants, its state and its closure (private
// to server/src; listed in server_api.h).
#pragma once

#include <memory>

#include "casevault/server/case_gate.h"
#include "casevault/server/http_frontend.h"
#include "casevault/server/server_api.h"

namespace casevault::server {

// Adds the case administration endpoints to `frontend`, admitting requests through `gate`.
void AddCaseAdministrationApi(HttpsFrontend& frontend, const ServerApiParts& parts,
                              std::shared_ptr<CaseGate> gate);

}  // namespace casevault::server
