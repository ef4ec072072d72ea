// The Merkle tree of the access log: RFC 6962 (Certificate Transparency) hashing, proofs and
// their verification.
//
// Hashes follow RFC 6962 section 2.1 exactly, so an auditor can check every proof with standard
// tools: a leaf (an entry) hashes as SHA-256(0x00 || entry), an inner node as
// SHA-256(0x01 || left || right) and the empty tree as SHA-256(""). A tree of n > 1 leaves
// splits at k, the largest power of two below n: its left part is the perfect subtree of leaves
// [0, k), its right part the tree of the other n - k. Every hash a root or a proof needs is
// therefore made of perfect subtrees, which a MerkleNodeSource keeps; each root or proof reads
// O(log n) of them. The verifiers need nothing but the hashes (RFC 9162 sections 2.1.3.2 and
// 2.1.4.2): a client checks what the server sends without trusting it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/base/status.h"
#include "casevault/crypto/sha256.h"

namespace casevault::sync {

// A node of the tree: the SHA-256 of a leaf or of two children.
using MerkleHash = crypto::Sha256Digest;

// The RFC 6962 hash of a leaf holding `entry`: SHA-256(0x00 || entry).
MerkleHash MerkleLeafHash(ByteView entry);
// The RFC 6962 hash of an inner node: SHA-256(0x01 || left || right).
MerkleHash MerkleNodeHash(const MerkleHash& left, const MerkleHash& right);

// Where the hashes of perfect subtrees are kept: the memory tree below, and the server's
// database.
class MerkleNodeSource {
 public:
  virtual ~MerkleNodeSource() = default;

  // The hash of the perfect subtree of leaves [index * 2^level, (index + 1) * 2^level); level 0
  // gives leaf hashes. NotFound when the source does not hold that subtree (its leaves are not
  // all appended yet); a storage failure otherwise.
  virtual Result<MerkleHash> PerfectSubtree(uint32_t level, uint64_t index) = 0;

 protected:
  // Implementations may be copied or moved (the interface holds no state).
  MerkleNodeSource() = default;
  MerkleNodeSource(const MerkleNodeSource&) = default;
  MerkleNodeSource(MerkleNodeSource&&) = default;
  MerkleNodeSource& operator=(const MerkleNodeSource&) = default;
  MerkleNodeSource& operator=(MerkleNodeSource&&) = default;
};

// The root of the tree of the first `tree_size` leaves of `source` (SHA-256("") for 0), from at
// most 64 lookups; the source's error when it lacks a subtree.
Result<MerkleHash> MerkleRoot(MerkleNodeSource& source, uint64_t tree_size);

// The audit path of leaf `leaf_index` in the tree of the first `tree_size` leaves (RFC 6962
// 2.1.1 PATH), sibling hashes from the leaf up, from O(log tree_size) lookups. InvalidArgument
// when leaf_index >= tree_size; the source's error when it lacks a subtree.
Result<std::vector<MerkleHash>> InclusionProof(MerkleNodeSource& source, uint64_t leaf_index,
                                               uint64_t tree_size);

// The proof that the tree of the first `old_size` leaves is a prefix of the tree of the first
// `new_size` (RFC 6962 2.1.2 PROOF), from O(log new_size) lookups; empty when the sizes are
// equal. InvalidArgument when old_size is 0 (every tree extends the empty one: there is nothing
// to prove) or greater than new_size; the source's error when it lacks a subtree.
Result<std::vector<MerkleHash>> ConsistencyProof(MerkleNodeSource& source, uint64_t old_size,
                                                 uint64_t new_size);

// OK when `proof` shows that the leaf hashing to `leaf_hash` is leaf `leaf_index` of the tree of
// `tree_size` leaves whose root is `root` (RFC 9162 2.1.3.2). Otherwise AuthenticationFailed,
// naming the failed check: an index outside the tree, a proof with too many or too few hashes,
// or a computed root that differs from `root`.
Status VerifyInclusion(const MerkleHash& leaf_hash, uint64_t leaf_index, uint64_t tree_size,
                       std::span<const MerkleHash> proof, const MerkleHash& root);

// OK when `proof` shows that the tree of `old_size` leaves with root `old_root` is a prefix of
// the tree of `new_size` leaves with root `new_root` (RFC 9162 2.1.4.2; for equal sizes, an
// empty proof and equal roots). Otherwise AuthenticationFailed, naming the failed check: sizes
// that cannot be consistent (an old size of 0, or above the new size), a proof with too many or
// too few hashes, or a computed old or new root that differs from the one given.
Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const MerkleHash& old_root,
                         const MerkleHash& new_root, std::span<const MerkleHash> proof);

// An append-only tree in memory that keeps the hash of every perfect subtree as leaves arrive
// (about two hashes per leaf), for tests and benchmarks; the server keeps the same hashes in
// its database.
class MemoryMerkleTree final : public MerkleNodeSource {
 public:
  // Appends `entry` as the next leaf and returns its index; amortised O(1) hashes.
  uint64_t Append(ByteView entry);
  // The number of leaves appended.
  uint64_t size() const;
  // The root of the whole tree (SHA-256("") while empty).
  MerkleHash Root() const;

  // NotFound when the subtree's leaves are not all appended yet.
  Result<MerkleHash> PerfectSubtree(uint32_t level, uint64_t index) override;

 private:
  // levels_[l][i] is the hash of leaves [i * 2^l, (i + 1) * 2^l).
  std::vector<std::vector<MerkleHash>> levels_;
};

}  // namespace casevault::sync
