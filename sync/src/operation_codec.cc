// The operation format, version 1 (integers little endian, lengths and counts u32):
//   "CVO" | version (u8)
//   op id (16) | record id (16) | author device (16) | stamp
//   kind (u8, 1 to 5) | record type number (u16)
//   write count | per write: field name (length + 1 to 128 bytes) | has value (u8 0/1)
//                            [ value length + schema::EncodeFieldValue bytes ] |
//                            base count | base stamps
//   cover count | cover stamps
//   restore (u8 0/1)
//   has file (u8 0/1) [ file id (16) | chunk size (u32) | key epoch (u32) | plaintext size (u64) |
//                       chunk count | chunk hashes (32 each) | sealed file key (length + bytes) ]
// where a stamp is physical micros (i64) | logical (u32) | device (16).
//
// Every part of an Operation is written whatever its kind, so that decoding returns exactly the
// operation encoded; what a kind ignores is the merge's business, not the format's.
#include <algorithm>
#include <new>
#include <string>
#include <utility>

#include "casevault/base/byte_reader.h"
#include "casevault/base/byte_writer.h"
#include "casevault/schema/record_codec.h"
#include "casevault/sync/operation.h"
#include "wire_pieces.h"

namespace casevault::sync {
namespace {

constexpr std::string_view kMagic = "CVO";
constexpr size_t kStampBytes = 8 + 4 + Id128::kSize;
// The smallest write: a one-byte name, no value and no bases.
constexpr size_t kMinWriteBytes = 4 + 1 + 1 + 4;
constexpr size_t kHashBytes = 32;

void AppendWrite(Bytes& out, const FieldWrite& write) {
  AppendLengthPrefixed(out, AsBytes(write.field));
  out.push_back(write.value.has_value() ? 1 : 0);
  if (write.value.has_value()) AppendLengthPrefixed(out, schema::EncodeFieldValue(*write.value));
  AppendStamps(out, write.bases);
}

Result<HlcStamp> ReadStamp(ByteReader& reader, std::string_view what) {
  HlcStamp stamp;
  CV_ASSIGN_OR_RETURN(const uint64_t physical, reader.ReadU64(what));
  stamp.physical_micros = static_cast<int64_t>(physical);
  CV_ASSIGN_OR_RETURN(stamp.logical, reader.ReadU32(what));
  CV_ASSIGN_OR_RETURN(stamp.device, reader.ReadId(what));
  return stamp;
}

Result<std::vector<HlcStamp>> ReadStamps(ByteReader& reader, std::string_view what) {
  CV_ASSIGN_OR_RETURN(const uint32_t count, reader.ReadCount(kStampBytes, what));
  std::vector<HlcStamp> stamps;
  stamps.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    CV_ASSIGN_OR_RETURN(HlcStamp stamp, ReadStamp(reader, what));
    stamps.push_back(stamp);
  }
  return stamps;
}

Result<FieldWrite> ReadWrite(ByteReader& reader) {
  FieldWrite write;
  CV_ASSIGN_OR_RETURN(const uint32_t name_size, reader.ReadU32("a field name"));
  if (name_size == 0 || name_size > kMaxFieldNameBytes) {
    return CorruptionError("operation bytes hold a field name of " + std::to_string(name_size) +
                           " bytes; names have 1 to " + std::to_string(kMaxFieldNameBytes));
  }
  CV_ASSIGN_OR_RETURN(const ByteView name, reader.ReadBytes(name_size, "a field name"));
  write.field = std::string(AsChars(name));
  CV_ASSIGN_OR_RETURN(const bool has_value, reader.ReadBool("a field write"));
  if (has_value) {
    CV_ASSIGN_OR_RETURN(const ByteView value, reader.ReadLengthPrefixed("a field value"));
    auto decoded = schema::DecodeFieldValue(value);
    if (!decoded.ok()) return decoded.status().WithContext("operation bytes");
    write.value = std::move(decoded).value();
  }
  CV_ASSIGN_OR_RETURN(write.bases, ReadStamps(reader, "base stamps"));
  return write;
}

Result<FileManifest> ReadManifest(ByteReader& reader) {
  FileManifest file;
  CV_ASSIGN_OR_RETURN(file.file_id, reader.ReadId("the file id"));
  CV_ASSIGN_OR_RETURN(file.chunk_size, reader.ReadU32("the chunk size"));
  CV_ASSIGN_OR_RETURN(file.key_epoch, reader.ReadU32("the file key's epoch"));
  CV_ASSIGN_OR_RETURN(file.plaintext_size, reader.ReadU64("the file size"));
  CV_ASSIGN_OR_RETURN(const uint32_t count, reader.ReadCount(kHashBytes, "chunk hashes"));
  file.chunk_hashes.resize(count);
  for (auto& hash : file.chunk_hashes) {
    CV_ASSIGN_OR_RETURN(const ByteView raw, reader.ReadBytes(kHashBytes, "a chunk hash"));
    std::copy(raw.begin(), raw.end(), hash.begin());
  }
  CV_ASSIGN_OR_RETURN(const ByteView key, reader.ReadLengthPrefixed("the sealed file key"));
  file.sealed_file_key.assign(key.begin(), key.end());
  return file;
}

Result<Operation> ReadOperation(ByteReader& reader) {
  Operation op;
  CV_RETURN_IF_ERROR(reader.ReadHeader(kMagic, kOperationFormatVersion));
  CV_ASSIGN_OR_RETURN(op.op_id, reader.ReadId("the operation id"));
  CV_ASSIGN_OR_RETURN(op.record_id, reader.ReadId("the record id"));
  CV_ASSIGN_OR_RETURN(op.author_device, reader.ReadId("the author device"));
  CV_ASSIGN_OR_RETURN(op.stamp, ReadStamp(reader, "the stamp"));

  CV_ASSIGN_OR_RETURN(const uint8_t kind, reader.ReadU8("the kind"));
  if (kind < static_cast<uint8_t>(OpKind::kCreate) ||
      kind > static_cast<uint8_t>(OpKind::kAttachFile)) {
    return CorruptionError("operation bytes give kind " + std::to_string(kind) +
                           "; format version 1 has kinds 1 to 5");
  }
  op.kind = static_cast<OpKind>(kind);
  CV_ASSIGN_OR_RETURN(const uint16_t type, reader.ReadU16("the record type"));
  auto record_type = schema::RecordTypeFromNumber(type);
  if (!record_type.ok()) {
    return CorruptionError("operation bytes name record type " + std::to_string(type) +
                           ", which format version 1 does not have");
  }
  op.record_type = *record_type;

  CV_ASSIGN_OR_RETURN(const uint32_t writes, reader.ReadCount(kMinWriteBytes, "field writes"));
  op.writes.reserve(writes);
  for (uint32_t i = 0; i < writes; ++i) {
    CV_ASSIGN_OR_RETURN(FieldWrite write, ReadWrite(reader));
    op.writes.push_back(std::move(write));
  }
  CV_ASSIGN_OR_RETURN(op.covers, ReadStamps(reader, "cover stamps"));
  CV_ASSIGN_OR_RETURN(op.restore, reader.ReadBool("the restore flag"));
  CV_ASSIGN_OR_RETURN(const bool has_file, reader.ReadBool("the file flag"));
  if (has_file) {
    CV_ASSIGN_OR_RETURN(op.file, ReadManifest(reader));
  }
  CV_RETURN_IF_ERROR(reader.ExpectEnd());
  return op;
}

}  // namespace

Bytes EncodeOperation(const Operation& op) {
  Bytes out(kMagic.begin(), kMagic.end());
  out.push_back(kOperationFormatVersion);
  AppendId(out, op.op_id);
  AppendId(out, op.record_id);
  AppendId(out, op.author_device);
  AppendStamp(out, op.stamp);
  out.push_back(static_cast<uint8_t>(op.kind));
  AppendU16(out, static_cast<uint16_t>(op.record_type));
  AppendU32(out, static_cast<uint32_t>(op.writes.size()));
  for (const FieldWrite& write : op.writes) AppendWrite(out, write);
  AppendStamps(out, op.covers);
  out.push_back(op.restore ? 1 : 0);
  out.push_back(op.file.has_value() ? 1 : 0);
  if (op.file.has_value()) AppendManifest(out, *op.file);
  return out;
}

Result<Operation> DecodeOperation(ByteView bytes) {
  // Allocation is bounded by the input's size, but may still fail; nothing may escape.
  try {
    ByteReader reader(bytes, "operation bytes");
    return ReadOperation(reader);
  } catch (const std::bad_alloc&) {
    return ResourceExhaustedError("out of memory while decoding an operation of " +
                                  std::to_string(bytes.size()) + " bytes");
  }
}

}  // namespace casevault::sync
