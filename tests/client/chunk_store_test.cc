#include "casevault/client/chunk_store.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace casevault::client
