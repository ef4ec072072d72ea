// Byte helpers for tests: deterministic filler content and copies of views.
#pragma once

#include <cstddef>
#include <cstdint>

#include "casevault/base/bytes.h"

namespace casevault::testing {

// `size` bytes of a position-dependent pattern (never all equal, distinct per `seed`).
inline Bytes PatternBytes(size_t size, uint8_t seed = 0) {
  Bytes out(size);
  for (size_t i = 0; i < size; ++i) {
    out[i] = static_cast<uint8_t>((i * 131 + seed) ^ (i >> 8));
  }
  return out;
}

// An owned copy of `view`.
inline Bytes ToBytes(ByteView view) { return Bytes(view.begin(), view.end()); }

}  // namespace casevault::testing
