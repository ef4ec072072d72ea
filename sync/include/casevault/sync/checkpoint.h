// Checkpoint: the access log's signed statement "at this time my tree of tree_size entries has
// this root".
//
// A client keeps the newest checkpoint it has verified and asks for a consistency proof
// (merkle_tree.h) to every later one, so a log that drops or rewrites an entry it has already
// committed to is caught with the server's own signature as evidence.
#pragma once

#include <cstdint>
#include <span>

#include "casevault/base/bytes.h"
#include "casevault/base/status.h"
#include "casevault/crypto/signing.h"
#include "casevault/sync/merkle_tree.h"

namespace casevault::sync {

struct Checkpoint {
  uint64_t tree_size = 0;
  MerkleHash root{};
  // When the log signed it, in microseconds since the Unix epoch.
  int64_t time_micros = 0;

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// The bytes the log signs: "casevault.checkpoint.v1" | tree_size (u64) | root (32 bytes) |
// time_micros (u64, two's complement), integers little endian: a fixed 71-byte layout, so two
// different checkpoints never share signing bytes.
Bytes CheckpointSigningInput(const Checkpoint& checkpoint);

// The signature of `checkpoint` by the log's key.
crypto::Signature SignCheckpoint(const Checkpoint& checkpoint,
                                 const crypto::SigningKeyPair& log_key);

// OK when `signature` is `log_key`'s signature of `checkpoint`; AuthenticationFailed otherwise,
// also for a signature that is not 64 bytes long.
Status VerifyCheckpoint(const Checkpoint& checkpoint, ByteView signature,
                        const crypto::SigningPublicKey& log_key);

// OK when `next` (with `signature`) is a checkpoint the log signed with `log_key` and its tree
// extends the one of `trusted` (`proof` is the consistency proof from trusted.tree_size to
// next.tree_size; empty when `trusted` is the empty tree). AuthenticationFailed naming what
// failed otherwise: the signature, a log that shrank, or a history that was rewritten.
Status VerifyLogAdvance(const Checkpoint& trusted, const Checkpoint& next, ByteView signature,
                        std::span<const MerkleHash> proof, const crypto::SigningPublicKey& log_key);

}  // namespace casevault::sync
