// ByteReader: a bounds-checked cursor for the decoders of CaseVault's binary formats.
//
// Every read first checks that the bytes hold what it asks for, so a decoder built on it never
// reads outside its input and never trusts a length or count before comparing it with what
// remains. Integers are little endian. Failures are Truncated (the bytes end too soon),
// Corruption (a value the format does not allow) or UnsupportedVersion, with messages that name
// the format and the part being read, never the content.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/base/status.h"

namespace casevault {

class ByteReader {
 public:
  // Reads `bytes`, which must outlive the reader. `subject` names them in messages, e.g.
  // "operation bytes".
  ByteReader(ByteView bytes, std::string subject);

  // How many bytes are left to read.
  size_t remaining() const { return bytes_.size() - position_; }

  // Reads a format header: `magic` then a version byte equal to `version`. Truncated when the
  // bytes end inside it, Corruption for other magic, UnsupportedVersion for another version.
  Status ReadHeader(std::string_view magic, uint8_t version);

  // Read one fixed-size little-endian value; Truncated when fewer bytes remain.
  Result<uint8_t> ReadU8(std::string_view what);
  Result<uint16_t> ReadU16(std::string_view what);
  Result<uint32_t> ReadU32(std::string_view what);
  Result<uint64_t> ReadU64(std::string_view what);
  // Reads a yes/no byte; Corruption for anything but 0 or 1.
  Result<bool> ReadBool(std::string_view what);
  // Reads 16 bytes as an id.
  Result<Id128> ReadId(std::string_view what);

  // The next `size` bytes, viewed in place; Truncated when fewer remain.
  Result<ByteView> ReadBytes(size_t size, std::string_view what);
  // A u32 length, then that many bytes viewed in place; Truncated when fewer remain.
  Result<ByteView> ReadLengthPrefixed(std::string_view what);
  // A u32 count of items that each take at least `min_item_bytes` (> 0); Truncated when the
  // remaining bytes cannot hold that many, so a caller may reserve `count` items safely.
  Result<uint32_t> ReadCount(size_t min_item_bytes, std::string_view what);

  // OK when every byte has been read; Corruption naming how many bytes are left otherwise.
  Status ExpectEnd() const;

 private:
  Status Need(size_t size, std::string_view what) const;

  ByteView bytes_;
  size_t position_ = 0;
  std::string subject_;
};

}  // namespace casevault
