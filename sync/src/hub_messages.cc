#include "casevault/sync/hub_messages.h"

#include <algorithm>
#include <new>
#include <string>
#include <string_view>

#include "casevault/base/byte_reader.h"
#include "casevault/base/byte_writer.h"

namespace casevault::sync {
namespace {

constexpr uint8_t kVersion = 1;
constexpr std::string_view kOpsMagic = "CVHO";
constexpr std::string_view kPositionsMagic = "CVHP";
constexpr std::string_view kPullPageMagic = "CVHL";
constexpr std::string_view kHashesMagic = "CVHH";
constexpr size_t kPositionBytes = 16;
// The least an encoded signed op can take: a length prefix and the op's own fixed fields.
constexpr size_t kMinOpBytes = 4 + 3 + 1 + 16 + 16 + 4 + 4 + 64;

Bytes Header(std::string_view magic) {
  Bytes out(magic.begin(), magic.end());
  out.push_back(kVersion);
  return out;
}

// Reads the header and a count of items of at least `min_item_bytes`, at most `max_items`.
Result<uint32_t> ReadHeaderAndCount(ByteReader& reader, std::string_view magic,
                                    size_t min_item_bytes, size_t max_items,
                                    std::string_view items) {
  CV_RETURN_IF_ERROR(reader.ReadHeader(magic, kVersion));
  CV_ASSIGN_OR_RETURN(const uint32_t count, reader.ReadCount(min_item_bytes, items));
  if (count > max_items) {
    return ResourceExhaustedError("the message holds " + std::to_string(count) + " " +
                                  std::string(items) + "; at most " + std::to_string(max_items) +
                                  " are accepted");
  }
  return count;
}

Result<LogPosition> ReadPosition(ByteReader& reader) {
  LogPosition position;
  CV_ASSIGN_OR_RETURN(position.seq, reader.ReadU64("a sequence number"));
  CV_ASSIGN_OR_RETURN(const uint64_t time, reader.ReadU64("a hub time"));
  position.hub_time_micros = static_cast<int64_t>(time);
  return position;
}

void AppendPosition(Bytes& out, const LogPosition& position) {
  AppendU64(out, position.seq);
  AppendU64(out, static_cast<uint64_t>(position.hub_time_micros));
}

Result<SignedOp> ReadOp(ByteReader& reader) {
  CV_ASSIGN_OR_RETURN(const ByteView bytes, reader.ReadLengthPrefixed("a signed operation"));
  return DecodeSignedOp(bytes);
}

// Runs `decode`, turning a failed allocation into ResourceExhausted.
template <typename Decode>
auto Guarded(std::string_view what, ByteView bytes, Decode&& decode) -> decltype(decode()) {
  try {
    return decode();
  } catch (const std::bad_alloc&) {
    return ResourceExhaustedError("out of memory while decoding " + std::string(what) + " of " +
                                  std::to_string(bytes.size()) + " bytes");
  }
}

}  // namespace

Bytes EncodeOps(std::span<const SignedOp> ops) {
  Bytes out = Header(kOpsMagic);
  AppendU32(out, static_cast<uint32_t>(ops.size()));
  for (const SignedOp& op : ops) AppendLengthPrefixed(out, EncodeSignedOp(op));
  return out;
}

Result<std::vector<SignedOp>> DecodeOps(ByteView bytes, size_t max_ops) {
  return Guarded("operations", bytes, [&]() -> Result<std::vector<SignedOp>> {
    ByteReader reader(bytes, "operations message");
    CV_ASSIGN_OR_RETURN(const uint32_t count,
                        ReadHeaderAndCount(reader, kOpsMagic, kMinOpBytes, max_ops, "operations"));
    std::vector<SignedOp> ops;
    ops.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      CV_ASSIGN_OR_RETURN(SignedOp op, ReadOp(reader));
      ops.push_back(std::move(op));
    }
    CV_RETURN_IF_ERROR(reader.ExpectEnd());
    return ops;
  });
}

Bytes EncodePositions(std::span<const LogPosition> positions) {
  Bytes out = Header(kPositionsMagic);
  AppendU32(out, static_cast<uint32_t>(positions.size()));
  for (const LogPosition& position : positions) AppendPosition(out, position);
  return out;
}

Result<std::vector<LogPosition>> DecodePositions(ByteView bytes, size_t max_positions) {
  return Guarded("positions", bytes, [&]() -> Result<std::vector<LogPosition>> {
    ByteReader reader(bytes, "positions message");
    CV_ASSIGN_OR_RETURN(
        const uint32_t count,
        ReadHeaderAndCount(reader, kPositionsMagic, kPositionBytes, max_positions, "positions"));
    std::vector<LogPosition> positions;
    positions.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      CV_ASSIGN_OR_RETURN(LogPosition position, ReadPosition(reader));
      positions.push_back(position);
    }
    CV_RETURN_IF_ERROR(reader.ExpectEnd());
    return positions;
  });
}

Bytes EncodePullPage(const PullPage& page) {
  Bytes out = Header(kPullPageMagic);
  out.push_back(page.more ? 1 : 0);
  AppendU32(out, static_cast<uint32_t>(page.entries.size()));
  for (const LogEntry& entry : page.entries) {
    AppendPosition(out, entry.position);
    AppendLengthPrefixed(out, EncodeSignedOp(entry.op));
  }
  return out;
}

Result<PullPage> DecodePullPage(ByteView bytes, size_t max_entries) {
  return Guarded("a pull page", bytes, [&]() -> Result<PullPage> {
    ByteReader reader(bytes, "pull page message");
    CV_RETURN_IF_ERROR(reader.ReadHeader(kPullPageMagic, kVersion));
    PullPage page;
    CV_ASSIGN_OR_RETURN(page.more, reader.ReadBool("the more flag"));
    CV_ASSIGN_OR_RETURN(const uint32_t count,
                        reader.ReadCount(kPositionBytes + kMinOpBytes, "log entries"));
    if (count > max_entries) {
      return ResourceExhaustedError("the page holds " + std::to_string(count) +
                                    " entries; at most " + std::to_string(max_entries) +
                                    " were asked for");
    }
    page.entries.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      LogEntry entry;
      CV_ASSIGN_OR_RETURN(entry.position, ReadPosition(reader));
      if (!page.entries.empty() && entry.position.seq <= page.entries.back().position.seq) {
        return CorruptionError("pull page entries are not in increasing sequence order");
      }
      CV_ASSIGN_OR_RETURN(entry.op, ReadOp(reader));
      page.entries.push_back(std::move(entry));
    }
    CV_RETURN_IF_ERROR(reader.ExpectEnd());
    return page;
  });
}

Bytes EncodeChunkHashes(std::span<const ChunkHash> hashes) {
  Bytes out = Header(kHashesMagic);
  AppendU32(out, static_cast<uint32_t>(hashes.size()));
  for (const ChunkHash& hash : hashes) out.insert(out.end(), hash.begin(), hash.end());
  return out;
}

Result<std::vector<ChunkHash>> DecodeChunkHashes(ByteView bytes, size_t max_hashes) {
  return Guarded("chunk hashes", bytes, [&]() -> Result<std::vector<ChunkHash>> {
    ByteReader reader(bytes, "chunk hashes message");
    CV_ASSIGN_OR_RETURN(
        const uint32_t count,
        ReadHeaderAndCount(reader, kHashesMagic, sizeof(ChunkHash), max_hashes, "chunk hashes"));
    std::vector<ChunkHash> hashes(count);
    for (ChunkHash& hash : hashes) {
      CV_ASSIGN_OR_RETURN(const ByteView raw, reader.ReadBytes(hash.size(), "a chunk hash"));
      std::copy(raw.begin(), raw.end(), hash.begin());
    }
    CV_RETURN_IF_ERROR(reader.ExpectEnd());
    return hashes;
  });
}

}  // namespace casevault::sync
