// The `casevault` command line: the person's tool over the client library.
//
//   casevault [--home DIR] [--json] [--passphrase-file FILE] COMMAND [OPTIONS]
//
// `casevault --help` lists the commands, `casevault COMMAND --help` explains one; exit codes are
// in exit_codes.h. Results go to standard output (human-readable, or one JSON document with
// --json); errors, prompts and progress go to standard error. Record content is printed only to
// standard output, on request; passphrases and keys never are.
#pragma once

#include <string>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/client/cli/command_context.h"

namespace casevault::client::cli {

// Runs the command `args` (without the program name) with `env` (files, clock, randomness),
// `variables` (the process's environment) and `streams`; returns the exit code.
int RunCli(const std::vector<std::string>& args, Env& env, const EnvironmentVariables& variables,
           const CliStreams& streams);

}  // namespace casevault::client::cli
