#include "casevault/sync/merkle_tree.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "testing/bytes.h"

namespace casevault::sync {
namespace {

using casevault::testing::PatternBytes;
using Proof = std::vector<MerkleHash>;

MerkleHash Hash(std::string_view hex) {
  MerkleHash hash{};
  EXPECT_TRUE(ParseHex(hex, hash)) << hex;
  return hash;
}

Proof Hashes(std::initializer_list<std::string_view> hexes) {
  Proof hashes;
  for (std::string_view hex : hexes) hashes.push_back(Hash(hex));
  return hashes;
}

// The certificate-transparency reference tree. Leaf inputs, node hashes and roots are
// transparency-dev/merkle testonly/constants.go (LeafInputs, NodeHashes, RootHashes); the proofs
// are transparency-dev/merkle proof/verify_test.go (inclusionProofs, whose leaf numbers there
// count from 1, and consistencyProofs), the vectors of Google's certificate-transparency C++
// merkle_tree_test.cc.
std::vector<Bytes> ReferenceLeaves() {
  return {{},
          {0x00},
          {0x10},
          {0x20, 0x21},
          {0x30, 0x31},
          {0x40, 0x41, 0x42, 0x43},
          {0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57},
          {0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e,
           0x6f}};
}

// Roots of the reference tree's first 0 to 8 leaves.
Proof ReferenceRoots() {
  return Hashes({"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                 "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                 "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                 "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                 "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                 "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                 "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                 "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"});
}

// A published proof: of leaf `first` in a tree of `second` leaves, or from size `first` to
// size `second`.
struct ProofVector {
  uint64_t first;
  uint64_t second;
  Proof proof;
};

MemoryMerkleTree ReferenceTree() {
  MemoryMerkleTree tree;
  for (const Bytes& leaf : ReferenceLeaves()) tree.Append(leaf);
  return tree;
}

// The first `count` entries of a log whose entries all differ.
std::vector<Bytes> Entries(size_t count, uint8_t seed = 0) {
  std::vector<Bytes> entries;
  for (size_t i = 0; i < count; ++i) {
    Bytes entry = PatternBytes(i % 41, seed);
    entry.push_back(seed);
    AppendU64(entry, i);
    entries.push_back(entry);
  }
  return entries;
}

MemoryMerkleTree TreeOf(const std::vector<Bytes>& entries) {
  MemoryMerkleTree tree;
  for (const Bytes& entry : entries) tree.Append(entry);
  return tree;
}

// RFC 6962 section 2.1 as written: MTH, PATH and PROOF/SUBPROOF by recursion over D[begin:end],
// hashing with SHA-256 directly rather than through the functions under test.
class Rfc6962Reference {
 public:
  explicit Rfc6962Reference(const std::vector<Bytes>& entries) {
    for (const Bytes& entry : entries) {
      Bytes prefixed = {0x00};
      prefixed.insert(prefixed.end(), entry.begin(), entry.end());
      leaves_.push_back(crypto::Sha256(prefixed));
    }
  }

  // MTH(D[begin:end]).
  MerkleHash Mth(uint64_t begin, uint64_t end) const {
    const uint64_t n = end - begin;
    if (n == 0) return crypto::Sha256({});
    if (n == 1) return leaves_[begin];
    const uint64_t k = LargestPowerOfTwoBelow(n);
    return Node(Mth(begin, begin + k), Mth(begin + k, end));
  }

  // PATH(m, D[0:n]).
  Proof Path(uint64_t m, uint64_t n) const { return Path(m, 0, n); }
  // PROOF(m, D[0:n]).
  Proof Consistency(uint64_t m, uint64_t n) const { return Subproof(m, 0, n, true); }

 private:
  static uint64_t LargestPowerOfTwoBelow(uint64_t n) {
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  static MerkleHash Node(const MerkleHash& left, const MerkleHash& right) {
    Bytes prefixed = {0x01};
    prefixed.insert(prefixed.end(), left.begin(), left.end());
    prefixed.insert(prefixed.end(), right.begin(), right.end());
    return crypto::Sha256(prefixed);
  }

  // PATH(m, D[begin:end]), m counted from begin.
  Proof Path(uint64_t m, uint64_t begin, uint64_t end) const {
    const uint64_t n = end - begin;
    if (n == 1) return {};
    const uint64_t k = LargestPowerOfTwoBelow(n);
    if (m < k) {
      Proof path = Path(m, begin, begin + k);
      path.push_back(Mth(begin + k, end));
      return path;
    }
    Proof path = Path(m - k, begin + k, end);
    path.push_back(Mth(begin, begin + k));
    return path;
  }

  // SUBPROOF(m, D[begin:end], b), m counted from begin.
  Proof Subproof(uint64_t m, uint64_t begin, uint64_t end, bool b) const {
    const uint64_t n = end - begin;
    if (m == n) return b ? Proof{} : Proof{Mth(begin, end)};
    const uint64_t k = LargestPowerOfTwoBelow(n);
    if (m <= k) {
      Proof proof = Subproof(m, begin, begin + k, b);
      proof.push_back(Mth(begin + k, end));
      return proof;
    }
    Proof proof = Subproof(m - k, begin + k, end, false);
    proof.push_back(Mth(begin, begin + k));
    return proof;
  }

  std::vector<MerkleHash> leaves_;
};

// A source that counts the lookups made through it.
class CountingSource final : public MerkleNodeSource {
 public:
  explicit CountingSource(MerkleNodeSource& inner) : inner_(inner) {}

  Result<MerkleHash> PerfectSubtree(uint32_t level, uint64_t index) override {
    ++lookups_;
    return inner_.PerfectSubtree(level, index);
  }
  // Lookups since the last call.
  size_t TakeLookups() { return std::exchange(lookups_, 0); }

 private:
  MerkleNodeSource& inner_;
  size_t lookups_ = 0;
};

Proof InclusionOk(MerkleNodeSource& source, uint64_t leaf_index, uint64_t tree_size) {
  Result<Proof> proof = InclusionProof(source, leaf_index, tree_size);
  EXPECT_TRUE(proof.ok()) << proof.status().ToString();
  return proof.ok() ? *proof : Proof{};
}

Proof ConsistencyOk(MerkleNodeSource& source, uint64_t old_size, uint64_t new_size) {
  Result<Proof> proof = ConsistencyProof(source, old_size, new_size);
  EXPECT_TRUE(proof.ok()) << proof.status().ToString();
  return proof.ok() ? *proof : Proof{};
}

MerkleHash RootOk(MerkleNodeSource& source, uint64_t tree_size) {
  Result<MerkleHash> root = MerkleRoot(source, tree_size);
  EXPECT_TRUE(root.ok()) << root.status().ToString();
  return root.ok() ? *root : MerkleHash{};
}

// Every proof that differs from `proof` by one hash altered, removed or added.
std::vector<Proof> Mutations(const Proof& proof, const MerkleHash& extra) {
  std::vector<Proof> mutations;
  for (size_t i = 0; i < proof.size(); ++i) {
    Proof altered = proof;
    altered[i][i % altered[i].size()] ^= 0x10;
    mutations.push_back(altered);
    Proof removed = proof;
    removed.erase(removed.begin() + static_cast<ptrdiff_t>(i));
    mutations.push_back(removed);
  }
  for (size_t i = 0; i <= proof.size(); ++i) {
    Proof longer = proof;
    longer.insert(longer.begin() + static_cast<ptrdiff_t>(i), extra);
    mutations.push_back(longer);
  }
  for (size_t i = 0; i < proof.size(); ++i) {
    Proof repeated = proof;
    repeated.insert(repeated.begin() + static_cast<ptrdiff_t>(i), proof[i]);
    mutations.push_back(repeated);
  }
  return mutations;
}

void ExpectRefused(const Status& status, const std::string& what) {
  EXPECT_EQ(status.code(), StatusCode::kAuthenticationFailed) << what << ": " << status.ToString();
}

TEST(MerkleHashes, LeafNodeAndEmptyTreeHashesFollowRfc6962) {
  const Proof roots = ReferenceRoots();
  EXPECT_EQ(MerkleLeafHash({}), roots[1]);
  EXPECT_EQ(MerkleNodeHash(MerkleLeafHash({}), MerkleLeafHash(ReferenceLeaves()[1])), roots[2]);
  MemoryMerkleTree empty;
  EXPECT_EQ(empty.Root(), roots[0]);
  EXPECT_EQ(RootOk(empty, 0), roots[0]);
  // The prefixes keep a leaf and a node over the same bytes apart.
  const MerkleHash a = MerkleLeafHash({});
  Bytes both(a.begin(), a.end());
  both.insert(both.end(), a.begin(), a.end());
  EXPECT_NE(MerkleLeafHash(both), MerkleNodeHash(a, a));
}

TEST(MerkleTree, RootsOfEveryPrefixMatchTheReferenceVectors) {
  const Proof roots = ReferenceRoots();
  MemoryMerkleTree tree;
  EXPECT_EQ(tree.Root(), roots[0]);
  for (const Bytes& leaf : ReferenceLeaves()) {
    const uint64_t index = tree.Append(leaf);
    EXPECT_EQ(index, tree.size() - 1);
    EXPECT_EQ(tree.Root(), roots[tree.size()]) << "size " << tree.size();
  }
  for (uint64_t size = 0; size <= 8; ++size) {
    EXPECT_EQ(RootOk(tree, size), roots[size]) << "size " << size;
  }
}

TEST(MerkleTree, PerfectSubtreesMatchTheReferenceNodeHashes) {
  const std::vector<Proof> levels = {
      Hashes({"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
              "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
              "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
              "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
              "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
              "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
              "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
              "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"}),
      Hashes({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
              "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
              "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
              "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"}),
      Hashes({"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
              "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}),
      Hashes({"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"}),
  };
  MemoryMerkleTree tree = ReferenceTree();
  for (uint32_t level = 0; level < levels.size(); ++level) {
    for (uint64_t index = 0; index < levels[level].size(); ++index) {
      Result<MerkleHash> hash = tree.PerfectSubtree(level, index);
      ASSERT_TRUE(hash.ok()) << hash.status().ToString();
      EXPECT_EQ(*hash, levels[level][index]) << "level " << level << " index " << index;
    }
  }
}

TEST(MerkleTree, InclusionProofsMatchTheReferenceVectors) {
  const std::vector<ProofVector> vectors = {
      {0, 1, {}},
      {0, 8,
       Hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {5, 8,
       Hashes({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
               "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 3, Hashes({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})},
      {1, 5,
       Hashes({"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
  };
  const std::vector<Bytes> leaves = ReferenceLeaves();
  const Proof roots = ReferenceRoots();
  MemoryMerkleTree tree = ReferenceTree();
  for (const auto& [leaf_index, tree_size, proof] : vectors) {
    const std::string what =
        "leaf " + std::to_string(leaf_index) + " of " + std::to_string(tree_size);
    EXPECT_EQ(InclusionOk(tree, leaf_index, tree_size), proof) << what;
    const Status verified = VerifyInclusion(MerkleLeafHash(leaves[leaf_index]), leaf_index,
                                            tree_size, proof, roots[tree_size]);
    EXPECT_TRUE(verified.ok()) << what << ": " << verified.ToString();
  }
}

TEST(MerkleTree, ConsistencyProofsMatchTheReferenceVectors) {
  const std::vector<ProofVector> vectors = {
      {1, 1, {}},
      {1, 8,
       Hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {6, 8,
       Hashes({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
               "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 5,
       Hashes({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
      {6, 7,
       Hashes({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
               "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
  };
  const Proof roots = ReferenceRoots();
  MemoryMerkleTree tree = ReferenceTree();
  for (const auto& [old_size, new_size, proof] : vectors) {
    const std::string what = "from " + std::to_string(old_size) + " to " + std::to_string(new_size);
    EXPECT_EQ(ConsistencyOk(tree, old_size, new_size), proof) << what;
    const Status verified =
        VerifyConsistency(old_size, new_size, roots[old_size], roots[new_size], proof);
    EXPECT_TRUE(verified.ok()) << what << ": " << verified.ToString();
  }
}

TEST(MerkleTree, RootsAndProofsEqualTheRfc6962DefinitionsForEverySizeUpTo130) {
  const std::vector<Bytes> entries = Entries(130);
  const Rfc6962Reference reference(entries);
  MemoryMerkleTree tree = TreeOf(entries);
  Proof roots;
  for (uint64_t n = 0; n <= entries.size(); ++n) roots.push_back(reference.Mth(0, n));
  for (uint64_t n = 1; n <= entries.size(); ++n) {
    const MerkleHash& root = roots[n];
    ASSERT_EQ(RootOk(tree, n), root) << "size " << n;
    for (uint64_t m = 0; m < n; ++m) {
      const Proof path = InclusionOk(tree, m, n);
      ASSERT_EQ(path, reference.Path(m, n)) << "leaf " << m << " of " << n;
      const Status verified = VerifyInclusion(MerkleLeafHash(entries[m]), m, n, path, root);
      ASSERT_TRUE(verified.ok()) << verified.ToString();
    }
    for (uint64_t m = 1; m <= n; ++m) {
      const Proof proof = ConsistencyOk(tree, m, n);
      ASSERT_EQ(proof, reference.Consistency(m, n)) << "from " << m << " to " << n;
      const Status verified = VerifyConsistency(m, n, roots[m], root, proof);
      ASSERT_TRUE(verified.ok()) << verified.ToString();
    }
  }
  EXPECT_EQ(tree.Root(), roots.back());
}

TEST(MerkleTree, RootsAndProofsReadLogarithmicallyManySubtrees) {
  MemoryMerkleTree tree = TreeOf(Entries(4100));
  CountingSource counting(tree);
  std::vector<uint64_t> sizes;
  for (uint64_t n = 1; n <= 130; ++n) sizes.push_back(n);
  for (uint64_t n : {1023, 1024, 1025, 2047, 4095, 4096, 4097, 4100}) sizes.push_back(n);
  for (uint64_t n : sizes) {
    // A root is one lookup per binary digit of n; a proof is at most one per level plus one per
    // binary digit of the range left over at the tree's right edge.
    const size_t bound = 2 * static_cast<size_t>(std::bit_width(n)) + 1;
    RootOk(counting, n);
    EXPECT_EQ(counting.TakeLookups(), static_cast<size_t>(std::popcount(n))) << "root of " << n;
    for (uint64_t m = 0; m < n; m += 1 + n / 64) {
      InclusionOk(counting, m, n);
      EXPECT_LE(counting.TakeLookups(), bound) << "inclusion of " << m << " in " << n;
      ConsistencyOk(counting, m + 1, n);
      EXPECT_LE(counting.TakeLookups(), bound) << "consistency from " << m + 1 << " to " << n;
    }
  }
}

TEST(MerkleTree, AlteredRemovedOrAddedProofHashesFailVerification) {
  const std::vector<Bytes> entries = Entries(48);
  MemoryMerkleTree tree = TreeOf(entries);
  const MerkleHash extra = MerkleLeafHash(AsBytes("not in the log"));
  for (uint64_t n = 1; n <= entries.size(); ++n) {
    const MerkleHash root = RootOk(tree, n);
    for (uint64_t m = 0; m < n; ++m) {
      const MerkleHash leaf = MerkleLeafHash(entries[m]);
      for (const Proof& wrong : Mutations(InclusionOk(tree, m, n), extra)) {
        ExpectRefused(
            VerifyInclusion(leaf, m, n, wrong, root),
            "changed inclusion proof of " + std::to_string(m) + " in " + std::to_string(n));
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      const MerkleHash old_root = RootOk(tree, m);
      for (const Proof& wrong : Mutations(ConsistencyOk(tree, m, n), extra)) {
        ExpectRefused(
            VerifyConsistency(m, n, old_root, root, wrong),
            "changed consistency proof from " + std::to_string(m) + " to " + std::to_string(n));
      }
    }
  }
}

TEST(MerkleTree, AProofChecksOnlyForItsOwnIndexAndSizes) {
  // A checkpoint pairs a size with its root, so a wrong size is tried with that size's root: an
  // inclusion proof ties a leaf to a root, and the size only shapes how the path is folded.
  const std::vector<Bytes> entries = Entries(40);
  MemoryMerkleTree tree = TreeOf(entries);
  const uint64_t max = entries.size();
  Proof roots;
  for (uint64_t n = 0; n <= max; ++n) roots.push_back(RootOk(tree, n));
  for (uint64_t n = 1; n <= max; ++n) {
    for (uint64_t m = 0; m < n; ++m) {
      const Proof path = InclusionOk(tree, m, n);
      const MerkleHash leaf = MerkleLeafHash(entries[m]);
      for (uint64_t other = 0; other <= max; ++other) {
        if (other != m) {
          ExpectRefused(VerifyInclusion(leaf, other, n, path, roots[n]),
                        "leaf " + std::to_string(m) + " of " + std::to_string(n) + " as leaf " +
                            std::to_string(other));
        }
        if (other != n && other > 0) {
          ExpectRefused(VerifyInclusion(leaf, m, other, path, roots[other]),
                        "leaf " + std::to_string(m) + " of " + std::to_string(n) + " as of " +
                            std::to_string(other));
        }
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      const Proof proof = ConsistencyOk(tree, m, n);
      const std::string what = "proof from " + std::to_string(m) + " to " + std::to_string(n);
      for (uint64_t other = 1; other <= max; ++other) {
        if (other != m) {
          ExpectRefused(VerifyConsistency(other, n, roots[other], roots[n], proof),
                        what + " used from " + std::to_string(other));
        }
        if (other != n) {
          ExpectRefused(VerifyConsistency(m, other, roots[m], roots[other], proof),
                        what + " used to " + std::to_string(other));
        }
      }
      if (m < n) {
        ExpectRefused(VerifyConsistency(m, n, roots[n], roots[m], proof),
                      what + " with the roots swapped");
      }
    }
  }
}

TEST(MerkleTree, ARootOrLeafOfAnotherTreeFailsVerification) {
  const std::vector<Bytes> entries = Entries(33);
  const std::vector<Bytes> others = Entries(33, /*seed=*/7);
  MemoryMerkleTree tree = TreeOf(entries);
  MemoryMerkleTree other = TreeOf(others);
  for (uint64_t n = 1; n <= entries.size(); ++n) {
    const MerkleHash root = RootOk(tree, n);
    const MerkleHash other_root = RootOk(other, n);
    for (uint64_t m = 0; m < n; ++m) {
      const Proof path = InclusionOk(tree, m, n);
      ExpectRefused(VerifyInclusion(MerkleLeafHash(entries[m]), m, n, path, other_root),
                    "another tree's root");
      ExpectRefused(VerifyInclusion(MerkleLeafHash(others[m]), m, n, path, root),
                    "another tree's leaf");
      ExpectRefused(VerifyInclusion(MerkleLeafHash(entries[m]), m, n, path, crypto::Sha256({})),
                    "the empty tree's root");
    }
    for (uint64_t m = 1; m < n; ++m) {
      const Proof proof = ConsistencyOk(tree, m, n);
      ExpectRefused(VerifyConsistency(m, n, RootOk(other, m), root, proof), "another old root");
      ExpectRefused(VerifyConsistency(m, n, RootOk(tree, m), other_root, proof),
                    "another new root");
    }
  }
}

TEST(MerkleTree, ATreeWithAnEarlierEntryRewrittenIsNotConsistentWithTheOriginal) {
  const std::vector<Bytes> entries = Entries(40);
  MemoryMerkleTree original = TreeOf(entries);
  for (uint64_t changed : {0, 1, 7, 8, 20, 39}) {
    std::vector<Bytes> rewritten_entries = entries;
    rewritten_entries[changed].push_back(0xff);
    MemoryMerkleTree rewritten = TreeOf(rewritten_entries);
    for (uint64_t n = changed + 1; n <= entries.size(); ++n) {
      for (uint64_t m = 1; m <= n; ++m) {
        const MerkleHash old_root = RootOk(original, m);
        const MerkleHash new_root = RootOk(rewritten, n);
        const Status from_rewritten =
            VerifyConsistency(m, n, old_root, new_root, ConsistencyOk(rewritten, m, n));
        const Status from_original =
            VerifyConsistency(m, n, old_root, new_root, ConsistencyOk(original, m, n));
        const std::string what = "entry " + std::to_string(changed) + " rewritten, from " +
                                 std::to_string(m) + " to " + std::to_string(n);
        if (changed < m) {
          ExpectRefused(from_rewritten, what);
          ExpectRefused(from_original, what);
        } else {
          // Past the end of the old tree a different entry is a new entry, not a rewrite.
          EXPECT_TRUE(from_rewritten.ok()) << what << ": " << from_rewritten.ToString();
        }
      }
    }
  }
}

TEST(MerkleTree, EqualSizesNeedAnEmptyProofAndEqualRoots) {
  MemoryMerkleTree tree = ReferenceTree();
  const MerkleHash root = tree.Root();
  EXPECT_TRUE(VerifyConsistency(8, 8, root, root, {}).ok());
  ExpectRefused(VerifyConsistency(8, 8, root, RootOk(tree, 7), {}), "different roots");
  const Proof one = {root};
  ExpectRefused(VerifyConsistency(8, 8, root, root, one), "a non-empty proof");
}

TEST(MerkleTree, ImpossibleSizesFailVerification) {
  MemoryMerkleTree tree = ReferenceTree();
  const MerkleHash root = tree.Root();
  const MerkleHash empty = crypto::Sha256({});
  ExpectRefused(VerifyInclusion(MerkleLeafHash({}), 0, 0, {}, empty), "leaf of an empty tree");
  ExpectRefused(VerifyInclusion(MerkleLeafHash({}), 8, 8, InclusionOk(tree, 7, 8), root),
                "index equal to the size");
  ExpectRefused(VerifyConsistency(0, 8, empty, root, {}), "from an empty tree");
  ExpectRefused(VerifyConsistency(0, 0, empty, empty, {}), "between empty trees");
  ExpectRefused(VerifyConsistency(8, 7, root, RootOk(tree, 7), ConsistencyOk(tree, 7, 8)),
                "a shrinking log");
}

TEST(MerkleTree, RandomProofsNeverVerifyAndNeverCrash) {
  const uint32_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  const uint64_t edges[] = {0, 1, 2, 3, 63, 64, 65, uint64_t{1} << 63, kMax - 1, kMax};
  auto random_size = [&]() -> uint64_t {
    switch (rng() % 3) {
      case 0:
        return edges[rng() % std::size(edges)];
      case 1:
        return rng() % 200;
      default:
        return rng();
    }
  };
  auto random_hash = [&] {
    MerkleHash hash;
    for (uint8_t& b : hash) b = static_cast<uint8_t>(rng());
    return hash;
  };
  for (int trial = 0; trial < 20000; ++trial) {
    Proof proof(rng() % 70);
    for (MerkleHash& hash : proof) hash = random_hash();
    const uint64_t a = random_size();
    const uint64_t b = random_size();
    ExpectRefused(VerifyInclusion(random_hash(), a, b, proof, random_hash()),
                  "random inclusion " + std::to_string(a) + " of " + std::to_string(b));
    ExpectRefused(VerifyConsistency(a, b, random_hash(), random_hash(), proof),
                  "random consistency " + std::to_string(a) + " to " + std::to_string(b));
  }
}

TEST(MerkleTree, BadArgumentsAreRefusedWithInvalidArgument) {
  MemoryMerkleTree tree = ReferenceTree();
  EXPECT_EQ(InclusionProof(tree, 8, 8).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(InclusionProof(tree, 0, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(tree, 0, 8).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(tree, 0, 0).status().code(), StatusCode::kInvalidArgument);
  const Status shrinking = ConsistencyProof(tree, 8, 7).status();
  EXPECT_EQ(shrinking.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(shrinking.message().find("only grows"), std::string::npos) << shrinking.ToString();
  EXPECT_TRUE(ConsistencyOk(tree, 8, 8).empty());
}

TEST(MemoryMerkleTree, SubtreesNotYetCompleteAreNotFound) {
  MemoryMerkleTree tree = ReferenceTree();
  tree.Append(AsBytes("ninth"));
  EXPECT_TRUE(tree.PerfectSubtree(0, 8).ok());
  EXPECT_EQ(tree.PerfectSubtree(0, 9).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(tree.PerfectSubtree(1, 4).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(tree.PerfectSubtree(4, 0).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(tree.PerfectSubtree(63, 0).status().code(), StatusCode::kNotFound);
  // Proofs and roots beyond what the source holds pass its error on.
  EXPECT_EQ(MerkleRoot(tree, 10).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(InclusionProof(tree, 0, 12).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ConsistencyProof(tree, 3, 16).status().code(), StatusCode::kNotFound);
}

TEST(MemoryMerkleTree, AppendReturnsConsecutiveIndexesAndRootsTrackEveryPrefix) {
  const std::vector<Bytes> entries = Entries(70);
  const Rfc6962Reference reference(entries);
  MemoryMerkleTree tree;
  for (uint64_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(tree.Append(entries[i]), i);
    EXPECT_EQ(tree.size(), i + 1);
    EXPECT_EQ(tree.Root(), reference.Mth(0, i + 1)) << "size " << i + 1;
  }
}

}  // namespace
}  // namespace casevault::sync
