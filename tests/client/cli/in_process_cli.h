// `casevault` run in this process on a device home in a temporary directory, offline: the
// command line with its output captured, and the device set up as its first sync would leave
// it. Shared by the suites that run commands without a server.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/client/cli/command_context.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/offline_lease.h"

namespace casevault::client::cli::testing {

// What a command left: its exit code and output.
struct CliOutcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `casevault` with `args` through RunCli with `variables` as its environment, with an empty
// standard input, and returns its exit code and what it wrote.
CliOutcome RunInProcess(const std::vector<std::string>& args, Env& env,
                        const EnvironmentVariables& variables);

// Gives the device home at `home_dir` (made with `casevault init`, unlocked by `passphrase`) a
// fresh key of each of `compartments` at epoch 1, wrapped to the device, and records case
// `case_id` synced now with an offline lease of `lease_days`, as its first sync would. Fails the
// current test (fatally) when any step fails.
void GiveKeysAsAfterSync(Env& env, const std::string& home_dir, const std::string& passphrase,
                         const Id128& case_id, std::span<const sync::CompartmentRef> compartments,
                         int lease_days = sync::kDefaultLeaseDays);

// The reads of `where` the device at `home_dir` has recorded and not yet uploaded, as
// "action object" lines in the order they were made.
std::vector<std::string> PendingReads(Env& env, const std::string& home_dir,
                                      const std::string& passphrase,
                                      const sync::CompartmentRef& where);

}  // namespace casevault::client::cli::testing
