// Writing helpers for CaseVault's binary formats: the counterparts of ByteReader's reads that
// bytes.h (AppendU32, AppendU64) does not already provide. Integers are little endian.
#pragma once

#include <cstdint>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"

namespace casevault {

// Appends `value` to `out` as 2 little-endian bytes.
inline void AppendU16(Bytes& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value));
  out.push_back(static_cast<uint8_t>(value >> 8));
}

// Appends the 16 bytes of `id`.
inline void AppendId(Bytes& out, const Id128& id) {
  out.insert(out.end(), id.bytes.begin(), id.bytes.end());
}

// Appends the size of `bytes` as a u32, then `bytes`; the caller keeps `bytes` under 4 GiB.
inline void AppendLengthPrefixed(Bytes& out, ByteView bytes) {
  AppendU32(out, static_cast<uint32_t>(bytes.size()));
  out.insert(out.end(), bytes.begin(), bytes.end());
}

}  // namespace casevault
