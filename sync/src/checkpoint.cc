#include "casevault/sync/checkpoint.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace casevault::sync {
namespace {

constexpr std::string_view kSigningDomain = "casevault.checkpoint.v1";

}  // namespace

Bytes CheckpointSigningInput(const Checkpoint& checkpoint) {
  Bytes out;
  out.reserve(kSigningDomain.size() + 8 + checkpoint.root.size() + 8);
  const ByteView domain = AsBytes(kSigningDomain);
  out.insert(out.end(), domain.begin(), domain.end());
  AppendU64(out, checkpoint.tree_size);
  out.insert(out.end(), checkpoint.root.begin(), checkpoint.root.end());
  AppendU64(out, static_cast<uint64_t>(checkpoint.time_micros));
  return out;
}

crypto::Signature SignCheckpoint(const Checkpoint& checkpoint,
                                 const crypto::SigningKeyPair& log_key) {
  return log_key.Sign(CheckpointSigningInput(checkpoint));
}

Status VerifyCheckpoint(const Checkpoint& checkpoint, ByteView signature,
                        const crypto::SigningPublicKey& log_key) {
  const std::string what = "checkpoint of size " + std::to_string(checkpoint.tree_size);
  crypto::Signature fixed;
  if (signature.size() != fixed.size()) {
    return AuthenticationFailedError(what + ": its signature has " +
                                     std::to_string(signature.size()) +
                                     " bytes, an Ed25519 signature has 64");
  }
  std::copy(signature.begin(), signature.end(), fixed.begin());
  return crypto::VerifySignature(log_key, CheckpointSigningInput(checkpoint), fixed)
      .WithContext(what);
}

Status VerifyLogAdvance(const Checkpoint& trusted, const Checkpoint& next, ByteView signature,
                        std::span<const MerkleHash> proof,
                        const crypto::SigningPublicKey& log_key) {
  CV_RETURN_IF_ERROR(VerifyCheckpoint(next, signature, log_key)
                         .WithContext("the access log's checkpoint is not signed by its key"));
  if (next.tree_size < trusted.tree_size) {
    return AuthenticationFailedError(
        "the access log shrank from " + std::to_string(trusted.tree_size) + " to " +
        std::to_string(next.tree_size) + " entries: its history was truncated");
  }
  if (trusted.tree_size == 0) return Status::Ok();
  return VerifyConsistency(trusted.tree_size, next.tree_size, trusted.root, next.root, proof)
      .WithContext("the access log's history was rewritten since the " +
                   std::to_string(trusted.tree_size) + "-entry checkpoint this device trusts");
}

}  // namespace casevault::sync
