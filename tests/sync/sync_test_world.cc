#include "sync/sync_test_world.h"

#include <algorithm>
#include <utility>

#include "casevault/crypto/random_id.h"

namespace casevault::sync::testing {

void TestCompartmentKeys::Give(uint32_t epoch, crypto::SecretKey key) {
  keys_.insert_or_assign(epoch, std::move(key));
}

Result<uint32_t> TestCompartmentKeys::LatestEpoch(const CompartmentRef& where) {
  if (keys_.empty()) return NotFoundError("no key of " + where.name + " was given");
  return keys_.rbegin()->first;
}

Result<const crypto::SecretKey*> TestCompartmentKeys::Key(const CompartmentRef& where,
                                                          uint32_t epoch) {
  auto it = keys_.find(epoch);
  if (it == keys_.end()) {
    return NotFoundError("the key of " + where.name + " epoch " + std::to_string(epoch) +
                         " was not given");
  }
  return &it->second;
}

SimulatedDevice::SimulatedDevice(crypto::DeviceIdentity identity_in, Env& world_env, Transport& hub,
                                 const std::map<Id128, crypto::SigningPublicKey>& authors,
                                 const LossyTransportOptions& faults,
                                 const SyncEngine::Options& options)
    : identity(std::move(identity_in)),
      env(world_env),
      clock(env, identity.device_id()),
      transport(hub, faults),
      writer(store, keys, clock, identity),
      engine(store, transport, keys, clock, authors, options) {}

SyncTestWorld::SyncTestWorld(const SyncTestWorldOptions& options)
    : where_{crypto::NewRandomId(), "shared"}, engine_options_(options.engine) {
  std::vector<crypto::DeviceIdentity> identities;
  for (size_t n = 0; n < options.devices; ++n)
    identities.push_back(crypto::DeviceIdentity::Generate());
  std::sort(identities.begin(), identities.end(),
            [](const crypto::DeviceIdentity& a, const crypto::DeviceIdentity& b) {
              return a.device_id() < b.device_id();
            });
  for (const crypto::DeviceIdentity& identity : identities) {
    authors_.emplace(identity.device_id(), identity.signing_keys().public_key());
  }
  for (size_t n = 0; n < identities.size(); ++n) {
    const LossyTransportOptions faults =
        n < options.faults.size() ? options.faults[n] : LossyTransportOptions{};
    devices_.push_back(std::make_unique<SimulatedDevice>(std::move(identities[n]), time_, hub_,
                                                         authors_, faults, options.engine));
  }
  AddEpoch(1);
  for (size_t n = 0; n < devices_.size(); ++n) GiveKey(n, 1);
}

void SyncTestWorld::AddEpoch(uint32_t epoch) {
  epoch_keys_.insert_or_assign(epoch, crypto::SecretKey::Generate());
}

void SyncTestWorld::GiveKey(size_t n, uint32_t epoch) {
  device(n).keys.Give(epoch, epoch_keys_.at(epoch).Clone());
}

Result<SyncReport> SyncTestWorld::SyncWithoutFaults(size_t n) {
  SimulatedDevice& d = device(n);
  SyncEngine direct(d.store, hub_, d.keys, d.clock, authors_, engine_options_);
  return direct.Sync(where_);
}

Result<size_t> SyncTestWorld::SettleWithoutFaults(size_t max_rounds) {
  for (size_t round = 1; round <= max_rounds; ++round) {
    size_t moved = 0;
    for (size_t n = 0; n < devices_.size(); ++n) {
      CV_ASSIGN_OR_RETURN(SyncReport report, SyncWithoutFaults(n));
      if (!report.rejected.empty()) {
        return InternalError("device " + std::to_string(n) + " rejected operation " +
                             report.rejected.front().op_id.ToHex() + ": " +
                             report.rejected.front().reason.ToString());
      }
      moved += report.pushed + report.pulled;
    }
    if (moved == 0) return round;
  }
  return InternalError("devices still exchanged operations after " + std::to_string(max_rounds) +
                       " rounds of syncing");
}

Result<std::vector<LogEntry>> SyncTestWorld::HubLog() {
  std::vector<LogEntry> log;
  for (bool more = true; more;) {
    CV_ASSIGN_OR_RETURN(PullPage page, hub_.Pull(where_, log.size(), Hub::kMaxPullEntries));
    log.insert(log.end(), page.entries.begin(), page.entries.end());
    more = page.more;
  }
  return log;
}

}  // namespace casevault::sync::testing
