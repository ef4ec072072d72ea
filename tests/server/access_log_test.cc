#include "casevault/server/access_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "casevault/base/fault_injection_env.h"
#include "casevault/schema/sqlite_database.h"
#include "casevault/schema/sqlite_fault_vfs.h"
#include "casevault/server/access_entry.h"
#include "casevault/server/group_commit.h"
#include "casevault/server/server_database.h"
#include "casevault/sync/checkpoint.h"
#include "casevault/sync/merkle_tree.h"
#include "server/group_commit_testing.h"
#include "testing/temp_dir.h"

namespace casevault::server {
namespace {

using casevault::testing::TempDir;
using sync::MerkleHash;
using testing::RunAsOneGroup;

// An id whose bytes all equal `byte`.
Id128 IdOf(uint8_t byte) {
  Id128 id;
  id.bytes.fill(byte);
  return id;
}

// A distinct, valid entry for each `i`; every third is an offline read, every fifth refused.
AccessEntry SampleEntry(uint64_t i) {
  AccessEntry entry;
  entry.time_micros = 1'700'000'000'000'000 + static_cast<int64_t>(i) * 1000;
  entry.user_id = IdOf(static_cast<uint8_t>(i % 7));
  entry.device_id = IdOf(static_cast<uint8_t>(10 + i % 3));
  entry.case_id = IdOf(static_cast<uint8_t>(20 + i % 2));
  entry.compartment = i % 4 == 0 ? "agency:police" : "shared";
  entry.action = i % 3 == 0 ? "read-offline" : "pull";
  entry.object_id = "record-" + std::to_string(i);
  entry.allowed = i % 5 != 0;
  entry.reason = entry.allowed ? "lead reviewer" : "not nominated for agency:police";
  if (i % 3 == 0) entry.happened_at_micros = entry.time_micros - 86'400'000'000;
  return entry;
}

Bytes Encoded(const AccessEntry& entry) { return EncodeAccessEntry(entry).value(); }

class AccessLogTest : public ::testing::Test {
 protected:
  // (Re)opens the log in dir_ through `env` and SQLite VFS `vfs`.
  void Open(Env& env = Env::Default(), std::optional<std::string> vfs = {}) {
    Close();
    Result<std::unique_ptr<ServerDatabase>> database = ServerDatabase::Open(env, dir_.path(), vfs);
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = *std::move(database);
    log_ = std::make_unique<AccessLog>(*database_);
  }

  void Close() {
    log_.reset();
    database_.reset();
  }

  // Appends SampleEntry(i) for i in [size, size + count) one by one, mirroring them in tree_.
  void AppendSamples(uint64_t count) {
    for (uint64_t n = 0; n < count; ++n) {
      const AccessEntry entry = SampleEntry(tree_.size());
      Result<uint64_t> index = log_->Append(entry);
      ASSERT_TRUE(index.ok()) << index.status().ToString();
      ASSERT_EQ(*index, tree_.Append(Encoded(entry)));
      roots_.push_back(tree_.Root());
    }
  }

  // Appends each of `entries` from a thread of its own, all in one group of the group commit,
  // followed in the group by the unit `last` when given; returns each append's result.
  std::vector<Result<uint64_t>> AppendAsOneGroup(const std::vector<AccessEntry>& entries,
                                                 const GroupCommit::Work& last = nullptr) {
    std::vector<std::optional<Result<uint64_t>>> results(entries.size());
    std::vector<std::function<void()>> callers;
    for (size_t i = 0; i < entries.size(); ++i) {
      callers.push_back([&, i] { results[i].emplace(log_->Append(entries[i])); });
    }
    if (last) callers.push_back([&] { database_->group_commit().Run(last).IgnoreError(); });
    RunAsOneGroup(database_->group_commit(), callers);
    std::vector<Result<uint64_t>> indexes;
    for (std::optional<Result<uint64_t>>& result : results) indexes.push_back(*std::move(result));
    return indexes;
  }

  // Checks that the appends of `entries`, which returned `indexes`, took the log's next indexes,
  // one each, and mirrors them in tree_ in index order; the log's root must then be the memory
  // tree's, and every entry's inclusion proof must verify against it.
  void ExpectAppendedInIndexOrder(const std::vector<Result<uint64_t>>& indexes,
                                  const std::vector<AccessEntry>& entries) {
    ASSERT_EQ(indexes.size(), entries.size());
    std::vector<size_t> order(entries.size());
    for (size_t i = 0; i < order.size(); ++i) {
      ASSERT_TRUE(indexes[i].ok()) << indexes[i].status().ToString();
      order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return *indexes[a] < *indexes[b]; });
    for (size_t i : order) {
      ASSERT_EQ(*indexes[i], tree_.size()) << "indexes are consecutive";
      EXPECT_EQ(*log_->Entry(*indexes[i]), entries[i]);
      tree_.Append(Encoded(entries[i]));
      roots_.push_back(tree_.Root());
    }
    ASSERT_EQ(*log_->size(), tree_.size());
    ASSERT_EQ(*log_->Root(), tree_.Root());
    for (uint64_t index = 0; index < tree_.size(); ++index) {
      Result<std::vector<MerkleHash>> proof = log_->InclusionProof(index, tree_.size());
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_TRUE(sync::VerifyInclusion(*tree_.PerfectSubtree(0, index), index, tree_.size(),
                                        *proof, tree_.Root())
                      .ok())
          << "entry " << index;
    }
  }

  // Runs `sql` on server.db with a connection of its own; the log must be closed.
  void RawExecute(const std::string& sql) {
    auto db = schema::SqliteDatabase::Open(dir_.File("server.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Execute(sql).ok()) << sql;
  }

  // Checks every inclusion proof of every entry and every consistency proof between the sizes
  // of tree_, verified against the roots the memory tree had at each size.
  void ExpectEveryProofVerifies() {
    const uint64_t size = tree_.size();
    ASSERT_EQ(*log_->size(), size);
    for (uint64_t tree_size = 1; tree_size <= size; ++tree_size) {
      const MerkleHash& root = roots_[tree_size];
      for (uint64_t index = 0; index < tree_size; ++index) {
        Result<AccessEntry> entry = log_->Entry(index);
        ASSERT_TRUE(entry.ok()) << entry.status().ToString();
        Result<std::vector<MerkleHash>> proof = log_->InclusionProof(index, tree_size);
        ASSERT_TRUE(proof.ok()) << proof.status().ToString();
        EXPECT_TRUE(sync::VerifyInclusion(sync::MerkleLeafHash(Encoded(*entry)), index, tree_size,
                                          *proof, root)
                        .ok())
            << "entry " << index << " of " << tree_size;
      }
      for (uint64_t old_size = 1; old_size <= tree_size; ++old_size) {
        Result<std::vector<MerkleHash>> proof = log_->ConsistencyProof(old_size, tree_size);
        ASSERT_TRUE(proof.ok()) << proof.status().ToString();
        EXPECT_TRUE(
            sync::VerifyConsistency(old_size, tree_size, roots_[old_size], root, *proof).ok())
            << old_size << " to " << tree_size;
      }
    }
  }

  TempDir dir_;
  std::unique_ptr<ServerDatabase> database_;
  std::unique_ptr<AccessLog> log_;
  // The same entries in memory, and its root at every size (roots_[n] for n entries).
  sync::MemoryMerkleTree tree_;
  std::vector<MerkleHash> roots_{tree_.Root()};
  const crypto::SigningKeyPair server_key_ = crypto::SigningKeyPair::Generate();
};

TEST_F(AccessLogTest, RootMatchesTheMemoryTreeAtEverySizeUpTo70) {
  Open();
  Result<MerkleHash> empty = log_->Root();
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, tree_.Root());
  for (uint64_t n = 1; n <= 70; ++n) {
    AppendSamples(1);
    EXPECT_EQ(*log_->size(), n);
    Result<MerkleHash> root = log_->Root();
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(*root, tree_.Root()) << n << " entries";
  }
}

TEST_F(AccessLogTest, EveryInclusionAndConsistencyProofVerifiesUpTo70AndAfterReopening) {
  Open();
  AppendSamples(70);
  ExpectEveryProofVerifies();
  Open();
  ExpectEveryProofVerifies();
  EXPECT_EQ(*log_->Root(), tree_.Root());
}

TEST_F(AccessLogTest, ABatchBuildsTheSameTreeAsSingleAppends) {
  Open();
  std::vector<AccessEntry> batch;
  for (uint64_t i = 0; i < 37; ++i) {
    batch.push_back(SampleEntry(i));
    tree_.Append(Encoded(batch.back()));
    roots_.push_back(tree_.Root());
  }
  Result<uint64_t> first = log_->AppendBatch(batch);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, 0u);
  Result<uint64_t> empty = log_->AppendBatch({});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, 37u);
  AppendSamples(5);
  EXPECT_EQ(*log_->Root(), tree_.Root());
  ExpectEveryProofVerifies();
}

TEST_F(AccessLogTest, ConcurrentAppendsFromEightThreadsGetConsecutiveIndexesAndTheirTree) {
  constexpr size_t kThreads = 8;
  constexpr size_t kAppendsPerThread = 20;
  Open();
  AppendSamples(3);
  std::mutex mu;
  std::vector<Result<uint64_t>> indexes;
  std::vector<AccessEntry> entries;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < kAppendsPerThread; ++i) {
        const AccessEntry entry = SampleEntry(1000 + t * kAppendsPerThread + i);
        Result<uint64_t> index = log_->Append(entry);
        const std::lock_guard lock(mu);
        indexes.push_back(std::move(index));
        entries.push_back(entry);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ExpectAppendedInIndexOrder(indexes, entries);
}

TEST_F(AccessLogTest, AppendsWaitingForACommitShareTheNextAndAreNumberedInArrivalOrder) {
  Open();
  AppendSamples(5);
  std::vector<AccessEntry> entries;
  for (uint64_t i = 0; i < 7; ++i) entries.push_back(SampleEntry(100 + i));
  const std::vector<Result<uint64_t>> indexes = AppendAsOneGroup(entries);
  for (uint64_t i = 0; i < indexes.size(); ++i) {
    ASSERT_TRUE(indexes[i].ok()) << indexes[i].status().ToString();
    EXPECT_EQ(*indexes[i], 5 + i);
  }
  ExpectAppendedInIndexOrder(indexes, entries);
  ExpectEveryProofVerifies();
}

TEST_F(AccessLogTest, AKeyedEntryIsAppendedOnceHoweverOftenItComesAndItsKeyStaysAfterReopening) {
  Open();
  const std::vector<AccessEntry> entries = {SampleEntry(0), SampleEntry(1), SampleEntry(2)};
  const std::vector<Bytes> keys = {{1}, {2}, {1}};
  Result<size_t> appended = log_->AppendOnce(entries, keys);
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  EXPECT_EQ(*appended, 2u) << "the second entry with key {1} in the batch is skipped";
  for (size_t i : {0, 1}) {
    tree_.Append(Encoded(entries[i]));
    roots_.push_back(tree_.Root());
  }
  Open();
  const std::vector<Bytes> again = {{2}, {3}};
  appended = log_->AppendOnce(std::span(entries).subspan(1), again);
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  EXPECT_EQ(*appended, 1u) << "key {2} was stored before";
  tree_.Append(Encoded(entries[2]));
  roots_.push_back(tree_.Root());
  EXPECT_EQ(*log_->Entry(2), entries[2]);
  EXPECT_EQ(log_->AppendOnce(entries, again).status().code(), StatusCode::kInvalidArgument);
  ExpectEveryProofVerifies();
}

TEST_F(AccessLogTest, EntriesReadBackInPagesAndNotFoundBeyondTheEnd) {
  Open();
  AppendSamples(12);
  Result<std::vector<AccessEntry>> page = log_->Entries(5, 4);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 4u);
  for (uint64_t i = 0; i < 4; ++i) EXPECT_EQ((*page)[i], SampleEntry(5 + i));
  EXPECT_EQ(log_->Entries(10, 100)->size(), 2u);
  EXPECT_TRUE(log_->Entries(12, 100)->empty());
  EXPECT_TRUE(log_->Entries(UINT64_MAX, 100)->empty());
  EXPECT_TRUE(log_->Entries(0, 0)->empty());
  EXPECT_EQ(*log_->Entry(11), SampleEntry(11));
  EXPECT_EQ(log_->Entry(12).status().code(), StatusCode::kNotFound);
}

TEST_F(AccessLogTest, ProofsOfTreesLargerThanTheLogAreRefused) {
  Open();
  AppendSamples(5);
  EXPECT_EQ(log_->InclusionProof(0, 6).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log_->InclusionProof(5, 5).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log_->ConsistencyProof(3, 6).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log_->ConsistencyProof(0, 5).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log_->PerfectSubtree(0, 5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(log_->PerfectSubtree(2, 1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*log_->PerfectSubtree(2, 0), *tree_.PerfectSubtree(2, 0));
}

TEST_F(AccessLogTest, ACheckpointVerifiesWithTheServersPublicKeyOnly) {
  Open();
  AppendSamples(9);
  Result<SignedCheckpoint> signed_checkpoint = log_->Checkpoint(server_key_, 123456);
  ASSERT_TRUE(signed_checkpoint.ok()) << signed_checkpoint.status().ToString();
  const sync::Checkpoint& checkpoint = signed_checkpoint->checkpoint;
  EXPECT_EQ(checkpoint,
            (sync::Checkpoint{.tree_size = 9, .root = tree_.Root(), .time_micros = 123456}));
  EXPECT_TRUE(
      sync::VerifyCheckpoint(checkpoint, signed_checkpoint->signature, server_key_.public_key())
          .ok());
  const crypto::SigningKeyPair other = crypto::SigningKeyPair::Generate();
  EXPECT_EQ(
      sync::VerifyCheckpoint(checkpoint, signed_checkpoint->signature, other.public_key()).code(),
      StatusCode::kAuthenticationFailed);
}

TEST_F(AccessLogTest, ATamperedEntryFailsItsInclusionProofAgainstTheSignedCheckpoint) {
  Open();
  AppendSamples(20);
  const SignedCheckpoint signed_checkpoint = log_->Checkpoint(server_key_, 1).value();
  Close();
  AccessEntry forged = SampleEntry(5);
  forged.allowed = true;
  forged.reason = "lead reviewer";
  RawExecute("UPDATE access_entries SET entry = x'" + ToHex(Encoded(forged)) + "' WHERE idx = 5");

  Open();
  const sync::Checkpoint& checkpoint = signed_checkpoint.checkpoint;
  ASSERT_TRUE(
      sync::VerifyCheckpoint(checkpoint, signed_checkpoint.signature, server_key_.public_key())
          .ok());
  for (uint64_t index : {uint64_t{5}, uint64_t{6}}) {
    Result<AccessEntry> entry = log_->Entry(index);
    ASSERT_TRUE(entry.ok());
    Result<std::vector<MerkleHash>> proof = log_->InclusionProof(index, checkpoint.tree_size);
    ASSERT_TRUE(proof.ok());
    const Status verified = sync::VerifyInclusion(sync::MerkleLeafHash(Encoded(*entry)), index,
                                                  checkpoint.tree_size, *proof, checkpoint.root);
    if (index == 5) {
      EXPECT_EQ(*entry, forged);
      EXPECT_EQ(verified.code(), StatusCode::kAuthenticationFailed) << verified.ToString();
    } else {
      EXPECT_TRUE(verified.ok()) << verified.ToString();
    }
  }
}

TEST_F(AccessLogTest, ARewrittenTailFailsConsistencyWithAnOldCheckpoint) {
  Open();
  AppendSamples(30);
  const SignedCheckpoint old = log_->Checkpoint(server_key_, 1).value();
  Close();
  // A careful forger removes entries 25.. and every subtree hash covering them, then appends
  // entries of its choosing through the log itself.
  RawExecute(
      "DELETE FROM access_entries WHERE idx >= 25;"
      "DELETE FROM merkle_nodes WHERE ((idx + 1) << level) > 25;");
  Open();
  EXPECT_EQ(*log_->size(), 25u);
  EXPECT_EQ(log_->ConsistencyProof(30, 30).status().code(), StatusCode::kInvalidArgument);
  for (uint64_t i = 0; i < 5; ++i) {
    AccessEntry entry = SampleEntry(25 + i);
    entry.reason = "rewritten";
    ASSERT_TRUE(log_->Append(entry).ok());
  }
  const SignedCheckpoint same_size = log_->Checkpoint(server_key_, 2).value();
  ASSERT_EQ(same_size.checkpoint.tree_size, 30u);
  Result<std::vector<MerkleHash>> empty_proof = log_->ConsistencyProof(30, 30);
  ASSERT_TRUE(empty_proof.ok());
  EXPECT_EQ(
      sync::VerifyConsistency(30, 30, old.checkpoint.root, same_size.checkpoint.root, *empty_proof)
          .code(),
      StatusCode::kAuthenticationFailed);

  ASSERT_TRUE(log_->AppendBatch(std::vector<AccessEntry>{SampleEntry(90), SampleEntry(91)}).ok());
  const SignedCheckpoint grown = log_->Checkpoint(server_key_, 3).value();
  Result<std::vector<MerkleHash>> proof = log_->ConsistencyProof(30, grown.checkpoint.tree_size);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(sync::VerifyConsistency(30, grown.checkpoint.tree_size, old.checkpoint.root,
                                    grown.checkpoint.root, *proof)
                .code(),
            StatusCode::kAuthenticationFailed);
  // The untouched prefix is still consistent.
  Result<std::vector<MerkleHash>> prefix = log_->ConsistencyProof(25, grown.checkpoint.tree_size);
  ASSERT_TRUE(prefix.ok());
  EXPECT_TRUE(sync::VerifyConsistency(25, grown.checkpoint.tree_size, roots_[25],
                                      grown.checkpoint.root, *prefix)
                  .ok());
}

class AccessLogFaultTest : public AccessLogTest {
 protected:
  // Opens the log through a SQLite VFS that asks env_ before every write; appends 10 entries.
  void SetUp() override {
    auto vfs = schema::SqliteFaultVfs::Register("access-log-faults", env_);
    ASSERT_TRUE(vfs.ok());
    vfs_ = *std::move(vfs);
    Open(env_, vfs_->name());
    AppendSamples(10);
  }
  // Closes the connection while its VFS is still registered.
  void TearDown() override { Close(); }

  // Sets a fault with `inject` (given the attempt number) before each try of an append, until
  // one succeeds; every failed try must leave size and root as they were.
  template <typename Inject>
  void AppendThroughFaults(Inject inject, int* failures) {
    const uint64_t size = *log_->size();
    const MerkleHash root = *log_->Root();
    const AccessEntry entry = SampleEntry(size);
    for (uint64_t attempt = 0;; ++attempt) {
      inject(attempt);
      Result<uint64_t> index = log_->Append(entry);
      env_.ClearFaults();
      if (index.ok()) {
        EXPECT_EQ(*index, size);
        break;
      }
      ++*failures;
      EXPECT_NE(index.status().message().find("nothing was appended"), std::string::npos)
          << index.status().ToString();
      EXPECT_EQ(*log_->size(), size) << "attempt " << attempt;
      EXPECT_EQ(*log_->Root(), root) << "attempt " << attempt;
    }
    tree_.Append(Encoded(entry));
    roots_.push_back(tree_.Root());
  }

  FaultInjectionEnv env_{Env::Default()};
  std::unique_ptr<schema::SqliteFaultVfs> vfs_;
};

TEST_F(AccessLogFaultTest, AFailedWriteReturnsAnErrorAndLeavesSizeAndRootUnchanged) {
  int failures = 0;
  // Every write from the point-th mutation of the append on fails, for each point in turn.
  for (int round = 0; round < 3; ++round) {
    AppendThroughFaults(
        [&](uint64_t point) { env_.CrashAtMutation(env_.mutation_count() + point); }, &failures);
  }
  EXPECT_GT(failures, 3);
  EXPECT_EQ(*log_->Root(), tree_.Root());
  Open();
  ExpectEveryProofVerifies();
}

TEST_F(AccessLogFaultTest, AFullDiskReturnsNoSpaceAndLeavesSizeAndRootUnchanged) {
  env_.SetFreeSpace(0);
  Result<uint64_t> refused = log_->Append(SampleEntry(10));
  env_.ClearFaults();
  EXPECT_EQ(refused.status().code(), StatusCode::kNoSpace) << refused.status().ToString();
  EXPECT_EQ(*log_->size(), 10u);
  EXPECT_EQ(*log_->Root(), tree_.Root());

  int failures = 0;
  AppendThroughFaults([&](uint64_t attempt) { env_.SetFreeSpace(attempt * 1024); }, &failures);
  EXPECT_GT(failures, 0);
  Open();
  ExpectEveryProofVerifies();
}

TEST_F(AccessLogFaultTest, AFailedGroupCommitFailsExactlyTheAppendsOfItsGroup) {
  const std::vector<AccessEntry> before = {SampleEntry(10), SampleEntry(11), SampleEntry(12)};
  ExpectAppendedInIndexOrder(AppendAsOneGroup(before), before);
  const uint64_t size = *log_->size();
  const MerkleHash root = *log_->Root();

  std::vector<AccessEntry> doomed;
  for (uint64_t i = 0; i < 4; ++i) doomed.push_back(SampleEntry(13 + i));
  // The group's last unit fills the disk after the appends wrote their rows, before the commit.
  const std::vector<Result<uint64_t>> failed =
      AppendAsOneGroup(doomed, [&](const ServerConnection::Session&) {
        env_.SetFreeSpace(0);
        return Status::Ok();
      });
  env_.ClearFaults();
  for (const Result<uint64_t>& index : failed) {
    EXPECT_EQ(index.status().code(), StatusCode::kNoSpace) << index.status().ToString();
    EXPECT_NE(index.status().message().find("nothing was appended"), std::string::npos);
  }
  EXPECT_EQ(*log_->size(), size);
  EXPECT_EQ(*log_->Root(), root);

  const std::vector<AccessEntry> after = {SampleEntry(20), SampleEntry(21)};
  ExpectAppendedInIndexOrder(AppendAsOneGroup(after), after);
  Open(env_, vfs_->name());
  ExpectEveryProofVerifies();
}

TEST_F(AccessLogTest, AnEntryWithAnOverlongFieldRefusesTheBatchAndStoresNothing) {
  Open();
  AppendSamples(3);
  AccessEntry overlong = SampleEntry(4);
  overlong.reason = std::string(kMaxAccessFieldBytes + 1, 'r');
  const std::vector<AccessEntry> batch = {SampleEntry(3), overlong};
  Result<uint64_t> refused = log_->AppendBatch(batch);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("reason has 257 bytes"), std::string::npos)
      << refused.status().ToString();
  EXPECT_EQ(*log_->size(), 3u);
  EXPECT_EQ(*log_->Root(), tree_.Root());
}

TEST(AccessEntry, EncodingRoundTripsAtTheLimits) {
  AccessEntry longest = SampleEntry(3);
  longest.compartment = std::string(kMaxAccessFieldBytes, 'c');
  longest.action = std::string(kMaxAccessFieldBytes, 'a');
  longest.object_id = std::string(kMaxAccessFieldBytes, 'o');
  longest.reason = std::string(kMaxAccessFieldBytes, 'r');
  longest.time_micros = -1;
  longest.happened_at_micros = INT64_MIN;
  for (const AccessEntry& entry : {SampleEntry(1), SampleEntry(3), AccessEntry{}, longest}) {
    Result<Bytes> encoded = EncodeAccessEntry(entry);
    ASSERT_TRUE(encoded.ok()) << encoded.status().ToString();
    Result<AccessEntry> decoded = DecodeAccessEntry(*encoded);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, entry);
  }
  for (std::string AccessEntry::*field : {&AccessEntry::compartment, &AccessEntry::action,
                                          &AccessEntry::object_id, &AccessEntry::reason}) {
    AccessEntry overlong = SampleEntry(2);
    overlong.*field = std::string(kMaxAccessFieldBytes + 1, 'x');
    EXPECT_EQ(EncodeAccessEntry(overlong).status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(AccessEntry, EveryTruncationIsRefusedAsTruncated) {
  for (uint64_t i : {uint64_t{1}, uint64_t{3}}) {
    const Bytes encoded = Encoded(SampleEntry(i));
    for (size_t size = 0; size < encoded.size(); ++size) {
      EXPECT_EQ(DecodeAccessEntry(ByteView(encoded).first(size)).status().code(),
                StatusCode::kTruncated)
          << "entry " << i << " cut to " << size << " bytes";
    }
  }
}

TEST(AccessEntry, JunkIsRefusedWithTheRightCode) {
  const Bytes valid = Encoded(SampleEntry(1));  // not an offline read: ends with flag byte 0
  auto decode_changed = [&](size_t at, uint8_t value) {
    Bytes changed = valid;
    changed[at] = value;
    return DecodeAccessEntry(changed).status().code();
  };
  EXPECT_EQ(decode_changed(0, 'X'), StatusCode::kCorruption);
  EXPECT_EQ(decode_changed(3, 2), StatusCode::kUnsupportedVersion);
  EXPECT_EQ(decode_changed(valid.size() - 1, 2), StatusCode::kCorruption);  // offline flag
  Bytes trailing = valid;
  trailing.push_back(0);
  EXPECT_EQ(DecodeAccessEntry(trailing).status().code(), StatusCode::kCorruption);

  // A field longer than the limit is refused even when the bytes hold it all.
  const size_t compartment_length_at = 4 + 8 + 3 * Id128::kSize;
  AccessEntry entry = SampleEntry(1);
  entry.compartment = std::string(kMaxAccessFieldBytes, 'c');
  Bytes overlong = Encoded(entry);
  overlong[compartment_length_at] = 1;  // 256 -> 257
  overlong.insert(overlong.begin() + compartment_length_at + 4, 'c');
  EXPECT_EQ(DecodeAccessEntry(overlong).status().code(), StatusCode::kCorruption);

  // Random bytes, with and without a valid header, never decode, and any single changed byte
  // either is refused or decodes to an entry whose encoding is exactly those bytes.
  std::mt19937_64 rng(20240611);
  for (int trial = 0; trial < 2000; ++trial) {
    Bytes junk(rng() % 200);
    for (uint8_t& byte : junk) byte = static_cast<uint8_t>(rng());
    if (trial % 2 == 0 && junk.size() >= 4)
      std::copy(valid.begin(), valid.begin() + 4, junk.begin());
    EXPECT_FALSE(DecodeAccessEntry(junk).ok()) << "trial " << trial;

    Bytes changed = valid;
    changed[rng() % changed.size()] = static_cast<uint8_t>(rng());
    Result<AccessEntry> decoded = DecodeAccessEntry(changed);
    if (decoded.ok()) {
      EXPECT_EQ(Encoded(*decoded), changed) << "trial " << trial;
    }
  }
}

}  // namespace
}  // namespace casevault::server
