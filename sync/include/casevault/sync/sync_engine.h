// SyncEngine: exchanges a compartment's operations between a replica's OpStore and the hub.
//
// Sync pushes the pending operations in batches (the hub ignores ones it already has, so a
// retry after a lost reply duplicates nothing) and pulls every log entry after the replica's
// cursor, page by page. Each pulled operation is verified (known author, signature, seal, body
// matching its header) before it is stored; one that fails is rejected with its reason, logged as
// a "sync.op_rejected" event, and skipped for good. An entry the replica cannot read yet (a key
// epoch it does not hold, a newer format) stops the pull without moving the cursor past it, so
// nothing is lost. Every step is stored as it completes: after a failure, the next Sync carries on
// from there.
#pragma once

#include <map>
#include <set>
#include <vector>

#include "casevault/base/event_log.h"
#include "casevault/crypto/signing.h"
#include "casevault/sync/compartment_keys.h"
#include "casevault/sync/hlc.h"
#include "casevault/sync/op_store.h"
#include "casevault/sync/transport.h"

namespace casevault::sync {

// What one Sync did.
struct SyncReport {
  // An operation refused on arrival, and why.
  struct Rejection {
    Id128 op_id;
    Status reason;
  };

  size_t pushed = 0;
  size_t pulled = 0;
  // Records that gained operations from the pull, in id order.
  std::vector<Id128> changed_records;
  std::vector<Rejection> rejected;
};

class SyncEngine {
 public:
  struct Options {
    size_t push_batch = 500;
    size_t pull_page = 500;
    // Where rejected operations are logged (ids and reasons only); nowhere when null.
    EventLog* events = nullptr;
  };

  // Syncs `store` through `transport`, verifying authors against `devices` (device id ->
  // signing key of the devices allowed to write) and opening operations with `keys`; pulled
  // stamps move `clock` forward. All must outlive the engine.
  SyncEngine(OpStore& store, Transport& transport, CompartmentKeys& keys, HybridClock& clock,
             const std::map<Id128, crypto::SigningPublicKey>& devices, Options options);
  SyncEngine(OpStore& store, Transport& transport, CompartmentKeys& keys, HybridClock& clock,
             const std::map<Id128, crypto::SigningPublicKey>& devices)
      : SyncEngine(store, transport, keys, clock, devices, Options{}) {}

  // Pushes and pulls `where`. Fails with the transport's or the store's error, keeping what was
  // done; FailedPrecondition when a pulled operation needs a key or format this replica lacks.
  Result<SyncReport> Sync(const CompartmentRef& where);

 private:
  // Pushes the pending ops, adding the ids it placed to `pushed`.
  Status Push(const CompartmentRef& where, SyncReport& report, std::set<Id128>& pushed);
  // Pulls, verifying and storing every entry except the ops in `pushed` (already stored).
  Status Pull(const CompartmentRef& where, const std::set<Id128>& pushed, SyncReport& report);
  // Logs that `entry` of `where` was refused for `reason`.
  void LogRejection(const CompartmentRef& where, const LogEntry& entry, const Status& reason);

  OpStore& store_;
  Transport& transport_;
  CompartmentKeys& keys_;
  HybridClock& clock_;
  const std::map<Id128, crypto::SigningPublicKey>& devices_;
  Options options_;
  EventLog& events_;
};

}  // namespace casevault::sync
