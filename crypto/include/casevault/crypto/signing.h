// Ed25519 signatures: a device signs what it writes; anyone holding its public key verifies.
#pragma once

#include <array>
#include <compare>
#include <cstdint>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/crypto/secret_bytes.h"

namespace casevault::crypto {

// An Ed25519 public key.
struct SigningPublicKey {
  std::array<uint8_t, 32> bytes{};
  friend auto operator<=>(const SigningPublicKey&, const SigningPublicKey&) = default;
};

// An Ed25519 signature.
using Signature = std::array<uint8_t, 64>;

// An Ed25519 key pair; the secret half lives in protected memory.
class SigningKeyPair {
 public:
  // The size of the secret key as stored in a keystore.
  static constexpr size_t kSecretSize = 64;

  // A fresh random key pair.
  static SigningKeyPair Generate();
  // Rebuilds a key pair from its stored secret key; InvalidArgument for a wrong size and
  // Corruption when the embedded public key does not match the secret.
  static Result<SigningKeyPair> FromSecret(SecretBytes secret);

  // The public key to publish.
  const SigningPublicKey& public_key() const { return public_key_; }
  // The secret key bytes, for the keystore only.
  ByteView secret_view() const { return secret_.view(); }

  // The detached signature of `message`.
  Signature Sign(ByteView message) const;

 private:
  SigningKeyPair(SecretBytes secret, const SigningPublicKey& public_key)
      : secret_(std::move(secret)), public_key_(public_key) {}

  SecretBytes secret_;
  SigningPublicKey public_key_;
};

// OK when `signature` is `signer`'s signature of `message`, else AuthenticationFailed.
Status VerifySignature(const SigningPublicKey& signer, ByteView message,
                       const Signature& signature);

}  // namespace casevault::crypto
