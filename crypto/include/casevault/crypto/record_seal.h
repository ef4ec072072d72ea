// Record sealing: XChaCha20-Poly1305 (IETF) envelopes bound to where a record belongs.
//
// An envelope is: version (1 byte) | nonce (24 bytes, drawn inside SealRecord) | ciphertext
// with its 16-byte tag. The associated data binds the envelope version, case id, compartment,
// record id and key epoch, so a ciphertext copied to another record, compartment, case or
// epoch, or any change to the envelope, is refused by OpenRecord.
#pragma once

#include <cstdint>
#include <string_view>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/crypto/secret_bytes.h"

namespace casevault::crypto {

// Where a sealed record belongs. The strings are not secret (they are opaque ids and
// compartment names such as "shared" or "agency:police").
struct RecordAad {
  std::string_view case_id;
  std::string_view compartment;
  std::string_view record_id;
  uint32_t epoch = 0;
};

// The envelope format version written by SealRecord.
inline constexpr uint8_t kRecordEnvelopeVersion = 1;
// Bytes an envelope adds to its plaintext: version, nonce and tag.
inline constexpr size_t kRecordEnvelopeOverhead = 1 + 24 + 16;

// Encrypts `plaintext` under `key`, binding `aad`, with a fresh random nonce.
Bytes SealRecord(const SecretKey& key, const RecordAad& aad, ByteView plaintext);

// Decrypts an envelope made by SealRecord with the same key and associated data.
// Truncated when shorter than the overhead, UnsupportedVersion for an unknown version,
// AuthenticationFailed when the key, the associated data or any byte differs.
Result<Bytes> OpenRecord(const SecretKey& key, const RecordAad& aad, ByteView envelope);

// As OpenRecord, for envelopes whose plaintext is itself secret (e.g. a file key sealed under a
// compartment key): the plaintext goes straight into protected memory.
Result<SecretBytes> OpenRecordSecret(const SecretKey& key, const RecordAad& aad, ByteView envelope);

}  // namespace casevault::crypto
