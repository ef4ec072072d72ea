#include "casevault/client/case_sync.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "casevault/client/case_administration.h"
#include "casevault/client/key_exchange.h"
#include "casevault/client/log_audit.h"

namespace casevault::client {
namespace {

void Tell(const CaseSyncOptions& options, const std::string& line) {
  if (options.progress) options.progress(line);
}

// Runs `step` until it succeeds, fails otherwise than Unavailable, or has been tried
// options.attempts times, waiting twice as long before each retry.
template <class Step>
auto WithRetries(const CaseSyncOptions& options, const std::string& what, Step step)
    -> decltype(step()) {
  int64_t backoff = options.first_backoff_micros;
  for (int attempt = 1;; ++attempt) {
    auto result = step();
    if (result.ok() || result.status().code() != StatusCode::kUnavailable ||
        attempt >= std::max(options.attempts, 1)) {
      return result;
    }
    Tell(options,
         what + ": server unreachable, retrying in " + std::to_string(backoff / 1000) + " ms");
    std::this_thread::sleep_for(std::chrono::microseconds(backoff));
    backoff *= 2;
  }
}

Status Wipe(DeviceHome& home, const Id128& case_id, const std::string& reason,
            const CaseSyncOptions& options, CaseOutcome& outcome) {
  CV_RETURN_IF_ERROR(home.replica().WipeCase(case_id));
  outcome.wiped = true;
  outcome.wipe_reason = reason;
  Tell(options, "case " + case_id.ToHex() + " removed from this device: " + reason);
  return Status::Ok();
}

// Syncs compartment `where`: keys, then operations and files, then offline reads.
Result<CompartmentOutcome> SyncOneCompartment(DeviceHome& home, HttpsTransport& server,
                                              const CompartmentRef& where,
                                              const CaseSyncOptions& options) {
  CompartmentOutcome outcome;
  outcome.compartment = where.name;
  CV_ASSIGN_OR_RETURN(KeySyncReport keys, WithRetries(options, where.name + " keys", [&] {
                        return SyncKeys(home.replica(), server, where);
                      }));
  outcome.keys_rotated = keys.rotated;
  if (keys.rotated)
    Tell(options, where.name + ": keys rotated to epoch " + std::to_string(keys.epoch));
  if (keys.epoch == 0) {
    Tell(options, where.name + ": no key yet (a member who may write creates it)");
    return outcome;
  }
  CompartmentSyncOptions sync_options;
  sync_options.file_progress = options.file_progress;
  CV_ASSIGN_OR_RETURN(outcome.report, WithRetries(options, where.name, [&] {
                        return SyncCompartment(home.replica(), server, where, keys.devices,
                                               sync_options);
                      }));
  CV_ASSIGN_OR_RETURN(outcome.reads_uploaded, WithRetries(options, where.name + " reads", [&] {
                        return UploadOfflineReads(home.replica(), server, where);
                      }));
  const CompartmentSyncReport& report = outcome.report;
  Tell(options, where.name + ": " + std::to_string(report.ops.pushed) + " sent, " +
                    std::to_string(report.ops.pulled) + " received, " +
                    std::to_string(report.files_sent) + " files up, " +
                    std::to_string(report.files_received) + " files down");
  return outcome;
}

}  // namespace

Status WipePurgedCompartment(Replica& replica, HttpsTransport& server,
                             const CompartmentRef& where) {
  CV_RETURN_IF_ERROR(UploadOfflineReads(replica, server, where).status());
  return replica.WipeCompartment(where);
}

Result<CaseSyncReport> SyncCases(DeviceHome& home, const CaseSyncOptions& options) {
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home.Server());
  CaseAdministration admin(*server);
  CaseSyncReport report;
  if (options.only) {
    CaseOutcome outcome;
    outcome.case_id = options.only->case_id;
    CV_ASSIGN_OR_RETURN(CompartmentOutcome synced,
                        SyncOneCompartment(home, *server, *options.only, options));
    outcome.compartments.push_back(std::move(synced));
    report.cases.push_back(std::move(outcome));
    return report;
  }
  CV_ASSIGN_OR_RETURN(std::vector<Id128> known, home.replica().KnownCases());
  Result<std::vector<CaseSummary>> listed =
      WithRetries(options, "case list", [&] { return admin.ListCases(); });
  if (listed.status().code() == StatusCode::kRevoked) {
    for (const Id128& case_id : known) {
      CaseOutcome outcome;
      outcome.case_id = case_id;
      CV_RETURN_IF_ERROR(Wipe(home, case_id, "this device was revoked", options, outcome));
      report.cases.push_back(std::move(outcome));
    }
    return Status(StatusCode::kRevoked,
                  "the server revoked this device: every case was "
                  "removed from it; enrol a new device to continue");
  }
  CV_RETURN_IF_ERROR(listed.status());

  for (const CaseSummary& summary : *listed) {
    CaseOutcome outcome;
    outcome.case_id = summary.case_id;
    outcome.state = summary.state;
    Tell(options, "case " + summary.case_id.ToHex() + " (" + summary.state + ")");
    for (const std::string& name : summary.purged) {
      CV_RETURN_IF_ERROR(WithRetries(options, name + " purge", [&]() -> Result<bool> {
                           CV_RETURN_IF_ERROR(WipePurgedCompartment(home.replica(), *server,
                                                                    {summary.case_id, name}));
                           return true;
                         }).status());
      Tell(options, name + ": purged on the server, removed from this device");
    }
    for (const std::string& name : summary.compartments) {
      Result<CompartmentOutcome> synced =
          SyncOneCompartment(home, *server, {summary.case_id, name}, options);
      if (synced.status().code() == StatusCode::kRevoked) {
        CV_RETURN_IF_ERROR(Wipe(home, summary.case_id, "the case was closed", options, outcome));
        break;
      }
      if (!synced.ok()) {
        outcome.error = synced.status().WithContext(name);
        Tell(options, name + ": " + synced.status().message());
        continue;
      }
      outcome.compartments.push_back(*std::move(synced));
    }
    if (!outcome.wiped && outcome.error.ok()) {
      CV_RETURN_IF_ERROR(home.replica().RecordCaseSynced(summary.case_id, home.env().NowMicros(),
                                                         summary.lease_days));
    }
    report.cases.push_back(std::move(outcome));
  }
  for (const Id128& case_id : known) {
    const bool listed_now = std::any_of(listed->begin(), listed->end(), [&](const auto& summary) {
      return summary.case_id == case_id;
    });
    // A case never synced holds only this device's own work on it, waiting for the server.
    CV_ASSIGN_OR_RETURN(std::optional<int64_t> synced_before, home.replica().CaseSyncedAt(case_id));
    if (listed_now || !synced_before) continue;
    CaseOutcome outcome;
    outcome.case_id = case_id;
    // The server says which: the case closed (Revoked), or the user's access ended.
    const StatusCode answer = admin.Roster(case_id).status().code();
    if (answer != StatusCode::kRevoked && answer != StatusCode::kPermissionDenied) continue;
    CV_RETURN_IF_ERROR(Wipe(home, case_id,
                            answer == StatusCode::kRevoked
                                ? "the case was closed"
                                : "you no longer hold a role or grant on it",
                            options, outcome));
    report.cases.push_back(std::move(outcome));
  }
  CV_ASSIGN_OR_RETURN(sync::Checkpoint checkpoint, WithRetries(options, "access log audit", [&] {
                        return AuditAccessLog(home.replica(), *server);
                      }));
  report.audited_log_size = checkpoint.tree_size;
  Tell(options, "access log verified: " + std::to_string(checkpoint.tree_size) + " entries");
  return report;
}

}  // namespace casevault::client
