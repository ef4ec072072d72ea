#include "casevault/crypto/sealed_box.h"

#include <sodium.h>

#include "sodium_init.h"

namespace casevault::crypto {

static_assert(kSealedBoxOverhead == crypto_box_SEALBYTES);
static_assert(BoxKeyPair::kSecretSize == crypto_box_SECRETKEYBYTES);
static_assert(sizeof(BoxPublicKey::bytes) == crypto_box_PUBLICKEYBYTES);

BoxKeyPair BoxKeyPair::Generate() {
  EnsureSodiumInitialized();
  SecretBytes secret(kSecretSize);
  BoxPublicKey public_key;
  crypto_box_keypair(public_key.bytes.data(), secret.data());
  return BoxKeyPair(std::move(secret), public_key);
}

Result<BoxKeyPair> BoxKeyPair::FromSecret(SecretBytes secret) {
  EnsureSodiumInitialized();
  if (secret.size() != kSecretSize) {
    return InvalidArgumentError("an X25519 secret key has 32 bytes, got " +
                                std::to_string(secret.size()));
  }
  BoxPublicKey public_key;
  crypto_scalarmult_base(public_key.bytes.data(), secret.data());
  return BoxKeyPair(std::move(secret), public_key);
}

Result<SecretBytes> BoxKeyPair::Open(ByteView sealed) const {
  if (sealed.size() < kSealedBoxOverhead) {
    return TruncatedError("sealed box has " + std::to_string(sealed.size()) +
                          " bytes, fewer than its " + std::to_string(kSealedBoxOverhead) +
                          "-byte overhead");
  }
  SecretBytes plaintext(sealed.size() - kSealedBoxOverhead);
  uint8_t scratch = 0;
  if (crypto_box_seal_open(plaintext.empty() ? &scratch : plaintext.data(), sealed.data(),
                           sealed.size(), public_key_.bytes.data(), secret_.data()) != 0) {
    return AuthenticationFailedError(
        "sealed box does not open: it was sealed to another device or altered");
  }
  return plaintext;
}

Bytes SealToRecipient(const BoxPublicKey& recipient, ByteView plaintext) {
  EnsureSodiumInitialized();
  Bytes sealed(plaintext.size() + kSealedBoxOverhead);
  crypto_box_seal(sealed.data(), plaintext.data(), plaintext.size(), recipient.bytes.data());
  return sealed;
}

Bytes WrapKey(const BoxPublicKey& recipient, const SecretKey& key) {
  return SealToRecipient(recipient, key.view());
}

Result<SecretKey> UnwrapKey(const BoxKeyPair& keys, ByteView wrapped) {
  CV_ASSIGN_OR_RETURN(SecretBytes bytes, keys.Open(wrapped));
  auto key = SecretKey::FromBytes(std::move(bytes));
  if (!key.ok()) return CorruptionError("wrapped key has the wrong length");
  return key;
}

}  // namespace casevault::crypto
