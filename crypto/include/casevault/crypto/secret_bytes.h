// Secret memory: SecretBytes (any length) and SecretKey (a 32-byte symmetric key).
//
// Both live in sodium_malloc'd memory (guard pages, mlock'd where the system allows), are
// move-only and are wiped when destroyed. Nothing in them is ever logged or copied implicitly.
#pragma once

#include <cstddef>
#include <cstdint>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"

namespace casevault::crypto {

// A fixed-size buffer of secret bytes in protected memory.
class SecretBytes {
 public:
  // An empty buffer.
  SecretBytes() = default;
  // `size` zeroed bytes. Aborts when memory is exhausted, as operator new would.
  explicit SecretBytes(size_t size);
  // A protected copy of `bytes`.
  static SecretBytes CopyOf(ByteView bytes);

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  // Wipes and frees the memory.
  ~SecretBytes();

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Views of the bytes, valid while this object lives and is not moved from.
  MutableByteView span() { return {data_, size_}; }
  ByteView view() const { return {data_, size_}; }

  // A new protected copy; copies are explicit so that secrets do not multiply by accident.
  SecretBytes Clone() const;
  // Constant-time equality of length and content.
  bool Equals(const SecretBytes& other) const;

 private:
  void Release();

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// A 32-byte symmetric key (XChaCha20-Poly1305 compartment, file and keystore keys).
class SecretKey {
 public:
  static constexpr size_t kSize = 32;

  // A fresh random key.
  static SecretKey Generate();
  // Takes `bytes` as a key; InvalidArgument unless it holds exactly kSize bytes.
  static Result<SecretKey> FromBytes(SecretBytes bytes);

  // The key bytes, valid while this key lives.
  ByteView view() const { return bytes_.view(); }
  // A new protected copy of the key.
  SecretKey Clone() const { return SecretKey(bytes_.Clone()); }

 private:
  explicit SecretKey(SecretBytes bytes) : bytes_(std::move(bytes)) {}

  SecretBytes bytes_;
};

}  // namespace casevault::crypto
