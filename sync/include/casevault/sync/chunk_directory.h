// ChunkDirectory: encrypted file chunks on disk, addressed by the BLAKE2b-256 of their bytes.
//
// A chunk lives at <dir>/<first two hex digits>/<64 hex digits>. Identical chunks are stored
// once. A chunk is written to a temporary file, fsynced and renamed, so a chunk file under its
// final name is always complete; Sync() then makes the new names durable. Every read checks the
// bytes against the name, so a damaged chunk is reported as Corruption, never returned. It is the
// replica's LocalChunks, into which file transfer fetches and from which it uploads, and where
// the server keeps the chunks it holds. A ChunkDirectory is used from one thread at a time.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "casevault/base/env.h"
#include "casevault/sync/chunk_source.h"

namespace casevault::sync {

class ChunkDirectory final : public LocalChunks {
 public:
  // Uses directory `dir` (created if missing) through `env`, which must outlive the directory.
  static Result<ChunkDirectory> Open(Env& env, std::string dir);

  // Stores `sealed` unless a chunk with its hash exists; returns the hash. The chunk is durable
  // only after Sync().
  Result<ChunkHash> Put(ByteView sealed) override;
  // Makes every chunk Put since the last Sync durable (fsyncs the directories that changed).
  Status Sync() override;
  // Reads chunk `hash` into `out` and checks it: NotFound when absent, Corruption when its bytes
  // do not match its hash.
  Status Get(const ChunkHash& hash, Bytes& out) override;
  // True when chunk `hash` is stored.
  bool Contains(const ChunkHash& hash) override;
  // Deletes chunk `hash`; OK if it was absent.
  Status Remove(const ChunkHash& hash);
  // Deletes every stored chunk for which `is_referenced` is false, and temporary files left by
  // interrupted writes; returns how many files it deleted.
  Result<uint64_t> RemoveUnreferenced(
      const std::function<Result<bool>(const ChunkHash&)>& is_referenced);

  // The path chunk `hash` lives at.
  std::string PathOf(const ChunkHash& hash) const;

 private:
  ChunkDirectory(Env& env, std::string dir) : env_(&env), dir_(std::move(dir)) {}

  Env* env_;
  std::string dir_;
  std::set<std::string> unsynced_dirs_;
};

}  // namespace casevault::sync
