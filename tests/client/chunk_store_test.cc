#include "casevault/client/chunk_store.h"

#include <gtest/gtest.h>

#include "casevault/sync/file_transfer.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/hub_store.h"
#include "testing/bytes.h"
#include "testing/temp_dir.h"

namespace casevault::client {
namespace {

using casevault::testing::TempDir;

TEST(ChunkStore, StoredChunkReadsBackUnderItsHash) {
  TempDir dir;
  Result<ChunkStore> store = ChunkStore::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(store.ok());
  const Bytes chunk = {1, 2, 3, 4, 5};
  Result<crypto::Hash256> hash = store->Put(chunk);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(*hash, crypto::Blake2b256(chunk));
  ASSERT_TRUE(store->Sync().ok());
  Bytes read;
  ASSERT_TRUE(store->Get(*hash, read).ok());
  EXPECT_EQ(read, chunk);
  EXPECT_TRUE(store->Contains(*hash));
}

TEST(ChunkStore, IdenticalChunksAreStoredOnce) {
  TempDir dir;
  Result<ChunkStore> store = ChunkStore::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(store.ok());
  const Bytes chunk(1000, 7);
  const crypto::Hash256 first = *store->Put(chunk);
  const crypto::Hash256 second = *store->Put(chunk);
  EXPECT_EQ(first, second);
  const std::string subdir = DirName(store->PathOf(first));
  EXPECT_EQ(Env::Default().ListDir(subdir)->size(), 1u);
}

TEST(ChunkStore, DamagedChunkIsCorruptionAndMissingIsNotFound) {
  TempDir dir;
  Result<ChunkStore> store = ChunkStore::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(store.ok());
  const crypto::Hash256 hash = *store->Put(Bytes(100, 1));
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), store->PathOf(hash), Bytes(100, 2)).ok());
  Bytes read;
  EXPECT_EQ(store->Get(hash, read).code(), StatusCode::kCorruption);
  ASSERT_TRUE(store->Remove(hash).ok());
  EXPECT_FALSE(store->Contains(hash));
  EXPECT_EQ(store->Get(hash, read).code(), StatusCode::kNotFound);
  EXPECT_TRUE(store->Remove(hash).ok());
}

TEST(ChunkStore, RemoveUnreferencedKeepsWhatIsReferenced) {
  TempDir dir;
  Result<ChunkStore> store = ChunkStore::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(store.ok());
  const crypto::Hash256 keep = *store->Put(Bytes(10, 1));
  const crypto::Hash256 drop = *store->Put(Bytes(10, 2));
  Result<uint64_t> removed = store->RemoveUnreferenced(
      [&](const crypto::Hash256& hash) -> Result<bool> { return hash == keep; });
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 1u);
  EXPECT_TRUE(store->Contains(keep));
  EXPECT_FALSE(store->Contains(drop));
}

TEST(ChunkStore, FileDownloadsIntoItAndResumesAfterReopening) {
  sync::MemoryChunks sender;
  sync::FileManifest file;
  for (uint8_t i = 0; i < 6; ++i) {
    file.chunk_hashes.push_back(*sender.Put(casevault::testing::PatternBytes(1000 + i, i)));
  }
  sync::FileManifest first_half = file;
  first_half.chunk_hashes.resize(3);
  sync::FileManifest second_half = file;
  second_half.chunk_hashes.erase(second_half.chunk_hashes.begin(),
                                 second_half.chunk_hashes.begin() + 3);
  sync::MemoryHubStore full_store;
  sync::Hub full_hub(full_store, Env::Default());
  ASSERT_TRUE(sync::UploadFile(file, sender, full_hub).ok());
  // A hub holding only the second half: fetching any of the first three from it would fail.
  sync::MemoryHubStore half_store;
  sync::Hub half_hub(half_store, Env::Default());
  ASSERT_TRUE(sync::UploadFile(second_half, sender, half_hub).ok());
  TempDir dir;
  {
    Result<ChunkStore> store = ChunkStore::Open(Env::Default(), dir.File("chunks"));
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(sync::DownloadFile(first_half, *store, full_hub).ok());
  }

  Result<ChunkStore> reopened = ChunkStore::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(sync::IsComplete(first_half, *reopened));
  EXPECT_FALSE(sync::IsComplete(file, *reopened));
  ASSERT_TRUE(sync::DownloadFile(file, *reopened, half_hub).ok());
  EXPECT_TRUE(sync::IsComplete(file, *reopened));
  for (const crypto::Hash256& hash : file.chunk_hashes) {
    Bytes sent;
    Bytes stored;
    ASSERT_TRUE(sender.Get(hash, sent).ok());
    ASSERT_TRUE(reopened->Get(hash, stored).ok());
    EXPECT_EQ(stored, sent);
  }
}

}  // namespace
}  // namespace casevault::client
