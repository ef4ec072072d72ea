#include "casevault/client/compartment_sync.h"

namespace casevault::client {
namespace {

// True for the failures that concern one file only (the hub lacks its chunks or sent wrong
// ones; a local chunk is missing or damaged), after which the other files can still move.
bool ConcernsOnlyThisFile(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
    case StatusCode::kAuthenticationFailed:
    case StatusCode::kCorruption:
      return true;
    default:
      return false;
  }
}

}  // namespace

Result<CompartmentSyncReport> SyncCompartment(
    Replica& replica, sync::Transport& hub, const CompartmentRef& where,
    const std::map<Id128, crypto::SigningPublicKey>& devices,
    const CompartmentSyncOptions& options) {
  CompartmentSyncReport report;

  CV_ASSIGN_OR_RETURN(std::vector<ReplicaFile> to_upload, replica.FilesToUpload(where));
  for (const ReplicaFile& file : to_upload) {
    const Status sent =
        sync::UploadFile(where, file.manifest, replica.chunks(), hub, options.file_progress);
    if (!sent.ok()) {
      if (!ConcernsOnlyThisFile(sent)) return sent;
      report.files_waiting.push_back({file.record_id, sent});
      continue;
    }
    CV_RETURN_IF_ERROR(replica.MarkUploaded(file.manifest.file_id));
    ++report.files_sent;
  }

  sync::SyncEngine engine(replica, hub, replica, replica.clock(), devices, options.engine);
  CV_ASSIGN_OR_RETURN(report.ops, engine.Sync(where));

  CV_ASSIGN_OR_RETURN(std::vector<ReplicaFile> to_download, replica.FilesToDownload(where));
  for (const ReplicaFile& file : to_download) {
    const Status received =
        sync::DownloadFile(where, file.manifest, replica.chunks(), hub, options.file_progress);
    if (!received.ok()) {
      if (!ConcernsOnlyThisFile(received)) return received;
      report.files_waiting.push_back({file.record_id, received});
      continue;
    }
    CV_RETURN_IF_ERROR(replica.MarkComplete(file.manifest.file_id));
    ++report.files_received;
  }
  return report;
}

}  // namespace casevault::client
