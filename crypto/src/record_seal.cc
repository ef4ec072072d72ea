#include "casevault/crypto/record_seal.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "sodium_init.h"

namespace casevault::crypto {
namespace {

constexpr size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kRecordEnvelopeOverhead == 1 + kNonceSize + kTagSize);

constexpr std::string_view kAadDomain = "casevault.record";

// Writes `field` at `at` with a 4-byte length prefix; returns the position after it.
uint8_t* PutField(uint8_t* at, std::string_view field) {
  const auto size = static_cast<uint32_t>(field.size());
  for (int i = 0; i < 4; ++i) *at++ = static_cast<uint8_t>(size >> (8 * i));
  return std::copy(field.begin(), field.end(), at);
}

// Length-prefixed fields so that no two different (case, compartment, record) triples encode
// to the same bytes.
Bytes EncodeAad(const RecordAad& aad, uint8_t version) {
  Bytes out(kAadDomain.size() + 1 + 3 * 4 + aad.case_id.size() + aad.compartment.size() +
            aad.record_id.size() + 4);
  uint8_t* at = std::copy(kAadDomain.begin(), kAadDomain.end(), out.data());
  *at++ = version;
  at = PutField(at, aad.case_id);
  at = PutField(at, aad.compartment);
  at = PutField(at, aad.record_id);
  for (int i = 0; i < 4; ++i) *at++ = static_cast<uint8_t>(aad.epoch >> (8 * i));
  return out;
}

// Checks the envelope's frame; on success the plaintext has `*plaintext_size` bytes.
Status CheckEnvelope(ByteView envelope, size_t* plaintext_size) {
  if (envelope.size() < kRecordEnvelopeOverhead) {
    return TruncatedError("sealed record has " + std::to_string(envelope.size()) +
                          " bytes, fewer than the " + std::to_string(kRecordEnvelopeOverhead) +
                          " of an empty envelope");
  }
  if (envelope[0] != kRecordEnvelopeVersion) {
    return UnsupportedVersionError("sealed record has envelope version " +
                                   std::to_string(envelope[0]) + "; this build reads version " +
                                   std::to_string(kRecordEnvelopeVersion));
  }
  *plaintext_size = envelope.size() - kRecordEnvelopeOverhead;
  return Status::Ok();
}

Status Decrypt(const SecretKey& key, const RecordAad& aad, ByteView envelope, uint8_t* out) {
  const Bytes ad = EncodeAad(aad, envelope[0]);
  const uint8_t* nonce = envelope.data() + 1;
  const uint8_t* ciphertext = nonce + kNonceSize;
  const size_t ciphertext_size = envelope.size() - 1 - kNonceSize;
  // An empty plaintext has no buffer; libsodium still wants a valid pointer.
  uint8_t scratch = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out != nullptr ? out : &scratch, nullptr, nullptr,
                                                 ciphertext, ciphertext_size, ad.data(), ad.size(),
                                                 nonce, key.view().data()) != 0) {
    return AuthenticationFailedError(
        "sealed record failed authentication: wrong key, or the record or its binding was "
        "altered");
  }
  return Status::Ok();
}

}  // namespace

Bytes SealRecord(const SecretKey& key, const RecordAad& aad, ByteView plaintext) {
  EnsureSodiumInitialized();
  const Bytes ad = EncodeAad(aad, kRecordEnvelopeVersion);
  Bytes envelope(kRecordEnvelopeOverhead + plaintext.size());
  envelope[0] = kRecordEnvelopeVersion;
  uint8_t* nonce = envelope.data() + 1;
  randombytes_buf(nonce, kNonceSize);
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceSize, nullptr, plaintext.data(),
                                             plaintext.size(), ad.data(), ad.size(), nullptr, nonce,
                                             key.view().data());
  return envelope;
}

Result<Bytes> OpenRecord(const SecretKey& key, const RecordAad& aad, ByteView envelope) {
  size_t size = 0;
  CV_RETURN_IF_ERROR(CheckEnvelope(envelope, &size));
  Bytes plaintext(size);
  CV_RETURN_IF_ERROR(Decrypt(key, aad, envelope, plaintext.data()));
  return plaintext;
}

Result<SecretBytes> OpenRecordSecret(const SecretKey& key, const RecordAad& aad,
                                     ByteView envelope) {
  size_t size = 0;
  CV_RETURN_IF_ERROR(CheckEnvelope(envelope, &size));
  SecretBytes plaintext(size);
  CV_RETURN_IF_ERROR(Decrypt(key, aad, envelope, plaintext.data()));
  return plaintext;
}

}  // namespace casevault::crypto
