// X25519 sealed boxes (crypto_box_seal): anonymous encryption to a device's public key, used to
// wrap compartment keys for each enrolled device.
#pragma once

#include <array>
#include <compare>
#include <cstdint>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/crypto/secret_bytes.h"

namespace casevault::crypto {

// An X25519 public key.
struct BoxPublicKey {
  std::array<uint8_t, 32> bytes{};
  friend auto operator<=>(const BoxPublicKey&, const BoxPublicKey&) = default;
};

// Bytes a sealed box adds to its plaintext (ephemeral public key and tag).
inline constexpr size_t kSealedBoxOverhead = 48;

// An X25519 key pair; the secret half lives in protected memory.
class BoxKeyPair {
 public:
  // The size of the secret key as stored in a keystore.
  static constexpr size_t kSecretSize = 32;

  // A fresh random key pair.
  static BoxKeyPair Generate();
  // Rebuilds a key pair from its secret key; InvalidArgument for a wrong size.
  static Result<BoxKeyPair> FromSecret(SecretBytes secret);

  // The public key others seal to.
  const BoxPublicKey& public_key() const { return public_key_; }
  // The secret key bytes, for the keystore only.
  ByteView secret_view() const { return secret_.view(); }

  // Opens a box sealed to this key pair into protected memory; Truncated when too short,
  // AuthenticationFailed when it was sealed to another key or altered.
  Result<SecretBytes> Open(ByteView sealed) const;

 private:
  BoxKeyPair(SecretBytes secret, const BoxPublicKey& public_key)
      : secret_(std::move(secret)), public_key_(public_key) {}

  SecretBytes secret_;
  BoxPublicKey public_key_;
};

// Seals `plaintext` so that only the holder of `recipient`'s secret key can open it.
Bytes SealToRecipient(const BoxPublicKey& recipient, ByteView plaintext);

// Wraps `key` for `recipient` (a sealed box holding the key bytes).
Bytes WrapKey(const BoxPublicKey& recipient, const SecretKey& key);

// Unwraps a key wrapped by WrapKey for `keys`; fails as BoxKeyPair::Open does, or with
// Corruption when the content is not a key.
Result<SecretKey> UnwrapKey(const BoxKeyPair& keys, ByteView wrapped);

}  // namespace casevault::crypto
