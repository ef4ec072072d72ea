#include "casevault/crypto/sha256.h"

#include <sodium.h>

#include "sodium_init.h"

namespace casevault::crypto {

static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(Sha256Hasher) &&
              alignof(crypto_hash_sha256_state) <= 8);
static_assert(sizeof(Sha256Digest) == crypto_hash_sha256_BYTES);

Sha256Digest Sha256(ByteView data) {
  EnsureSodiumInitialized();
  Sha256Digest digest;
  crypto_hash_sha256(digest.data(), data.data(), data.size());
  return digest;
}

Sha256Hasher::Sha256Hasher() {
  EnsureSodiumInitialized();
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_));
}

void Sha256Hasher::Update(ByteView data) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_), data.data(),
                            data.size());
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest digest;
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_), digest.data());
  return digest;
}

}  // namespace casevault::crypto
