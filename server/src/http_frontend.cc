#include "casevault/server/http_frontend.h"

#include <httplib.h>

#include <exception>

namespace casevault::server {
namespace {

constexpr std::string_view kErrorHeader = "X-CaseVault-Error";

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kCorruption:
    case StatusCode::kTruncated:
    case StatusCode::kUnsupportedVersion:
      return 400;
    case StatusCode::kAuthenticationFailed:
    case StatusCode::kWrongPassphrase:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 413;
    case StatusCode::kUnavailable:
    case StatusCode::kIoError:
    case StatusCode::kNoSpace:
      return 503;
    case StatusCode::kRevoked:
      return 410;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

HttpRequest ToRequest(const httplib::Request& in) {
  HttpRequest out;
  out.method = in.method;
  out.path = in.path;
  for (size_t i = 1; i < in.matches.size(); ++i) out.path_params.push_back(in.matches[i].str());
  out.query.insert(in.params.begin(), in.params.end());
  out.authorization = in.get_header_value("Authorization");
  out.remote_address = in.remote_addr;
  out.body = AsBytes(in.body);
  return out;
}

void Send(const HttpResponse& response, httplib::Response& out) {
  out.status = response.status;
  if (!response.error_code.empty()) out.set_header(std::string(kErrorHeader), response.error_code);
  out.set_content(std::string(AsChars(response.body)), response.content_type);
}

}  // namespace

struct HttpsFrontend::Impl {
  Impl(const HttpsOptions& opts, EventLog& log)
      : options(opts), events(log), server(opts.cert_path.c_str(), opts.key_path.c_str()) {}

  HttpsOptions options;
  EventLog& events;
  httplib::SSLServer server;
};

const std::string* HttpRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? nullptr : &it->second;
}

HttpResponse ErrorResponse(const Status& status) {
  HttpResponse response;
  response.status = HttpStatusOf(status.code());
  response.content_type = "text/plain; charset=utf-8";
  response.error_code = std::string(StatusCodeName(status.code()));
  response.body.assign(status.message().begin(), status.message().end());
  return response;
}

HttpsFrontend::HttpsFrontend(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpsFrontend::~HttpsFrontend() { Stop(); }

Result<std::unique_ptr<HttpsFrontend>> HttpsFrontend::Create(const HttpsOptions& options,
                                                             EventLog& events, Env& env) {
  IgnoreBrokenPipeSignals();  // a client that hangs up mid-reply must not stop the server
  auto impl = std::make_unique<Impl>(options, events);
  if (!impl->server.is_valid()) {
    return InvalidArgumentError("TLS cannot use the certificate " + options.cert_path +
                                " with the key " + options.key_path +
                                ": check both exist, are PEM and belong together");
  }
  httplib::SSLServer& server = impl->server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1'000'000);
  server.set_keep_alive_timeout(options.keep_alive_seconds);
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.write_timeout_seconds, 0);
  server.set_payload_max_length(options.max_body_bytes);
  const size_t threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  EventLog* log = &events;
  Env* clock = &env;
  server.set_exception_handler([log, clock](const httplib::Request& request,
                                            httplib::Response& response, std::exception_ptr) {
    log->Record(Event{.time_micros = clock->NowMicros(),
                      .level = EventLevel::kError,
                      .name = "http.handler_exception",
                      .fields = {{"method", request.method}, {"path", request.path}}});
    Send(ErrorResponse(InternalError("the server failed to handle the request")), response);
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.status == 413) {
      Send(ErrorResponse(ResourceExhaustedError("the request body is larger than the server "
                                                "accepts")),
           response);
    } else if (response.status == 404 && response.body.empty()) {
      Send(ErrorResponse(NotFoundError("no such endpoint")), response);
      response.status = 404;
    }
  });
  return std::unique_ptr<HttpsFrontend>(new HttpsFrontend(std::move(impl)));
}

void HttpsFrontend::Route(const std::string& method, const std::string& pattern,
                          HttpHandler handler) {
  auto adapter = [handler = std::move(handler)](const httplib::Request& request,
                                                httplib::Response& response) {
    Send(handler(ToRequest(request)), response);
  };
  httplib::SSLServer& server = impl_->server;
  if (method == "GET") {
    server.Get(pattern, adapter);
  } else if (method == "POST") {
    server.Post(pattern, adapter);
  } else if (method == "PUT") {
    server.Put(pattern, adapter);
  } else if (method == "DELETE") {
    server.Delete(pattern, adapter);
  }
}

Result<int> HttpsFrontend::Bind() {
  const HttpsOptions& options = impl_->options;
  const int port =
      options.port == 0
          ? impl_->server.bind_to_any_port(options.host)
          : (impl_->server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port <= 0) {
    return UnavailableError("cannot listen on " + options.host + ":" +
                            std::to_string(options.port) + " (address in use or not local)");
  }
  return port;
}

Status HttpsFrontend::Serve() {
  if (!impl_->server.listen_after_bind()) {
    return UnavailableError("the HTTPS listener stopped unexpectedly");
  }
  return Status::Ok();
}

bool HttpsFrontend::IsRunning() const { return impl_ && impl_->server.is_running(); }

void HttpsFrontend::Stop() {
  if (impl_ && impl_->server.is_running()) impl_->server.stop();
}

}  // namespace casevault::server
