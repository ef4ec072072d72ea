// SyncCases: one full sync of every case this device's user may see, as `casevault sync` runs
// it.
//
// Asks the server for the user's cases and the compartments their roles and grants open; for
// each compartment brings its keys up to date (SyncKeys: creating, sharing or rotating them),
// syncs it (SyncCompartment: files up, operations both ways, files down) and uploads the reads
// made offline; then audits the server's access log. A case that synced in full starts a fresh
// offline lease, of the length its business unit set on the server. A case the server reports
// closed (Revoked), and a case the user no longer holds a role or grant on any more (one it synced
// before), is wiped from the replica; so is a compartment the server reports purged (the drafts
// at the end of the review); a device the server reports revoked wipes every case it holds. A
// connection failure (Unavailable) is retried with exponential backoff; what each step completed
// is kept, so an interrupted sync resumes where it stopped.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/compartment_sync.h"
#include "casevault/client/device_home.h"

namespace casevault::client {

struct CaseSyncOptions {
  // Attempts per step when the server cannot be reached (at least 1).
  int attempts = 4;
  // The wait before the first retry; it doubles each time.
  int64_t first_backoff_micros = 250'000;
  // Told, in plain words, what the sync is doing (a line at a time; no record content).
  std::function<void(std::string_view line)> progress;
  // Told how each file transfer advances.
  sync::TransferProgress file_progress;
  // When set, syncs only this compartment (its keys, operations, files and reads), whether or
  // not the server lists it for the user: the server decides, and a refusal (PermissionDenied,
  // logged by the server) fails the call. No wipes, no audit.
  std::optional<CompartmentRef> only;
};

// What happened to one compartment.
struct CompartmentOutcome {
  std::string compartment;
  CompartmentSyncReport report;
  size_t reads_uploaded = 0;
  bool keys_rotated = false;
};

// What happened to one case.
struct CaseOutcome {
  Id128 case_id;
  std::string state;
  std::vector<CompartmentOutcome> compartments;
  // Wiped from this device, and why (closed case, access withdrawn, device revoked).
  bool wiped = false;
  std::string wipe_reason;
  // Why the case did not sync in full (its lease then does not restart); OK when it did.
  Status error;
};

struct CaseSyncReport {
  std::vector<CaseOutcome> cases;
  // The size of the access log this device now trusts (0 when the audit did not run).
  uint64_t audited_log_size = 0;
};

// Removes compartment `where`, which the server reports purged, from `replica`
// (Replica::WipeCompartment), after uploading the reads made of it offline so the access log
// still shows who saw what. Fails, wiping nothing, when the reads cannot be uploaded.
Status WipePurgedCompartment(Replica& replica, HttpsTransport& server, const CompartmentRef& where);

// Syncs every case of `home`'s user (see above). Fails only when nothing could be done: not
// enrolled, the server unreachable after every attempt, the access log caught rewritten
// (AuthenticationFailed), or the device revoked (Revoked, after wiping every case). A single
// case's failure is reported in its outcome and the others still sync.
Result<CaseSyncReport> SyncCases(DeviceHome& home, const CaseSyncOptions& options = {});

}  // namespace casevault::client
