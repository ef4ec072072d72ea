#include "casevault/sync/merkle_tree.h"

#include <algorithm>
#include <bit>
#include <string>

namespace casevault::sync {
namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

// Where RFC 6962 splits a tree of `size` >= 2 leaves: the largest power of two below `size`.
uint64_t SplitPoint(uint64_t size) { return std::bit_floor(size - 1); }

// The RFC 6962 hash of leaves [begin, end), begin < end, as a subtree of the tree starting at
// `begin`: `begin` is a multiple of bit_floor(end - begin), as for every subtree RFC 6962's
// recursion meets. Such a range is the perfect subtrees given by the binary digits of its size,
// largest first, and hashes as H(P1, H(P2, ... Pk)); built here from the smallest (rightmost)
// up, with one lookup of `perfect` (level, index -> Result<MerkleHash>) per piece.
template <typename PerfectFn>
Result<MerkleHash> RangeHash(uint64_t begin, uint64_t end, PerfectFn&& perfect) {
  const uint64_t size = end - begin;
  uint64_t piece_begin = end;
  MerkleHash hash{};
  bool rightmost = true;
  for (uint32_t level = 0; level < 64; ++level) {
    const uint64_t width = uint64_t{1} << level;
    if ((size & width) == 0) continue;
    piece_begin -= width;
    CV_ASSIGN_OR_RETURN(const MerkleHash piece, perfect(level, piece_begin >> level));
    hash = rightmost ? piece : MerkleNodeHash(piece, hash);
    rightmost = false;
  }
  return hash;
}

// The root of the first `tree_size` leaves, whose perfect subtrees `perfect` looks up.
template <typename PerfectFn>
Result<MerkleHash> RootHash(uint64_t tree_size, PerfectFn&& perfect) {
  if (tree_size == 0) return crypto::Sha256({});
  return RangeHash(0, tree_size, perfect);
}

// Looks perfect subtrees up in `source`, for RangeHash and RootHash.
auto LookupIn(MerkleNodeSource& source) {
  return [&source](uint32_t level, uint64_t index) { return source.PerfectSubtree(level, index); };
}

// RangeHash over the perfect subtrees of `source`.
Result<MerkleHash> SubtreeHash(MerkleNodeSource& source, uint64_t begin, uint64_t end) {
  return RangeHash(begin, end, LookupIn(source));
}

// RFC 6962's descent from the whole tree towards a leaf or the end of a prefix: at each step
// the current subtree [begin, end) splits, the walk goes into one half and the other half's hash
// joins the proof.
class Descent {
 public:
  explicit Descent(uint64_t tree_size) : end_(tree_size) {}

  uint64_t begin() const { return begin_; }
  uint64_t end() const { return end_; }
  // Where the current subtree splits (it holds at least two leaves).
  uint64_t split() const { return begin_ + SplitPoint(end_ - begin_); }

  // Descends into the left half (`left` true) or the right, adding the other half's hash to
  // `proof`.
  Status Step(MerkleNodeSource& source, bool left, std::vector<MerkleHash>& proof) {
    const uint64_t split_at = split();
    CV_ASSIGN_OR_RETURN(const MerkleHash sibling, left ? SubtreeHash(source, split_at, end_)
                                                       : SubtreeHash(source, begin_, split_at));
    proof.push_back(sibling);
    (left ? end_ : begin_) = split_at;
    return Status::Ok();
  }

 private:
  uint64_t begin_ = 0;
  uint64_t end_;
};

// The walk both RFC 9162 verifiers make up a path of sibling hashes. fn is the index on its
// level of the node built so far, sn the index of that level's last node; a sibling is on the
// left when fn is odd or the node is the last of its level. For each hash of `path`,
// `fold(hash, on_left)` combines it with what the caller has built. AuthenticationFailed, with
// `what` and the reason, when the path reaches the root before it ends or ends below the root.
template <typename FoldFn>
Status FoldPath(std::span<const MerkleHash> path, uint64_t fn, uint64_t sn, const std::string& what,
                FoldFn&& fold) {
  for (const MerkleHash& hash : path) {
    if (sn == 0) return AuthenticationFailedError(what + ": the proof has too many hashes");
    const bool on_left = (fn & 1) == 1 || fn == sn;
    fold(hash, on_left);
    // A left sibling with fn even means the node is the last of its level: it has no sibling
    // on the levels above until fn becomes odd (or the node is the leftmost).
    while (on_left && fn != 0 && (fn & 1) == 0) {
      fn >>= 1;
      sn >>= 1;
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return AuthenticationFailedError(what + ": the proof has too few hashes");
  return Status::Ok();
}

}  // namespace

MerkleHash MerkleLeafHash(ByteView entry) {
  crypto::Sha256Hasher hasher;
  hasher.Update(ByteView(&kLeafPrefix, 1));
  hasher.Update(entry);
  return hasher.Finish();
}

MerkleHash MerkleNodeHash(const MerkleHash& left, const MerkleHash& right) {
  crypto::Sha256Hasher hasher;
  hasher.Update(ByteView(&kNodePrefix, 1));
  hasher.Update(left);
  hasher.Update(right);
  return hasher.Finish();
}

Result<MerkleHash> MerkleRoot(MerkleNodeSource& source, uint64_t tree_size) {
  return RootHash(tree_size, LookupIn(source));
}

Result<std::vector<MerkleHash>> InclusionProof(MerkleNodeSource& source, uint64_t leaf_index,
                                               uint64_t tree_size) {
  if (leaf_index >= tree_size) {
    return InvalidArgumentError("no inclusion proof for leaf " + std::to_string(leaf_index) +
                                " in a tree of " + std::to_string(tree_size) +
                                " leaves: leaves are numbered from 0 to size - 1");
  }
  // PATH(m, D[n]) is PATH within the half holding m, followed by the other half's hash: walking
  // down from the root collects the path from the top, and the proof lists it from the leaf.
  // Only the first step into a left half has a right sibling that is not a perfect subtree (one
  // lookup per binary digit of its size); every other step reads one subtree.
  std::vector<MerkleHash> path;
  Descent descent(tree_size);
  while (descent.end() - descent.begin() > 1) {
    CV_RETURN_IF_ERROR(descent.Step(source, leaf_index < descent.split(), path));
  }
  std::reverse(path.begin(), path.end());
  return path;
}

Result<std::vector<MerkleHash>> ConsistencyProof(MerkleNodeSource& source, uint64_t old_size,
                                                 uint64_t new_size) {
  if (old_size == 0) {
    return InvalidArgumentError(
        "no consistency proof from an empty tree: every tree extends it, so compare the new "
        "root alone");
  }
  if (old_size > new_size) {
    return InvalidArgumentError("no consistency proof from size " + std::to_string(old_size) +
                                " to the smaller size " + std::to_string(new_size) +
                                ": a log only grows");
  }
  // SUBPROOF(m, D[n], b) walks down the tree towards the end of the old tree, collecting the
  // other half at every step. It stops at the subtree that ends where the old tree ends; that
  // subtree's hash is needed too unless it is the whole old tree (b still true: the walk has
  // only gone left), whose root the verifier already holds.
  std::vector<MerkleHash> proof;
  Descent descent(new_size);
  bool whole_old_tree = true;
  while (descent.end() != old_size) {
    const bool left = old_size <= descent.split();
    whole_old_tree = whole_old_tree && left;
    CV_RETURN_IF_ERROR(descent.Step(source, left, proof));
  }
  if (!whole_old_tree) {
    CV_ASSIGN_OR_RETURN(const MerkleHash subtree,
                        SubtreeHash(source, descent.begin(), descent.end()));
    proof.push_back(subtree);
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Status VerifyInclusion(const MerkleHash& leaf_hash, uint64_t leaf_index, uint64_t tree_size,
                       std::span<const MerkleHash> proof, const MerkleHash& root) {
  const std::string what = "inclusion proof of leaf " + std::to_string(leaf_index) +
                           " in a tree of " + std::to_string(tree_size) + " leaves";
  if (leaf_index >= tree_size) {
    return AuthenticationFailedError(what + ": the tree has no such leaf");
  }
  // RFC 9162 2.1.3.2: fold the path from the leaf up, then compare with the root.
  MerkleHash r = leaf_hash;
  CV_RETURN_IF_ERROR(FoldPath(
      proof, leaf_index, tree_size - 1, what, [&r](const MerkleHash& sibling, bool on_left) {
        r = on_left ? MerkleNodeHash(sibling, r) : MerkleNodeHash(r, sibling);
      }));
  if (r != root) {
    return AuthenticationFailedError(what + ": the root computed from the proof is " + ToHex(r) +
                                     ", not the expected " + ToHex(root));
  }
  return Status::Ok();
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const MerkleHash& old_root,
                         const MerkleHash& new_root, std::span<const MerkleHash> proof) {
  const std::string what =
      "consistency proof from size " + std::to_string(old_size) + " to " + std::to_string(new_size);
  if (old_size == 0) {
    return AuthenticationFailedError(
        what + ": nothing to verify from an empty tree; compare the new root alone");
  }
  if (old_size > new_size) {
    return AuthenticationFailedError(what + ": the log shrank");
  }
  if (old_size == new_size) {
    if (!proof.empty()) {
      return AuthenticationFailedError(what + ": the proof must be empty for equal sizes, it has " +
                                       std::to_string(proof.size()) + " hashes");
    }
    if (old_root != new_root) {
      return AuthenticationFailedError(what + ": two different roots for the same size");
    }
    return Status::Ok();
  }
  if (proof.empty()) {
    return AuthenticationFailedError(what + ": the proof is empty");
  }
  // RFC 9162 2.1.4.2. When the old tree is perfect, its root is the first node of the path and
  // the proof leaves it out. fr rebuilds the old root, sr the new one, from the same path.
  const bool old_is_perfect = std::has_single_bit(old_size);
  MerkleHash fr = old_is_perfect ? old_root : proof.front();
  MerkleHash sr = fr;
  // The path starts at the lowest level where the old tree's last node is a left child or
  // alone.
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  // A hash on the left is part of the old tree too; one on the right was appended after it.
  CV_RETURN_IF_ERROR(FoldPath(old_is_perfect ? proof : proof.subspan(1), fn, sn, what,
                              [&fr, &sr](const MerkleHash& c, bool on_left) {
                                if (on_left) fr = MerkleNodeHash(c, fr);
                                sr = on_left ? MerkleNodeHash(c, sr) : MerkleNodeHash(sr, c);
                              }));
  if (fr != old_root) {
    return AuthenticationFailedError(what + ": the proof does not lead to the old root " +
                                     ToHex(old_root) + ": the old tree is not a prefix");
  }
  if (sr != new_root) {
    return AuthenticationFailedError(what + ": the proof does not lead to the new root " +
                                     ToHex(new_root));
  }
  return Status::Ok();
}

uint64_t MemoryMerkleTree::Append(ByteView entry) {
  const uint64_t index = size();
  // A new leaf completes a perfect subtree on every level where it makes the count even.
  MerkleHash hash = MerkleLeafHash(entry);
  for (size_t level = 0;; ++level) {
    if (level == levels_.size()) levels_.emplace_back();
    std::vector<MerkleHash>& nodes = levels_[level];
    nodes.push_back(hash);
    if (nodes.size() % 2 == 1) break;
    hash = MerkleNodeHash(nodes[nodes.size() - 2], nodes.back());
  }
  return index;
}

uint64_t MemoryMerkleTree::size() const { return levels_.empty() ? 0 : levels_[0].size(); }

MerkleHash MemoryMerkleTree::Root() const {
  // Every perfect subtree of the whole tree is held, so the lookups cannot fail.
  return RootHash(size(),
                  [this](uint32_t level, uint64_t index) -> Result<MerkleHash> {
                    return levels_[level][index];
                  })
      .value();
}

Result<MerkleHash> MemoryMerkleTree::PerfectSubtree(uint32_t level, uint64_t index) {
  if (level >= levels_.size() || index >= levels_[level].size()) {
    return NotFoundError("no perfect subtree at level " + std::to_string(level) + ", index " +
                         std::to_string(index) + " in a Merkle tree of " + std::to_string(size()) +
                         " leaves");
  }
  return levels_[level][index];
}

}  // namespace casevault::sync
