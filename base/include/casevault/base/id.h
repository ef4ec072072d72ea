// Id128: an opaque 128-bit identifier (devices, cases, records, files, operations).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"

namespace casevault {

// A 16-byte identifier, shown as 32 lowercase hex digits. Fresh ids come from
// crypto::NewRandomId(); this type only holds, compares and converts them.
struct Id128 {
  static constexpr size_t kSize = 16;
  std::array<uint8_t, kSize> bytes{};

  // The 32-digit lowercase hex form.
  std::string ToHex() const;
  // Parses exactly 32 hex digits (either case); InvalidArgument otherwise.
  static Result<Id128> FromHex(std::string_view hex);
  // Copies exactly 16 bytes; InvalidArgument for any other length.
  static Result<Id128> FromBytes(ByteView raw);

  friend auto operator<=>(const Id128&, const Id128&) = default;
};

}  // namespace casevault
