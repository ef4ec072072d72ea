#include "casevault/sync/file_transfer.h"

#include <algorithm>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "casevault/crypto/hash.h"

namespace casevault::sync {
namespace {

// Counts the settled chunks and transferred bytes of one transfer and reports them.
class ProgressTally {
 public:
  // Reports the start (nothing settled yet).
  ProgressTally(uint64_t chunks_total, const TransferProgress& progress)
      : total_(chunks_total), progress_(progress) {
    Report();
  }

  // One more chunk is at the receiver, `bytes` of it moved by this call.
  void Settled(uint64_t bytes) {
    ++done_;
    bytes_ += bytes;
    Report();
  }

 private:
  void Report() const {
    if (progress_) progress_(done_, total_, bytes_);
  }

  const uint64_t total_;
  const TransferProgress& progress_;
  uint64_t done_ = 0;
  uint64_t bytes_ = 0;
};

// "<verb> chunk <i + 1> of <n> of file <id>", to give a failure its place.
std::string ChunkContext(std::string_view verb, const FileManifest& manifest, size_t index) {
  return std::string(verb) + " chunk " + std::to_string(index + 1) + " of " +
         std::to_string(manifest.chunk_hashes.size()) + " of file " + manifest.file_id.ToHex();
}

// DownloadFile's fetching, without the final sync.
Status FetchMissing(const CompartmentRef& where, const FileManifest& manifest, LocalChunks& local,
                    Transport& hub, ProgressTally& tally) {
  for (size_t i = 0; i < manifest.chunk_hashes.size(); ++i) {
    const ChunkHash& hash = manifest.chunk_hashes[i];
    uint64_t received = 0;
    if (!local.Contains(hash)) {
      Result<Bytes> sealed = hub.GetChunk(where, hash);
      if (!sealed.ok()) return sealed.status().WithContext(ChunkContext("fetching", manifest, i));
      if (crypto::Blake2b256(*sealed) != hash) {
        return AuthenticationFailedError(
            ChunkContext("fetching", manifest, i) +
            ": the hub sent bytes that do not hash to the chunk's address (damaged or altered); "
            "nothing was stored for it, try again later or report the hub");
      }
      Result<ChunkHash> stored = local.Put(*sealed);
      if (!stored.ok()) return stored.status().WithContext(ChunkContext("storing", manifest, i));
      received = sealed->size();
    }
    tally.Settled(received);
  }
  return Status::Ok();
}

}  // namespace

Status UploadFile(const CompartmentRef& where, const FileManifest& manifest, LocalChunks& local,
                  Transport& hub, const TransferProgress& progress) {
  ProgressTally tally(manifest.chunk_hashes.size(), progress);
  const std::span<const ChunkHash> hashes = manifest.chunk_hashes;
  Bytes sealed;
  for (size_t start = 0; start < hashes.size(); start += kMaxChunksPerQuery) {
    const std::span<const ChunkHash> batch =
        hashes.subspan(start, std::min(kMaxChunksPerQuery, hashes.size() - start));
    Result<std::vector<ChunkHash>> missing_list = hub.MissingChunks(where, batch);
    if (!missing_list.ok()) {
      return missing_list.status().WithContext(
          "asking the hub which of chunks " + std::to_string(start + 1) + " to " +
          std::to_string(start + batch.size()) + " of " + std::to_string(hashes.size()) +
          " of file " + manifest.file_id.ToHex() + " it lacks");
    }
    // Walking the batch rather than the reply keeps manifest order and sends only chunks of
    // this file, whatever the hub names.
    std::set<ChunkHash> missing(missing_list->begin(), missing_list->end());
    for (size_t i = start; i < start + batch.size(); ++i) {
      uint64_t sent = 0;
      // Erasing sends a chunk repeated in the file only at its first place.
      if (missing.erase(hashes[i]) != 0) {
        CV_RETURN_IF_ERROR(local.Get(hashes[i], sealed)
                               .WithContext(ChunkContext("reading for upload", manifest, i)));
        CV_RETURN_IF_ERROR(hub.PutChunk(where, hashes[i], sealed)
                               .WithContext(ChunkContext("uploading", manifest, i)));
        sent = sealed.size();
      }
      tally.Settled(sent);
    }
  }
  return Status::Ok();
}

Status DownloadFile(const CompartmentRef& where, const FileManifest& manifest, LocalChunks& local,
                    Transport& hub, const TransferProgress& progress) {
  ProgressTally tally(manifest.chunk_hashes.size(), progress);
  const Status fetched = FetchMissing(where, manifest, local, hub, tally);
  // Synced even after a failure, so what arrived survives a crash and the retry resumes there.
  const Status synced = local.Sync();
  if (!fetched.ok()) return fetched;
  return synced.WithContext("making the chunks of file " + manifest.file_id.ToHex() + " durable");
}

bool IsComplete(const FileManifest& manifest, LocalChunks& local) {
  return std::all_of(manifest.chunk_hashes.begin(), manifest.chunk_hashes.end(),
                     [&](const ChunkHash& hash) { return local.Contains(hash); });
}

bool MemoryChunks::Contains(const ChunkHash& hash) {
  std::lock_guard lock(mu_);
  return chunks_.contains(hash);
}

Status MemoryChunks::Get(const ChunkHash& hash, Bytes& out) {
  std::lock_guard lock(mu_);
  const auto it = chunks_.find(hash);
  if (it == chunks_.end()) {
    return NotFoundError("chunk " + ToHex(hash).substr(0, 16) + "... is not held in memory");
  }
  if (crypto::Blake2b256(it->second) != hash) {
    return CorruptionError("chunk " + ToHex(hash).substr(0, 16) +
                           "... is damaged (its bytes no longer match its hash)");
  }
  out = it->second;
  return Status::Ok();
}

Result<ChunkHash> MemoryChunks::Put(ByteView sealed) {
  const ChunkHash hash = crypto::Blake2b256(sealed);
  std::lock_guard lock(mu_);
  chunks_.try_emplace(hash, sealed.begin(), sealed.end());
  return hash;
}

Status MemoryChunks::Sync() { return Status::Ok(); }

size_t MemoryChunks::size() {
  std::lock_guard lock(mu_);
  return chunks_.size();
}

bool MemoryChunks::Damage(const ChunkHash& hash) {
  std::lock_guard lock(mu_);
  const auto it = chunks_.find(hash);
  if (it == chunks_.end()) return false;
  it->second.push_back(0);
  return true;
}

}  // namespace casevault::sync
