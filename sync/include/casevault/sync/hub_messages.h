// Hub messages: the bodies of the hub protocol's requests and replies as they travel over HTTPS.
//
// Each is a small versioned binary format (integers little endian, counts and lengths u32):
//   ops        "CVHO" | version 1 | count | per op: length + EncodeSignedOp bytes
//   positions  "CVHP" | version 1 | count | per position: seq (u64) | hub time (i64)
//   pull page  "CVHL" | version 1 | more (u8 0/1) | count |
//              per entry: seq (u64) | hub time (i64) | length + EncodeSignedOp bytes
//   hashes     "CVHH" | version 1 | count | 32 bytes each
// The decoders read untrusted bytes (the server reads what any client sends, the client what a
// possibly hostile server answers): they refuse bad input with Truncated, Corruption or
// UnsupportedVersion, never read outside it, never allocate more than it justifies, and refuse
// more items than the caller allows with ResourceExhausted.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/sync/signed_op.h"
#include "casevault/sync/transport.h"

namespace casevault::sync {

// A list of signed operations (a push request).
Bytes EncodeOps(std::span<const SignedOp> ops);
// At most `max_ops` operations.
Result<std::vector<SignedOp>> DecodeOps(ByteView bytes, size_t max_ops);

// Where the hub placed each pushed operation (a push reply).
Bytes EncodePositions(std::span<const LogPosition> positions);
// At most `max_positions` positions.
Result<std::vector<LogPosition>> DecodePositions(ByteView bytes, size_t max_positions);

// A page of a compartment's log (a pull reply).
Bytes EncodePullPage(const PullPage& page);
// At most `max_entries` entries, in strictly increasing seq order (Corruption otherwise).
Result<PullPage> DecodePullPage(ByteView bytes, size_t max_entries);

// A list of chunk hashes (a missing-chunks request or reply).
Bytes EncodeChunkHashes(std::span<const ChunkHash> hashes);
// At most `max_hashes` hashes.
Result<std::vector<ChunkHash>> DecodeChunkHashes(ByteView bytes, size_t max_hashes);

}  // namespace casevault::sync
