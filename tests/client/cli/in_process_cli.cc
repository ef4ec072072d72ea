#include "in_process_cli.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "casevault/client/cli/run_cli.h"
#include "casevault/client/device_home.h"
#include "casevault/crypto/sealed_box.h"
#include "testing/stream_text.h"

namespace casevault::client::cli::testing {

CliOutcome RunInProcess(const std::vector<std::string>& args, Env& env,
                        const EnvironmentVariables& variables) {
  CliStreams streams{std::tmpfile(), std::tmpfile(), std::tmpfile()};
  CliOutcome outcome;
  outcome.exit_code = RunCli(args, env, variables, streams);
  std::fclose(streams.in);
  outcome.out = casevault::testing::ReadAndClose(streams.out);
  outcome.err = casevault::testing::ReadAndClose(streams.err);
  return outcome;
}

void GiveKeysAsAfterSync(Env& env, const std::string& home_dir, const std::string& passphrase,
                         const Id128& case_id, std::span<const sync::CompartmentRef> compartments,
                         int lease_days) {
  Result<std::unique_ptr<DeviceHome>> home = DeviceHome::Unlock(env, home_dir, passphrase);
  ASSERT_TRUE(home.ok()) << home.status().ToString();
  for (const sync::CompartmentRef& where : compartments) {
    const crypto::SecretKey key = crypto::SecretKey::Generate();
    const Bytes wrapped = crypto::WrapKey((*home)->device().box_keys().public_key(), key);
    const Status added = (*home)->replica().AddCompartmentKey(where, 1, wrapped);
    ASSERT_TRUE(added.ok()) << added.ToString();
  }
  const Status synced = (*home)->replica().RecordCaseSynced(case_id, env.NowMicros(), lease_days);
  ASSERT_TRUE(synced.ok()) << synced.ToString();
}

std::vector<std::string> PendingReads(Env& env, const std::string& home_dir,
                                      const std::string& passphrase,
                                      const sync::CompartmentRef& where) {
  Result<std::unique_ptr<DeviceHome>> home = DeviceHome::Unlock(env, home_dir, passphrase);
  EXPECT_TRUE(home.ok()) << home.status().ToString();
  if (!home.ok()) return {};
  auto pending = (*home)->replica().PendingReads(where);
  EXPECT_TRUE(pending.ok()) << pending.status().ToString();
  if (!pending.ok()) return {};
  std::vector<std::string> reads;
  for (const auto& [number, read] : *pending) reads.push_back(read.action + " " + read.object_id);
  return reads;
}

}  // namespace casevault::client::cli::testing
