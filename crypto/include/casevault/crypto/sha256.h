// SHA-256 (FIPS 180-4), one-shot and incremental: the hash of the access log's Merkle tree
// (RFC 6962), where auditors outside CaseVault must be able to recompute every hash with
// standard tools. Elsewhere CaseVault hashes with BLAKE2b (hash.h).
#pragma once

#include <array>
#include <cstdint>

#include "casevault/base/bytes.h"

namespace casevault::crypto {

// A 32-byte SHA-256 digest.
using Sha256Digest = std::array<uint8_t, 32>;

// The SHA-256 digest of `data`.
Sha256Digest Sha256(ByteView data);

// Hashes data given in pieces; the digest equals Sha256 of their concatenation.
class Sha256Hasher {
 public:
  Sha256Hasher();
  // Adds `data` to the hashed stream.
  void Update(ByteView data);
  // Returns the digest; the hasher must not be used afterwards.
  Sha256Digest Finish();

 private:
  // Storage for libsodium's crypto_hash_sha256_state, kept opaque so this header needs no
  // sodium.h; its size and alignment are checked in sha256.cc.
  alignas(8) uint8_t state_[104];
};

}  // namespace casevault::crypto
