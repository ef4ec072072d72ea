// SyncKeys: getting, creating, sharing and rotating a compartment's keys through the server.
//
// Run for a compartment before syncing its operations. In order:
//  1. stores in the replica every copy of the compartment's keys sealed to this device, and
//     whether the caller may write there (Replica::Writable);
//  2. when the compartment has no key yet and the caller may write: creates epoch 1 and seals
//     it to every member device (if another member created it first, takes theirs);
//  3. when holders of the newest key are no longer members (a revoked device or grant) and the
//     caller may write: rotates, creating the next epoch sealed to the remaining member devices
//     only, so what is written from then on is closed to the removed;
//  4. otherwise, when the caller may write and holds the newest key: seals it to member devices
//     that lack it (a newly granted person, a newly enrolled device).
// The server sees only sealed copies and never a key.
#pragma once

#include <cstdint>
#include <map>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/https_transport.h"
#include "casevault/client/replica.h"
#include "casevault/crypto/signing.h"

namespace casevault::client {

struct KeySyncReport {
  // The signing key of every member device, revoked ones included (their earlier operations
  // still verify): what SyncCompartment checks operations against.
  std::map<Id128, crypto::SigningPublicKey> devices;
  // The newest epoch this replica holds after the call (0: none yet).
  uint32_t epoch = 0;
  bool created = false;
  bool rotated = false;
  // How many copies were sealed for devices that lacked the newest key.
  size_t shared = 0;
};

// Brings the keys of `where` up to date between `replica` and the server (see above).
Result<KeySyncReport> SyncKeys(Replica& replica, HttpsTransport& server,
                               const CompartmentRef& where);

}  // namespace casevault::client
