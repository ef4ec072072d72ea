#include "casevault/base/byte_reader.h"

#include <algorithm>
#include <utility>

namespace casevault {

ByteReader::ByteReader(ByteView bytes, std::string subject)
    : bytes_(bytes), subject_(std::move(subject)) {}

Status ByteReader::Need(size_t size, std::string_view what) const {
  if (size <= remaining()) return Status::Ok();
  return TruncatedError(subject_ + " end inside " + std::string(what) + ": it needs " +
                        std::to_string(size) + " more bytes and " + std::to_string(remaining()) +
                        " remain");
}

Status ByteReader::ReadHeader(std::string_view magic, uint8_t version) {
  // Compare the magic bytes that are present first, so that foreign bytes are called foreign
  // even when they are short.
  const ByteView rest = bytes_.subspan(position_);
  const size_t present = std::min(rest.size(), magic.size());
  if (!std::equal(rest.begin(), rest.begin() + present, AsBytes(magic).begin())) {
    return CorruptionError(subject_ + " do not start with \"" + std::string(magic) + "\"");
  }
  CV_RETURN_IF_ERROR(Need(magic.size() + 1, "the header"));
  position_ += magic.size();
  const uint8_t found = bytes_[position_++];
  if (found != version) {
    return UnsupportedVersionError(
        subject_ + " have format version " + std::to_string(found) + "; this build reads " +
        std::to_string(version) +
        " (a newer CaseVault may have written them: update to read them)");
  }
  return Status::Ok();
}

Result<uint8_t> ByteReader::ReadU8(std::string_view what) {
  CV_RETURN_IF_ERROR(Need(1, what));
  return bytes_[position_++];
}

Result<uint16_t> ByteReader::ReadU16(std::string_view what) {
  CV_RETURN_IF_ERROR(Need(2, what));
  const uint16_t value =
      static_cast<uint16_t>(bytes_[position_] | static_cast<uint16_t>(bytes_[position_ + 1]) << 8);
  position_ += 2;
  return value;
}

Result<uint32_t> ByteReader::ReadU32(std::string_view what) {
  CV_RETURN_IF_ERROR(Need(4, what));
  const uint32_t value = casevault::ReadU32(bytes_, position_);
  position_ += 4;
  return value;
}

Result<uint64_t> ByteReader::ReadU64(std::string_view what) {
  CV_RETURN_IF_ERROR(Need(8, what));
  const uint64_t value = casevault::ReadU64(bytes_, position_);
  position_ += 8;
  return value;
}

Result<bool> ByteReader::ReadBool(std::string_view what) {
  CV_ASSIGN_OR_RETURN(const uint8_t value, ReadU8(what));
  if (value > 1) {
    return CorruptionError(subject_ + " hold yes/no byte " + std::to_string(value) + " in " +
                           std::string(what) + "; only 0 and 1 are allowed");
  }
  return value == 1;
}

Result<Id128> ByteReader::ReadId(std::string_view what) {
  CV_ASSIGN_OR_RETURN(const ByteView raw, ReadBytes(Id128::kSize, what));
  Id128 id;
  std::copy(raw.begin(), raw.end(), id.bytes.begin());
  return id;
}

Result<ByteView> ByteReader::ReadBytes(size_t size, std::string_view what) {
  CV_RETURN_IF_ERROR(Need(size, what));
  const ByteView view = bytes_.subspan(position_, size);
  position_ += size;
  return view;
}

Result<ByteView> ByteReader::ReadLengthPrefixed(std::string_view what) {
  CV_ASSIGN_OR_RETURN(const uint32_t size, ReadU32(what));
  return ReadBytes(size, what);
}

Result<uint32_t> ByteReader::ReadCount(size_t min_item_bytes, std::string_view what) {
  CV_ASSIGN_OR_RETURN(const uint32_t count, ReadU32(what));
  const size_t most = remaining() / min_item_bytes;
  if (count > most) {
    return TruncatedError(subject_ + " declare " + std::to_string(count) + " " + std::string(what) +
                          " but the " + std::to_string(remaining()) + " bytes left hold at most " +
                          std::to_string(most));
  }
  return count;
}

Status ByteReader::ExpectEnd() const {
  if (remaining() == 0) return Status::Ok();
  return CorruptionError(subject_ + " go on for " + std::to_string(remaining()) +
                         " bytes after their end");
}

}  // namespace casevault
