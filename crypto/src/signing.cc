#include "casevault/crypto/signing.h"

#include <sodium.h>

#include "sodium_init.h"

namespace casevault::crypto {

static_assert(SigningKeyPair::kSecretSize == crypto_sign_SECRETKEYBYTES);
static_assert(sizeof(SigningPublicKey::bytes) == crypto_sign_PUBLICKEYBYTES);
static_assert(sizeof(Signature) == crypto_sign_BYTES);

SigningKeyPair SigningKeyPair::Generate() {
  EnsureSodiumInitialized();
  SecretBytes secret(kSecretSize);
  SigningPublicKey public_key;
  crypto_sign_keypair(public_key.bytes.data(), secret.data());
  return SigningKeyPair(std::move(secret), public_key);
}

Result<SigningKeyPair> SigningKeyPair::FromSecret(SecretBytes secret) {
  EnsureSodiumInitialized();
  if (secret.size() != kSecretSize) {
    return InvalidArgumentError("an Ed25519 secret key has 64 bytes, got " +
                                std::to_string(secret.size()));
  }
  // The secret key is seed | public key; recompute the public key from the seed to check it.
  SigningPublicKey public_key;
  SecretBytes rebuilt(kSecretSize);
  crypto_sign_seed_keypair(public_key.bytes.data(), rebuilt.data(), secret.data());
  if (!rebuilt.Equals(secret)) {
    return CorruptionError("Ed25519 secret key does not match its embedded public key");
  }
  return SigningKeyPair(std::move(secret), public_key);
}

Signature SigningKeyPair::Sign(ByteView message) const {
  Signature signature;
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secret_.data());
  return signature;
}

Status VerifySignature(const SigningPublicKey& signer, ByteView message,
                       const Signature& signature) {
  EnsureSodiumInitialized();
  if (crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                  signer.bytes.data()) != 0) {
    return AuthenticationFailedError("signature does not verify for this signer and message");
  }
  return Status::Ok();
}

}  // namespace casevault::crypto
