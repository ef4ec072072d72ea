// CaseVaultServer: a whole casevault-server, its stores and its HTTPS endpoints, in one object.
//
// Open() brings up the data directory (the SqliteServerStore's server.db and chunks/, the access
// log's signing key log-key, and with dev_tls the development certificate); Start() listens and
// serves on a thread of its own; Stop() stops accepting and returns once every request in flight is
// answered (nothing acknowledged is lost: every store write is committed before its reply).
// The program casevault-server and the loopback tests both run it.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "casevault/base/env.h"
#include "casevault/base/event_log.h"
#include "casevault/base/result.h"
#include "casevault/crypto/signing.h"
#include "casevault/server/access_log.h"
#include "casevault/server/access_policy.h"
#include "casevault/server/case_closure.h"
#include "casevault/server/http_frontend.h"
#include "casevault/server/identity.h"
#include "casevault/server/sqlite_server_store.h"
#include "casevault/server/wrapped_keys.h"
#include "casevault/sync/hub.h"

namespace casevault::server {

struct ServerOptions {
  std::string data_dir;
  std::string host = "127.0.0.1";
  // 0 picks a free port (Start returns it).
  int port = 8443;
  // Create (or reuse) a self-signed certificate in the data directory.
  bool dev_tls = false;
  // Otherwise, the certificate and key to serve with (PEM).
  std::string cert_path;
  std::string key_path;
  // Connections served at once: cpp-httplib holds a thread for each keep-alive connection until
  // it has been idle for keep_alive_seconds, so this bounds the devices syncing together.
  size_t threads = 128;
  // How long an idle keep-alive connection stays open before the server closes it.
  int keep_alive_seconds = 5;
  IdentityOptions identity;
  // The SQLite VFS of the server database (crash tests pass a fault-injecting one).
  std::optional<std::string> sqlite_vfs;
};

class CaseVaultServer {
 public:
  // Opens the server in options.data_dir through `env`; `events` receives server events (never
  // payloads or secrets). Both must outlive the server.
  static Result<std::unique_ptr<CaseVaultServer>> Open(Env& env, const ServerOptions& options,
                                                       EventLog& events);
  ~CaseVaultServer();

  // Listens and serves on a background thread; returns the port.
  Result<int> Start();
  // Stops serving (see above); does nothing when not started.
  void Stop();

  // SHA-256 fingerprint of the certificate served, for clients to pin.
  const std::string& fingerprint() const { return fingerprint_; }
  // The key that signs the access log's checkpoints (its public half is given at enrolment).
  const crypto::SigningKeyPair& log_key() const { return log_key_; }
  Identity& identity() { return *identity_; }
  // The op logs and chunks, as the endpoints see them past the access checks.
  sync::Hub& hub() { return *hub_; }
  CaseRoster& roster() { return *roster_; }
  AccessPolicy& policy() { return *policy_; }
  AccessLog& access_log() { return store_->access_log(); }
  WrappedKeys& keys() { return *keys_; }
  CaseClosure& closure() { return *closure_; }
  DraftViewStore& draft_views() { return store_->draft_views(); }
  // The group commit of server.db, which makes the writes requests wait for durable; its
  // commits() counts the durable commits made (one per push, entry and ops together).
  const GroupCommit& group_commit() { return store_->database().group_commit(); }

 private:
  CaseVaultServer(Env& env, EventLog& events, crypto::SigningKeyPair log_key)
      : env_(env), events_(events), log_key_(std::move(log_key)) {}

  Env& env_;
  EventLog& events_;
  crypto::SigningKeyPair log_key_;
  std::string fingerprint_;
  std::unique_ptr<SqliteServerStore> store_;
  std::unique_ptr<sync::Hub> hub_;
  std::unique_ptr<Identity> identity_;
  std::unique_ptr<CaseRoster> roster_;
  std::unique_ptr<AccessPolicy> policy_;
  std::unique_ptr<WrappedKeys> keys_;
  std::unique_ptr<CaseClosure> closure_;
  std::unique_ptr<HttpsFrontend> frontend_;
  std::thread serving_;
};

}  // namespace casevault::server
