#include "casevault/crypto/signing.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "testing/bytes.h"

namespace casevault::crypto {
namespace {

using casevault::testing::PatternBytes;
using casevault::testing::ToBytes;

Bytes FromHex(std::string_view hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

void ExpectRefused(const SigningPublicKey& signer, ByteView message, const Signature& signature,
                   const std::string& what) {
  const Status status = VerifySignature(signer, message, signature);
  EXPECT_EQ(status.code(), StatusCode::kAuthenticationFailed) << what << ": " << status.ToString();
}

TEST(Signing, SignatureOfAnyMessageVerifies) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  for (size_t size : {size_t{0}, size_t{1}, size_t{64}, size_t{100000}}) {
    const Bytes message = PatternBytes(size);
    const Signature signature = keys.Sign(message);
    EXPECT_TRUE(VerifySignature(keys.public_key(), message, signature).ok()) << "size " << size;
  }
}

TEST(Signing, MatchesTheRfc8032TestVector) {
  // RFC 8032 section 7.1, TEST 1: the empty message.
  const Bytes seed = FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  const Bytes public_key =
      FromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  Bytes secret = seed;
  secret.insert(secret.end(), public_key.begin(), public_key.end());
  auto keys = SigningKeyPair::FromSecret(SecretBytes::CopyOf(secret));
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(ToHex(keys->public_key().bytes), ToHex(public_key));
  EXPECT_EQ(ToHex(keys->Sign({})),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
            "39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

TEST(Signing, EverySingleBitChangeOfTheMessageIsRefused) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  const Bytes message = PatternBytes(48);
  const Signature signature = keys.Sign(message);
  for (size_t i = 0; i < message.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes changed = message;
      changed[i] ^= static_cast<uint8_t>(1u << bit);
      ExpectRefused(keys.public_key(), changed, signature,
                    "byte " + std::to_string(i) + " bit " + std::to_string(bit));
    }
  }
  Bytes longer = message;
  longer.push_back(0);
  ExpectRefused(keys.public_key(), longer, signature, "appended byte");
  ExpectRefused(keys.public_key(), ByteView(message).first(message.size() - 1), signature,
                "dropped byte");
}

TEST(Signing, EverySingleBitChangeOfTheSignatureIsRefused) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  const Bytes message = PatternBytes(48);
  const Signature signature = keys.Sign(message);
  for (size_t i = 0; i < signature.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Signature changed = signature;
      changed[i] ^= static_cast<uint8_t>(1u << bit);
      ExpectRefused(keys.public_key(), message, changed,
                    "byte " + std::to_string(i) + " bit " + std::to_string(bit));
    }
  }
  ExpectRefused(keys.public_key(), message, Signature{}, "all-zero signature");
}

TEST(Signing, AnotherSignersKeyIsRefused) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  const SigningKeyPair other = SigningKeyPair::Generate();
  const Bytes message = PatternBytes(20);
  ExpectRefused(other.public_key(), message, keys.Sign(message), "other signer");
  ExpectRefused(SigningPublicKey{}, message, keys.Sign(message), "all-zero public key");
}

TEST(Signing, SignaturesAreDeterministic) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  EXPECT_EQ(keys.Sign(PatternBytes(10)), keys.Sign(PatternBytes(10)));
  EXPECT_NE(keys.Sign(PatternBytes(10)), keys.Sign(PatternBytes(11)));
}

TEST(Signing, GeneratedKeyPairsDiffer) {
  std::set<SigningPublicKey> seen;
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(seen.insert(SigningKeyPair::Generate().public_key()).second);
  }
}

TEST(Signing, FromSecretRebuildsTheSameKeyPair) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  ASSERT_EQ(keys.secret_view().size(), SigningKeyPair::kSecretSize);
  auto rebuilt = SigningKeyPair::FromSecret(SecretBytes::CopyOf(keys.secret_view()));
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(rebuilt->public_key(), keys.public_key());
  EXPECT_EQ(ToBytes(rebuilt->secret_view()), ToBytes(keys.secret_view()));
  const Bytes message = PatternBytes(33);
  EXPECT_TRUE(VerifySignature(keys.public_key(), message, rebuilt->Sign(message)).ok());
}

TEST(Signing, FromSecretOfTheWrongSizeIsInvalidArgument) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  for (size_t size : {size_t{0}, size_t{32}, SigningKeyPair::kSecretSize - 1}) {
    auto rebuilt = SigningKeyPair::FromSecret(SecretBytes::CopyOf(keys.secret_view().first(size)));
    ASSERT_FALSE(rebuilt.ok()) << "size " << size;
    EXPECT_EQ(rebuilt.status().code(), StatusCode::kInvalidArgument) << rebuilt.status().ToString();
  }
  Bytes longer = ToBytes(keys.secret_view());
  longer.push_back(0);
  auto rebuilt = SigningKeyPair::FromSecret(SecretBytes::CopyOf(longer));
  ASSERT_FALSE(rebuilt.ok());
  EXPECT_EQ(rebuilt.status().code(), StatusCode::kInvalidArgument);
}

TEST(Signing, FromSecretWithACorruptedEmbeddedPublicKeyIsCorruption) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  // The secret is seed (32) | public key (32); a change in either half breaks their match.
  for (size_t i = 0; i < SigningKeyPair::kSecretSize; ++i) {
    Bytes secret = ToBytes(keys.secret_view());
    secret[i] ^= 0x01;
    auto rebuilt = SigningKeyPair::FromSecret(SecretBytes::CopyOf(secret));
    ASSERT_FALSE(rebuilt.ok()) << "byte " << i << " accepted";
    EXPECT_EQ(rebuilt.status().code(), StatusCode::kCorruption)
        << "byte " << i << ": " << rebuilt.status().ToString();
  }
}

TEST(Signing, FromSecretWithAnotherKeysPublicHalfIsCorruption) {
  const SigningKeyPair keys = SigningKeyPair::Generate();
  const SigningKeyPair other = SigningKeyPair::Generate();
  Bytes secret = ToBytes(keys.secret_view().first(32));
  secret.insert(secret.end(), other.public_key().bytes.begin(), other.public_key().bytes.end());
  auto rebuilt = SigningKeyPair::FromSecret(SecretBytes::CopyOf(secret));
  ASSERT_FALSE(rebuilt.ok());
  EXPECT_EQ(rebuilt.status().code(), StatusCode::kCorruption) << rebuilt.status().ToString();
}

}  // namespace
}  // namespace casevault::crypto
