// Replies and request parsing shared by the server's endpoint files (private to server/src).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "casevault/base/result.h"
#include "casevault/server/http_frontend.h"
#include "casevault/sync/api_form.h"

namespace casevault::server {

// A 200 reply carrying `body`.
HttpResponse Ok(Bytes body, std::string content_type = "application/octet-stream");
// A 200 reply carrying `form`.
HttpResponse FormReply(const sync::ApiForm& form);
// The reply for `result`: its response, or the error (ErrorResponse).
HttpResponse Reply(Result<HttpResponse> result);
// The session token of "Authorization: Bearer <token>"; empty when there is none.
std::string BearerToken(const HttpRequest& request);
// The whole-number query parameter `name`, or `fallback` when absent (InvalidArgument when
// absent without a fallback, or not a whole number).
Result<uint64_t> QueryNumber(const HttpRequest& request, const std::string& name,
                             std::optional<uint64_t> fallback = std::nullopt);

// Routes `method` requests matching `pattern` to `handler` of `api` (kept alive by the route).
template <class Api>
void AddRoute(HttpsFrontend& frontend, const std::shared_ptr<Api>& api, const char* method,
              const std::string& pattern, HttpResponse (Api::*handler)(const HttpRequest&)) {
  frontend.Route(method, pattern,
                 [api, handler](const HttpRequest& request) { return (*api.*handler)(request); });
}

}  // namespace casevault::server
