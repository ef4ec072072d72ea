// File encryption in independently verifiable chunks.
//
// Each secured file has its own random SecretKey and Id128. Its content is cut into chunks
// (64 KiB by default); chunk i is sealed with XChaCha20-Poly1305 under the file key with a fresh
// nonce and associated data binding the file id, the chunk size, the index i and whether it is
// the last chunk. Every chunk but the last holds exactly the chunk size.
// So each chunk can be stored, sent and verified on its own (by the hash of its ciphertext),
// while a reader that walks the chunks in order refuses any truncation, reordering,
// duplication, dropped chunk or chunk taken from another file. Every file, even an empty one,
// ends with exactly one chunk marked final.
#pragma once

#include <cstdint>
#include <functional>

#include "casevault/base/bytes.h"
#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/crypto/secret_bytes.h"

namespace casevault::crypto {

// The default plaintext size of a chunk.
inline constexpr size_t kDefaultChunkSize = 64 * 1024;
// The largest chunk size accepted, which bounds what a reader ever allocates.
inline constexpr size_t kMaxChunkSize = 16 * 1024 * 1024;
// Bytes a sealed chunk adds to its plaintext: nonce and tag.
inline constexpr size_t kChunkOverhead = 24 + 16;

// Seals and opens the chunks of one file. Holds a reference to the key: the key must outlive it.
class FileCipher {
 public:
  // `chunk_size` is the plaintext size of every chunk but the last (1 to kMaxChunkSize).
  FileCipher(const SecretKey& file_key, const Id128& file_id, size_t chunk_size)
      : key_(file_key), file_id_(file_id), chunk_size_(chunk_size) {}

  // Seals chunk `index` (the last chunk of the file when `is_final`) into `out`, replacing its
  // contents with kChunkOverhead + plaintext.size() bytes. InvalidArgument when the chunk size
  // is out of range, a non-final chunk does not hold exactly chunk_size bytes or a final one
  // holds more.
  Status SealChunk(uint64_t index, bool is_final, ByteView plaintext, Bytes& out) const;

  // Opens a chunk sealed by SealChunk into `out`. Truncated or Corruption when its length cannot
  // be that of chunk `index`; AuthenticationFailed when the key, file, chunk size, index or final
  // flag differ or any byte changed.
  Status OpenChunk(uint64_t index, bool is_final, ByteView sealed, Bytes& out) const;

 private:
  Status CheckPlaintextSize(uint64_t index, bool is_final, size_t size) const;

  const SecretKey& key_;
  Id128 file_id_;
  size_t chunk_size_;
};

// Cuts what `in` yields into chunks as FileCipher expects them: every chunk but the last holds
// exactly `chunk_size` bytes, and there is always a final chunk (empty for an empty input).
// Calls `visit(index, is_final, chunk)` for each in order, reading one chunk ahead; stops at
// the first failure of a read or of `visit`. Uses two chunk buffers whatever the input size.
Status ForEachChunk(SequentialFile& in, size_t chunk_size,
                    const std::function<Status(uint64_t, bool, ByteView)>& visit);

// Options for streaming a whole file.
struct FileStreamOptions {
  // Plaintext bytes per chunk, 1 to kMaxChunkSize.
  size_t chunk_size = kDefaultChunkSize;
  // Called after each chunk with the number of plaintext bytes processed so far.
  std::function<void(uint64_t)> progress;
};

// Encrypts everything `in` yields into `out` in the CaseVault encrypted-file format:
// a header ("CVEF", version, chunk size, file id) then per chunk a final flag, the sealed
// length and the sealed chunk. Memory use is a few chunks, whatever the file size. Does not
// sync or close `out`.
Status EncryptFileStream(const SecretKey& file_key, const Id128& file_id, SequentialFile& in,
                         WritableFile& out, const FileStreamOptions& options = {});

// Decrypts a stream written by EncryptFileStream for `file_id`, writing plaintext to `out`
// chunk by chunk as each verifies. Refuses (Truncated, Corruption, AuthenticationFailed) a
// stream that ends early, continues after its final chunk, or has any chunk altered, dropped,
// repeated, reordered or taken from another file. On failure `out` may hold a verified prefix:
// write to a temporary file and keep it only on success. Does not sync or close `out`.
Status DecryptFileStream(const SecretKey& file_key, const Id128& file_id, SequentialFile& in,
                         WritableFile& out, const FileStreamOptions& options = {});

}  // namespace casevault::crypto
