// The `casevault-server` command line: serving, and the administrator's commands.
//
//   casevault-server serve --data-dir DIR [--listen HOST:PORT] [--dev-tls |
//                          --tls-cert FILE --tls-key FILE] [--config FILE] [--threads N]
//   casevault-server user add --data-dir DIR --name NAME --organisation ORG
//   casevault-server user code --data-dir DIR --user ID
//   casevault-server grant --data-dir DIR --user ID --case ID --compartment NAME
//                          --access read|write [--hours N]
//   casevault-server revoke-grant --data-dir DIR --user ID --case ID --compartment NAME
//   casevault-server revoke-device --data-dir DIR --device ID
//   casevault-server case close --data-dir DIR --case ID
//
// `serve` prints the certificate fingerprint clients must pin, logs server events as JSON lines
// on stderr, and on SIGTERM or SIGINT stops accepting, answers the requests in flight and exits
// 0. A config file holds `key = value` lines (listen, data_dir, tls_cert, tls_key, dev_tls);
// flags override it. The administrator's commands work on the data directory directly, also
// while the server runs. Exit codes: 0 done, 1 failed (the message says why), 2 bad usage.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "casevault/base/env.h"

namespace casevault::server {

// Runs the command `args` (without the program name), printing results to `out` and errors to
// `err`; returns the exit code.
int RunServerCommand(const std::vector<std::string>& args, Env& env, std::FILE* out,
                     std::FILE* err);

}  // namespace casevault::server
