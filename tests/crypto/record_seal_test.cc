#include "casevault/crypto/record_seal.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "testing/bytes.h"

namespace casevault::crypto {
namespace {

using casevault::testing::PatternBytes;
using casevault::testing::ToBytes;

const RecordAad kAad{"case-2024-0117", "agency:police", "record-42", 7};

// Expects `envelope` to be refused under `aad` with AuthenticationFailed, by both openers.
void ExpectAuthenticationFailed(const SecretKey& key, const RecordAad& aad, ByteView envelope,
                                const std::string& what) {
  auto opened = OpenRecord(key, aad, envelope);
  ASSERT_FALSE(opened.ok()) << what;
  EXPECT_EQ(opened.status().code(), StatusCode::kAuthenticationFailed)
      << what << ": " << opened.status().ToString();
  auto opened_secret = OpenRecordSecret(key, aad, envelope);
  ASSERT_FALSE(opened_secret.ok()) << what;
  EXPECT_EQ(opened_secret.status().code(), StatusCode::kAuthenticationFailed)
      << what << ": " << opened_secret.status().ToString();
}

TEST(RecordSeal, RoundTripRecoversThePlaintext) {
  const SecretKey key = SecretKey::Generate();
  for (size_t size :
       {size_t{0}, size_t{1}, size_t{15}, size_t{16}, size_t{17}, size_t{1000}, size_t{100000}}) {
    const Bytes plaintext = PatternBytes(size);
    const Bytes envelope = SealRecord(key, kAad, plaintext);
    auto opened = OpenRecord(key, kAad, envelope);
    ASSERT_TRUE(opened.ok()) << "size " << size << ": " << opened.status().ToString();
    EXPECT_EQ(*opened, plaintext) << "size " << size;
  }
}

TEST(RecordSeal, EmptyPlaintextRoundTripsInAnOverheadOnlyEnvelope) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, {});
  ASSERT_EQ(envelope.size(), kRecordEnvelopeOverhead);
  auto opened = OpenRecord(key, kAad, envelope);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_TRUE(opened->empty());
  auto opened_secret = OpenRecordSecret(key, kAad, envelope);
  ASSERT_TRUE(opened_secret.ok()) << opened_secret.status().ToString();
  EXPECT_TRUE(opened_secret->empty());
}

TEST(RecordSeal, EnvelopeIsVersionNonceAndTaggedCiphertext) {
  const SecretKey key = SecretKey::Generate();
  const Bytes plaintext = PatternBytes(64);
  const Bytes envelope = SealRecord(key, kAad, plaintext);
  ASSERT_EQ(envelope.size(), plaintext.size() + kRecordEnvelopeOverhead);
  EXPECT_EQ(envelope[0], kRecordEnvelopeVersion);
  // The plaintext does not appear in clear after the version and nonce.
  EXPECT_NE(Bytes(envelope.begin() + 25, envelope.begin() + 25 + 64), plaintext);
}

TEST(RecordSeal, SealingTheSameRecordTwiceUsesFreshNonces) {
  const SecretKey key = SecretKey::Generate();
  const Bytes plaintext = PatternBytes(32);
  const Bytes first = SealRecord(key, kAad, plaintext);
  const Bytes second = SealRecord(key, kAad, plaintext);
  EXPECT_NE(Bytes(first.begin() + 1, first.begin() + 25),
            Bytes(second.begin() + 1, second.begin() + 25));
  EXPECT_NE(first, second);
}

TEST(RecordSeal, OpenRecordSecretRecoversThePlaintextIntoProtectedMemory) {
  const SecretKey key = SecretKey::Generate();
  const SecretKey file_key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, file_key.view());
  auto opened = OpenRecordSecret(key, kAad, envelope);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(ToBytes(opened->view()), ToBytes(file_key.view()));
}

TEST(RecordSeal, EverySingleByteChangeOfTheEnvelopeIsRefused) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, PatternBytes(32));
  for (size_t i = 0; i < envelope.size(); ++i) {
    for (int delta = 1; delta < 256; ++delta) {
      Bytes changed = envelope;
      changed[i] ^= static_cast<uint8_t>(delta);
      auto opened = OpenRecord(key, kAad, changed);
      ASSERT_FALSE(opened.ok()) << "byte " << i << " xor " << delta << " was accepted";
      const StatusCode expected =
          i == 0 ? StatusCode::kUnsupportedVersion : StatusCode::kAuthenticationFailed;
      ASSERT_EQ(opened.status().code(), expected)
          << "byte " << i << " xor " << delta << ": " << opened.status().ToString();
    }
  }
}

TEST(RecordSeal, EveryBitFlipIsRefusedBySecretOpenerToo) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, PatternBytes(32));
  for (size_t i = 1; i < envelope.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes changed = envelope;
      changed[i] ^= static_cast<uint8_t>(1u << bit);
      auto opened = OpenRecordSecret(key, kAad, changed);
      ASSERT_FALSE(opened.ok()) << "byte " << i << " bit " << bit;
      EXPECT_EQ(opened.status().code(), StatusCode::kAuthenticationFailed)
          << opened.status().ToString();
    }
  }
}

TEST(RecordSeal, UnknownEnvelopeVersionIsUnsupportedVersion) {
  const SecretKey key = SecretKey::Generate();
  Bytes envelope = SealRecord(key, kAad, PatternBytes(10));
  for (uint8_t version : {uint8_t{0}, uint8_t{2}, uint8_t{255}}) {
    envelope[0] = version;
    auto opened = OpenRecord(key, kAad, envelope);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.status().code(), StatusCode::kUnsupportedVersion)
        << opened.status().ToString();
    auto opened_secret = OpenRecordSecret(key, kAad, envelope);
    ASSERT_FALSE(opened_secret.ok());
    EXPECT_EQ(opened_secret.status().code(), StatusCode::kUnsupportedVersion);
  }
}

// Every variant of `field` that differs from it in exactly one byte, or by one byte of length.
std::vector<std::string> SingleByteVariants(std::string_view field) {
  std::vector<std::string> out;
  for (size_t i = 0; i < field.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string changed(field);
      changed[i] = static_cast<char>(changed[i] ^ (1 << bit));
      out.push_back(changed);
    }
  }
  out.push_back(std::string(field) + "x");
  out.push_back(std::string(field) + '\0');
  if (!field.empty()) out.push_back(std::string(field.substr(0, field.size() - 1)));
  if (!field.empty()) out.push_back(std::string(field.substr(1)));
  return out;
}

TEST(RecordSeal, EverySingleByteChangeOfTheCaseIdIsRefused) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, PatternBytes(20));
  for (const std::string& case_id : SingleByteVariants(kAad.case_id)) {
    RecordAad other = kAad;
    other.case_id = case_id;
    ExpectAuthenticationFailed(key, other, envelope, "case id '" + case_id + "'");
  }
}

TEST(RecordSeal, EverySingleByteChangeOfTheCompartmentIsRefused) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, PatternBytes(20));
  for (const std::string& compartment : SingleByteVariants(kAad.compartment)) {
    RecordAad other = kAad;
    other.compartment = compartment;
    ExpectAuthenticationFailed(key, other, envelope, "compartment '" + compartment + "'");
  }
}

TEST(RecordSeal, EverySingleByteChangeOfTheRecordIdIsRefused) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, PatternBytes(20));
  for (const std::string& record_id : SingleByteVariants(kAad.record_id)) {
    RecordAad other = kAad;
    other.record_id = record_id;
    ExpectAuthenticationFailed(key, other, envelope, "record id '" + record_id + "'");
  }
}

TEST(RecordSeal, AnyOtherEpochIsRefused) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, PatternBytes(20));
  std::vector<uint32_t> epochs = {0, kAad.epoch - 1, kAad.epoch + 1,
                                  std::numeric_limits<uint32_t>::max()};
  for (int bit = 0; bit < 32; ++bit) epochs.push_back(kAad.epoch ^ (uint32_t{1} << bit));
  for (uint32_t epoch : epochs) {
    RecordAad other = kAad;
    other.epoch = epoch;
    ExpectAuthenticationFailed(key, other, envelope, "epoch " + std::to_string(epoch));
  }
}

TEST(RecordSeal, EpochZeroAndMaximumRoundTrip) {
  const SecretKey key = SecretKey::Generate();
  for (uint32_t epoch : {uint32_t{0}, std::numeric_limits<uint32_t>::max()}) {
    RecordAad aad = kAad;
    aad.epoch = epoch;
    auto opened = OpenRecord(key, aad, SealRecord(key, aad, PatternBytes(5)));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, PatternBytes(5));
  }
}

TEST(RecordSeal, MovingCharactersBetweenAssociatedDataFieldsIsRefused) {
  const SecretKey key = SecretKey::Generate();
  struct Split {
    RecordAad sealed;
    RecordAad opened;
  };
  const std::vector<Split> splits = {
      {{"ab", "c", "r", 1}, {"a", "bc", "r", 1}}, {{"a", "bc", "r", 1}, {"ab", "c", "r", 1}},
      {{"c", "ab", "c", 1}, {"c", "a", "bc", 1}}, {{"c", "a", "bc", 1}, {"c", "ab", "c", 1}},
      {{"abc", "", "r", 1}, {"", "abc", "r", 1}}, {{"", "", "abc", 1}, {"abc", "", "", 1}},
      {{"x", "y", "z", 1}, {"", "xy", "z", 1}},
  };
  for (const Split& split : splits) {
    const Bytes envelope = SealRecord(key, split.sealed, PatternBytes(8));
    ASSERT_TRUE(OpenRecord(key, split.sealed, envelope).ok());
    ExpectAuthenticationFailed(
        key, split.opened, envelope,
        std::string(split.sealed.case_id) + "|" + std::string(split.sealed.compartment) + "|" +
            std::string(split.sealed.record_id) + " opened as " +
            std::string(split.opened.case_id) + "|" + std::string(split.opened.compartment) + "|" +
            std::string(split.opened.record_id));
  }
}

TEST(RecordSeal, WrongKeyIsRefused) {
  const SecretKey key = SecretKey::Generate();
  const SecretKey other = SecretKey::Generate();
  for (size_t size : {size_t{0}, size_t{32}}) {
    const Bytes envelope = SealRecord(key, kAad, PatternBytes(size));
    ExpectAuthenticationFailed(other, kAad, envelope, "other key, size " + std::to_string(size));
  }
}

TEST(RecordSeal, EnvelopeShorterThanTheOverheadIsTruncated) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, {});
  for (size_t length = 0; length < kRecordEnvelopeOverhead; ++length) {
    const ByteView cut = ByteView(envelope).first(length);
    auto opened = OpenRecord(key, kAad, cut);
    ASSERT_FALSE(opened.ok()) << "length " << length;
    EXPECT_EQ(opened.status().code(), StatusCode::kTruncated) << opened.status().ToString();
    auto opened_secret = OpenRecordSecret(key, kAad, cut);
    ASSERT_FALSE(opened_secret.ok()) << "length " << length;
    EXPECT_EQ(opened_secret.status().code(), StatusCode::kTruncated);
  }
}

TEST(RecordSeal, EnvelopeCutAtAnyLengthIsRefused) {
  const SecretKey key = SecretKey::Generate();
  const Bytes envelope = SealRecord(key, kAad, PatternBytes(30));
  for (size_t length = 0; length < envelope.size(); ++length) {
    auto opened = OpenRecord(key, kAad, ByteView(envelope).first(length));
    ASSERT_FALSE(opened.ok()) << "length " << length;
    const StatusCode expected = length < kRecordEnvelopeOverhead
                                    ? StatusCode::kTruncated
                                    : StatusCode::kAuthenticationFailed;
    EXPECT_EQ(opened.status().code(), expected)
        << "length " << length << ": " << opened.status().ToString();
  }
}

TEST(RecordSeal, BytesAppendedToTheEnvelopeAreRefused) {
  const SecretKey key = SecretKey::Generate();
  Bytes envelope = SealRecord(key, kAad, PatternBytes(30));
  envelope.push_back(0);
  ExpectAuthenticationFailed(key, kAad, envelope, "one appended byte");
}

}  // namespace
}  // namespace casevault::crypto
