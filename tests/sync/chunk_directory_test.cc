#include "casevault/sync/chunk_directory.h"

#include <gtest/gtest.h>

#include "casevault/crypto/hash.h"
#include "casevault/sync/file_transfer.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/hub_store.h"
#include "testing/bytes.h"
#include "testing/temp_dir.h"

namespace casevault::sync {
namespace {

using casevault::testing::TempDir;

TEST(ChunkDirectory, StoredChunkReadsBackUnderItsHash) {
  TempDir dir;
  Result<ChunkDirectory> store = ChunkDirectory::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(store.ok());
  const Bytes chunk = {1, 2, 3, 4, 5};
  Result<ChunkHash> hash = store->Put(chunk);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(*hash, crypto::Blake2b256(chunk));
  ASSERT_TRUE(store->Sync().ok());
  Bytes read;
  ASSERT_TRUE(store->Get(*hash, read).ok());
  EXPECT_EQ(read, chunk);
  EXPECT_TRUE(store->Contains(*hash));
}

TEST(ChunkDirectory, IdenticalChunksAreStoredOnce) {
  TempDir dir;
  Result<ChunkDirectory> store = ChunkDirectory::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(store.ok());
  const Bytes chunk(1000, 7);
  const ChunkHash first = *store->Put(chunk);
  const ChunkHash second = *store->Put(chunk);
  EXPECT_EQ(first, second);
  const std::string subdir = DirName(store->PathOf(first));
  EXPECT_EQ(Env::Default().ListDir(subdir)->size(), 1u);
}

TEST(ChunkDirectory, DamagedChunkIsCorruptionAndMissingIsNotFound) {
  TempDir dir;
  Result<ChunkDirectory> store = ChunkDirectory::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(store.ok());
  const ChunkHash hash = *store->Put(Bytes(100, 1));
  ASSERT_TRUE(WriteFileAtomically(Env::Default(), store->PathOf(hash), Bytes(100, 2)).ok());
  Bytes read;
  EXPECT_EQ(store->Get(hash, read).code(), StatusCode::kCorruption);
  ASSERT_TRUE(store->Remove(hash).ok());
  EXPECT_FALSE(store->Contains(hash));
  EXPECT_EQ(store->Get(hash, read).code(), StatusCode::kNotFound);
  EXPECT_TRUE(store->Remove(hash).ok());
}

TEST(ChunkDirectory, RemoveUnreferencedKeepsWhatIsReferenced) {
  TempDir dir;
  Result<ChunkDirectory> store = ChunkDirectory::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(store.ok());
  const ChunkHash keep = *store->Put(Bytes(10, 1));
  const ChunkHash drop = *store->Put(Bytes(10, 2));
  Result<uint64_t> removed = store->RemoveUnreferenced(
      [&](const ChunkHash& hash) -> Result<bool> { return hash == keep; });
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 1u);
  EXPECT_TRUE(store->Contains(keep));
  EXPECT_FALSE(store->Contains(drop));
}

TEST(ChunkDirectory, FileDownloadsIntoItAndResumesAfterReopening) {
  const CompartmentRef where{Id128{}, "agency:police"};
  MemoryChunks sender;
  FileManifest file;
  for (uint8_t i = 0; i < 6; ++i) {
    file.chunk_hashes.push_back(*sender.Put(casevault::testing::PatternBytes(1000 + i, i)));
  }
  FileManifest first_half = file;
  first_half.chunk_hashes.resize(3);
  FileManifest second_half = file;
  second_half.chunk_hashes.erase(second_half.chunk_hashes.begin(),
                                 second_half.chunk_hashes.begin() + 3);
  MemoryHubStore full_store;
  Hub full_hub(full_store, Env::Default());
  ASSERT_TRUE(UploadFile(where, file, sender, full_hub).ok());
  // A hub holding only the second half: fetching any of the first three from it would fail.
  MemoryHubStore half_store;
  Hub half_hub(half_store, Env::Default());
  ASSERT_TRUE(UploadFile(where, second_half, sender, half_hub).ok());
  TempDir dir;
  {
    Result<ChunkDirectory> store = ChunkDirectory::Open(Env::Default(), dir.File("chunks"));
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(DownloadFile(where, first_half, *store, full_hub).ok());
  }

  Result<ChunkDirectory> reopened = ChunkDirectory::Open(Env::Default(), dir.File("chunks"));
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(IsComplete(first_half, *reopened));
  EXPECT_FALSE(IsComplete(file, *reopened));
  ASSERT_TRUE(DownloadFile(where, file, *reopened, half_hub).ok());
  EXPECT_TRUE(IsComplete(file, *reopened));
  for (const ChunkHash& hash : file.chunk_hashes) {
    Bytes sent;
    Bytes stored;
    ASSERT_TRUE(sender.Get(hash, sent).ok());
    ASSERT_TRUE(reopened->Get(hash, stored).ok());
    EXPECT_EQ(stored, sent);
  }
}

}  // namespace
}  // namespace casevault::sync
