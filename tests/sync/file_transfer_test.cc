#include "casevault/sync/file_transfer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "casevault/base/fault_injection_env.h"
#include "casevault/crypto/file_cipher.h"
#include "casevault/crypto/hash.h"
#include "casevault/crypto/random_id.h"
#include "casevault/sync/chunk_source.h"
#include "casevault/sync/forwarding_transport.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/hub_store.h"
#include "casevault/sync/lossy_transport.h"
#include "testing/bytes.h"

namespace casevault::sync {
namespace {

using testing::PatternBytes;

// Passes every call on to a target; tests override the calls they watch.
// Records the chunk requests that reach the target and, once a budget is spent, fails the
// following PutChunk or GetChunk calls as a broken connection would (without delivering them).
class CountingTransport final : public ForwardingTransport {
 public:
  using ForwardingTransport::ForwardingTransport;

  Result<std::vector<ChunkHash>> MissingChunks(const CompartmentRef& where,
                                               std::span<const ChunkHash> hashes) override {
    query_sizes.push_back(hashes.size());
    return target_.MissingChunks(where, hashes);
  }
  Status PutChunk(const CompartmentRef& where, const ChunkHash& hash, ByteView sealed) override {
    if (puts_allowed && puts.size() == *puts_allowed) return IoError("connection lost (test)");
    puts.push_back(hash);
    return target_.PutChunk(where, hash, sealed);
  }
  Result<Bytes> GetChunk(const CompartmentRef& where, const ChunkHash& hash) override {
    if (gets_allowed && gets.size() == *gets_allowed) return IoError("connection lost (test)");
    gets.push_back(hash);
    return target_.GetChunk(where, hash);
  }

  // How many PutChunk / GetChunk calls are delivered before the rest fail; unset: all.
  std::optional<size_t> puts_allowed;
  std::optional<size_t> gets_allowed;
  // What was delivered, in order.
  std::vector<size_t> query_sizes;
  std::vector<ChunkHash> puts;
  std::vector<ChunkHash> gets;
};

// A hostile or damaged hub: GetChunk replies for the chunks in `tampered` come back altered.
class TamperingTransport final : public ForwardingTransport {
 public:
  TamperingTransport(Transport& target, std::set<ChunkHash> tampered)
      : ForwardingTransport(target), tampered_(std::move(tampered)) {}

  Result<Bytes> GetChunk(const CompartmentRef& where, const ChunkHash& hash) override {
    Result<Bytes> reply = target_.GetChunk(where, hash);
    if (reply.ok() && tampered_.contains(hash)) (*reply)[reply->size() / 2] ^= 0x40;
    return reply;
  }

 private:
  std::set<ChunkHash> tampered_;
};

// A MemoryHubStore that counts how often each chunk is written where none was held.
class CountingHubStore final : public HubStore {
 public:
  Result<std::vector<LogPosition>> AppendBatch(const CompartmentRef& where,
                                               std::span<const SignedOp> ops,
                                               int64_t hub_time_micros) override {
    return inner_.AppendBatch(where, ops, hub_time_micros);
  }
  Result<PullPage> Read(const CompartmentRef& where, uint64_t after_seq,
                        size_t max_entries) override {
    return inner_.Read(where, after_seq, max_entries);
  }
  Result<bool> HasChunk(const ChunkHash& hash) override { return inner_.HasChunk(hash); }
  Status PutChunk(const ChunkHash& hash, ByteView sealed) override {
    CV_ASSIGN_OR_RETURN(const bool held, inner_.HasChunk(hash));
    if (!held) ++writes[hash];
    return inner_.PutChunk(hash, sealed);
  }
  Result<Bytes> GetChunk(const ChunkHash& hash) override { return inner_.GetChunk(hash); }

  std::map<ChunkHash, int> writes;

 private:
  MemoryHubStore inner_;
};

// MemoryChunks that notes how many chunks had been put when Sync was last called.
class SyncWatchingChunks final : public LocalChunks {
 public:
  bool Contains(const ChunkHash& hash) override { return inner_.Contains(hash); }
  Status Get(const ChunkHash& hash, Bytes& out) override { return inner_.Get(hash, out); }
  Result<ChunkHash> Put(ByteView sealed) override {
    ++puts;
    return inner_.Put(sealed);
  }
  Status Sync() override {
    ++syncs;
    puts_synced = puts;
    return inner_.Sync();
  }

  int puts = 0;
  int syncs = 0;
  int puts_synced = 0;

 private:
  MemoryChunks inner_;
};

// A secured file as its owner's replica holds it: the manifest, the key that opens its chunks
// and the plaintext they hold.
struct SealedFile {
  FileManifest manifest;
  crypto::SecretKey key;
  Bytes plaintext;
};

// Seals `plaintext_size` bytes of patterned content in chunks of `chunk_size` and stores the
// sealed chunks in `into`.
SealedFile SealFile(size_t plaintext_size, uint32_t chunk_size, LocalChunks& into) {
  SealedFile file{.manifest = {},
                  .key = crypto::SecretKey::Generate(),
                  .plaintext = PatternBytes(plaintext_size, 3)};
  file.manifest.file_id = crypto::NewRandomId();
  file.manifest.chunk_size = chunk_size;
  file.manifest.plaintext_size = plaintext_size;
  const crypto::FileCipher cipher(file.key, file.manifest.file_id, chunk_size);
  const size_t count = std::max<size_t>(1, (plaintext_size + chunk_size - 1) / chunk_size);
  for (size_t i = 0; i < count; ++i) {
    const size_t begin = i * chunk_size;
    const ByteView piece =
        ByteView(file.plaintext)
            .subspan(begin, std::min<size_t>(chunk_size, plaintext_size - begin));
    Bytes sealed;
    EXPECT_TRUE(cipher.SealChunk(i, i + 1 == count, piece, sealed).ok());
    Result<ChunkHash> hash = into.Put(sealed);
    EXPECT_TRUE(hash.ok());
    file.manifest.chunk_hashes.push_back(*hash);
  }
  return file;
}

// Opens `file`'s chunks from `from`, in order, and returns the plaintext they hold.
Bytes OpenFile(const SealedFile& file, LocalChunks& from) {
  const crypto::FileCipher cipher(file.key, file.manifest.file_id, file.manifest.chunk_size);
  const size_t count = file.manifest.chunk_hashes.size();
  Bytes plaintext;
  for (size_t i = 0; i < count; ++i) {
    Bytes sealed;
    Bytes piece;
    EXPECT_TRUE(from.Get(file.manifest.chunk_hashes[i], sealed).ok()) << "chunk " << i;
    EXPECT_TRUE(cipher.OpenChunk(i, i + 1 == count, sealed, piece).ok()) << "chunk " << i;
    plaintext.insert(plaintext.end(), piece.begin(), piece.end());
  }
  return plaintext;
}

// A manifest listing `chunks` (stored in `into`) in order, repeats included.
FileManifest ManifestOf(const std::vector<Bytes>& chunks, LocalChunks& into) {
  FileManifest manifest;
  manifest.file_id = crypto::NewRandomId();
  for (const Bytes& chunk : chunks) manifest.chunk_hashes.push_back(*into.Put(chunk));
  return manifest;
}

// The hashes of `manifest` from index `from` on.
std::vector<ChunkHash> HashesFrom(const FileManifest& manifest, size_t from) {
  return {manifest.chunk_hashes.begin() + static_cast<ptrdiff_t>(from),
          manifest.chunk_hashes.end()};
}

// One progress report.
struct Progress {
  uint64_t done = 0;
  uint64_t total = 0;
  uint64_t bytes = 0;

  friend bool operator==(const Progress&, const Progress&) = default;
};

// Checks that `reports` start at nothing done, rise by one chunk each and end at `total` chunks
// and `bytes` bytes, the byte count never falling.
void ExpectProgressRisesTo(const std::vector<Progress>& reports, uint64_t total, uint64_t bytes) {
  ASSERT_EQ(reports.size(), total + 1);
  EXPECT_EQ(reports.front(), (Progress{0, total, 0}));
  for (size_t i = 1; i < reports.size(); ++i) {
    EXPECT_EQ(reports[i].done, i);
    EXPECT_EQ(reports[i].total, total);
    EXPECT_GE(reports[i].bytes, reports[i - 1].bytes);
  }
  EXPECT_EQ(reports.back(), (Progress{total, total, bytes}));
}

class FileTransferTest : public ::testing::Test {
 protected:
  // The hashes among `manifest`'s that the hub lacks.
  std::vector<ChunkHash> HubLacks(const FileManifest& manifest) {
    Result<std::vector<ChunkHash>> missing = hub_.MissingChunks(where_, manifest.chunk_hashes);
    EXPECT_TRUE(missing.ok());
    return missing.ok() ? *missing : std::vector<ChunkHash>{};
  }

  const CompartmentRef where_{crypto::NewRandomId(), "agency:police"};
  FaultInjectionEnv env_{Env::Default()};
  CountingHubStore store_;
  Hub hub_{store_, env_};
  MemoryChunks sender_;
  MemoryChunks receiver_;
};

TEST_F(FileTransferTest, UploadThenDownloadDeliversTheSameChunksAndTheFileOpens) {
  const SealedFile file = SealFile(200'000, 16 * 1024, sender_);
  ASSERT_EQ(file.manifest.chunk_hashes.size(), 13u);
  EXPECT_TRUE(IsComplete(file.manifest, sender_));
  EXPECT_FALSE(IsComplete(file.manifest, receiver_));

  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, hub_).ok());
  EXPECT_TRUE(HubLacks(file.manifest).empty());
  ASSERT_TRUE(DownloadFile(where_, file.manifest, receiver_, hub_).ok());

  EXPECT_TRUE(IsComplete(file.manifest, receiver_));
  EXPECT_EQ(receiver_.size(), 13u);
  for (const ChunkHash& hash : file.manifest.chunk_hashes) {
    Bytes sent;
    Bytes received;
    ASSERT_TRUE(sender_.Get(hash, sent).ok());
    ASSERT_TRUE(receiver_.Get(hash, received).ok());
    EXPECT_EQ(received, sent);
  }
  EXPECT_EQ(OpenFile(file, receiver_), file.plaintext);
}

TEST_F(FileTransferTest, ChunkCallsForACompartmentThatCannotExistAreRefused) {
  const SealedFile file = SealFile(3 * 1024, 1024, sender_);
  const CompartmentRef nowhere{where_.case_id, "agency:../police"};
  EXPECT_EQ(UploadFile(nowhere, file.manifest, sender_, hub_).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(hub_.GetChunk(nowhere, file.manifest.chunk_hashes[0]).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(HubLacks(file.manifest).size(), 3u) << "nothing was stored";
}

TEST_F(FileTransferTest, UploadAsksWhatIsMissingInBatchesOfAtMostAThousand) {
  std::vector<Bytes> chunks;
  for (uint32_t i = 0; i < 2500; ++i) {
    chunks.emplace_back();
    AppendU32(chunks.back(), i);
  }
  const FileManifest manifest = ManifestOf(chunks, sender_);
  CountingTransport counting(hub_);

  ASSERT_TRUE(UploadFile(where_, manifest, sender_, counting).ok());
  EXPECT_EQ(counting.query_sizes, (std::vector<size_t>{1000, 1000, 500}));
  EXPECT_EQ(counting.puts, manifest.chunk_hashes);
  EXPECT_TRUE(HubLacks(manifest).empty());
}

TEST_F(FileTransferTest, InterruptedUploadResumesSendingOnlyWhatIsMissing) {
  const SealedFile file = SealFile(100'000, 8 * 1024, sender_);
  const size_t count = file.manifest.chunk_hashes.size();
  CountingTransport cut(hub_);
  cut.puts_allowed = 4;

  const Status interrupted = UploadFile(where_, file.manifest, sender_, cut);
  EXPECT_EQ(interrupted.code(), StatusCode::kIoError) << interrupted.ToString();
  EXPECT_EQ(HubLacks(file.manifest), HashesFrom(file.manifest, 4));

  CountingTransport resumed(hub_);
  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, resumed).ok());
  EXPECT_EQ(resumed.puts, HashesFrom(file.manifest, 4));
  EXPECT_EQ(resumed.puts.size(), count - 4);
  EXPECT_TRUE(HubLacks(file.manifest).empty());

  // Once the hub holds everything, an upload sends nothing.
  CountingTransport again(hub_);
  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, again).ok());
  EXPECT_TRUE(again.puts.empty());
}

TEST_F(FileTransferTest, InterruptedDownloadResumesAtTheFirstMissingChunk) {
  const SealedFile file = SealFile(100'000, 8 * 1024, sender_);
  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, hub_).ok());
  CountingTransport cut(hub_);
  cut.gets_allowed = 5;

  const Status interrupted = DownloadFile(where_, file.manifest, receiver_, cut);
  EXPECT_EQ(interrupted.code(), StatusCode::kIoError) << interrupted.ToString();
  EXPECT_FALSE(IsComplete(file.manifest, receiver_));
  EXPECT_EQ(receiver_.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_TRUE(receiver_.Contains(file.manifest.chunk_hashes[i]));

  CountingTransport resumed(hub_);
  ASSERT_TRUE(DownloadFile(where_, file.manifest, receiver_, resumed).ok());
  EXPECT_EQ(resumed.gets, HashesFrom(file.manifest, 5));
  EXPECT_TRUE(IsComplete(file.manifest, receiver_));
  EXPECT_EQ(OpenFile(file, receiver_), file.plaintext);
}

TEST_F(FileTransferTest, CutDownloadStillSyncsTheChunksItStored) {
  const SealedFile file = SealFile(40'000, 8 * 1024, sender_);
  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, hub_).ok());
  SyncWatchingChunks receiver;
  CountingTransport cut(hub_);
  cut.gets_allowed = 3;

  EXPECT_EQ(DownloadFile(where_, file.manifest, receiver, cut).code(), StatusCode::kIoError);
  EXPECT_EQ(receiver.syncs, 1);
  EXPECT_EQ(receiver.puts_synced, 3);

  ASSERT_TRUE(DownloadFile(where_, file.manifest, receiver, hub_).ok());
  EXPECT_EQ(receiver.syncs, 2);
  EXPECT_EQ(receiver.puts_synced, 5);
}

TEST_F(FileTransferTest, DownloadSkipsChunksAlreadyHeldWithoutFetchingThem) {
  const SealedFile file = SealFile(50'000, 8 * 1024, sender_);
  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, hub_).ok());
  const std::vector<ChunkHash>& hashes = file.manifest.chunk_hashes;
  for (size_t held : {1, 4}) {
    Bytes chunk;
    ASSERT_TRUE(sender_.Get(hashes[held], chunk).ok());
    ASSERT_TRUE(receiver_.Put(chunk).ok());
  }

  CountingTransport counting(hub_);
  ASSERT_TRUE(DownloadFile(where_, file.manifest, receiver_, counting).ok());
  EXPECT_EQ(counting.gets,
            (std::vector<ChunkHash>{hashes[0], hashes[2], hashes[3], hashes[5], hashes[6]}));
  EXPECT_EQ(OpenFile(file, receiver_), file.plaintext);
}

TEST_F(FileTransferTest, ChunkNotMatchingItsHashIsRefusedAndNothingIsStored) {
  const SealedFile file = SealFile(40'000, 8 * 1024, sender_);
  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, hub_).ok());
  const std::vector<ChunkHash>& hashes = file.manifest.chunk_hashes;
  TamperingTransport hostile(hub_, {hashes.begin(), hashes.end()});

  const Status refused = DownloadFile(where_, file.manifest, receiver_, hostile);
  EXPECT_EQ(refused.code(), StatusCode::kAuthenticationFailed) << refused.ToString();
  EXPECT_EQ(receiver_.size(), 0u);
  EXPECT_FALSE(IsComplete(file.manifest, receiver_));
}

TEST_F(FileTransferTest, TamperedChunkStopsTheDownloadThereAndAnHonestHubCompletesIt) {
  const SealedFile file = SealFile(40'000, 8 * 1024, sender_);
  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, hub_).ok());
  const std::vector<ChunkHash>& hashes = file.manifest.chunk_hashes;
  TamperingTransport hostile(hub_, {hashes[2]});

  EXPECT_EQ(DownloadFile(where_, file.manifest, receiver_, hostile).code(),
            StatusCode::kAuthenticationFailed);
  EXPECT_EQ(receiver_.size(), 2u);
  EXPECT_FALSE(receiver_.Contains(hashes[2]));

  CountingTransport honest(hub_);
  ASSERT_TRUE(DownloadFile(where_, file.manifest, receiver_, honest).ok());
  EXPECT_EQ(honest.gets, HashesFrom(file.manifest, 2));
  EXPECT_EQ(OpenFile(file, receiver_), file.plaintext);
}

TEST_F(FileTransferTest, DamagedLocalChunkIsNeverUploaded) {
  const SealedFile file = SealFile(40'000, 8 * 1024, sender_);
  const std::vector<ChunkHash>& hashes = file.manifest.chunk_hashes;
  ASSERT_TRUE(sender_.Damage(hashes[2]));
  CountingTransport counting(hub_);

  const Status refused = UploadFile(where_, file.manifest, sender_, counting);
  EXPECT_EQ(refused.code(), StatusCode::kCorruption) << refused.ToString();
  EXPECT_EQ(counting.puts, (std::vector<ChunkHash>{hashes[0], hashes[1]}));
  EXPECT_EQ(HubLacks(file.manifest), HashesFrom(file.manifest, 2));
}

TEST_F(FileTransferTest, RepeatedChunksAreSentAndFetchedOnce) {
  const Bytes a = PatternBytes(300, 1);
  const Bytes b = PatternBytes(200, 2);
  const Bytes c = PatternBytes(100, 3);
  const FileManifest manifest = ManifestOf({a, b, a, c, b, a}, sender_);
  const ChunkHash ha = manifest.chunk_hashes[0];
  const ChunkHash hb = manifest.chunk_hashes[1];
  const ChunkHash hc = manifest.chunk_hashes[3];
  CountingTransport counting(hub_);
  std::vector<Progress> uploaded;
  std::vector<Progress> downloaded;

  ASSERT_TRUE(UploadFile(where_, manifest, sender_, counting,
                         [&](uint64_t done, uint64_t total, uint64_t bytes) {
                           uploaded.push_back({done, total, bytes});
                         })
                  .ok());
  ASSERT_TRUE(DownloadFile(where_, manifest, receiver_, counting,
                           [&](uint64_t done, uint64_t total, uint64_t bytes) {
                             downloaded.push_back({done, total, bytes});
                           })
                  .ok());

  EXPECT_EQ(counting.puts, (std::vector<ChunkHash>{ha, hb, hc}));
  EXPECT_EQ(counting.gets, (std::vector<ChunkHash>{ha, hb, hc}));
  EXPECT_EQ(receiver_.size(), 3u);
  EXPECT_TRUE(IsComplete(manifest, receiver_));
  ExpectProgressRisesTo(uploaded, 6, 600);
  ExpectProgressRisesTo(downloaded, 6, 600);
}

TEST_F(FileTransferTest, EmptyFileTravelsAsItsOneFinalChunk) {
  const SealedFile file = SealFile(0, 4096, sender_);
  ASSERT_EQ(file.manifest.chunk_hashes.size(), 1u);

  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, hub_).ok());
  EXPECT_FALSE(IsComplete(file.manifest, receiver_));
  ASSERT_TRUE(DownloadFile(where_, file.manifest, receiver_, hub_).ok());

  EXPECT_TRUE(IsComplete(file.manifest, receiver_));
  EXPECT_TRUE(OpenFile(file, receiver_).empty());
}

TEST_F(FileTransferTest, ProgressRisesOneChunkAtATimeToTheTotals) {
  const SealedFile file = SealFile(70'000, 8 * 1024, sender_);
  const std::vector<ChunkHash>& hashes = file.manifest.chunk_hashes;
  const uint64_t total = hashes.size();
  std::map<ChunkHash, uint64_t> sizes;
  for (const ChunkHash& hash : hashes) {
    Bytes chunk;
    ASSERT_TRUE(sender_.Get(hash, chunk).ok());
    sizes[hash] = chunk.size();
  }
  // The hub already holds chunk 0 and the receiver chunks 3 and 8 (the short last one): the
  // progress counts them as done but not as bytes moved.
  Bytes held;
  ASSERT_TRUE(sender_.Get(hashes[0], held).ok());
  ASSERT_TRUE(hub_.PutChunk(where_, hashes[0], held).ok());
  for (size_t i : {3, 8}) {
    ASSERT_TRUE(sender_.Get(hashes[i], held).ok());
    ASSERT_TRUE(receiver_.Put(held).ok());
  }
  uint64_t all_bytes = 0;
  for (const ChunkHash& hash : hashes) all_bytes += sizes[hash];

  std::vector<Progress> uploaded;
  ASSERT_TRUE(UploadFile(where_, file.manifest, sender_, hub_,
                         [&](uint64_t done, uint64_t total_chunks, uint64_t bytes) {
                           uploaded.push_back({done, total_chunks, bytes});
                         })
                  .ok());
  ExpectProgressRisesTo(uploaded, total, all_bytes - sizes[hashes[0]]);
  EXPECT_EQ(uploaded[1].bytes, 0u);  // chunk 0 was found at the hub, not sent

  std::vector<Progress> downloaded;
  ASSERT_TRUE(DownloadFile(where_, file.manifest, receiver_, hub_,
                           [&](uint64_t done, uint64_t total_chunks, uint64_t bytes) {
                             downloaded.push_back({done, total_chunks, bytes});
                           })
                  .ok());
  ExpectProgressRisesTo(downloaded, total, all_bytes - sizes[hashes[3]] - sizes[hashes[8]]);
  EXPECT_EQ(downloaded[4].bytes, downloaded[3].bytes);  // chunk 3 was held, not fetched
}

TEST_F(FileTransferTest, RetryingOverALossyNetworkEndsCompleteWithEachChunkStoredOnce) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    CountingHubStore store;
    Hub hub(store, env_);
    CountingTransport delivered(hub);
    LossyTransport lossy(delivered,
                         {.seed = seed, .drop_request = 0.2, .duplicate = 0.2, .drop_reply = 0.2});
    MemoryChunks sender;
    MemoryChunks receiver;
    const SealedFile file = SealFile(150'000, 8 * 1024, sender);
    const size_t count = file.manifest.chunk_hashes.size();

    // Each failure must be the network's, and each attempt keeps what the previous ones moved.
    const auto retry = [](const auto& transfer) {
      Status status;
      for (int attempt = 0; attempt < 10'000; ++attempt) {
        status = transfer();
        if (status.ok()) break;
        EXPECT_EQ(status.code(), StatusCode::kIoError) << status.ToString();
      }
      return status;
    };
    ASSERT_TRUE(retry([&] { return UploadFile(where_, file.manifest, sender, lossy); }).ok());
    ASSERT_TRUE(retry([&] { return DownloadFile(where_, file.manifest, receiver, lossy); }).ok());

    EXPECT_TRUE(IsComplete(file.manifest, receiver));
    EXPECT_EQ(receiver.size(), count);
    EXPECT_EQ(OpenFile(file, receiver), file.plaintext);
    ASSERT_EQ(store.writes.size(), count);
    for (const auto& [hash, writes] : store.writes) EXPECT_EQ(writes, 1);
    // A chunk is sent again only when the network repeats the request: once the hub has it, a
    // retried upload learns so from MissingChunks.
    EXPECT_LE(delivered.puts.size(), count + lossy.stats().duplicated);
  }
}

TEST(MemoryChunks, GetRefusesADamagedChunkAndReportsAMissingOne) {
  MemoryChunks chunks;
  const Bytes chunk = PatternBytes(100, 9);
  Result<ChunkHash> hash = chunks.Put(chunk);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(*hash, crypto::Blake2b256(chunk));
  ASSERT_TRUE(chunks.Put(chunk).ok());
  EXPECT_EQ(chunks.size(), 1u);
  Bytes read;
  ASSERT_TRUE(chunks.Get(*hash, read).ok());
  EXPECT_EQ(read, chunk);

  ASSERT_TRUE(chunks.Damage(*hash));
  EXPECT_TRUE(chunks.Contains(*hash));
  EXPECT_EQ(chunks.Get(*hash, read).code(), StatusCode::kCorruption);
  const ChunkHash absent = crypto::Blake2b256(PatternBytes(5));
  EXPECT_EQ(chunks.Get(absent, read).code(), StatusCode::kNotFound);
  EXPECT_FALSE(chunks.Damage(absent));
}

}  // namespace
}  // namespace casevault::sync
