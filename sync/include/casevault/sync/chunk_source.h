// LocalChunks: a replica's own store of sealed file chunks, as file transfer sees it.
//
// Chunks are addressed by the BLAKE2b-256 of their ciphertext (the same ChunkHash the hub uses),
// so a store can check every chunk it returns against its address. ChunkDirectory
// (chunk_directory.h) implements this on disk; MemoryChunks keeps chunks in memory for tests and
// benchmarks.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/base/status.h"
#include "casevault/sync/transport.h"

namespace casevault::sync {

class LocalChunks {
 public:
  virtual ~LocalChunks() = default;

  // True when chunk `hash` is stored.
  virtual bool Contains(const ChunkHash& hash) = 0;
  // Reads chunk `hash` into `out`, verified: NotFound when absent, Corruption when the stored
  // bytes do not hash to `hash` (never returned as if they were the chunk).
  virtual Status Get(const ChunkHash& hash, Bytes& out) = 0;
  // Stores `sealed` under its BLAKE2b-256 (nothing new when a chunk with that hash is stored)
  // and returns the hash. The chunk may be lost in a crash until Sync().
  virtual Result<ChunkHash> Put(ByteView sealed) = 0;
  // Makes every chunk Put so far durable.
  virtual Status Sync() = 0;

 protected:
  // Implementations may be copied or moved (the interface holds no state).
  LocalChunks() = default;
  LocalChunks(const LocalChunks&) = default;
  LocalChunks(LocalChunks&&) = default;
  LocalChunks& operator=(const LocalChunks&) = default;
  LocalChunks& operator=(LocalChunks&&) = default;
};

// LocalChunks in memory, for tests and benchmarks; everything is lost with the object and Sync
// does nothing. One mutex serialises all calls.
class MemoryChunks final : public LocalChunks {
 public:
  bool Contains(const ChunkHash& hash) override;
  Status Get(const ChunkHash& hash, Bytes& out) override;
  Result<ChunkHash> Put(ByteView sealed) override;
  Status Sync() override;

  // How many distinct chunks are stored.
  size_t size();
  // Alters stored chunk `hash` (appends a byte), as damage on disk would, so tests can see that
  // Get refuses it; false when the chunk is absent.
  bool Damage(const ChunkHash& hash);

 private:
  std::mutex mu_;
  std::map<ChunkHash, Bytes> chunks_;
};

}  // namespace casevault::sync
