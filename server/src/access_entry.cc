#include "casevault/server/access_entry.h"

#include <string_view>

#include "casevault/base/byte_reader.h"
#include "casevault/base/byte_writer.h"

namespace casevault::server {
namespace {

constexpr std::string_view kMagic = "CVA";
constexpr uint8_t kAccessEntryFormatVersion = 1;

Status CheckFieldSize(const std::string& value, std::string_view field) {
  if (value.size() <= kMaxAccessFieldBytes) return Status::Ok();
  return InvalidArgumentError("access entry " + std::string(field) + " has " +
                              std::to_string(value.size()) + " bytes, over the limit of " +
                              std::to_string(kMaxAccessFieldBytes));
}

Result<std::string> ReadField(ByteReader& reader, std::string_view field) {
  CV_ASSIGN_OR_RETURN(const ByteView bytes, reader.ReadLengthPrefixed(field));
  if (bytes.size() > kMaxAccessFieldBytes) {
    return CorruptionError("access entry bytes hold a " + std::to_string(bytes.size()) + "-byte " +
                           std::string(field) + ", over the limit of " +
                           std::to_string(kMaxAccessFieldBytes));
  }
  return std::string(AsChars(bytes));
}

}  // namespace

Result<Bytes> EncodeAccessEntry(const AccessEntry& entry) {
  CV_RETURN_IF_ERROR(CheckFieldSize(entry.compartment, "compartment"));
  CV_RETURN_IF_ERROR(CheckFieldSize(entry.action, "action"));
  CV_RETURN_IF_ERROR(CheckFieldSize(entry.object_id, "object id"));
  CV_RETURN_IF_ERROR(CheckFieldSize(entry.reason, "reason"));
  Bytes out(kMagic.begin(), kMagic.end());
  out.push_back(kAccessEntryFormatVersion);
  AppendU64(out, static_cast<uint64_t>(entry.time_micros));
  AppendId(out, entry.user_id);
  AppendId(out, entry.device_id);
  AppendId(out, entry.case_id);
  AppendLengthPrefixed(out, AsBytes(entry.compartment));
  AppendLengthPrefixed(out, AsBytes(entry.action));
  AppendLengthPrefixed(out, AsBytes(entry.object_id));
  out.push_back(entry.allowed ? 1 : 0);
  AppendLengthPrefixed(out, AsBytes(entry.reason));
  out.push_back(entry.happened_at_micros.has_value() ? 1 : 0);
  if (entry.happened_at_micros) AppendU64(out, static_cast<uint64_t>(*entry.happened_at_micros));
  return out;
}

Result<AccessEntry> DecodeAccessEntry(ByteView bytes) {
  ByteReader reader(bytes, "access entry bytes");
  AccessEntry entry;
  CV_RETURN_IF_ERROR(reader.ReadHeader(kMagic, kAccessEntryFormatVersion));
  CV_ASSIGN_OR_RETURN(const uint64_t time, reader.ReadU64("the time"));
  entry.time_micros = static_cast<int64_t>(time);
  CV_ASSIGN_OR_RETURN(entry.user_id, reader.ReadId("the user id"));
  CV_ASSIGN_OR_RETURN(entry.device_id, reader.ReadId("the device id"));
  CV_ASSIGN_OR_RETURN(entry.case_id, reader.ReadId("the case id"));
  CV_ASSIGN_OR_RETURN(entry.compartment, ReadField(reader, "compartment"));
  CV_ASSIGN_OR_RETURN(entry.action, ReadField(reader, "action"));
  CV_ASSIGN_OR_RETURN(entry.object_id, ReadField(reader, "object id"));
  CV_ASSIGN_OR_RETURN(entry.allowed, reader.ReadBool("the allowed flag"));
  CV_ASSIGN_OR_RETURN(entry.reason, ReadField(reader, "reason"));
  CV_ASSIGN_OR_RETURN(const bool happened_at, reader.ReadBool("the offline flag"));
  if (happened_at) {
    CV_ASSIGN_OR_RETURN(const uint64_t when, reader.ReadU64("the offline time"));
    entry.happened_at_micros = static_cast<int64_t>(when);
  }
  CV_RETURN_IF_ERROR(reader.ExpectEnd());
  return entry;
}

}  // namespace casevault::server
