// File transfer: moving a secured file's chunks between a replica and the hub, resumably.
//
// A file travels as the sealed chunks its FileManifest lists by ciphertext hash. Whichever way
// it goes, the receiver's holdings decide what is sent: an upload asks the hub which chunks it
// lacks, a download skips the chunks the replica already has. So a transfer cut short by a
// broken connection or a crash keeps what arrived, and running it again resumes at the first
// missing chunk. Every chunk is checked against its hash before it is used: an upload sends
// only chunks read back verified, a download stores only bytes that hash to the address asked
// for, so a damaged or hostile hub can delay a file but never change it. A replica shows a file
// only once IsComplete; its content is then authenticated chunk by chunk when opened
// (crypto::FileCipher).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "casevault/base/status.h"
#include "casevault/sync/chunk_source.h"
#include "casevault/sync/operation.h"
#include "casevault/sync/transport.h"

namespace casevault::sync {

// The most chunk hashes one MissingChunks request carries.
inline constexpr size_t kMaxChunksPerQuery = 1000;

// Told how a transfer advances: how many of the manifest's chunks (counting repeats) are now at
// the receiver, out of how many, and how many sealed bytes this call has sent or received.
// Called once before the first request with chunks_done = 0, then after each chunk is settled
// (sent, received, or found already there), so chunks_done rises by one per call to
// chunks_total and the byte count never decreases.
using TransferProgress =
    std::function<void(uint64_t chunks_done, uint64_t chunks_total, uint64_t bytes_transferred)>;

// Sends the hub every chunk of `manifest` (a file of compartment `where`) it lacks, in manifest
// order: asks MissingChunks in batches of at most kMaxChunksPerQuery hashes, then sends each
// missing chunk once, read from `local` (verified). Chunks the hub already holds are not read or
// sent, so running it again after a failure sends only what is still missing. Fails with the
// transport's status (what was sent stays at the hub) or with `local`'s NotFound or Corruption for
// a chunk the hub lacks and the replica cannot supply intact (nothing is sent for it).
Status UploadFile(const CompartmentRef& where, const FileManifest& manifest, LocalChunks& local,
                  Transport& hub, const TransferProgress& progress = {});

// Fetches into `local`, in manifest order, every chunk of `manifest` (a file of `where`) it lacks
// (chunks already held are skipped without a request), stores each only after checking that it
// hashes to its address, then syncs `local`. Fails with the transport's status, with
// AuthenticationFailed when the hub answers with bytes that are not the chunk asked for (they are
// not stored), or with `local`'s status; the chunks stored before the failure are kept and synced,
// so the next call resumes at the first chunk still missing.
Status DownloadFile(const CompartmentRef& where, const FileManifest& manifest, LocalChunks& local,
                    Transport& hub, const TransferProgress& progress = {});

// True when `local` holds every chunk of `manifest`: only then may the replica show the file.
bool IsComplete(const FileManifest& manifest, LocalChunks& local);

}  // namespace casevault::sync
