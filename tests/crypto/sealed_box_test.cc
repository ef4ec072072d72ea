#include "casevault/crypto/sealed_box.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "testing/bytes.h"

namespace casevault::crypto {
namespace {

using casevault::testing::PatternBytes;
using casevault::testing::ToBytes;

TEST(SealedBox, TheRecipientOpensWhatWasSealedToIt) {
  const BoxKeyPair keys = BoxKeyPair::Generate();
  for (size_t size : {size_t{0}, size_t{1}, size_t{32}, size_t{10000}}) {
    const Bytes plaintext = PatternBytes(size);
    const Bytes sealed = SealToRecipient(keys.public_key(), plaintext);
    EXPECT_EQ(sealed.size(), size + kSealedBoxOverhead);
    auto opened = keys.Open(sealed);
    ASSERT_TRUE(opened.ok()) << "size " << size << ": " << opened.status().ToString();
    EXPECT_EQ(ToBytes(opened->view()), plaintext);
  }
}

TEST(SealedBox, SealingTwiceGivesDifferentBoxes) {
  const BoxKeyPair keys = BoxKeyPair::Generate();
  EXPECT_NE(SealToRecipient(keys.public_key(), PatternBytes(16)),
            SealToRecipient(keys.public_key(), PatternBytes(16)));
}

TEST(SealedBox, AnotherKeyPairCannotOpenIt) {
  const BoxKeyPair keys = BoxKeyPair::Generate();
  const BoxKeyPair other = BoxKeyPair::Generate();
  for (size_t size : {size_t{0}, size_t{32}}) {
    const Bytes sealed = SealToRecipient(keys.public_key(), PatternBytes(size));
    auto opened = other.Open(sealed);
    ASSERT_FALSE(opened.ok()) << "size " << size;
    EXPECT_EQ(opened.status().code(), StatusCode::kAuthenticationFailed)
        << opened.status().ToString();
  }
}

TEST(SealedBox, EverySingleBitChangeIsRefused) {
  const BoxKeyPair keys = BoxKeyPair::Generate();
  const Bytes sealed = SealToRecipient(keys.public_key(), PatternBytes(32));
  for (size_t i = 0; i < sealed.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes changed = sealed;
      changed[i] ^= static_cast<uint8_t>(1u << bit);
      auto opened = keys.Open(changed);
      ASSERT_FALSE(opened.ok()) << "byte " << i << " bit " << bit << " accepted";
      EXPECT_EQ(opened.status().code(), StatusCode::kAuthenticationFailed)
          << opened.status().ToString();
    }
  }
}

TEST(SealedBox, BytesAppendedOrCutAreRefused) {
  const BoxKeyPair keys = BoxKeyPair::Generate();
  const Bytes sealed = SealToRecipient(keys.public_key(), PatternBytes(32));
  Bytes longer = sealed;
  longer.push_back(0);
  EXPECT_EQ(keys.Open(longer).status().code(), StatusCode::kAuthenticationFailed);
  for (size_t length = kSealedBoxOverhead; length < sealed.size(); ++length) {
    EXPECT_EQ(keys.Open(ByteView(sealed).first(length)).status().code(),
              StatusCode::kAuthenticationFailed)
        << "length " << length;
  }
}

TEST(SealedBox, ShorterThanTheOverheadIsTruncated) {
  const BoxKeyPair keys = BoxKeyPair::Generate();
  const Bytes sealed = SealToRecipient(keys.public_key(), {});
  ASSERT_EQ(sealed.size(), kSealedBoxOverhead);
  for (size_t length = 0; length < kSealedBoxOverhead; ++length) {
    auto opened = keys.Open(ByteView(sealed).first(length));
    ASSERT_FALSE(opened.ok()) << "length " << length;
    EXPECT_EQ(opened.status().code(), StatusCode::kTruncated) << opened.status().ToString();
  }
}

TEST(BoxKeyPair, GeneratedKeyPairsDiffer) {
  std::set<BoxPublicKey> seen;
  for (int i = 0; i < 100; ++i)
    EXPECT_TRUE(seen.insert(BoxKeyPair::Generate().public_key()).second);
}

TEST(BoxKeyPair, FromSecretRebuildsTheSamePublicKeyAndOpensItsBoxes) {
  const BoxKeyPair keys = BoxKeyPair::Generate();
  ASSERT_EQ(keys.secret_view().size(), BoxKeyPair::kSecretSize);
  auto rebuilt = BoxKeyPair::FromSecret(SecretBytes::CopyOf(keys.secret_view()));
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(rebuilt->public_key(), keys.public_key());
  auto opened = rebuilt->Open(SealToRecipient(keys.public_key(), PatternBytes(9)));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(ToBytes(opened->view()), PatternBytes(9));
}

TEST(BoxKeyPair, FromSecretOfTheWrongSizeIsInvalidArgument) {
  for (size_t size : {size_t{0}, size_t{31}, size_t{33}, size_t{64}}) {
    auto keys = BoxKeyPair::FromSecret(SecretBytes(size));
    ASSERT_FALSE(keys.ok()) << "size " << size;
    EXPECT_EQ(keys.status().code(), StatusCode::kInvalidArgument) << keys.status().ToString();
  }
}

TEST(WrapKey, TheRecipientUnwrapsTheSameKey) {
  const BoxKeyPair device = BoxKeyPair::Generate();
  const SecretKey key = SecretKey::Generate();
  const Bytes wrapped = WrapKey(device.public_key(), key);
  EXPECT_EQ(wrapped.size(), SecretKey::kSize + kSealedBoxOverhead);
  auto unwrapped = UnwrapKey(device, wrapped);
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status().ToString();
  EXPECT_EQ(ToBytes(unwrapped->view()), ToBytes(key.view()));
}

TEST(WrapKey, AnotherDeviceCannotUnwrap) {
  const BoxKeyPair device = BoxKeyPair::Generate();
  const BoxKeyPair other = BoxKeyPair::Generate();
  const Bytes wrapped = WrapKey(device.public_key(), SecretKey::Generate());
  auto unwrapped = UnwrapKey(other, wrapped);
  ASSERT_FALSE(unwrapped.ok());
  EXPECT_EQ(unwrapped.status().code(), StatusCode::kAuthenticationFailed)
      << unwrapped.status().ToString();
}

TEST(WrapKey, AlteredOrShortWrappedKeyIsRefused) {
  const BoxKeyPair device = BoxKeyPair::Generate();
  const Bytes wrapped = WrapKey(device.public_key(), SecretKey::Generate());
  for (size_t i = 0; i < wrapped.size(); ++i) {
    Bytes changed = wrapped;
    changed[i] ^= 0x40;
    EXPECT_EQ(UnwrapKey(device, changed).status().code(), StatusCode::kAuthenticationFailed)
        << "byte " << i;
  }
  EXPECT_EQ(UnwrapKey(device, ByteView(wrapped).first(kSealedBoxOverhead - 1)).status().code(),
            StatusCode::kTruncated);
}

TEST(WrapKey, ABoxHoldingSomethingOtherThanAKeyIsCorruption) {
  const BoxKeyPair device = BoxKeyPair::Generate();
  for (size_t size : {size_t{0}, SecretKey::kSize - 1, SecretKey::kSize + 1}) {
    auto unwrapped = UnwrapKey(device, SealToRecipient(device.public_key(), PatternBytes(size)));
    ASSERT_FALSE(unwrapped.ok()) << "size " << size;
    EXPECT_EQ(unwrapped.status().code(), StatusCode::kCorruption) << unwrapped.status().ToString();
  }
}

}  // namespace
}  // namespace casevault::crypto
