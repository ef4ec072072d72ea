#include "casevault/sync/signed_op.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>

#include "casevault/base/byte_writer.h"
#include "casevault/crypto/record_seal.h"

namespace casevault::sync {
namespace {

using crypto::SecretKey;
using crypto::SigningKeyPair;
using crypto::SigningPublicKey;

constexpr uint32_t kEpoch = 7;
// Record content that must never appear in an envelope or in a message.
constexpr std::string_view kSecret = "Jane Doe, 4 Privet Drive";

Id128 IdOf(uint8_t n) {
  Id128 id;
  for (size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<uint8_t>(n + i);
  return id;
}

bool Contains(ByteView haystack, std::string_view needle) {
  const ByteView bytes = AsBytes(needle);
  return std::search(haystack.begin(), haystack.end(), bytes.begin(), bytes.end()) !=
         haystack.end();
}

class SignedOpTest : public ::testing::Test {
 protected:
  SignedOpTest() {
    op_.op_id = IdOf(0x10);
    op_.record_id = IdOf(0x20);
    op_.author_device = kAuthorId;
    op_.stamp = {1'772'357'400'000'000, 2, kAuthorId};
    op_.kind = OpKind::kSetFields;
    op_.writes = {{"summary", schema::FieldValue(std::string(kSecret)), {op_.stamp}},
                  {"agency", std::nullopt, {}}};
    devices_ = {{kAuthorId, author_.public_key()}, {kOtherId, other_.public_key()}};
  }

  // Looks up `key_` for kEpoch; NotFound for any other epoch.
  EpochKeyLookup Lookup() const {
    return [this](uint32_t epoch) -> Result<const SecretKey*> {
      if (epoch == kEpoch) return &key_;
      return NotFoundError("no key for epoch " + std::to_string(epoch) + ": sync to fetch it");
    };
  }

  SignedOp Sealed() const { return SealAndSign(op_, where_, kEpoch, key_, author_); }

  // Expects `signed_op` to be refused in `where` with `code` and a message holding `fragment`
  // but no record content.
  void ExpectRefused(const SignedOp& signed_op, const CompartmentRef& where, StatusCode code,
                     const std::string& fragment, const std::string& what) const {
    auto opened = VerifyAndOpen(signed_op, where, devices_, Lookup());
    ASSERT_FALSE(opened.ok()) << what << ": accepted";
    EXPECT_EQ(opened.status().code(), code) << what << ": " << opened.status().ToString();
    EXPECT_NE(opened.status().message().find(fragment), std::string::npos)
        << what << ": " << opened.status().message();
    EXPECT_EQ(opened.status().message().find("Privet"), std::string::npos) << what;
  }
  void ExpectRefused(const SignedOp& signed_op, StatusCode code, const std::string& fragment,
                     const std::string& what) const {
    ExpectRefused(signed_op, where_, code, fragment, what);
  }

  const Id128 kAuthorId = IdOf(0x30);
  const Id128 kOtherId = IdOf(0x50);
  const SecretKey key_ = SecretKey::Generate();
  const SigningKeyPair author_ = SigningKeyPair::Generate();
  const SigningKeyPair other_ = SigningKeyPair::Generate();
  const CompartmentRef where_{IdOf(0xc0), "agency:police"};
  std::map<Id128, SigningPublicKey> devices_;
  Operation op_;
};

TEST_F(SignedOpTest, ASealedOpVerifiesAndOpensToTheOperation) {
  const SignedOp signed_op = Sealed();
  EXPECT_EQ(signed_op.op_id, op_.op_id);
  EXPECT_EQ(signed_op.author_device, op_.author_device);
  EXPECT_EQ(signed_op.epoch, kEpoch);
  EXPECT_FALSE(Contains(signed_op.envelope, kSecret));
  auto opened = VerifyAndOpen(signed_op, where_, devices_, Lookup());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, op_);
}

TEST_F(SignedOpTest, TheEnvelopeIsTheOperationSealedForItsPlace) {
  const SignedOp signed_op = Sealed();
  const std::string case_hex = where_.case_id.ToHex();
  const std::string object = "op:" + op_.op_id.ToHex();
  auto body = crypto::OpenRecord(key_, {case_hex, where_.name, object, kEpoch}, signed_op.envelope);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, EncodeOperation(op_));
}

TEST_F(SignedOpTest, TheSigningInputHasTheDocumentedLayout) {
  const SignedOp signed_op = Sealed();
  const std::string domain = "casevault.signed-op.v1";
  Bytes expected(domain.begin(), domain.end());
  AppendId(expected, where_.case_id);
  AppendLengthPrefixed(expected, AsBytes(where_.name));
  AppendId(expected, signed_op.op_id);
  AppendId(expected, signed_op.author_device);
  AppendU32(expected, kEpoch);
  AppendLengthPrefixed(expected, signed_op.envelope);
  EXPECT_EQ(SignedOpSigningInput(signed_op, where_), expected);
  EXPECT_TRUE(crypto::VerifySignature(author_.public_key(), expected, signed_op.signature).ok());
}

TEST_F(SignedOpTest, AnOpFromAnUnknownDeviceIsPermissionDenied) {
  devices_.erase(kAuthorId);
  ExpectRefused(
      Sealed(), StatusCode::kPermissionDenied,
      "operation " + op_.op_id.ToHex() + " comes from unknown device " + kAuthorId.ToHex(),
      "unknown author");
}

TEST_F(SignedOpTest, EverySingleByteChangeOfEnvelopeOrSignatureIsRefused) {
  const SignedOp signed_op = Sealed();
  for (size_t at = 0; at < signed_op.envelope.size(); ++at) {
    SignedOp changed = signed_op;
    changed.envelope[at] ^= 0x01;
    ExpectRefused(changed, StatusCode::kAuthenticationFailed, "signature does not verify",
                  "envelope byte " + std::to_string(at));
  }
  for (size_t at = 0; at < signed_op.signature.size(); ++at) {
    SignedOp changed = signed_op;
    changed.signature[at] ^= 0x80;
    ExpectRefused(changed, StatusCode::kAuthenticationFailed, "signature does not verify",
                  "signature byte " + std::to_string(at));
  }
  SignedOp shorter = signed_op;
  shorter.envelope.pop_back();
  ExpectRefused(shorter, StatusCode::kAuthenticationFailed, "signature", "shorter envelope");
  SignedOp longer = signed_op;
  longer.envelope.push_back(0);
  ExpectRefused(longer, StatusCode::kAuthenticationFailed, "signature", "longer envelope");
}

TEST_F(SignedOpTest, AChangedHeaderIsRefused) {
  SignedOp id = Sealed();
  id.op_id = IdOf(0x11);
  ExpectRefused(id, StatusCode::kAuthenticationFailed, "signature", "op id");
  SignedOp author = Sealed();
  author.author_device = kOtherId;
  ExpectRefused(author, StatusCode::kAuthenticationFailed, "signature", "author");
  SignedOp epoch = Sealed();
  epoch.epoch = kEpoch + 1;
  ExpectRefused(epoch, StatusCode::kAuthenticationFailed, "signature", "epoch");
}

TEST_F(SignedOpTest, AnOpReplayedIntoAnotherCaseOrCompartmentIsRefused) {
  const SignedOp signed_op = Sealed();
  ExpectRefused(signed_op, {where_.case_id, "shared"}, StatusCode::kAuthenticationFailed,
                "signature", "another compartment");
  ExpectRefused(signed_op, {where_.case_id, "agency:police "}, StatusCode::kAuthenticationFailed,
                "signature", "a compartment with a similar name");
  ExpectRefused(signed_op, {IdOf(0xc1), where_.name}, StatusCode::kAuthenticationFailed,
                "signature", "another case");
}

TEST_F(SignedOpTest, ABodyUnderAnotherOpIdIsRefusedAsAReplay) {
  // Someone holding the compartment key and the author's signing key re-seals the body of op X
  // under op id Y: the seal and the signature are valid, but the body names X.
  const Id128 other_op = IdOf(0x99);
  const std::string case_hex = where_.case_id.ToHex();
  const std::string object = "op:" + other_op.ToHex();
  SignedOp replay;
  replay.op_id = other_op;
  replay.author_device = kAuthorId;
  replay.epoch = kEpoch;
  replay.envelope =
      crypto::SealRecord(key_, {case_hex, where_.name, object, kEpoch}, EncodeOperation(op_));
  replay.signature = author_.Sign(SignedOpSigningInput(replay, where_));
  ExpectRefused(replay, StatusCode::kAuthenticationFailed,
                "operation body does not match its header: replayed", "op id replay");
}

TEST_F(SignedOpTest, AnotherDevicesSignatureIsRefused) {
  const SignedOp signed_op = Sealed();
  // The other device signs the same bytes, leaving the header naming the author.
  SignedOp forged = signed_op;
  forged.signature = other_.Sign(SignedOpSigningInput(forged, where_));
  ExpectRefused(forged, StatusCode::kAuthenticationFailed, "signature does not verify",
                "signature by another device");
  // The other device claims the op as its own: its signature verifies, the body disagrees.
  SignedOp claimed = signed_op;
  claimed.author_device = kOtherId;
  claimed.signature = other_.Sign(SignedOpSigningInput(claimed, where_));
  ExpectRefused(claimed, StatusCode::kAuthenticationFailed,
                "operation body does not match its header: replayed", "author replay");
}

TEST_F(SignedOpTest, AMissingEpochKeyPropagatesTheLookupsError) {
  const SignedOp signed_op = SealAndSign(op_, where_, kEpoch + 2, key_, author_);
  ExpectRefused(signed_op, StatusCode::kNotFound, "no key for epoch 9", "missing epoch key");
}

TEST_F(SignedOpTest, AnEnvelopeSealedUnderAnotherKeyIsRefused) {
  const SecretKey wrong = SecretKey::Generate();
  ExpectRefused(SealAndSign(op_, where_, kEpoch, wrong, author_), StatusCode::kAuthenticationFailed,
                "failed authentication", "wrong key");
}

TEST_F(SignedOpTest, AMalformedBodyIsCorruptionWithoutShowingContent) {
  const std::string case_hex = where_.case_id.ToHex();
  const std::string object = "op:" + op_.op_id.ToHex();
  const crypto::RecordAad aad{case_hex, where_.name, object, kEpoch};
  Bytes trailing = EncodeOperation(op_);
  trailing.push_back(0);
  for (const Bytes& body : {trailing, Bytes(kSecret.begin(), kSecret.end())}) {
    SignedOp bad{op_.op_id, kAuthorId, kEpoch, crypto::SealRecord(key_, aad, body), {}};
    bad.signature = author_.Sign(SignedOpSigningInput(bad, where_));
    ExpectRefused(bad, StatusCode::kCorruption, "operation bytes", "malformed body");
  }
}

// Expects DecodeSignedOp to refuse `bytes` with `code` and a message containing `fragment`.
void ExpectDecodeRefused(const Bytes& bytes, StatusCode code, const std::string& fragment) {
  auto decoded = DecodeSignedOp(bytes);
  ASSERT_FALSE(decoded.ok()) << "accepted; expected a message with: " << fragment;
  EXPECT_EQ(decoded.status().code(), code) << decoded.status().ToString();
  EXPECT_NE(decoded.status().message().find(fragment), std::string::npos)
      << decoded.status().message();
}

TEST_F(SignedOpTest, TheWireFormRoundTripsAndStillVerifies) {
  const SignedOp signed_op = Sealed();
  const Bytes wire = EncodeSignedOp(signed_op);
  EXPECT_EQ(Bytes(wire.begin(), wire.begin() + 4), (Bytes{'C', 'V', 'S', 1}));
  EXPECT_EQ(wire.size(), 4 + 16 + 16 + 4 + 4 + signed_op.envelope.size() + 64);
  EXPECT_EQ(EncodeSignedOp(signed_op), wire);
  auto decoded = DecodeSignedOp(wire);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, signed_op);
  auto opened = VerifyAndOpen(*decoded, where_, devices_, Lookup());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, op_);
}

TEST_F(SignedOpTest, MalformedWireFormsAreRefused) {
  const Bytes wire = EncodeSignedOp(Sealed());
  for (size_t size = 0; size < wire.size(); ++size) {
    auto decoded = DecodeSignedOp(ByteView(wire).first(size));
    ASSERT_FALSE(decoded.ok()) << "prefix of " << size << " bytes was accepted";
    EXPECT_EQ(decoded.status().code(), StatusCode::kTruncated)
        << size << ": " << decoded.status().ToString();
  }
  Bytes trailing = wire;
  trailing.push_back(0);
  ExpectDecodeRefused(trailing, StatusCode::kCorruption, "go on for 1 bytes after their end");
  Bytes newer = wire;
  newer[3] = 2;
  ExpectDecodeRefused(newer, StatusCode::kUnsupportedVersion, "format version 2");
  ExpectDecodeRefused(EncodeOperation(op_), StatusCode::kCorruption, "do not start with \"CVS\"");
  Bytes huge = wire;
  for (int i = 0; i < 4; ++i) huge[4 + 16 + 16 + 4 + i] = 0xff;
  ExpectDecodeRefused(huge, StatusCode::kTruncated, "needs 4294967295 more bytes");
}

// DecodeSignedOp's fuzz target, shaped like a libFuzzer entry point: 0 when `input` is refused
// with a documented code or decodes to a SignedOp that re-encodes to exactly `input`.
int FuzzDecodeSignedOp(ByteView input) {
  auto decoded = DecodeSignedOp(input);
  if (!decoded.ok()) {
    const StatusCode code = decoded.status().code();
    return code == StatusCode::kCorruption || code == StatusCode::kTruncated ||
                   code == StatusCode::kUnsupportedVersion
               ? 0
               : 1;
  }
  return EncodeSignedOp(*decoded) == Bytes(input.begin(), input.end()) ? 0 : 1;
}

TEST_F(SignedOpTest, FuzzedWireFormsAreRefusedOrCanonicalAndNeverOpen) {
  Bytes wire = EncodeSignedOp(Sealed());
  for (size_t at = 0; at < wire.size(); ++at) {
    const uint8_t original = wire[at];
    for (uint8_t value : {uint8_t{0x00}, uint8_t{0xff}, static_cast<uint8_t>(original ^ 0x01)}) {
      if (value == original) continue;
      wire[at] = value;
      ASSERT_EQ(FuzzDecodeSignedOp(wire), 0) << "byte " << at << " set to " << int{value};
      // Whatever still decodes must not verify.
      if (auto decoded = DecodeSignedOp(wire); decoded.ok()) {
        EXPECT_FALSE(VerifyAndOpen(*decoded, where_, devices_, Lookup()).ok()) << "byte " << at;
      }
    }
    wire[at] = original;
  }
  std::mt19937 random(20260303);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 200);
  for (int i = 0; i < 20000; ++i) {
    Bytes input;
    if (i % 2 == 1) input.assign(wire.begin(), wire.begin() + 4 + 16 + 16 + 4);
    for (size_t n = length(random); n > 0; --n) input.push_back(static_cast<uint8_t>(byte(random)));
    ASSERT_EQ(FuzzDecodeSignedOp(input), 0) << "random input " << i << " (seed 20260303)";
  }
}

}  // namespace
}  // namespace casevault::sync
