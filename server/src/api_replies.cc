#include "api_replies.h"

#include <charconv>

namespace casevault::server {

HttpResponse Ok(Bytes body, std::string content_type) {
  HttpResponse response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

HttpResponse FormReply(const sync::ApiForm& form) {
  return Ok(form.Encode(), "text/plain; charset=utf-8");
}

HttpResponse Reply(Result<HttpResponse> result) {
  return result.ok() ? *std::move(result) : ErrorResponse(result.status());
}

std::string BearerToken(const HttpRequest& request) {
  constexpr std::string_view kBearer = "Bearer ";
  return request.authorization.starts_with(kBearer) ? request.authorization.substr(kBearer.size())
                                                    : std::string();
}

Result<uint64_t> QueryNumber(const HttpRequest& request, const std::string& name,
                             std::optional<uint64_t> fallback) {
  const std::string* text = request.Query(name);
  if (text == nullptr) {
    if (fallback) return *fallback;
    return InvalidArgumentError("the request lacks the query parameter " + name);
  }
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || text->empty()) {
    return InvalidArgumentError("query parameter " + name + " is not a whole number");
  }
  return value;
}

}  // namespace casevault::server
