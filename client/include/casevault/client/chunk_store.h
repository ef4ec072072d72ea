// ChunkStore: encrypted file chunks on disk, addressed by the BLAKE2b-256 of their bytes.
//
// A chunk lives at <dir>/<first two hex digits>/<64 hex digits>. Identical chunks are stored
// once. A chunk is written to a temporary file, fsynced and renamed, so a chunk file under its
// final name is always complete; Sync() then makes the new names durable. Every read checks the
// bytes against the name, so a damaged chunk is reported as Corruption, never returned. It is the
// replica's LocalChunks, into which file transfer fetches and from which it uploads.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "casevault/base/env.h"
#include "casevault/crypto/hash.h"
#include "casevault/sync/chunk_source.h"

namespace casevault::client {

class ChunkStore final : public sync::LocalChunks {
 public:
  // Uses directory `dir` (created if missing) through `env`, which must outlive the store.
  static Result<ChunkStore> Open(Env& env, std::string dir);

  // Stores `sealed` unless a chunk with its hash exists; returns the hash. The chunk is durable
  // only after Sync().
  Result<crypto::Hash256> Put(ByteView sealed) override;
  // Makes every chunk Put since the last Sync durable (fsyncs the directories that changed).
  Status Sync() override;
  // Reads chunk `hash` into `out` and checks it: NotFound when absent, Corruption when its bytes
  // do not match its hash.
  Status Get(const crypto::Hash256& hash, Bytes& out) override;
  // True when chunk `hash` is stored.
  bool Contains(const crypto::Hash256& hash) override;
  // Deletes chunk `hash`; OK if it was absent.
  Status Remove(const crypto::Hash256& hash);
  // Deletes every stored chunk for which `is_referenced` is false, and temporary files left by
  // interrupted writes; returns how many files it deleted.
  Result<uint64_t> RemoveUnreferenced(
      const std::function<Result<bool>(const crypto::Hash256&)>& is_referenced);

  // The path chunk `hash` lives at.
  std::string PathOf(const crypto::Hash256& hash) const;

 private:
  ChunkStore(Env& env, std::string dir) : env_(&env), dir_(std::move(dir)) {}

  Env* env_;
  std::string dir_;
  std::set<std::string> unsynced_dirs_;
};

}  // namespace casevault::client
