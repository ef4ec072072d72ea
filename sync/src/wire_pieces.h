// Private to sync/: the byte layout of stamps and file manifests, shared by the operation
// format (operation_codec.cc) and the canonical record state (record_merge.cc).
#pragma once

#include <vector>

#include "casevault/base/byte_writer.h"
#include "casevault/sync/hlc.h"
#include "casevault/sync/operation.h"

namespace casevault::sync {

// physical micros (i64) | logical (u32) | device (16).
inline void AppendStamp(Bytes& out, const HlcStamp& stamp) {
  AppendU64(out, static_cast<uint64_t>(stamp.physical_micros));
  AppendU32(out, stamp.logical);
  AppendId(out, stamp.device);
}

// count (u32) | each stamp.
inline void AppendStamps(Bytes& out, const std::vector<HlcStamp>& stamps) {
  AppendU32(out, static_cast<uint32_t>(stamps.size()));
  for (const HlcStamp& stamp : stamps) AppendStamp(out, stamp);
}

// file id (16) | chunk size (u32) | plaintext size (u64) | chunk count (u32) | hashes (32 each) |
// sealed file key (u32 length + bytes).
inline void AppendManifest(Bytes& out, const FileManifest& file) {
  AppendId(out, file.file_id);
  AppendU32(out, file.chunk_size);
  AppendU32(out, file.key_epoch);
  AppendU64(out, file.plaintext_size);
  AppendU32(out, static_cast<uint32_t>(file.chunk_hashes.size()));
  for (const auto& hash : file.chunk_hashes) out.insert(out.end(), hash.begin(), hash.end());
  AppendLengthPrefixed(out, file.sealed_file_key);
}

}  // namespace casevault::sync
