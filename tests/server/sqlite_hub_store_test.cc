#include "casevault/server/sqlite_hub_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "casevault/base/fault_injection_env.h"
#include "casevault/crypto/hash.h"
#include "casevault/schema/sqlite_database.h"
#include "casevault/schema/sqlite_fault_vfs.h"
#include "casevault/server/access_log.h"
#include "casevault/server/server_database.h"
#include "sync/hub_store_contract.h"
#include "testing/bytes.h"
#include "testing/temp_dir.h"

namespace casevault::server {
namespace {

using casevault::testing::PatternBytes;
using casevault::testing::TempDir;
using sync::CompartmentRef;
using sync::LogEntry;
using sync::LogPosition;
using sync::SignedOp;
using sync::testing::HubStoreContract;
using sync::testing::HubStoreMaker;
using sync::testing::OpMaker;

INSTANTIATE_TEST_SUITE_P(
    Sqlite, HubStoreContract,
    ::testing::Values(HubStoreMaker{
        .name = "Sqlite",
        .make = [](const std::string& dir) -> Result<std::unique_ptr<sync::HubStore>> {
          CV_ASSIGN_OR_RETURN(auto store, SqliteHubStore::Open(Env::Default(), dir));
          return std::unique_ptr<sync::HubStore>(std::move(store));
        }}),
    sync::testing::HubStoreName);

// The whole log of `where`, read straight from the store in pages of 100.
std::vector<LogEntry> ReadAll(sync::HubStore& store, const CompartmentRef& where) {
  std::vector<LogEntry> log;
  for (bool more = true; more;) {
    Result<sync::PullPage> page = store.Read(where, log.size(), 100);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    log.insert(log.end(), page->entries.begin(), page->entries.end());
    more = page->more;
  }
  return log;
}

class SqliteHubStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteHubStore> OpenStore(Env& env = Env::Default(),
                                            std::optional<std::string> vfs = {}) {
    Result<std::unique_ptr<SqliteHubStore>> store = SqliteHubStore::Open(env, dir_.path(), vfs);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? *std::move(store) : nullptr;
  }

  // `count` ops with envelopes of `envelope_size` bytes.
  std::vector<SignedOp> LargeOps(size_t count, size_t envelope_size) {
    std::vector<SignedOp> ops;
    for (size_t i = 0; i < count; ++i) ops.push_back(maker_.NewOp(envelope_size));
    return ops;
  }

  // Fails the writes of a batch large enough that SQLite writes pages before committing, at
  // points spread over the whole batch, with faults set by `inject` (given the attempt number);
  // after each failure the log must be as before and the store must still work.
  template <typename Inject>
  void ExpectFailedBatchesStoreNothing(FaultInjectionEnv& env, Inject inject) {
    std::vector<SignedOp> held = maker_.NewOps(5);
    const std::vector<SignedOp> batch = LargeOps(48, 64 * 1024);
    auto vfs = schema::SqliteFaultVfs::Register("hub-faults", env);
    ASSERT_TRUE(vfs.ok());
    {
      std::unique_ptr<SqliteHubStore> store = OpenStore(env, (*vfs)->name());
      ASSERT_NE(store, nullptr);
      ASSERT_TRUE(store->AppendBatch(shared_, held, 10).ok());
      int failures = 0;
      for (uint64_t attempt = 0;; ++attempt) {
        SCOPED_TRACE("attempt " + std::to_string(attempt));
        inject(attempt);
        Result<std::vector<LogPosition>> appended = store->AppendBatch(shared_, batch, 20);
        env.ClearFaults();
        if (appended.ok()) break;
        ++failures;
        EXPECT_NE(appended.status().message().find("appending 48 ops to case"), std::string::npos)
            << appended.status().ToString();
        sync::testing::ExpectLogHolds(ReadAll(*store, shared_), held);
        // The store still works after the failure.
        const SignedOp next = maker_.NewOp(16);
        Result<LogPosition> one = store->Append(shared_, next, 30);
        ASSERT_TRUE(one.ok()) << one.status().ToString();
        EXPECT_EQ(one->seq, held.size() + 1);
        held.push_back(next);
      }
      EXPECT_GT(failures, 3);
      held.insert(held.end(), batch.begin(), batch.end());
      sync::testing::ExpectLogHolds(ReadAll(*store, shared_), held);
    }
    std::unique_ptr<SqliteHubStore> reopened = OpenStore();
    ASSERT_NE(reopened, nullptr);
    sync::testing::ExpectLogHolds(ReadAll(*reopened, shared_), held);
  }

  OpMaker maker_{77};
  TempDir dir_;
  const CompartmentRef shared_{.case_id = maker_.NewId(), .name = "shared"};
};

TEST_F(SqliteHubStoreTest, LogsAndChunksSurviveReopening) {
  const CompartmentRef police{.case_id = shared_.case_id, .name = "agency:police"};
  const std::vector<SignedOp> shared_ops = maker_.NewOps(30);
  const std::vector<SignedOp> police_ops = maker_.NewOps(4);
  const Bytes chunk = PatternBytes(5000, 9);
  const sync::ChunkHash hash = crypto::Blake2b256(chunk);
  std::vector<LogEntry> shared_log;
  {
    std::unique_ptr<SqliteHubStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->AppendBatch(shared_, shared_ops, 1000).ok());
    ASSERT_TRUE(store->AppendBatch(police, police_ops, 2000).ok());
    ASSERT_TRUE(store->PutChunk(hash, chunk).ok());
    shared_log = ReadAll(*store, shared_);
  }
  std::unique_ptr<SqliteHubStore> store = OpenStore();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(ReadAll(*store, shared_), shared_log);
  sync::testing::ExpectLogHolds(shared_log, shared_ops);
  sync::testing::ExpectLogHolds(ReadAll(*store, police), police_ops);
  EXPECT_EQ(shared_log.back().position.hub_time_micros, 1000);
  Result<Bytes> stored = store->GetChunk(hash);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, chunk);

  // The logs go on where they stopped, and held op ids are still recognised.
  const std::vector<SignedOp> retried = {shared_ops[3], maker_.NewOp(9)};
  Result<std::vector<LogPosition>> more = store->AppendBatch(shared_, retried, 500);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ((*more)[0], shared_log[3].position);
  EXPECT_EQ((*more)[1], (LogPosition{.seq = 31, .hub_time_micros = 1000}));
}

TEST_F(SqliteHubStoreTest, AWriteFailingInTheMiddleOfABatchStoresNothingOfIt) {
  FaultInjectionEnv env(Env::Default());
  // From the attempt-th mutation of the batch on, every write fails; the points grow
  // geometrically until one lies beyond the batch.
  uint64_t point = 0;
  ExpectFailedBatchesStoreNothing(env, [&](uint64_t) {
    env.CrashAtMutation(env.mutation_count() + point);
    point += 1 + point / 3;
  });
}

TEST_F(SqliteHubStoreTest, ADiskFillingUpInTheMiddleOfABatchStoresNothingOfIt) {
  FaultInjectionEnv env(Env::Default());
  // The batch needs over 3 MiB; the free space grows by 256 KiB per attempt.
  ExpectFailedBatchesStoreNothing(
      env, [&](uint64_t attempt) { env.SetFreeSpace(attempt * 256 * 1024); });
}

TEST_F(SqliteHubStoreTest, ConcurrentAppendsFromEightThreadsNeverDuplicateASeq) {
  constexpr size_t kThreads = 8;
  constexpr size_t kOpsPerThread = 200;
  std::unique_ptr<SqliteHubStore> store = OpenStore();
  ASSERT_NE(store, nullptr);
  // Every thread appends its own ops and, interleaved, the same shared ops as the others.
  const std::vector<SignedOp> common = maker_.NewOps(50);
  std::vector<std::vector<SignedOp>> own(kThreads);
  for (auto& ops : own) ops = maker_.NewOps(kOpsPerThread);
  std::vector<std::map<Id128, LogPosition>> told(kThreads);

  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < kOpsPerThread; i += 4) {
        std::vector<SignedOp> batch(own[t].begin() + i, own[t].begin() + i + 4);
        batch.push_back(common[(i / 4 + t) % common.size()]);
        Result<std::vector<LogPosition>> appended =
            store->AppendBatch(shared_, batch, static_cast<int64_t>(i));
        ASSERT_TRUE(appended.ok()) << appended.status().ToString();
        for (size_t k = 0; k < batch.size(); ++k) told[t][batch[k].op_id] = (*appended)[k];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const std::vector<LogEntry> log = ReadAll(*store, shared_);
  ASSERT_EQ(log.size(), kThreads * kOpsPerThread + common.size());
  const std::map<Id128, LogPosition> in_log = sync::testing::ExpectEachOpOnceInOrder(log);
  for (size_t t = 0; t < kThreads; ++t) {
    for (const auto& [op_id, position] : told[t]) EXPECT_EQ(position, in_log.at(op_id));
  }
}

TEST_F(SqliteHubStoreTest, DeleteCaseRemovesThatCaseOnly) {
  const CompartmentRef police{.case_id = shared_.case_id, .name = "agency:police"};
  const CompartmentRef other{.case_id = maker_.NewId(), .name = "shared"};
  const std::vector<SignedOp> ops = maker_.NewOps(6);
  const Bytes chunk = PatternBytes(300, 4);
  const sync::ChunkHash hash = crypto::Blake2b256(chunk);
  {
    std::unique_ptr<SqliteHubStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    for (const CompartmentRef* where : {&shared_, &police, &other}) {
      ASSERT_TRUE(store->AppendBatch(*where, ops, 100).ok());
    }
    ASSERT_TRUE(store->PutChunk(hash, chunk).ok());
    ASSERT_TRUE(store->DeleteCase(shared_.case_id).ok());
    EXPECT_TRUE(ReadAll(*store, shared_).empty());
    EXPECT_TRUE(ReadAll(*store, police).empty());
    sync::testing::ExpectLogHolds(ReadAll(*store, other), ops);
  }
  std::unique_ptr<SqliteHubStore> store = OpenStore();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(ReadAll(*store, shared_).empty());
  sync::testing::ExpectLogHolds(ReadAll(*store, other), ops);
  EXPECT_TRUE(*store->HasChunk(hash));  // chunks are not tied to a case
  // The deleted case's compartments start again from seq 1.
  Result<LogPosition> again = store->Append(shared_, ops[0], 200);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->seq, 1u);
  EXPECT_TRUE(store->DeleteCase(maker_.NewId()).ok());  // a case with no logs
}

TEST_F(SqliteHubStoreTest, ADamagedStoredOpIsReportedAsCorruption) {
  {
    std::unique_ptr<SqliteHubStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->AppendBatch(shared_, maker_.NewOps(3), 100).ok());
  }
  {
    auto db = schema::SqliteDatabase::Open(dir_.File("server.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Execute("UPDATE ops SET signature = x'0102' WHERE seq = 2").ok());
  }
  std::unique_ptr<SqliteHubStore> store = OpenStore();
  ASSERT_NE(store, nullptr);
  Result<sync::PullPage> page = store->Read(shared_, 0, 10);
  EXPECT_EQ(page.status().code(), StatusCode::kCorruption);
  EXPECT_NE(page.status().message().find("at seq 2"), std::string::npos)
      << page.status().ToString();
  Result<sync::PullPage> first = store->Read(shared_, 0, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->more);
}

TEST_F(SqliteHubStoreTest, TheHubStoreAndTheAccessLogShareOneDatabaseAcrossThreads) {
  Result<std::unique_ptr<ServerDatabase>> database =
      ServerDatabase::Open(Env::Default(), dir_.path());
  ASSERT_TRUE(database.ok()) << database.status().ToString();
  Result<std::unique_ptr<SqliteHubStore>> store = SqliteHubStore::Open(Env::Default(), **database);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  AccessLog log(**database);
  const std::vector<SignedOp> ops = maker_.NewOps(100);

  std::thread pusher([&] {
    for (const SignedOp& op : ops) ASSERT_TRUE((*store)->Append(shared_, op, 1).ok());
  });
  std::thread logger([&] {
    for (size_t i = 0; i < ops.size(); ++i) {
      AccessEntry entry;
      entry.time_micros = static_cast<int64_t>(i);
      entry.case_id = shared_.case_id;
      entry.action = "push";
      ASSERT_TRUE(log.Append(entry).ok());
    }
  });
  pusher.join();
  logger.join();
  sync::testing::ExpectLogHolds(ReadAll(**store, shared_), ops);
  EXPECT_EQ(*log.size(), ops.size());
  EXPECT_TRUE(std::filesystem::exists(dir_.File("chunks")));
}

// A store and an access log over one ServerDatabase in `dir`, through SQLite VFS `vfs` if given.
struct LoggedStore {
  std::unique_ptr<ServerDatabase> database;
  std::unique_ptr<SqliteHubStore> store;
  std::unique_ptr<AccessLog> log;

  // The work that appends `entry` to the log within the unit it runs in.
  GroupCommit::Work Logging(const AccessEntry& entry) {
    return [this, &entry](const ServerConnection::Session& session) {
      return log->AppendInUnit(session, entry).status();
    };
  }
};

LoggedStore OpenLoggedStore(Env& env, const std::string& dir, std::optional<std::string> vfs = {}) {
  LoggedStore opened;
  Result<std::unique_ptr<ServerDatabase>> database = ServerDatabase::Open(env, dir, vfs);
  EXPECT_TRUE(database.ok()) << database.status().ToString();
  if (!database.ok()) return opened;
  opened.database = *std::move(database);
  Result<std::unique_ptr<SqliteHubStore>> store = SqliteHubStore::Open(env, *opened.database);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (store.ok()) opened.store = *std::move(store);
  opened.log = std::make_unique<AccessLog>(*opened.database);
  return opened;
}

AccessEntry PushEntry(const CompartmentRef& where, int64_t time_micros) {
  AccessEntry entry;
  entry.time_micros = time_micros;
  entry.case_id = where.case_id;
  entry.compartment = where.name;
  entry.action = "push";
  entry.allowed = true;
  return entry;
}

TEST_F(SqliteHubStoreTest, AppendBatchWithStoresTheOtherWriteAndTheOpsInOneCommit) {
  LoggedStore logged = OpenLoggedStore(Env::Default(), dir_.path());
  ASSERT_NE(logged.store, nullptr);
  const std::vector<SignedOp> ops = maker_.NewOps(3);
  const AccessEntry first = PushEntry(shared_, 1);
  const uint64_t commits = logged.database->group_commit().commits();
  Result<std::vector<LogPosition>> appended =
      logged.store->AppendBatchWith(shared_, ops, 10, logged.Logging(first));
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  EXPECT_EQ(logged.database->group_commit().commits(), commits + 1);
  sync::testing::ExpectLogHolds(ReadAll(*logged.store, shared_), ops);
  EXPECT_EQ(*logged.log->size(), 1u);
  EXPECT_EQ(*logged.log->Entry(0), first);

  // The same ops again: placed where they are, the other write stored all the same.
  const AccessEntry second = PushEntry(shared_, 2);
  Result<std::vector<LogPosition>> again =
      logged.store->AppendBatchWith(shared_, ops, 20, logged.Logging(second));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *appended);
  sync::testing::ExpectLogHolds(ReadAll(*logged.store, shared_), ops);
  EXPECT_EQ(*logged.log->Entry(1), second);
}

TEST_F(SqliteHubStoreTest, WhenTheOtherWriteFailsAppendBatchWithStoresNoOp) {
  LoggedStore logged = OpenLoggedStore(Env::Default(), dir_.path());
  ASSERT_NE(logged.store, nullptr);
  Result<std::vector<LogPosition>> refused = logged.store->AppendBatchWith(
      shared_, maker_.NewOps(2), 10,
      [](const ServerConnection::Session&) { return InvalidArgumentError("refused"); });
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument) << refused.status().ToString();
  EXPECT_TRUE(ReadAll(*logged.store, shared_).empty());
  EXPECT_EQ(*logged.log->size(), 0u);
}

TEST_F(SqliteHubStoreTest,
       AFailedCommitOfAppendBatchWithStoresNeitherWriteAndTheLogGoesOnWithoutAGap) {
  FaultInjectionEnv env(Env::Default());
  auto vfs = schema::SqliteFaultVfs::Register("hub-with-faults", env);
  ASSERT_TRUE(vfs.ok());
  {
    LoggedStore logged = OpenLoggedStore(env, dir_.path(), (*vfs)->name());
    ASSERT_NE(logged.store, nullptr);
    const std::vector<SignedOp> held = maker_.NewOps(2);
    const AccessEntry first = PushEntry(shared_, 1);
    ASSERT_TRUE(logged.store->AppendBatchWith(shared_, held, 10, logged.Logging(first)).ok());

    const uint64_t commits = logged.database->group_commit().commits();
    const AccessEntry lost = PushEntry(shared_, 2);
    // The entry and the ops are written in the unit; the disk fills before the commit.
    Result<std::vector<LogPosition>> failed = logged.store->AppendBatchWith(
        shared_, maker_.NewOps(3), 20, [&](const ServerConnection::Session& session) {
          CV_RETURN_IF_ERROR(logged.log->AppendInUnit(session, lost).status());
          env.SetFreeSpace(0);
          return Status::Ok();
        });
    env.ClearFaults();
    EXPECT_EQ(failed.status().code(), StatusCode::kNoSpace) << failed.status().ToString();
    EXPECT_EQ(logged.database->group_commit().commits(), commits);
    sync::testing::ExpectLogHolds(ReadAll(*logged.store, shared_), held);
    EXPECT_EQ(*logged.log->size(), 1u);

    const AccessEntry next = PushEntry(shared_, 3);
    ASSERT_TRUE(logged.store->AppendBatchWith(shared_, held, 30, logged.Logging(next)).ok());
    EXPECT_EQ(*logged.log->size(), 2u);
    EXPECT_EQ(*logged.log->Entry(1), next);
    sync::MemoryMerkleTree tree;
    tree.Append(*EncodeAccessEntry(first));
    tree.Append(*EncodeAccessEntry(next));
    EXPECT_EQ(*logged.log->Root(), *sync::MerkleRoot(tree, 2));
  }
}

}  // namespace
}  // namespace casevault::server
