// Byte buffers and views shared by every module.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace casevault {

// An owned, growable byte buffer (not for secrets: see crypto/secret_bytes.h).
using Bytes = std::vector<uint8_t>;
// A read-only view of bytes owned elsewhere.
using ByteView = std::span<const uint8_t>;
// A writable view of bytes owned elsewhere.
using MutableByteView = std::span<uint8_t>;

// Views the characters of `text` as bytes; the view lives as long as `text`'s storage.
inline ByteView AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Views `bytes` as characters; the view lives as long as `bytes`' storage.
inline std::string_view AsChars(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Returns `bytes` as lowercase hexadecimal.
std::string ToHex(ByteView bytes);

// Parses `hex` (digits 0-9, a-f, A-F) into exactly `out.size()` bytes; false, with `out`
// unspecified, when `hex` is not 2 * out.size() hex digits.
bool ParseHex(std::string_view hex, MutableByteView out);

// Appends `value` to `out` as 4 little-endian bytes.
void AppendU32(Bytes& out, uint32_t value);
// Appends `value` to `out` as 8 little-endian bytes.
void AppendU64(Bytes& out, uint64_t value);
// Reads 4 little-endian bytes at `at`; the caller guarantees `at + 4 <= bytes.size()`.
uint32_t ReadU32(ByteView bytes, size_t at);
// Reads 8 little-endian bytes at `at`; the caller guarantees `at + 8 <= bytes.size()`.
uint64_t ReadU64(ByteView bytes, size_t at);

}  // namespace casevault
