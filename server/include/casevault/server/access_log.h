// AccessLog: the server's fail-closed, tamper-evident log of every access to a case.
//
// Entries are numbered from 0 in arrival order and are the leaves of an RFC 6962 Merkle tree
// (sync/merkle_tree.h) whose leaf data is EncodeAccessEntry's bytes. The log keeps the entries
// and the hash of every perfect subtree in the server database, both written in the append's
// one transaction, so the size, the root and every proof take O(log n) indexed lookups.
// Appends go through the database's GroupCommit: concurrent appends share one transaction and
// one durable commit, each getting its own indexes, consecutive in commit order. An append
// returns once its entries are durable; one that cannot be stored (its own failure, or its
// group's) returns its error and stores nothing: the caller then refuses the request it was
// logging (fail closed). Signed checkpoints let clients hold the server to the history it has
// shown them: a rewritten or truncated log fails the consistency proof to an old checkpoint,
// and a changed entry fails its inclusion proof.
//
// Safe to use from several threads: reads run under the main connection's mutex, appends in
// the group commit, and each root, proof or checkpoint reads one state of the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "casevault/base/result.h"
#include "casevault/crypto/signing.h"
#include "casevault/server/access_entry.h"
#include "casevault/server/server_database.h"
#include "casevault/sync/checkpoint.h"
#include "casevault/sync/merkle_tree.h"

namespace casevault::server {

// A checkpoint with the server's signature of it (sync::SignCheckpoint).
struct SignedCheckpoint {
  sync::Checkpoint checkpoint;
  crypto::Signature signature{};
};

class AccessLog final : public sync::MerkleNodeSource {
 public:
  // The log in `database` (whose migrations made its tables), which must outlive it.
  explicit AccessLog(ServerDatabase& database) : database_(database) {}

  // Appends `entry` and the subtree hashes it completes; returns its index once they are
  // durable. InvalidArgument for an entry EncodeAccessEntry refuses; on any failure, including
  // a failed commit of its group, nothing of it is stored.
  Result<uint64_t> Append(const AccessEntry& entry);
  // Appends `entries` in order, at consecutive indexes, all or nothing, as Append does; returns
  // the index of the first (the log's size before, also for an empty batch).
  Result<uint64_t> AppendBatch(std::span<const AccessEntry> entries);
  // Appends, in order and in one transaction, each of `entries` whose key (`keys[i]`, e.g. an
  // offline read's device and signature) no earlier append stored, and stores the keys with
  // them, so an upload repeated after its reply was lost logs nothing twice. Returns how many
  // it appended. InvalidArgument when the spans differ in size or an entry is refused; on any
  // failure nothing is stored.
  Result<size_t> AppendOnce(std::span<const AccessEntry> entries, std::span<const Bytes> keys);
  // Appends `entry` and the subtree hashes it completes within a unit of the database's
  // GroupCommit that the caller runs (e.g. with the writes of the request it logs, so that both
  // share one durable commit), through the unit's `session`; returns its index, the one after
  // every entry stored before it, including by earlier units of its group. The entry is durable
  // once the unit's group commits, and is undone with the unit if it or its group fails.
  // InvalidArgument for an entry EncodeAccessEntry refuses; the SQLite error otherwise, after
  // which the unit must fail.
  Result<uint64_t> AppendInUnit(const ServerConnection::Session& session, const AccessEntry& entry);

  // How many entries the log holds.
  Result<uint64_t> size();
  // The root of the tree of every entry (SHA-256("") while empty).
  Result<sync::MerkleHash> Root();
  // The audit path of entry `index` in the tree of the first `tree_size` entries
  // (sync::InclusionProof). InvalidArgument when index >= tree_size or tree_size > size().
  Result<std::vector<sync::MerkleHash>> InclusionProof(uint64_t index, uint64_t tree_size);
  // The proof that the first `old_size` entries are a prefix of the first `new_size`
  // (sync::ConsistencyProof). InvalidArgument when 0 == old_size, old_size > new_size or
  // new_size > size().
  Result<std::vector<sync::MerkleHash>> ConsistencyProof(uint64_t old_size, uint64_t new_size);

  // Entry `index`; NotFound beyond the end, Corruption when its stored bytes do not decode.
  Result<AccessEntry> Entry(uint64_t index);
  // Up to `max` entries from index `from` on, in order; empty at or beyond the end.
  Result<std::vector<AccessEntry>> Entries(uint64_t from, size_t max);

  // The log's current size and root, at `now_micros`, signed with `server_key`.
  Result<SignedCheckpoint> Checkpoint(const crypto::SigningKeyPair& server_key, int64_t now_micros);

  // NotFound when the subtree's entries are not all appended.
  Result<sync::MerkleHash> PerfectSubtree(uint32_t level, uint64_t index) override;

 private:
  ServerDatabase& database_;
};

}  // namespace casevault::server
