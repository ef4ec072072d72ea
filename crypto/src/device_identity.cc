#include "casevault/crypto/device_identity.h"

#include <cstring>

#include "casevault/crypto/random_id.h"

namespace casevault::crypto {
namespace {

constexpr uint8_t kSerializedVersion = 1;
constexpr size_t kSerializedSize =
    1 + Id128::kSize + SigningKeyPair::kSecretSize + BoxKeyPair::kSecretSize;

}  // namespace

DeviceIdentity DeviceIdentity::Generate() {
  return DeviceIdentity(NewRandomId(), SigningKeyPair::Generate(), BoxKeyPair::Generate());
}

SecretBytes DeviceIdentity::Serialize() const {
  SecretBytes out(kSerializedSize);
  uint8_t* at = out.data();
  *at++ = kSerializedVersion;
  std::memcpy(at, device_id_.bytes.data(), Id128::kSize);
  at += Id128::kSize;
  std::memcpy(at, signing_.secret_view().data(), SigningKeyPair::kSecretSize);
  at += SigningKeyPair::kSecretSize;
  std::memcpy(at, box_.secret_view().data(), BoxKeyPair::kSecretSize);
  return out;
}

Result<DeviceIdentity> DeviceIdentity::Deserialize(ByteView serialized) {
  if (serialized.empty()) return CorruptionError("device identity is empty");
  if (serialized[0] != kSerializedVersion) {
    return UnsupportedVersionError("device identity has version " + std::to_string(serialized[0]) +
                                   "; this build reads version " +
                                   std::to_string(kSerializedVersion));
  }
  if (serialized.size() != kSerializedSize) {
    return CorruptionError("device identity has " + std::to_string(serialized.size()) +
                           " bytes, expected " + std::to_string(kSerializedSize));
  }
  size_t at = 1;
  CV_ASSIGN_OR_RETURN(Id128 device_id, Id128::FromBytes(serialized.subspan(at, Id128::kSize)));
  at += Id128::kSize;
  CV_ASSIGN_OR_RETURN(SigningKeyPair signing,
                      SigningKeyPair::FromSecret(SecretBytes::CopyOf(
                          serialized.subspan(at, SigningKeyPair::kSecretSize))));
  at += SigningKeyPair::kSecretSize;
  CV_ASSIGN_OR_RETURN(
      BoxKeyPair box,
      BoxKeyPair::FromSecret(SecretBytes::CopyOf(serialized.subspan(at, BoxKeyPair::kSecretSize))));
  return DeviceIdentity(device_id, std::move(signing), std::move(box));
}

}  // namespace casevault::crypto
