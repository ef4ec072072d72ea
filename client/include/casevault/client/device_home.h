// DeviceHome: one person's CaseVault on one device, kept in one directory:
//   keystore   the device's private keys, sealed under the person's passphrase (Argon2id)
//   replica/   the encrypted replica: records, operations, secured files, compartment keys
//   settings   the server the device enrolled with (address, pinned certificate fingerprint)
//              and the user it enrolled as; no secrets (an ApiForm)
// Nothing in the directory opens without the passphrase. A case may be opened offline only
// within its lease of its last full sync: the days its business unit set on the server, as
// that sync brought them (sync/offline_lease.h; 14 by default). Past it, it stays closed
// until the device syncs again, so a lost laptop stops showing the case on its own.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/https_transport.h"
#include "casevault/client/replica.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/keystore.h"
#include "casevault/sync/offline_lease.h"

namespace casevault::client {

// What the settings file holds.
struct HomeSettings {
  // The server this device enrolled with; port 0 before enrolment.
  ServerAddress server;
  Id128 user_id;

  bool enrolled() const { return server.port != 0; }
};

// A case's offline lease on this device.
struct CaseLease {
  // Its length, as the case's last full sync brought it.
  int days = sync::kDefaultLeaseDays;
  // When the case last synced in full and when its lease ends; nullopt when it never synced.
  std::optional<int64_t> synced_micros;
  std::optional<int64_t> ends_micros;
};

class DeviceHome {
 public:
  // Creates a home in `dir` (made if missing) for a new device identity, its keystore locked by
  // `passphrase`. AlreadyExists when `dir` already holds a keystore; InvalidArgument for an
  // empty passphrase.
  static Status Create(Env& env, const std::string& dir, std::string_view passphrase,
                       const crypto::KdfParams& params = crypto::KdfParams::Moderate());
  // True when `dir` holds a device home (its keystore), whether or not it can be unlocked.
  static bool Exists(Env& env, const std::string& dir);
  // Opens the home in `dir` with `passphrase`. NotFound when there is none (create it first);
  // WrongPassphrase; Corruption or Truncated for a damaged keystore or settings file.
  static Result<std::unique_ptr<DeviceHome>> Unlock(Env& env, const std::string& dir,
                                                    std::string_view passphrase);
  ~DeviceHome();

  const crypto::DeviceIdentity& device() const { return *device_; }
  Replica& replica() { return *replica_; }
  const HomeSettings& settings() const { return settings_; }
  Env& env() { return env_; }

  // Enrols this device with the server at `address` using its user's one-time `code`, then
  // saves the address and user and trusts the server's access-log key. FailedPrecondition when
  // already enrolled; the server's error otherwise (nothing saved).
  Result<Enrolment> Enrol(const ServerAddress& address, const std::string& code);
  // The connection to the enrolled server (made on first use). FailedPrecondition before
  // enrolment.
  Result<HttpsTransport*> Server();

  // The offline lease of case `case_id` on this device.
  Result<CaseLease> Lease(const Id128& case_id);
  // OK when case `case_id` may be opened: it synced in full within its lease. Otherwise
  // FailedPrecondition saying when the lease ended (or that the case never synced) and to sync.
  Status CheckLease(const Id128& case_id);

 private:
  DeviceHome(Env& env, std::string dir) : env_(env), dir_(std::move(dir)) {}
  Status SaveSettings();

  Env& env_;
  std::string dir_;
  std::unique_ptr<crypto::DeviceIdentity> device_;
  std::unique_ptr<Replica> replica_;
  HomeSettings settings_;
  std::unique_ptr<HttpsTransport> server_;
};

}  // namespace casevault::client
