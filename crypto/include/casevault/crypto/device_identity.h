// DeviceIdentity: who an installation is, cryptographically.
//
// Each installation has a random device id, an Ed25519 key pair to sign what it writes and an
// X25519 key pair to receive wrapped compartment keys. The secret halves are kept only in the
// keystore (see keystore.h) and in protected memory while unlocked.
#pragma once

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/crypto/secret_bytes.h"
#include "casevault/crypto/signing.h"

namespace casevault::crypto {

class DeviceIdentity {
 public:
  // A new identity with a random id and fresh key pairs.
  static DeviceIdentity Generate();

  // The secret form stored (encrypted) in a keystore: format version, id and secret keys.
  SecretBytes Serialize() const;
  // Reads the form written by Serialize; UnsupportedVersion or Corruption when it cannot.
  static Result<DeviceIdentity> Deserialize(ByteView serialized);

  const Id128& device_id() const { return device_id_; }
  const SigningKeyPair& signing_keys() const { return signing_; }
  const BoxKeyPair& box_keys() const { return box_; }

 private:
  DeviceIdentity(const Id128& device_id, SigningKeyPair signing, BoxKeyPair box)
      : device_id_(device_id), signing_(std::move(signing)), box_(std::move(box)) {}

  Id128 device_id_;
  SigningKeyPair signing_;
  BoxKeyPair box_;
};

}  // namespace casevault::crypto
