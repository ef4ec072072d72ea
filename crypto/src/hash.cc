#include "casevault/crypto/hash.h"

#include <sodium.h>

#include "sodium_init.h"

namespace casevault::crypto {

static_assert(sizeof(crypto_generichash_state) <= sizeof(Blake2bHasher) &&
              alignof(crypto_generichash_state) <= 64);

Hash256 Blake2b256(ByteView data) {
  EnsureSodiumInitialized();
  Hash256 digest;
  crypto_generichash(digest.data(), digest.size(), data.data(), data.size(), nullptr, 0);
  return digest;
}

Hash256 KeyedBlake2b256(const SecretKey& key, ByteView data) {
  EnsureSodiumInitialized();
  Hash256 digest;
  crypto_generichash(digest.data(), digest.size(), data.data(), data.size(), key.view().data(),
                     key.view().size());
  return digest;
}

Blake2bHasher::Blake2bHasher() {
  EnsureSodiumInitialized();
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), nullptr, 0,
                          sizeof(Hash256));
}

void Blake2bHasher::Update(ByteView data) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_), data.data(),
                            data.size());
}

Hash256 Blake2bHasher::Finish() {
  Hash256 digest;
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), digest.data(),
                           digest.size());
  return digest;
}

}  // namespace casevault::crypto
