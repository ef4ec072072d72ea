#include "casevault/client/log_audit.h"

namespace casevault::client {

Result<size_t> UploadOfflineReads(Replica& replica, HttpsTransport& server,
                                  const CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(auto pending, replica.PendingReads(where));
  if (pending.empty()) return size_t{0};
  std::vector<sync::OfflineRead> reads;
  reads.reserve(pending.size());
  for (const auto& [seq, read] : pending) reads.push_back(read);
  CV_RETURN_IF_ERROR(server.UploadReads(where, reads));
  CV_RETURN_IF_ERROR(replica.ForgetReads(where, pending.back().first));
  return reads.size();
}

Status TrustServerLog(Replica& replica, const Enrolment& enrolment) {
  return replica.SaveTrustedLog(TrustedLog{enrolment.log_key, sync::Checkpoint{}});
}

Result<sync::Checkpoint> AuditAccessLog(Replica& replica, HttpsTransport& server) {
  CV_ASSIGN_OR_RETURN(std::optional<TrustedLog> trusted, replica.LoadTrustedLog());
  if (!trusted) {
    return FailedPreconditionError(
        "this device has no access-log key to check the server "
        "against: enrol it first");
  }
  CV_ASSIGN_OR_RETURN(LogCheckpoint next, server.Checkpoint());
  std::vector<sync::MerkleHash> proof;
  const uint64_t old_size = trusted->checkpoint.tree_size;
  if (old_size > 0 && next.checkpoint.tree_size > old_size) {
    CV_ASSIGN_OR_RETURN(proof, server.ConsistencyProof(old_size, next.checkpoint.tree_size));
  }
  CV_RETURN_IF_ERROR(sync::VerifyLogAdvance(trusted->checkpoint, next.checkpoint, next.signature,
                                            proof, trusted->key));
  CV_RETURN_IF_ERROR(replica.SaveTrustedLog(TrustedLog{trusted->key, next.checkpoint}));
  return next.checkpoint;
}

}  // namespace casevault::client
