// A CaseVaultServer serving HTTPS on a loopback port, for tests that talk to it as clients do.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "casevault/client/https_transport.h"
#include "casevault/server/case_vault_server.h"

namespace casevault::server {

struct LoopbackServer {
  std::unique_ptr<CaseVaultServer> server;
  int port = 0;

  // Where clients reach it, with its certificate's fingerprint to pin.
  client::ServerAddress address() const { return {"127.0.0.1", port, server->fingerprint()}; }
};

// Opens a server in `data_dir` with a development certificate (through SQLite VFS `vfs` when
// given), events to `events`, and starts it on `port` (0: a free one).
inline Result<LoopbackServer> StartLoopbackServer(Env& env, const std::string& data_dir,
                                                  EventLog& events,
                                                  std::optional<std::string> vfs = std::nullopt,
                                                  int port = 0) {
  ServerOptions options;
  options.data_dir = data_dir;
  options.port = port;
  options.dev_tls = true;
  options.sqlite_vfs = std::move(vfs);
  LoopbackServer started;
  CV_ASSIGN_OR_RETURN(started.server, CaseVaultServer::Open(env, options, events));
  CV_ASSIGN_OR_RETURN(started.port, started.server->Start());
  return started;
}

}  // namespace casevault::server
