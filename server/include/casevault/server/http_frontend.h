// HttpsFrontend: the HTTPS listener of casevault-server (cpp-httplib with OpenSSL).
//
// It owns the sockets, TLS, threads and limits, and nothing else: handlers receive a parsed
// HttpRequest and return an HttpResponse, so no other file of the server sees cpp-httplib.
// Settings follow the measured pitfalls: TCP_NODELAY on (without it every small reply waits
// ~40 ms for a delayed ACK), long keep-alive so a client reuses one TLS session, bounded bodies,
// headers (cpp-httplib's 8 KiB) and read/write timeouts. Stop() stops accepting and returns
// once every request in flight has been answered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/env.h"
#include "casevault/base/event_log.h"
#include "casevault/base/result.h"
#include "casevault/base/status.h"

namespace casevault::server {

struct HttpRequest {
  std::string method;
  std::string path;
  // The pattern's capture groups, in order.
  std::vector<std::string> path_params;
  std::multimap<std::string, std::string> query;
  // The Authorization header ("" when absent).
  std::string authorization;
  std::string remote_address;
  ByteView body;

  // The query parameter `name`, or nullptr.
  const std::string* Query(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/octet-stream";
  Bytes body;
  // The CaseVault status code name of an error reply (see ErrorResponse), else empty.
  std::string error_code;
};

// The reply for a failed request: the HTTP status that fits `status`'s code (400 malformed
// input, 401 failed authentication, 403 refused, 404 not found, 409 conflict or wrong state,
// 413 too large, 503 unavailable or out of space, 500 otherwise), its code name in the
// X-CaseVault-Error header and its message as the plain-text body (410 for Revoked: the client
// must remove its copy), so the client can rebuild
// the same Status.
HttpResponse ErrorResponse(const Status& status);

// Called on a request; must not throw (an escaping exception is answered 500 and logged).
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpsOptions {
  std::string host = "127.0.0.1";
  // 0 picks a free port (see Bind).
  int port = 0;
  std::string cert_path;
  std::string key_path;
  size_t max_body_bytes = 32 * 1024 * 1024;
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 30;
  // How long an idle keep-alive connection stays open. Stop waits for idle connections to time
  // out (cpp-httplib 0.11 does not interrupt them), so keep it short.
  int keep_alive_seconds = 5;
  size_t threads = 16;
};

class HttpsFrontend {
 public:
  // Loads the certificate and key; InvalidArgument naming the files when TLS cannot use them.
  // Ignores SIGPIPE process-wide (IgnoreBrokenPipeSignals).
  // `events` (server events: failures; never bodies) and `env` (their time) must outlive the
  // frontend.
  static Result<std::unique_ptr<HttpsFrontend>> Create(const HttpsOptions& options,
                                                       EventLog& events, Env& env);
  ~HttpsFrontend();

  // Route `method` ("GET", "POST", "PUT", "DELETE") requests whose path fully matches the
  // regular expression `pattern` to `handler`. All routes are added before Serve.
  void Route(const std::string& method, const std::string& pattern, HttpHandler handler);

  // Binds the listening socket; returns the port (the chosen one when options.port is 0).
  // Unavailable when the address is in use.
  Result<int> Bind();
  // Serves until Stop; call after Bind, typically on its own thread.
  Status Serve();
  // True while Serve is accepting connections.
  bool IsRunning() const;
  // Stops accepting and makes Serve return once the requests in flight are answered. Safe from
  // any thread (not from a signal handler); a Stop before Serve started accepting does nothing,
  // so wait for IsRunning first.
  void Stop();

 private:
  struct Impl;
  explicit HttpsFrontend(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace casevault::server
