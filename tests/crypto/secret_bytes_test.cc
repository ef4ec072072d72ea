#include "casevault/crypto/secret_bytes.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "testing/bytes.h"

namespace casevault::crypto {
namespace {

using casevault::testing::PatternBytes;
using casevault::testing::ToBytes;

TEST(SecretBytes, DefaultConstructedIsEmpty) {
  SecretBytes secret;
  EXPECT_TRUE(secret.empty());
  EXPECT_EQ(secret.size(), 0u);
  EXPECT_EQ(secret.data(), nullptr);
}

TEST(SecretBytes, SizedConstructorGivesThatManyZeroBytes) {
  SecretBytes secret(100);
  ASSERT_EQ(secret.size(), 100u);
  ASSERT_NE(secret.data(), nullptr);
  EXPECT_EQ(ToBytes(secret.view()), Bytes(100, 0));
}

TEST(SecretBytes, CopyOfHoldsTheSameBytesInItsOwnMemory) {
  const Bytes source = PatternBytes(33);
  SecretBytes secret = SecretBytes::CopyOf(source);
  EXPECT_EQ(ToBytes(secret.view()), source);
  EXPECT_NE(secret.data(), source.data());
  EXPECT_TRUE(SecretBytes::CopyOf({}).empty());
}

TEST(SecretBytes, SpanWritesAreVisibleThroughView) {
  SecretBytes secret(4);
  secret.span()[2] = 0xab;
  EXPECT_EQ(ToBytes(secret.view()), (Bytes{0, 0, 0xab, 0}));
}

TEST(SecretBytes, MoveConstructionTransfersBytesAndLeavesSourceEmpty) {
  const Bytes source = PatternBytes(40);
  SecretBytes original = SecretBytes::CopyOf(source);
  const uint8_t* memory = original.data();

  SecretBytes moved(std::move(original));

  EXPECT_EQ(moved.data(), memory);
  EXPECT_EQ(ToBytes(moved.view()), source);
  EXPECT_TRUE(original.empty());  // NOLINT(bugprone-use-after-move): the behaviour under test
  EXPECT_EQ(original.size(), 0u);
  EXPECT_EQ(original.data(), nullptr);
}

TEST(SecretBytes, MoveAssignmentReplacesTargetAndLeavesSourceEmpty) {
  const Bytes source = PatternBytes(16);
  SecretBytes from = SecretBytes::CopyOf(source);
  SecretBytes to = SecretBytes::CopyOf(PatternBytes(64));

  to = std::move(from);

  EXPECT_EQ(ToBytes(to.view()), source);
  EXPECT_TRUE(from.empty());  // NOLINT(bugprone-use-after-move): the behaviour under test
  EXPECT_EQ(from.data(), nullptr);
}

TEST(SecretBytes, MoveAssignmentToItselfKeepsTheBytes) {
  const Bytes source = PatternBytes(8);
  SecretBytes secret = SecretBytes::CopyOf(source);
  SecretBytes& alias = secret;
  secret = std::move(alias);
  EXPECT_EQ(ToBytes(secret.view()), source);
}

TEST(SecretBytes, CloneEqualsOriginalAndIsIndependentOfIt) {
  SecretBytes original = SecretBytes::CopyOf(PatternBytes(50));
  SecretBytes clone = original.Clone();

  EXPECT_NE(clone.data(), original.data());
  EXPECT_TRUE(clone.Equals(original));
  EXPECT_EQ(ToBytes(clone.view()), ToBytes(original.view()));

  clone.span()[0] ^= 1;
  EXPECT_FALSE(clone.Equals(original));
  EXPECT_EQ(ToBytes(original.view()), PatternBytes(50));
}

TEST(SecretBytes, CloneOfEmptyIsEmpty) {
  SecretBytes empty;
  EXPECT_TRUE(empty.Clone().empty());
}

TEST(SecretBytes, EqualsIsTrueForSameLengthAndContent) {
  EXPECT_TRUE(SecretBytes::CopyOf(PatternBytes(31)).Equals(SecretBytes::CopyOf(PatternBytes(31))));
  EXPECT_TRUE(SecretBytes().Equals(SecretBytes()));
}

TEST(SecretBytes, EqualsIsFalseWhenLengthsDiffer) {
  const Bytes data = PatternBytes(32);
  SecretBytes full = SecretBytes::CopyOf(data);
  // A prefix has the same leading bytes: only the length tells them apart.
  SecretBytes prefix = SecretBytes::CopyOf(ByteView(data).first(31));
  EXPECT_FALSE(full.Equals(prefix));
  EXPECT_FALSE(prefix.Equals(full));
  EXPECT_FALSE(full.Equals(SecretBytes()));
  EXPECT_FALSE(SecretBytes().Equals(full));
}

TEST(SecretBytes, EqualsIsFalseWhenAnySingleByteDiffers) {
  const Bytes data = PatternBytes(32);
  SecretBytes original = SecretBytes::CopyOf(data);
  for (size_t i = 0; i < data.size(); ++i) {
    Bytes changed = data;
    changed[i] ^= 0x80;
    EXPECT_FALSE(original.Equals(SecretBytes::CopyOf(changed))) << "byte " << i;
  }
}

TEST(SecretKey, FromBytesRefusesEveryWrongSizeAsInvalidArgument) {
  for (size_t size :
       {size_t{0}, size_t{1}, size_t{16}, SecretKey::kSize - 1, SecretKey::kSize + 1, size_t{64}}) {
    auto key = SecretKey::FromBytes(SecretBytes(size));
    ASSERT_FALSE(key.ok()) << "size " << size;
    EXPECT_EQ(key.status().code(), StatusCode::kInvalidArgument) << key.status().ToString();
  }
}

TEST(SecretKey, FromBytesKeepsExactlyTheGivenBytes) {
  const Bytes data = PatternBytes(SecretKey::kSize);
  auto key = SecretKey::FromBytes(SecretBytes::CopyOf(data));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(ToBytes(key->view()), data);
}

TEST(SecretKey, GenerateGivesFullSizeKeysThatDifferEachTime) {
  std::set<Bytes> seen;
  for (int i = 0; i < 1000; ++i) {
    SecretKey key = SecretKey::Generate();
    ASSERT_EQ(key.view().size(), SecretKey::kSize);
    EXPECT_TRUE(seen.insert(ToBytes(key.view())).second) << "repeated key at draw " << i;
  }
  EXPECT_FALSE(seen.contains(Bytes(SecretKey::kSize, 0)));
}

TEST(SecretKey, CloneHasTheSameBytesInOtherMemory) {
  SecretKey key = SecretKey::Generate();
  SecretKey clone = key.Clone();
  EXPECT_EQ(ToBytes(clone.view()), ToBytes(key.view()));
  EXPECT_NE(clone.view().data(), key.view().data());
}

}  // namespace
}  // namespace casevault::crypto
