// SyncTestWorld: several simulated devices editing one compartment and syncing it through one
// in-process hub, for the sync engine's tests and the convergence property tests.
//
// Each device has its own identity, clock (a FaultInjectionEnv whose offset a test may set),
// hybrid logical clock, MemoryOpStore, compartment keys, LocalWriter, and SyncEngine talking to
// the shared Hub through its own LossyTransport. Time is simulated: it stands still until the
// test advances it, so a schedule replayed from the same seed sees the same stamps. Devices are
// numbered in device-id order, so ties between stamps of different devices break the same way in
// every run.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/fault_injection_env.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/secret_bytes.h"
#include "casevault/crypto/signing.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/compartment_keys.h"
#include "casevault/sync/hlc.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/hub_store.h"
#include "casevault/sync/local_writer.h"
#include "casevault/sync/lossy_transport.h"
#include "casevault/sync/memory_op_store.h"
#include "casevault/sync/sync_engine.h"

namespace casevault::sync::testing {

// An Env whose clock moves only when told to and which forwards everything else to
// Env::Default(). Safe to call from several threads.
class SteppedClockEnv final : public Env {
 public:
  // A clock reading `start_micros` (microseconds since the Unix epoch).
  explicit SteppedClockEnv(int64_t start_micros) : now_(start_micros) {}

  // Moves the clock `micros` forward (or back, when negative).
  void Advance(int64_t micros) { now_ += micros; }

  int64_t NowMicros() override { return now_; }
  void RandomBytes(MutableByteView out) override { Env::Default().RandomBytes(out); }
  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override {
    return Env::Default().NewSequentialFile(path);
  }
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    return Env::Default().NewWritableFile(path);
  }
  Status RenameFile(const std::string& from, const std::string& to) override {
    return Env::Default().RenameFile(from, to);
  }
  Status RemoveFile(const std::string& path) override { return Env::Default().RemoveFile(path); }
  Status CreateDirs(const std::string& path) override { return Env::Default().CreateDirs(path); }
  Status SyncDir(const std::string& dir) override { return Env::Default().SyncDir(dir); }
  bool FileExists(const std::string& path) override { return Env::Default().FileExists(path); }
  Result<uint64_t> GetFileSize(const std::string& path) override {
    return Env::Default().GetFileSize(path);
  }
  Result<std::vector<std::string>> ListDir(const std::string& dir) override {
    return Env::Default().ListDir(dir);
  }

 private:
  std::atomic<int64_t> now_;
};

// The compartment keys one device holds: the epochs it was given, the same key for every
// compartment.
class TestCompartmentKeys final : public CompartmentKeys {
 public:
  // Holds `key` as the key of `epoch`, replacing any held before.
  void Give(uint32_t epoch, crypto::SecretKey key);

  // The newest epoch given; NotFound when none was.
  Result<uint32_t> LatestEpoch(const CompartmentRef& where) override;
  // The key given for `epoch`; NotFound when it was not given.
  Result<const crypto::SecretKey*> Key(const CompartmentRef& where, uint32_t epoch) override;

 private:
  std::map<uint32_t, crypto::SecretKey> keys_;
};

// One device of a world. The members refer to one another, so a device never moves.
struct SimulatedDevice {
  // A device with `identity`, reading time from `world_env` (through its own offset), talking to
  // `hub` through a transport with `faults`, and trusting the authors in `authors`. Everything
  // passed must outlive the device.
  SimulatedDevice(crypto::DeviceIdentity identity, Env& world_env, Transport& hub,
                  const std::map<Id128, crypto::SigningPublicKey>& authors,
                  const LossyTransportOptions& faults, const SyncEngine::Options& options);
  SimulatedDevice(const SimulatedDevice&) = delete;
  SimulatedDevice& operator=(const SimulatedDevice&) = delete;

  const Id128& id() const { return identity.device_id(); }

  crypto::DeviceIdentity identity;
  FaultInjectionEnv env;
  HybridClock clock;
  MemoryOpStore store;
  TestCompartmentKeys keys;
  LossyTransport transport;
  LocalWriter writer;
  // Syncs through `transport`, meeting its faults.
  SyncEngine engine;
};

// What a SyncTestWorld is made of.
struct SyncTestWorldOptions {
  size_t devices = 2;
  // The faults of each device's transport, by device number; devices past the end get none.
  std::vector<LossyTransportOptions> faults;
  SyncEngine::Options engine;
};

class SyncTestWorld {
 public:
  // Where simulated time starts: 2026-03-01T00:00:00Z.
  static constexpr int64_t kStartMicros = int64_t{1'772'323'200} * 1'000'000;

  // A world of `options.devices` devices, all trusted as authors and all holding the key of
  // epoch 1 of a "shared" compartment of a new case.
  explicit SyncTestWorld(const SyncTestWorldOptions& options);
  SyncTestWorld() : SyncTestWorld(SyncTestWorldOptions{}) {}

  size_t size() const { return devices_.size(); }
  // Device `n` (below size()).
  SimulatedDevice& device(size_t n) { return *devices_.at(n); }
  // The compartment every device edits.
  const CompartmentRef& where() const { return where_; }
  // The hub, to push or read directly.
  Hub& hub() { return hub_; }
  // The world's time, which every device's clock follows with its own offset.
  SteppedClockEnv& time() { return time_; }
  // The devices trusted to write (device id -> signing key); a test may remove some.
  std::map<Id128, crypto::SigningPublicKey>& authors() { return authors_; }

  // Makes a new key for `epoch`, held by no device yet.
  void AddEpoch(uint32_t epoch);
  // Gives device `n` the key of `epoch` (made by the constructor or AddEpoch).
  void GiveKey(size_t n, uint32_t epoch);

  // Syncs device `n` straight with the hub, without its transport's faults.
  Result<SyncReport> SyncWithoutFaults(size_t n);
  // Syncs every device in turn without faults until a whole round pushes and pulls nothing;
  // returns how many rounds that took (the quiet one included). Fails with the first sync error,
  // with InternalError naming the operation when a sync rejects one, and with InternalError when
  // `max_rounds` rounds were not enough.
  Result<size_t> SettleWithoutFaults(size_t max_rounds = 20);

  // The whole log the hub holds for where().
  Result<std::vector<LogEntry>> HubLog();

 private:
  SteppedClockEnv time_{kStartMicros};
  MemoryHubStore hub_store_;
  Hub hub_{hub_store_, time_};
  CompartmentRef where_;
  std::map<uint32_t, crypto::SecretKey> epoch_keys_;
  std::map<Id128, crypto::SigningPublicKey> authors_;
  SyncEngine::Options engine_options_;
  std::vector<std::unique_ptr<SimulatedDevice>> devices_;
};

}  // namespace casevault::sync::testing
