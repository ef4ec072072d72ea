#include "hub_store_contract.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "casevault/crypto/hash.h"
#include "casevault/sync/lossy_transport.h"
#include "testing/bytes.h"

namespace casevault::sync::testing {

std::vector<LogEntry> PullAll(Transport& transport, const CompartmentRef& where, size_t page_size) {
  std::vector<LogEntry> log;
  for (bool more = true; more;) {
    Result<PullPage> page = transport.Pull(where, log.size(), page_size);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    if (page->more) {
      EXPECT_EQ(page->entries.size(), page_size);
    } else {
      EXPECT_LE(page->entries.size(), page_size);
    }
    log.insert(log.end(), page->entries.begin(), page->entries.end());
    more = page->more;
  }
  return log;
}

void ExpectLogHolds(const std::vector<LogEntry>& log, const std::vector<SignedOp>& ops) {
  ASSERT_EQ(log.size(), ops.size());
  for (size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].position.seq, i + 1);
    EXPECT_EQ(log[i].op, ops[i]) << "entry " << i;
  }
}

std::map<Id128, LogPosition> ExpectEachOpOnceInOrder(const std::vector<LogEntry>& log) {
  std::map<Id128, LogPosition> in_log;
  for (size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].position.seq, i + 1);
    if (i > 0) {
      EXPECT_LE(log[i - 1].position.hub_time_micros, log[i].position.hub_time_micros);
    }
    EXPECT_TRUE(in_log.emplace(log[i].op.op_id, log[i].position).second) << "duplicate at " << i;
  }
  return in_log;
}

namespace {

using casevault::testing::PatternBytes;

ChunkHash HashOf(ByteView chunk) { return crypto::Blake2b256(chunk); }

TEST_P(HubStoreContract, EachCompartmentIsNumberedFromOneIndependently) {
  const CompartmentRef agency{.case_id = case_a_, .name = "agency:police"};
  std::vector<SignedOp> shared_ops = maker_.NewOps(3);
  const std::vector<SignedOp> agency_ops = maker_.NewOps(2);
  const std::vector<SignedOp> more_shared = maker_.NewOps(4);

  Result<std::vector<LogPosition>> first = hub_.Push(shared_, shared_ops);
  Result<std::vector<LogPosition>> other = hub_.Push(agency, agency_ops);
  Result<std::vector<LogPosition>> second = hub_.Push(shared_, more_shared);
  ASSERT_TRUE(first.ok() && other.ok() && second.ok());
  EXPECT_EQ((*first)[0].seq, 1u);
  EXPECT_EQ((*first)[2].seq, 3u);
  EXPECT_EQ((*other)[0].seq, 1u);
  EXPECT_EQ((*other)[1].seq, 2u);
  EXPECT_EQ((*second)[0].seq, 4u);
  EXPECT_EQ((*second)[3].seq, 7u);

  shared_ops.insert(shared_ops.end(), more_shared.begin(), more_shared.end());
  const std::vector<LogEntry> shared_log = PullAll(hub_, shared_, 100);
  ExpectLogHolds(shared_log, shared_ops);
  EXPECT_EQ(shared_log[5].position, (*second)[2]);
  ExpectLogHolds(PullAll(hub_, agency, 100), agency_ops);
}

TEST_P(HubStoreContract, RetriedPushReturnsTheSamePositionsAndAppendsNothing) {
  const std::vector<SignedOp> ops = maker_.NewOps(10);
  Result<std::vector<LogPosition>> first = hub_.Push(shared_, ops);
  ASSERT_TRUE(first.ok());
  env_.SetClockOffsetMicros(60'000'000);
  Result<std::vector<LogPosition>> retry = hub_.Push(shared_, ops);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(*retry, *first);  // same seqs and the hub times of the first arrival
  ExpectLogHolds(PullAll(hub_, shared_, 100), ops);

  // A batch mixing held and new ops appends only the new ones.
  std::vector<SignedOp> mixed(ops.begin() + 5, ops.end());
  const std::vector<SignedOp> fresh = maker_.NewOps(3);
  mixed.insert(mixed.end(), fresh.begin(), fresh.end());
  Result<std::vector<LogPosition>> positions = hub_.Push(shared_, mixed);
  ASSERT_TRUE(positions.ok());
  ASSERT_EQ(positions->size(), 8u);
  EXPECT_EQ((*positions)[0], (*first)[5]);
  EXPECT_EQ((*positions)[4], (*first)[9]);
  EXPECT_EQ((*positions)[5].seq, 11u);
  EXPECT_EQ((*positions)[7].seq, 13u);
  EXPECT_EQ(PullAll(hub_, shared_, 100).size(), 13u);
}

TEST_P(HubStoreContract, AnOpRepeatedWithinOnePushIsAppendedOnce) {
  const std::vector<SignedOp> ops = maker_.NewOps(3);
  const std::vector<SignedOp> batch = {ops[0], ops[1], ops[0], ops[2], ops[1]};
  Result<std::vector<LogPosition>> positions = hub_.Push(shared_, batch);
  ASSERT_TRUE(positions.ok());
  std::vector<uint64_t> seqs;
  for (const LogPosition& position : *positions) seqs.push_back(position.seq);
  EXPECT_EQ(seqs, (std::vector<uint64_t>{1, 2, 1, 3, 2}));
  ExpectLogHolds(PullAll(hub_, shared_, 100), ops);
}

TEST_P(HubStoreContract, AHeldOpIdKeepsItsFirstCopy) {
  const SignedOp op = maker_.NewOp(20);
  ASSERT_TRUE(hub_.Push(shared_, {&op, 1}).ok());
  // The same op sealed again (fresh nonce) by a client retrying: the hub does not compare.
  SignedOp resealed = op;
  resealed.envelope = PatternBytes(30);
  Result<std::vector<LogPosition>> positions = hub_.Push(shared_, {&resealed, 1});
  ASSERT_TRUE(positions.ok());
  EXPECT_EQ((*positions)[0].seq, 1u);
  ExpectLogHolds(PullAll(hub_, shared_, 100), {op});
}

TEST_P(HubStoreContract, PullPagesCoverTheLogOnceInOrder) {
  std::vector<SignedOp> ops = maker_.NewOps(1000);
  const std::vector<SignedOp> tail = maker_.NewOps(234);
  ASSERT_TRUE(hub_.Push(shared_, ops).ok());
  ASSERT_TRUE(hub_.Push(shared_, tail).ok());
  ops.insert(ops.end(), tail.begin(), tail.end());
  for (size_t page_size : {size_t{1}, size_t{7}, size_t{1000}}) {
    SCOPED_TRACE("page size " + std::to_string(page_size));
    ExpectLogHolds(PullAll(hub_, shared_, page_size), ops);
  }
}

TEST_P(HubStoreContract, PageSizeIsClampedBetweenOneAndTheLimit) {
  ASSERT_TRUE(hub_.Push(shared_, maker_.NewOps(1000)).ok());
  ASSERT_TRUE(hub_.Push(shared_, maker_.NewOps(5)).ok());

  Result<PullPage> zero = hub_.Pull(shared_, 0, 0);
  ASSERT_TRUE(zero.ok());
  ASSERT_EQ(zero->entries.size(), 1u);
  EXPECT_EQ(zero->entries[0].position.seq, 1u);
  EXPECT_TRUE(zero->more);

  Result<PullPage> huge = hub_.Pull(shared_, 2, std::numeric_limits<size_t>::max());
  ASSERT_TRUE(huge.ok());
  ASSERT_EQ(huge->entries.size(), Hub::kMaxPullEntries);
  EXPECT_EQ(huge->entries.front().position.seq, 3u);
  EXPECT_TRUE(huge->more);

  Result<PullPage> rest = hub_.Pull(shared_, 1002, std::numeric_limits<size_t>::max());
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->entries.size(), 3u);
  EXPECT_FALSE(rest->more);
}

TEST_P(HubStoreContract, PullAtOrBeyondTheEndIsEmptyWithNoMore) {
  ASSERT_TRUE(hub_.Push(shared_, maker_.NewOps(4)).ok());
  for (uint64_t cursor : {uint64_t{4}, uint64_t{5}, std::numeric_limits<uint64_t>::max()}) {
    Result<PullPage> page = hub_.Pull(shared_, cursor, 10);
    ASSERT_TRUE(page.ok());
    EXPECT_TRUE(page->entries.empty()) << "cursor " << cursor;
    EXPECT_FALSE(page->more);
  }
  Result<PullPage> never_pushed =
      hub_.Pull(CompartmentRef{.case_id = case_b_, .name = "shared"}, 0, 10);
  ASSERT_TRUE(never_pushed.ok());
  EXPECT_TRUE(never_pushed->entries.empty());
  EXPECT_FALSE(never_pushed->more);
}

TEST_P(HubStoreContract, AnInvalidOpRefusesTheWholePushAndAppendsNothing) {
  const std::vector<SignedOp> held = maker_.NewOps(2);
  ASSERT_TRUE(hub_.Push(shared_, held).ok());

  struct Case {
    std::string name;
    std::vector<SignedOp> batch;
    std::string message;
  };
  std::vector<Case> cases;
  {
    std::vector<SignedOp> batch = maker_.NewOps(3);
    batch[1].op_id = Id128{};
    cases.push_back({"zero op id", batch, "op 1 (id 00000000000000000000000000000000) has a zero"});
  }
  {
    std::vector<SignedOp> batch = maker_.NewOps(3);
    batch[2].envelope.clear();
    cases.push_back({"empty envelope", batch, "op 2 (id " + batch[2].op_id.ToHex() + ")"});
  }
  {
    std::vector<SignedOp> batch = maker_.NewOps(3);
    batch[0].envelope.resize(Hub::kMaxEnvelopeBytes + 1);
    cases.push_back({"oversized envelope", batch, "16777217-byte envelope"});
  }
  cases.push_back({"too many ops", maker_.NewOps(Hub::kMaxOpsPerPush + 1), "1001 ops exceed"});

  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::vector<LogPosition>> pushed = hub_.Push(shared_, c.batch);
    ASSERT_FALSE(pushed.ok());
    EXPECT_EQ(pushed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(pushed.status().message().find(c.message), std::string::npos)
        << pushed.status().ToString();
    EXPECT_NE(pushed.status().message().find("nothing was appended"), std::string::npos);
    ExpectLogHolds(PullAll(hub_, shared_, 100), held);
  }
}

TEST_P(HubStoreContract, PushesAtTheLimitsAreAccepted) {
  ASSERT_TRUE(hub_.Push(shared_, maker_.NewOps(Hub::kMaxOpsPerPush)).ok());
  SignedOp largest = maker_.NewOp(Hub::kMaxEnvelopeBytes);
  Result<std::vector<LogPosition>> pushed = hub_.Push(shared_, {&largest, 1});
  ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
  EXPECT_EQ((*pushed)[0].seq, Hub::kMaxOpsPerPush + 1);
  EXPECT_TRUE(hub_.Push(shared_, {}).ok());
}

TEST_P(HubStoreContract, HubTimesNeverDecreaseEvenWhenTheClockStepsBack) {
  const int64_t hour = int64_t{3600} * 1'000'000;
  env_.SetClockOffsetMicros(hour);
  Result<std::vector<LogPosition>> ahead = hub_.Push(shared_, maker_.NewOps(3));
  env_.SetClockOffsetMicros(-24 * hour);
  Result<std::vector<LogPosition>> behind = hub_.Push(shared_, maker_.NewOps(2));
  env_.SetClockOffsetMicros(2 * hour);
  Result<std::vector<LogPosition>> later = hub_.Push(shared_, maker_.NewOps(2));
  ASSERT_TRUE(ahead.ok() && behind.ok() && later.ok());

  // One push, one time; a clock stepping back does not move the log's times back.
  EXPECT_EQ((*ahead)[0].hub_time_micros, (*ahead)[2].hub_time_micros);
  EXPECT_NEAR(static_cast<double>((*ahead)[0].hub_time_micros - Env::Default().NowMicros()),
              static_cast<double>(hour), 60e6);
  EXPECT_EQ((*behind)[0].hub_time_micros, (*ahead)[2].hub_time_micros);
  EXPECT_GT((*later)[0].hub_time_micros, (*behind)[1].hub_time_micros);

  const std::vector<LogEntry> log = PullAll(hub_, shared_, 100);
  for (size_t i = 1; i < log.size(); ++i) {
    EXPECT_LE(log[i - 1].position.hub_time_micros, log[i].position.hub_time_micros) << i;
  }
}

TEST_P(HubStoreContract, CompartmentsAndCasesAreIsolated) {
  const CompartmentRef agency_a{.case_id = case_a_, .name = "agency:health"};
  const CompartmentRef shared_b{.case_id = case_b_, .name = "shared"};
  const std::vector<SignedOp> ops = maker_.NewOps(2);
  // The same op ids in three compartments: three independent logs, each numbered from 1.
  for (const CompartmentRef& where : {shared_, agency_a, shared_b}) {
    Result<std::vector<LogPosition>> pushed = hub_.Push(where, ops);
    ASSERT_TRUE(pushed.ok());
    EXPECT_EQ((*pushed)[0].seq, 1u);
    EXPECT_EQ((*pushed)[1].seq, 2u);
  }
  const std::vector<SignedOp> only_a = maker_.NewOps(3);
  ASSERT_TRUE(hub_.Push(shared_, only_a).ok());

  std::vector<SignedOp> expected_a = ops;
  expected_a.insert(expected_a.end(), only_a.begin(), only_a.end());
  ExpectLogHolds(PullAll(hub_, shared_, 100), expected_a);
  ExpectLogHolds(PullAll(hub_, agency_a, 100), ops);
  ExpectLogHolds(PullAll(hub_, shared_b, 100), ops);
}

TEST_P(HubStoreContract, ConcurrentPushesOfDistinctOpsAreEachAppendedOnce) {
  constexpr size_t kThreads = 4;
  constexpr size_t kOpsPerThread = 500;
  std::vector<std::vector<SignedOp>> ops(kThreads);
  for (auto& thread_ops : ops) thread_ops = maker_.NewOps(kOpsPerThread);
  std::vector<std::map<Id128, LogPosition>> told(kThreads);

  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Batches of 1 to 9 ops, so pushes interleave finely.
      for (size_t i = 0; i < kOpsPerThread;) {
        const size_t n = std::min(kOpsPerThread - i, 1 + (i + t) % 9);
        std::span<const SignedOp> batch(ops[t].data() + i, n);
        Result<std::vector<LogPosition>> pushed = hub_.Push(shared_, batch);
        ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
        for (size_t k = 0; k < n; ++k) told[t][batch[k].op_id] = (*pushed)[k];
        i += n;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const std::vector<LogEntry> log = PullAll(hub_, shared_, Hub::kMaxPullEntries);
  ASSERT_EQ(log.size(), kThreads * kOpsPerThread);
  const std::map<Id128, LogPosition> in_log = ExpectEachOpOnceInOrder(log);
  for (size_t t = 0; t < kThreads; ++t) {
    for (const SignedOp& op : ops[t]) EXPECT_EQ(told[t].at(op.op_id), in_log.at(op.op_id));
  }
}

TEST_P(HubStoreContract, ConcurrentPushesOfTheSameOpsAppendEachOnce) {
  constexpr size_t kThreads = 4;
  const std::vector<SignedOp> ops = maker_.NewOps(500);
  std::vector<std::map<Id128, LogPosition>> told(kThreads);

  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<SignedOp> mine = ops;
      std::shuffle(mine.begin(), mine.end(), std::mt19937_64(t));
      for (size_t i = 0; i < mine.size(); i += 5) {
        std::span<const SignedOp> batch(mine.data() + i, 5);
        Result<std::vector<LogPosition>> pushed = hub_.Push(shared_, batch);
        ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
        for (size_t k = 0; k < batch.size(); ++k) told[t][batch[k].op_id] = (*pushed)[k];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const std::vector<LogEntry> log = PullAll(hub_, shared_, Hub::kMaxPullEntries);
  ASSERT_EQ(log.size(), ops.size());
  std::set<Id128> ids;
  for (const LogEntry& entry : log) ids.insert(entry.op.op_id);
  EXPECT_EQ(ids.size(), ops.size());
  for (size_t t = 1; t < kThreads; ++t) EXPECT_EQ(told[t], told[0]);
}

TEST_P(HubStoreContract, PutThenGetReturnsTheChunkAndPuttingAgainChangesNothing) {
  const Bytes chunk = PatternBytes(1000, 3);
  const ChunkHash hash = HashOf(chunk);
  ASSERT_TRUE(hub_.PutChunk(chunks_at_, hash, chunk).ok());
  ASSERT_TRUE(hub_.PutChunk(chunks_at_, hash, chunk).ok());
  Result<Bytes> got = hub_.GetChunk(chunks_at_, hash);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, chunk);
}

TEST_P(HubStoreContract, GetOfAnUnknownChunkIsNotFound) {
  Result<Bytes> got = hub_.GetChunk(chunks_at_, HashOf(PatternBytes(10)));
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_NE(got.status().message().find(ToHex(HashOf(PatternBytes(10)))), std::string::npos);
}

TEST_P(HubStoreContract, AChunkThatDoesNotMatchItsHashIsRefusedAndNotStored) {
  Bytes chunk = PatternBytes(500, 1);
  const ChunkHash hash = HashOf(chunk);
  chunk[200] ^= 1;
  Status put = hub_.PutChunk(chunks_at_, hash, chunk);
  EXPECT_EQ(put.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(put.message().find("does not hash to its address"), std::string::npos);
  EXPECT_EQ(hub_.GetChunk(chunks_at_, hash).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(hub_.GetChunk(chunks_at_, HashOf(chunk)).status().code(), StatusCode::kNotFound);
  Result<std::vector<ChunkHash>> missing =
      hub_.MissingChunks(chunks_at_, std::vector<ChunkHash>{hash});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(*missing, std::vector<ChunkHash>{hash});
}

TEST_P(HubStoreContract, MissingChunksReportsExactlyTheMissingInOrderOnce) {
  std::vector<ChunkHash> h;
  for (uint8_t i = 0; i < 5; ++i) h.push_back(HashOf(PatternBytes(64, i)));
  ASSERT_TRUE(hub_.PutChunk(chunks_at_, h[1], PatternBytes(64, 1)).ok());
  ASSERT_TRUE(hub_.PutChunk(chunks_at_, h[3], PatternBytes(64, 3)).ok());
  const std::vector<ChunkHash> asked = {h[4], h[1], h[0], h[4], h[3], h[2], h[0]};
  Result<std::vector<ChunkHash>> missing = hub_.MissingChunks(chunks_at_, asked);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(*missing, (std::vector<ChunkHash>{h[4], h[0], h[2]}));
  Result<std::vector<ChunkHash>> none =
      hub_.MissingChunks(chunks_at_, std::vector<ChunkHash>{h[1], h[3]});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(HubStoreContract, AnOversizedChunkIsRefusedAndTheLargestAccepted) {
  const Bytes too_big = PatternBytes(Hub::kMaxChunkBytes + 1);
  Status put = hub_.PutChunk(chunks_at_, HashOf(too_big), too_big);
  EXPECT_EQ(put.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(put.message().find("over the limit"), std::string::npos);
  EXPECT_EQ(hub_.GetChunk(chunks_at_, HashOf(too_big)).status().code(), StatusCode::kNotFound);

  const Bytes largest = PatternBytes(Hub::kMaxChunkBytes);
  EXPECT_TRUE(hub_.PutChunk(chunks_at_, HashOf(largest), largest).ok());
}

// A client over an unreliable connection: retries each push until it gets a reply.
Result<std::vector<LogPosition>> PushUntilAcknowledged(Transport& transport,
                                                       const CompartmentRef& where,
                                                       std::span<const SignedOp> ops) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Result<std::vector<LogPosition>> pushed = transport.Push(where, ops);
    if (pushed.ok() || pushed.status().code() != StatusCode::kIoError) return pushed;
  }
  return IoError("gave up after 1000 attempts");
}

TEST_P(HubStoreContract, AClientKilledAfterSendingFindsItsPushAppliedOnRetry) {
  const std::vector<SignedOp> ops = maker_.NewOps(4);
  LossyTransport killed(hub_, {.drop_reply = 1});
  Result<std::vector<LogPosition>> lost = killed.Push(shared_, ops);
  EXPECT_EQ(lost.status().code(), StatusCode::kIoError);
  EXPECT_NE(lost.status().message().find("connection lost"), std::string::npos);
  ExpectLogHolds(PullAll(hub_, shared_, 100), ops);  // applied all the same

  Result<std::vector<LogPosition>> retry = hub_.Push(shared_, ops);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->back().seq, 4u);
  ExpectLogHolds(PullAll(hub_, shared_, 100), ops);

  LossyTransport cut(hub_, {.drop_request = 1});
  EXPECT_EQ(cut.Push(shared_, maker_.NewOps(2)).status().code(), StatusCode::kIoError);
  EXPECT_EQ(PullAll(hub_, shared_, 100).size(), 4u);
  EXPECT_EQ(cut.stats().requests_dropped, 1u);
  EXPECT_EQ(killed.stats().replies_dropped, 1u);
}

TEST_P(HubStoreContract, RetryingThroughLostMessagesStoresEachOpExactlyOnce) {
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const CompartmentRef where{.case_id = maker_.NewId(), .name = "shared"};
    LossyTransport lossy(hub_,
                         {.seed = seed, .drop_request = 0.2, .duplicate = 0.2, .drop_reply = 0.5});
    const std::vector<SignedOp> ops = maker_.NewOps(300);
    std::map<Id128, LogPosition> told;
    for (size_t i = 0; i < ops.size(); i += 10) {
      std::span<const SignedOp> batch(ops.data() + i, 10);
      Result<std::vector<LogPosition>> pushed = PushUntilAcknowledged(lossy, where, batch);
      ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
      for (size_t k = 0; k < batch.size(); ++k) told[batch[k].op_id] = (*pushed)[k];
    }
    const LossyTransportStats stats = lossy.stats();
    EXPECT_GT(stats.replies_dropped, 0u);
    EXPECT_GT(stats.requests_dropped, 0u);
    EXPECT_GT(stats.duplicated, 0u);

    // Pulling through the same connection, retrying lost pages, sees every op once in order.
    std::vector<LogEntry> log;
    for (bool more = true; more;) {
      Result<PullPage> page = lossy.Pull(where, log.size(), 7);
      if (!page.ok()) {
        ASSERT_EQ(page.status().code(), StatusCode::kIoError);
        continue;
      }
      log.insert(log.end(), page->entries.begin(), page->entries.end());
      more = page->more;
    }
    ExpectLogHolds(log, ops);
    for (const LogEntry& entry : log) EXPECT_EQ(told.at(entry.op.op_id), entry.position);
  }
}

TEST_P(HubStoreContract, AnUploadOverALossyConnectionResumesAtTheMissingChunks) {
  std::vector<Bytes> chunks;
  std::vector<ChunkHash> hashes;
  for (uint8_t i = 0; i < 20; ++i) {
    chunks.push_back(PatternBytes(256, i));
    hashes.push_back(HashOf(chunks.back()));
  }
  LossyTransport lossy(hub_, {.seed = 9, .drop_request = 0.3, .duplicate = 0.2, .drop_reply = 0.3});
  for (int round = 0; round < 100; ++round) {
    Result<std::vector<ChunkHash>> missing = lossy.MissingChunks(chunks_at_, hashes);
    if (!missing.ok()) continue;
    if (missing->empty()) break;
    for (const ChunkHash& hash : *missing) {
      const size_t index = std::find(hashes.begin(), hashes.end(), hash) - hashes.begin();
      lossy.PutChunk(chunks_at_, hash, chunks[index])
          .IgnoreError();  // a loss is found by the next round
    }
  }
  for (size_t i = 0; i < chunks.size(); ++i) {
    Result<Bytes> got = hub_.GetChunk(chunks_at_, hashes[i]);
    ASSERT_TRUE(got.ok()) << "chunk " << i;
    EXPECT_EQ(*got, chunks[i]);
  }
}

TEST_P(HubStoreContract, AppendKeepsHubTimesNonDecreasingAndIgnoresHeldIds) {
  OpMaker maker(5);
  const CompartmentRef where{.case_id = maker.NewId(), .name = "shared"};
  HubStore& store = *store_;
  const SignedOp first = maker.NewOp(8);
  const SignedOp second = maker.NewOp(8);
  Result<LogPosition> a = store.Append(where, first, 1000);
  Result<LogPosition> b = store.Append(where, second, 400);
  Result<LogPosition> again = store.Append(where, first, 5000);
  ASSERT_TRUE(a.ok() && b.ok() && again.ok());
  EXPECT_EQ(*a, (LogPosition{.seq = 1, .hub_time_micros = 1000}));
  EXPECT_EQ(*b, (LogPosition{.seq = 2, .hub_time_micros = 1000}));
  EXPECT_EQ(*again, *a);

  Result<PullPage> page = store.Read(where, 0, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0], (LogEntry{.position = *a, .op = first}));
  EXPECT_TRUE(page->more);
}

TEST_P(HubStoreContract, AppendBatchAppendsAnOpIdRepeatedInTheBatchOnceAtItsFirstPlace) {
  const std::vector<SignedOp> held = maker_.NewOps(2);
  ASSERT_TRUE(store_->AppendBatch(shared_, held, 100).ok());
  const std::vector<SignedOp> fresh = maker_.NewOps(2);
  SignedOp resealed = fresh[0];
  resealed.envelope = PatternBytes(40);
  const std::vector<SignedOp> batch = {fresh[0], held[1], resealed, fresh[1], fresh[1], held[0]};

  Result<std::vector<LogPosition>> positions = store_->AppendBatch(shared_, batch, 50);
  ASSERT_TRUE(positions.ok()) << positions.status().ToString();
  std::vector<uint64_t> seqs;
  for (const LogPosition& position : *positions) {
    seqs.push_back(position.seq);
    EXPECT_EQ(position.hub_time_micros, 100);  // never before the entry it follows
  }
  EXPECT_EQ(seqs, (std::vector<uint64_t>{3, 2, 3, 4, 4, 1}));
  ExpectLogHolds(PullAll(hub_, shared_, 100), {held[0], held[1], fresh[0], fresh[1]});

  Result<std::vector<LogPosition>> none = store_->AppendBatch(shared_, {}, 200);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(PullAll(hub_, shared_, 100).size(), 4u);
}

}  // namespace
}  // namespace casevault::sync::testing
