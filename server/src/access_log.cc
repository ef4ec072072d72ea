#include "casevault/server/access_log.h"

#include <algorithm>
#include <limits>
#include <string>

namespace casevault::server {

using sync::MerkleHash;

namespace {

// Indexes are SQLite integers: nothing is stored beyond the largest.
constexpr uint64_t kMaxIndex = std::numeric_limits<int64_t>::max();

// The hash of the perfect subtree at (`level`, `index`); NotFound when it is not stored.
Result<MerkleHash> ReadNode(const ServerDatabase::Session& session, uint32_t level,
                            uint64_t index) {
  const std::string where = "the access log's subtree at level " + std::to_string(level) +
                            ", index " + std::to_string(index);
  if (index > kMaxIndex) return NotFoundError(where + " does not exist");
  CV_ASSIGN_OR_RETURN(
      auto select, session.Statement("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?"));
  CV_RETURN_IF_ERROR(select->BindInt(1, level));
  CV_RETURN_IF_ERROR(select->BindInt(2, static_cast<int64_t>(index)));
  CV_ASSIGN_OR_RETURN(const bool found, select->Step());
  if (!found) return NotFoundError(where + " does not exist (not all of its entries are appended)");
  const ByteView stored = select->ColumnBlob(0);
  MerkleHash hash;
  if (stored.size() != hash.size()) {
    return CorruptionError(where + " is stored as " + std::to_string(stored.size()) +
                           " bytes, not a 32-byte hash");
  }
  std::copy(stored.begin(), stored.end(), hash.begin());
  return hash;
}

// Perfect subtrees read through a held session, so one root or proof sees one state of the log.
class SessionNodes final : public sync::MerkleNodeSource {
 public:
  explicit SessionNodes(const ServerDatabase::Session& session) : session_(session) {}

  Result<MerkleHash> PerfectSubtree(uint32_t level, uint64_t index) override {
    return ReadNode(session_, level, index);
  }

 private:
  const ServerDatabase::Session& session_;
};

// How many entries the log holds: one past the last index (entries are numbered from 0).
Result<uint64_t> StoredSize(const ServerDatabase::Session& session) {
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT COALESCE(MAX(idx) + 1, 0) FROM access_entries"));
  CV_ASSIGN_OR_RETURN(const bool row, select->Step());
  if (!row) return InternalError("counting the access log's entries returned no row");
  return static_cast<uint64_t>(select->ColumnInt(0));
}

// The size and root of the log as `session` sees it (time_micros left 0).
Result<sync::Checkpoint> CurrentTree(const ServerDatabase::Session& session) {
  sync::Checkpoint tree;
  CV_ASSIGN_OR_RETURN(tree.tree_size, StoredSize(session));
  SessionNodes nodes(session);
  CV_ASSIGN_OR_RETURN(tree.root, sync::MerkleRoot(nodes, tree.tree_size));
  return tree;
}

// Runs `prove` (a proof over a MerkleNodeSource) on one state of the log in `database`;
// InvalidArgument when the log holds fewer than `tree_size` entries.
template <typename ProveFn>
Result<std::vector<MerkleHash>> ProveWithin(ServerDatabase& database, uint64_t tree_size,
                                            ProveFn&& prove) {
  const ServerDatabase::Session session = database.Lock();
  CV_ASSIGN_OR_RETURN(const uint64_t size, StoredSize(session));
  if (tree_size > size) {
    return InvalidArgumentError("the access log holds " + std::to_string(size) +
                                " entries, so it has no tree of " + std::to_string(tree_size));
  }
  SessionNodes nodes(session);
  return prove(nodes);
}

Status WriteNode(const ServerDatabase::Session& session, uint32_t level, uint64_t index,
                 const MerkleHash& hash) {
  CV_ASSIGN_OR_RETURN(
      auto insert, session.Statement("INSERT INTO merkle_nodes(level, idx, hash) VALUES(?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindInt(1, level));
  CV_RETURN_IF_ERROR(insert->BindInt(2, static_cast<int64_t>(index)));
  CV_RETURN_IF_ERROR(insert->BindBlob(3, hash));
  return insert->Run();
}

// Stores entry `index` (its encoding `encoded`) and every perfect subtree it completes: on each
// level where the new node's index is odd, it and its left sibling make a node of the level
// above.
Status StoreEntry(const ServerDatabase::Session& session, uint64_t index, ByteView encoded) {
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT INTO access_entries(idx, entry) VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindInt(1, static_cast<int64_t>(index)));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, encoded));
  CV_RETURN_IF_ERROR(insert->Run());
  MerkleHash hash = sync::MerkleLeafHash(encoded);
  for (uint32_t level = 0;; ++level, index >>= 1) {
    CV_RETURN_IF_ERROR(WriteNode(session, level, index, hash));
    if ((index & 1) == 0) return Status::Ok();
    CV_ASSIGN_OR_RETURN(const MerkleHash left, ReadNode(session, level, index - 1));
    hash = sync::MerkleNodeHash(left, hash);
  }
}

// The encodings of `entries`; the first one EncodeAccessEntry refuses fails them all.
Result<std::vector<Bytes>> EncodeEntries(std::span<const AccessEntry> entries) {
  std::vector<Bytes> encoded;
  encoded.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    Result<Bytes> bytes = EncodeAccessEntry(entries[i]);
    if (!bytes.ok()) {
      return bytes.status().WithContext("access log: entry " + std::to_string(i) +
                                        " of the batch; nothing was appended");
    }
    encoded.push_back(*std::move(bytes));
  }
  return encoded;
}

// Stores `key` for the entry about to be appended at `index`; false when it was stored before.
Result<bool> StoreKey(const ServerDatabase::Session& session, ByteView key, uint64_t index) {
  CV_ASSIGN_OR_RETURN(auto insert, session.Statement("INSERT OR IGNORE INTO "
                                                     "access_entry_keys(key, idx) VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, key));
  CV_RETURN_IF_ERROR(insert->BindInt(2, static_cast<int64_t>(index)));
  CV_RETURN_IF_ERROR(insert->Run());
  return session.db().Changes() > 0;
}

// Where an append went: the index of its first entry and how many entries it stored.
struct Appended {
  uint64_t first = 0;
  size_t count = 0;
};

// Stores `encoded` through `session`, a unit of a group commit, each entry unless `keys` (empty,
// or one per entry) holds a key stored before. The group's earlier units are already stored in
// its transaction, so the entries get the indexes that follow theirs, in commit order.
Result<Appended> StoreInUnit(const ServerConnection::Session& session,
                             std::span<const Bytes> encoded, std::span<const Bytes> keys) {
  Appended appended;
  CV_ASSIGN_OR_RETURN(appended.first, StoredSize(session));
  for (size_t i = 0; i < encoded.size(); ++i) {
    const uint64_t index = appended.first + appended.count;
    if (!keys.empty()) {
      CV_ASSIGN_OR_RETURN(const bool fresh, StoreKey(session, keys[i], index));
      if (!fresh) continue;
    }
    CV_RETURN_IF_ERROR(StoreEntry(session, index, encoded[i]));
    ++appended.count;
  }
  return appended;
}

// Appends `encoded` (with `keys`, as StoreInUnit does) in a unit of its own in the next group
// commit of `database`.
Result<Appended> AppendInGroup(ServerDatabase& database, const std::vector<Bytes>& encoded,
                               std::span<const Bytes> keys) {
  Appended appended;
  const Status stored =
      database.group_commit().Run([&](const ServerConnection::Session& session) -> Status {
        CV_ASSIGN_OR_RETURN(appended, StoreInUnit(session, encoded, keys));
        return Status::Ok();
      });
  if (!stored.ok()) {
    return stored.WithContext("appending " + std::to_string(encoded.size()) +
                              " entries to the access log; nothing was appended");
  }
  return appended;
}

}  // namespace

Result<uint64_t> AccessLog::Append(const AccessEntry& entry) {
  return AppendBatch(std::span<const AccessEntry>(&entry, 1));
}

Result<uint64_t> AccessLog::AppendBatch(std::span<const AccessEntry> entries) {
  // Encode everything first, so a refused entry fails the batch before anything is written.
  CV_ASSIGN_OR_RETURN(const std::vector<Bytes> encoded, EncodeEntries(entries));
  CV_ASSIGN_OR_RETURN(const Appended appended, AppendInGroup(database_, encoded, {}));
  return appended.first;
}

Result<size_t> AccessLog::AppendOnce(std::span<const AccessEntry> entries,
                                     std::span<const Bytes> keys) {
  if (keys.size() != entries.size()) {
    return InvalidArgumentError("access log: " + std::to_string(entries.size()) + " entries but " +
                                std::to_string(keys.size()) + " keys; nothing was appended");
  }
  CV_ASSIGN_OR_RETURN(const std::vector<Bytes> encoded, EncodeEntries(entries));
  CV_ASSIGN_OR_RETURN(const Appended appended, AppendInGroup(database_, encoded, keys));
  return appended.count;
}

Result<uint64_t> AccessLog::AppendInUnit(const ServerConnection::Session& session,
                                         const AccessEntry& entry) {
  CV_ASSIGN_OR_RETURN(const std::vector<Bytes> encoded,
                      EncodeEntries(std::span<const AccessEntry>(&entry, 1)));
  Result<Appended> appended = StoreInUnit(session, encoded, {});
  if (!appended.ok()) {
    return appended.status().WithContext("appending an entry to the access log");
  }
  return appended->first;
}

Result<uint64_t> AccessLog::size() {
  const ServerDatabase::Session session = database_.Lock();
  return StoredSize(session);
}

Result<MerkleHash> AccessLog::Root() {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(const sync::Checkpoint tree, CurrentTree(session));
  return tree.root;
}

Result<std::vector<MerkleHash>> AccessLog::InclusionProof(uint64_t index, uint64_t tree_size) {
  return ProveWithin(database_, tree_size, [&](sync::MerkleNodeSource& nodes) {
    return sync::InclusionProof(nodes, index, tree_size);
  });
}

Result<std::vector<MerkleHash>> AccessLog::ConsistencyProof(uint64_t old_size, uint64_t new_size) {
  return ProveWithin(database_, new_size, [&](sync::MerkleNodeSource& nodes) {
    return sync::ConsistencyProof(nodes, old_size, new_size);
  });
}

Result<AccessEntry> AccessLog::Entry(uint64_t index) {
  CV_ASSIGN_OR_RETURN(std::vector<AccessEntry> entries, Entries(index, 1));
  if (entries.empty()) {
    return NotFoundError("the access log has no entry " + std::to_string(index));
  }
  return std::move(entries.front());
}

Result<std::vector<AccessEntry>> AccessLog::Entries(uint64_t from, size_t max) {
  std::vector<AccessEntry> entries;
  if (from > kMaxIndex || max == 0) return entries;
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT idx, entry FROM access_entries WHERE "
                                                     "idx >= ? ORDER BY idx LIMIT ?"));
  CV_RETURN_IF_ERROR(select->BindInt(1, static_cast<int64_t>(from)));
  CV_RETURN_IF_ERROR(select->BindInt(2, static_cast<int64_t>(std::min<uint64_t>(max, kMaxIndex))));
  for (;;) {
    CV_ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) return entries;
    Result<AccessEntry> entry = DecodeAccessEntry(select->ColumnBlob(1));
    if (!entry.ok()) {
      return entry.status().WithContext("access log entry " + std::to_string(select->ColumnInt(0)));
    }
    entries.push_back(*std::move(entry));
  }
}

Result<SignedCheckpoint> AccessLog::Checkpoint(const crypto::SigningKeyPair& server_key,
                                               int64_t now_micros) {
  SignedCheckpoint signed_checkpoint;
  {
    const ServerDatabase::Session session = database_.Lock();
    CV_ASSIGN_OR_RETURN(signed_checkpoint.checkpoint, CurrentTree(session));
  }
  signed_checkpoint.checkpoint.time_micros = now_micros;
  signed_checkpoint.signature = sync::SignCheckpoint(signed_checkpoint.checkpoint, server_key);
  return signed_checkpoint;
}

Result<MerkleHash> AccessLog::PerfectSubtree(uint32_t level, uint64_t index) {
  const ServerDatabase::Session session = database_.Lock();
  return ReadNode(session, level, index);
}

}  // namespace casevault::server
