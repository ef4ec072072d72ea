#include "casevault/server/case_vault_server.h"

#include <chrono>

#include "casevault/server/dev_tls.h"
#include "casevault/server/server_api.h"

namespace casevault::server {
namespace {

// The access log's signing key from `path`, created on first use.
Result<crypto::SigningKeyPair> LoadOrCreateLogKey(Env& env, const std::string& path) {
  if (!env.FileExists(path)) {
    crypto::SigningKeyPair key = crypto::SigningKeyPair::Generate();
    CV_RETURN_IF_ERROR(WriteFileAtomically(env, path, key.secret_view()));
    return key;
  }
  CV_ASSIGN_OR_RETURN(Bytes stored, ReadFileToBytes(env, path));
  auto key = crypto::SigningKeyPair::FromSecret(crypto::SecretBytes::CopyOf(stored));
  std::fill(stored.begin(), stored.end(), uint8_t{0});
  if (!key.ok()) return key.status().WithContext("the access log key " + path);
  return key;
}

}  // namespace

Result<std::unique_ptr<CaseVaultServer>> CaseVaultServer::Open(Env& env,
                                                               const ServerOptions& options,
                                                               EventLog& events) {
  if (options.data_dir.empty()) return InvalidArgumentError("give the server a data directory");
  CV_RETURN_IF_ERROR(env.CreateDirs(options.data_dir));
  CV_ASSIGN_OR_RETURN(crypto::SigningKeyPair log_key,
                      LoadOrCreateLogKey(env, options.data_dir + "/log-key"));
  std::unique_ptr<CaseVaultServer> server(new CaseVaultServer(env, events, std::move(log_key)));

  HttpsOptions https;
  https.host = options.host;
  https.port = options.port;
  https.threads = options.threads;
  https.keep_alive_seconds = options.keep_alive_seconds;
  if (options.dev_tls) {
    CV_ASSIGN_OR_RETURN(TlsFiles files, EnsureDevCertificate(env, options.data_dir));
    https.cert_path = files.cert_path;
    https.key_path = files.key_path;
    server->fingerprint_ = files.fingerprint;
  } else {
    if (options.cert_path.empty() || options.key_path.empty()) {
      return InvalidArgumentError("give a TLS certificate and key, or --dev-tls for a first run");
    }
    https.cert_path = options.cert_path;
    https.key_path = options.key_path;
    CV_ASSIGN_OR_RETURN(server->fingerprint_, CertificateFingerprint(env, options.cert_path));
  }

  CV_ASSIGN_OR_RETURN(server->store_,
                      SqliteServerStore::Open(env, options.data_dir, options.sqlite_vfs));
  ServerStore& store = *server->store_;
  server->hub_ = std::make_unique<sync::Hub>(store.hub(), env);
  server->identity_ = std::make_unique<Identity>(store.identities(), env, options.identity);
  server->roster_ = std::make_unique<CaseRoster>(store.cases(), env);
  server->policy_ =
      std::make_unique<AccessPolicy>(store.grants(), store.agreements(), *server->roster_, env);
  server->keys_ = std::make_unique<WrappedKeys>(store.keys(), env);
  server->closure_ = std::make_unique<CaseClosure>(
      store.closures(), store.hub(), store.draft_views(), *server->keys_, *server->policy_, env);
  CV_ASSIGN_OR_RETURN(server->frontend_, HttpsFrontend::Create(https, events, env));
  AddServerApi(*server->frontend_, ServerApiParts{.env = &env,
                                                  .identity = server->identity_.get(),
                                                  .roster = server->roster_.get(),
                                                  .policy = server->policy_.get(),
                                                  .access_log = &server->store_->access_log(),
                                                  .keys = server->keys_.get(),
                                                  .closure = server->closure_.get(),
                                                  .draft_views = &store.draft_views(),
                                                  .hub = server->hub_.get(),
                                                  .hub_store = &store.hub(),
                                                  .log_key = &server->log_key_,
                                                  .events = &events});
  return server;
}

CaseVaultServer::~CaseVaultServer() { Stop(); }

Result<int> CaseVaultServer::Start() {
  CV_ASSIGN_OR_RETURN(int port, frontend_->Bind());
  serving_ = std::thread([this] {
    const Status served = frontend_->Serve();
    if (!served.ok()) {
      events_.Record(Event{.time_micros = env_.NowMicros(),
                           .level = EventLevel::kError,
                           .name = "server.stopped_unexpectedly",
                           .fields = {{"reason", served.message()}}});
    }
  });
  // Serving has begun once the listener runs; until then a Stop would not reach it.
  for (int waited_ms = 0; !frontend_->IsRunning(); ++waited_ms) {
    if (waited_ms == 10'000) {
      Stop();
      return UnavailableError("the HTTPS listener did not start within 10 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  events_.Record(Event{.time_micros = env_.NowMicros(),
                       .level = EventLevel::kInfo,
                       .name = "server.listening",
                       .fields = {{"port", std::to_string(port)}, {"fingerprint", fingerprint_}}});
  return port;
}

void CaseVaultServer::Stop() {
  if (!serving_.joinable()) return;
  frontend_->Stop();
  serving_.join();
  events_.Record(Event{.time_micros = env_.NowMicros(),
                       .level = EventLevel::kInfo,
                       .name = "server.stopped",
                       .fields = {}});
}

}  // namespace casevault::server
