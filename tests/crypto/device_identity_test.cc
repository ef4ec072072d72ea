#include "casevault/crypto/device_identity.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/bytes.h"

namespace casevault::crypto {
namespace {

using casevault::testing::ToBytes;

// version | device id | Ed25519 secret | X25519 secret
constexpr size_t kSerializedSize =
    1 + Id128::kSize + SigningKeyPair::kSecretSize + BoxKeyPair::kSecretSize;

void ExpectSameIdentity(const DeviceIdentity& a, const DeviceIdentity& b) {
  EXPECT_EQ(a.device_id(), b.device_id());
  EXPECT_EQ(a.signing_keys().public_key(), b.signing_keys().public_key());
  EXPECT_EQ(a.box_keys().public_key(), b.box_keys().public_key());
  EXPECT_EQ(ToBytes(a.signing_keys().secret_view()), ToBytes(b.signing_keys().secret_view()));
  EXPECT_EQ(ToBytes(a.box_keys().secret_view()), ToBytes(b.box_keys().secret_view()));
}

TEST(DeviceIdentity, GeneratedIdentitiesDifferInIdAndKeys) {
  const DeviceIdentity a = DeviceIdentity::Generate();
  const DeviceIdentity b = DeviceIdentity::Generate();
  EXPECT_NE(a.device_id(), b.device_id());
  EXPECT_NE(a.device_id(), Id128{});
  EXPECT_NE(a.signing_keys().public_key(), b.signing_keys().public_key());
  EXPECT_NE(a.box_keys().public_key(), b.box_keys().public_key());
}

TEST(DeviceIdentity, SerializeThenDeserializeGivesTheSameIdentity) {
  const DeviceIdentity original = DeviceIdentity::Generate();
  const SecretBytes serialized = original.Serialize();
  auto restored = DeviceIdentity::Deserialize(serialized.view());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  ExpectSameIdentity(*restored, original);
}

TEST(DeviceIdentity, RestoredKeysWorkWithTheOriginalPublicKeys) {
  const DeviceIdentity original = DeviceIdentity::Generate();
  auto restored = DeviceIdentity::Deserialize(original.Serialize().view());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();

  const Bytes message = {1, 2, 3};
  EXPECT_TRUE(VerifySignature(original.signing_keys().public_key(), message,
                              restored->signing_keys().Sign(message))
                  .ok());
  const SecretKey key = SecretKey::Generate();
  auto unwrapped = UnwrapKey(restored->box_keys(), WrapKey(original.box_keys().public_key(), key));
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status().ToString();
  EXPECT_EQ(ToBytes(unwrapped->view()), ToBytes(key.view()));
}

TEST(DeviceIdentity, SerializedFormIsVersionOneThenIdThenSecrets) {
  const DeviceIdentity identity = DeviceIdentity::Generate();
  const SecretBytes serialized = identity.Serialize();
  ASSERT_EQ(serialized.size(), kSerializedSize);
  const Bytes bytes = ToBytes(serialized.view());
  EXPECT_EQ(bytes[0], 1);
  EXPECT_EQ(Bytes(bytes.begin() + 1, bytes.begin() + 17),
            Bytes(identity.device_id().bytes.begin(), identity.device_id().bytes.end()));
  EXPECT_EQ(Bytes(bytes.begin() + 17, bytes.begin() + 81),
            ToBytes(identity.signing_keys().secret_view()));
  EXPECT_EQ(Bytes(bytes.begin() + 81, bytes.end()), ToBytes(identity.box_keys().secret_view()));
}

TEST(DeviceIdentity, EmptyInputIsCorruption) {
  auto restored = DeviceIdentity::Deserialize({});
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), StatusCode::kCorruption) << restored.status().ToString();
}

TEST(DeviceIdentity, UnknownVersionIsUnsupportedVersion) {
  const Bytes serialized = ToBytes(DeviceIdentity::Generate().Serialize().view());
  for (uint8_t version : {uint8_t{0}, uint8_t{2}, uint8_t{255}}) {
    Bytes changed = serialized;
    changed[0] = version;
    auto restored = DeviceIdentity::Deserialize(changed);
    ASSERT_FALSE(restored.ok()) << "version " << int{version};
    EXPECT_EQ(restored.status().code(), StatusCode::kUnsupportedVersion)
        << restored.status().ToString();
  }
}

TEST(DeviceIdentity, EveryWrongLengthIsCorruption) {
  const Bytes serialized = ToBytes(DeviceIdentity::Generate().Serialize().view());
  for (size_t length = 1; length < serialized.size(); ++length) {
    auto restored = DeviceIdentity::Deserialize(ByteView(serialized).first(length));
    ASSERT_FALSE(restored.ok()) << "length " << length;
    EXPECT_EQ(restored.status().code(), StatusCode::kCorruption) << restored.status().ToString();
  }
  Bytes longer = serialized;
  longer.push_back(0);
  auto restored = DeviceIdentity::Deserialize(longer);
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), StatusCode::kCorruption) << restored.status().ToString();
}

TEST(DeviceIdentity, DamagedSigningKeyIsCorruption) {
  const Bytes serialized = ToBytes(DeviceIdentity::Generate().Serialize().view());
  // Bytes 17..80 hold the Ed25519 secret, whose second half must match its first.
  for (size_t i = 17; i < 81; ++i) {
    Bytes changed = serialized;
    changed[i] ^= 0x10;
    auto restored = DeviceIdentity::Deserialize(changed);
    ASSERT_FALSE(restored.ok()) << "byte " << i << " accepted";
    EXPECT_EQ(restored.status().code(), StatusCode::kCorruption) << restored.status().ToString();
  }
}

}  // namespace
}  // namespace casevault::crypto
