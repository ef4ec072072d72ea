// CommandContext: what a `casevault` command works with: its parsed arguments, the process's
// streams and environment variables, and the person's device home, unlocked on first use.
#pragma once

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/client/cli/arguments.h"
#include "casevault/client/cli/json_writer.h"
#include "casevault/client/cli/passphrase.h"
#include "casevault/client/device_home.h"

namespace casevault::client::cli {

// The environment variables `casevault` reads (CASEVAULT_HOME, HOME, CASEVAULT_PASSPHRASE,
// EDITOR, VISUAL, XDG_RUNTIME_DIR), by name.
using EnvironmentVariables = std::map<std::string, std::string, std::less<>>;

// Standard input, output and error.
struct CliStreams {
  std::FILE* in = stdin;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

class CommandContext {
 public:
  // A context over `env`, `variables`, `streams` and `args`; all must outlive it.
  CommandContext(Env& env, const EnvironmentVariables& variables, const CliStreams& streams,
                 const Arguments& args)
      : env_(env), variables_(variables), streams_(streams), args_(args) {}

  // The files, clock and randomness the command uses.
  Env& env() { return env_; }
  // The command line.
  const Arguments& args() const { return args_; }
  // Standard input, output (results) and error (messages, prompts, progress).
  std::FILE* in() const { return streams_.in; }
  std::FILE* out() const { return streams_.out; }
  std::FILE* err() const { return streams_.err; }
  // True when --json asks for machine-readable output.
  bool json() const { return args_.Has("--json"); }
  // True when standard error is a terminal (progress bars go there only then).
  bool ErrIsTerminal() const;
  // True when standard output is a terminal (a draft shown to a viewer goes there only then).
  bool OutIsTerminal() const;

  // The value of environment variable `name`; nullopt when unset.
  std::optional<std::string> Variable(std::string_view name) const;
  // The device home directory: --home, else $CASEVAULT_HOME, else $HOME/.casevault.
  // InvalidArgument when none of them is set.
  Result<std::string> HomeDir() const;
  // Where the passphrase comes from (see passphrase.h).
  PassphraseSources PassphraseSourcesOf() const;

  // The device home, unlocked with the passphrase on first use (asked once per command).
  // Fails as DeviceHome::Unlock does.
  Result<DeviceHome*> Home();
  // The home's connection to its server; FailedPrecondition before enrolment.
  Result<HttpsTransport*> Server();
  // OK when case `case_id` may be opened on this device (its offline lease holds); otherwise
  // FailedPrecondition saying when the lease ended and to sync.
  Status OpenCase(const Id128& case_id);

  // Writes the command's result to standard output: `document` and a newline with
  // --json, `text` otherwise. Returns OK, so that a command can end with it.
  Status Output(const JsonWriter& document, std::string_view text) const;

 private:
  Env& env_;
  const EnvironmentVariables& variables_;
  CliStreams streams_;
  const Arguments& args_;
  std::unique_ptr<DeviceHome> home_;
};

}  // namespace casevault::client::cli
