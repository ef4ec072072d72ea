#include "casevault/crypto/secret_bytes.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

#include "sodium_init.h"

namespace casevault::crypto {

SecretBytes::SecretBytes(size_t size) : size_(size) {
  if (size == 0) return;
  EnsureSodiumInitialized();
  data_ = static_cast<uint8_t*>(sodium_malloc(size));
  if (data_ == nullptr) std::abort();
  sodium_memzero(data_, size);
}

SecretBytes SecretBytes::CopyOf(ByteView bytes) {
  SecretBytes out(bytes.size());
  if (!bytes.empty()) std::memcpy(out.data_, bytes.data(), bytes.size());
  return out;
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

SecretBytes::~SecretBytes() { Release(); }

void SecretBytes::Release() {
  // sodium_free wipes the memory before unmapping it.
  if (data_ != nullptr) sodium_free(data_);
  data_ = nullptr;
  size_ = 0;
}

SecretBytes SecretBytes::Clone() const { return CopyOf(view()); }

bool SecretBytes::Equals(const SecretBytes& other) const {
  if (size_ != other.size_) return false;
  if (size_ == 0) return true;
  return sodium_memcmp(data_, other.data_, size_) == 0;
}

SecretKey SecretKey::Generate() {
  static_assert(kSize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  SecretBytes bytes(kSize);
  randombytes_buf(bytes.data(), kSize);
  return SecretKey(std::move(bytes));
}

Result<SecretKey> SecretKey::FromBytes(SecretBytes bytes) {
  if (bytes.size() != kSize) {
    return InvalidArgumentError("a key has " + std::to_string(kSize) + " bytes, got " +
                                std::to_string(bytes.size()));
  }
  return SecretKey(std::move(bytes));
}

}  // namespace casevault::crypto
