#include "casevault/base/id.h"

#include <algorithm>

namespace casevault {

std::string Id128::ToHex() const { return casevault::ToHex(bytes); }

Result<Id128> Id128::FromHex(std::string_view hex) {
  if (hex.size() != 2 * kSize) {
    return InvalidArgumentError("an id has 32 hex digits, got " + std::to_string(hex.size()) +
                                " characters");
  }
  Id128 id;
  if (!ParseHex(hex, id.bytes)) return InvalidArgumentError("an id has only hex digits 0-9, a-f");
  return id;
}

Result<Id128> Id128::FromBytes(ByteView raw) {
  if (raw.size() != kSize) {
    return InvalidArgumentError("an id has 16 bytes, got " + std::to_string(raw.size()));
  }
  Id128 id;
  std::copy(raw.begin(), raw.end(), id.bytes.begin());
  return id;
}

}  // namespace casevault
