// BLAKE2b-256 hashing, one-shot and incremental.
#pragma once

#include <array>
#include <cstdint>

#include "casevault/base/bytes.h"
#include "casevault/crypto/secret_bytes.h"

namespace casevault::crypto {

// A 32-byte BLAKE2b digest.
using Hash256 = std::array<uint8_t, 32>;

// The unkeyed BLAKE2b-256 digest of `data`.
Hash256 Blake2b256(ByteView data);

// The BLAKE2b-256 MAC of `data` under `key`: a pseudorandom value that only key holders can
// compute or link (used to derive opaque local ids from names).
Hash256 KeyedBlake2b256(const SecretKey& key, ByteView data);

// Hashes data given in pieces; the digest equals Blake2b256 of their concatenation.
class Blake2bHasher {
 public:
  Blake2bHasher();
  // Adds `data` to the hashed stream.
  void Update(ByteView data);
  // Returns the digest; the hasher must not be used afterwards.
  Hash256 Finish();

 private:
  // Storage for libsodium's crypto_generichash_state, kept opaque so this header needs no
  // sodium.h; its size and alignment are checked in hash.cc.
  alignas(64) uint8_t state_[384];
};

}  // namespace casevault::crypto
