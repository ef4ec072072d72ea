// SyncCompartment: one full exchange of a compartment between a replica and the hub.
//
// In order: sends the chunks of files secured on this device (so that no one receives a file's
// operation long before its content), pushes and pulls operations (the replica stores the records
// they change as it stores them), then fetches the chunks of every file whose content has not
// all arrived. Each step keeps what it completed, so after a cut connection or a crash the next
// call resumes: operations by the engine's cursor, files at their first missing chunk. A file
// that cannot move yet (its uploader has not sent it, or the hub answered with wrong bytes) does
// not stop the rest; it is reported and tried again next time.
#pragma once

#include <map>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/replica.h"
#include "casevault/crypto/signing.h"
#include "casevault/sync/file_transfer.h"
#include "casevault/sync/sync_engine.h"
#include "casevault/sync/transport.h"

namespace casevault::client {

struct CompartmentSyncOptions {
  sync::SyncEngine::Options engine;
  // Told how each file transfer advances (see sync::TransferProgress).
  sync::TransferProgress file_progress;
};

// What one SyncCompartment did.
struct CompartmentSyncReport {
  // A file that did not move this time, and why.
  struct WaitingFile {
    Id128 record_id;
    Status reason;
  };

  sync::SyncReport ops;
  size_t files_sent = 0;
  size_t files_received = 0;
  std::vector<WaitingFile> files_waiting;
};

// Syncs compartment `where` of `replica` through `hub`, verifying operations against `devices`
// (device id -> signing key of the devices allowed to write). Fails with the transport's or the
// replica's error, keeping everything completed before it.
Result<CompartmentSyncReport> SyncCompartment(
    Replica& replica, sync::Transport& hub, const CompartmentRef& where,
    const std::map<Id128, crypto::SigningPublicKey>& devices,
    const CompartmentSyncOptions& options = {});

}  // namespace casevault::client
