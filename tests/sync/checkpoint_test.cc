#include "casevault/sync/checkpoint.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/bytes.h"

namespace casevault::sync {
namespace {

using casevault::testing::ToBytes;

Checkpoint SampleCheckpoint() {
  Checkpoint checkpoint;
  checkpoint.tree_size = 1'000'003;
  for (size_t i = 0; i < checkpoint.root.size(); ++i) {
    checkpoint.root[i] = static_cast<uint8_t>(0xa0 + i);
  }
  checkpoint.time_micros = 1'718'000'000'123'456;
  return checkpoint;
}

void ExpectRefused(const Status& status, const std::string& what) {
  EXPECT_EQ(status.code(), StatusCode::kAuthenticationFailed) << what << ": " << status.ToString();
}

TEST(Checkpoint, SignatureByTheLogKeyVerifies) {
  const crypto::SigningKeyPair log_key = crypto::SigningKeyPair::Generate();
  const Checkpoint checkpoint = SampleCheckpoint();
  const crypto::Signature signature = SignCheckpoint(checkpoint, log_key);
  const Status verified = VerifyCheckpoint(checkpoint, signature, log_key.public_key());
  EXPECT_TRUE(verified.ok()) << verified.ToString();
}

TEST(Checkpoint, AnyChangedFieldIsRefused) {
  const crypto::SigningKeyPair log_key = crypto::SigningKeyPair::Generate();
  const Checkpoint original = SampleCheckpoint();
  const crypto::Signature signature = SignCheckpoint(original, log_key);
  for (uint64_t size : {uint64_t{0}, original.tree_size - 1, original.tree_size + 1}) {
    Checkpoint changed = original;
    changed.tree_size = size;
    ExpectRefused(VerifyCheckpoint(changed, signature, log_key.public_key()),
                  "size " + std::to_string(size));
  }
  for (size_t i = 0; i < original.root.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Checkpoint changed = original;
      changed.root[i] ^= static_cast<uint8_t>(1u << bit);
      ExpectRefused(VerifyCheckpoint(changed, signature, log_key.public_key()),
                    "root byte " + std::to_string(i) + " bit " + std::to_string(bit));
    }
  }
  for (int64_t time :
       {int64_t{0}, original.time_micros - 1, original.time_micros + 1, -original.time_micros}) {
    Checkpoint changed = original;
    changed.time_micros = time;
    ExpectRefused(VerifyCheckpoint(changed, signature, log_key.public_key()),
                  "time " + std::to_string(time));
  }
}

TEST(Checkpoint, AnyChangedSignatureByteOrLengthIsRefused) {
  const crypto::SigningKeyPair log_key = crypto::SigningKeyPair::Generate();
  const Checkpoint checkpoint = SampleCheckpoint();
  const Bytes signature = ToBytes(SignCheckpoint(checkpoint, log_key));
  for (size_t i = 0; i < signature.size(); ++i) {
    Bytes changed = signature;
    changed[i] ^= 0x01;
    ExpectRefused(VerifyCheckpoint(checkpoint, changed, log_key.public_key()),
                  "signature byte " + std::to_string(i));
  }
  ExpectRefused(VerifyCheckpoint(checkpoint, {}, log_key.public_key()), "no signature");
  ExpectRefused(VerifyCheckpoint(checkpoint, ByteView(signature).first(63), log_key.public_key()),
                "63 bytes");
  Bytes longer = signature;
  longer.push_back(0);
  ExpectRefused(VerifyCheckpoint(checkpoint, longer, log_key.public_key()), "65 bytes");
}

TEST(Checkpoint, AnotherKeyIsRefused) {
  const crypto::SigningKeyPair log_key = crypto::SigningKeyPair::Generate();
  const crypto::SigningKeyPair other_key = crypto::SigningKeyPair::Generate();
  const Checkpoint checkpoint = SampleCheckpoint();
  ExpectRefused(
      VerifyCheckpoint(checkpoint, SignCheckpoint(checkpoint, log_key), other_key.public_key()),
      "verified with another key");
  ExpectRefused(
      VerifyCheckpoint(checkpoint, SignCheckpoint(checkpoint, other_key), log_key.public_key()),
      "signed by another key");
}

TEST(Checkpoint, SigningInputIsTheDomainAndFixedWidthLittleEndianFields) {
  Checkpoint checkpoint;
  checkpoint.tree_size = 0x0102030405060708;
  checkpoint.root.fill(0xab);
  checkpoint.time_micros = -2;
  const Bytes input = CheckpointSigningInput(checkpoint);
  ASSERT_EQ(input.size(), 71u);
  EXPECT_EQ(AsChars(ByteView(input).first(23)), "casevault.checkpoint.v1");
  EXPECT_EQ(ToHex(ByteView(input).subspan(23, 8)), "0807060504030201");
  EXPECT_EQ(ByteView(input).subspan(31, 32)[0], 0xab);
  EXPECT_EQ(ToHex(ByteView(input).subspan(31, 32)), ToHex(checkpoint.root));
  EXPECT_EQ(ToHex(ByteView(input).subspan(63, 8)), "feffffffffffffff");
}

}  // namespace
}  // namespace casevault::sync

namespace casevault::sync {
namespace {

// The signed checkpoint of the first `size` entries of `tree` at time `time`.
std::pair<Checkpoint, crypto::Signature> Signed(MemoryMerkleTree& tree, uint64_t size,
                                                const crypto::SigningKeyPair& key) {
  const Checkpoint checkpoint{size, *MerkleRoot(tree, size), 1'000 + static_cast<int64_t>(size)};
  return {checkpoint, SignCheckpoint(checkpoint, key)};
}

TEST(LogAdvance, AGrowingLogWithAValidProofIsAccepted) {
  const crypto::SigningKeyPair key = crypto::SigningKeyPair::Generate();
  MemoryMerkleTree tree;
  for (int i = 0; i < 9; ++i) tree.Append(casevault::testing::PatternBytes(10, i));
  const auto [old_checkpoint, old_signature] = Signed(tree, 5, key);
  const auto [next, signature] = Signed(tree, 9, key);
  const std::vector<MerkleHash> proof = *ConsistencyProof(tree, 5, 9);
  EXPECT_TRUE(VerifyLogAdvance(old_checkpoint, next, signature, proof, key.public_key()).ok());
  EXPECT_TRUE(VerifyLogAdvance(Checkpoint{}, next, signature, {}, key.public_key()).ok())
      << "nothing trusted yet: the signature is all there is to check";
  EXPECT_TRUE(VerifyLogAdvance(next, next, signature, {}, key.public_key()).ok());
}

TEST(LogAdvance, ARewrittenTruncatedOrForeignLogIsRefused) {
  const crypto::SigningKeyPair key = crypto::SigningKeyPair::Generate();
  MemoryMerkleTree tree;
  MemoryMerkleTree rewritten;
  for (int i = 0; i < 9; ++i) {
    tree.Append(casevault::testing::PatternBytes(10, i));
    rewritten.Append(casevault::testing::PatternBytes(10, i == 2 ? 99 : i));
  }
  const auto [trusted, trusted_signature] = Signed(tree, 5, key);
  const auto [forged, forged_signature] = Signed(rewritten, 9, key);
  const Status rewrite = VerifyLogAdvance(trusted, forged, forged_signature,
                                          *ConsistencyProof(rewritten, 5, 9), key.public_key());
  EXPECT_EQ(rewrite.code(), StatusCode::kAuthenticationFailed);
  EXPECT_NE(rewrite.message().find("rewritten"), std::string::npos) << rewrite.ToString();

  const auto [shorter, shorter_signature] = Signed(tree, 3, key);
  const Status shrunk = VerifyLogAdvance(trusted, shorter, shorter_signature, {}, key.public_key());
  EXPECT_NE(shrunk.message().find("shrank"), std::string::npos) << shrunk.ToString();

  const crypto::SigningKeyPair other = crypto::SigningKeyPair::Generate();
  const auto [next, signature] = Signed(tree, 9, other);
  EXPECT_EQ(
      VerifyLogAdvance(trusted, next, signature, *ConsistencyProof(tree, 5, 9), key.public_key())
          .code(),
      StatusCode::kAuthenticationFailed);
}

}  // namespace
}  // namespace casevault::sync
