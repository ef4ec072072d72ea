// The keystore: a device's private keys in one file, encrypted under the user's passphrase.
//
// File format (version 1), all integers little-endian:
//   "CVKS" | version (1) | kdf (1 = Argon2id v1.3) | opslimit (u64) | memlimit (u64) |
//   salt (16) | nonce (24) | sealed identity (XChaCha20-Poly1305, header as associated data) |
//   BLAKE2b-256 checksum of everything before it
// The checksum tells a damaged file (Corruption) from a wrong passphrase (WrongPassphrase); a
// short file is Truncated. Every write replaces the file atomically (WriteFileAtomically), so a
// crash leaves the old or the new keystore, never neither; every failure leaves it unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/crypto/device_identity.h"

namespace casevault::crypto {

// Argon2id cost parameters for deriving the keystore key from a passphrase.
struct KdfParams {
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;  // bytes

  // libsodium's MODERATE limits (about 0.35 s and 256 MiB here): the default.
  static KdfParams Moderate();
  // libsodium's INTERACTIVE limits (about 55 ms and 64 MiB): the lowest accepted.
  static KdfParams Interactive();
};

// Writes a new keystore at `path` holding `identity`, locked by `passphrase`.
// AlreadyExists if `path` exists; InvalidArgument for an empty passphrase or parameters below
// KdfParams::Interactive() or above 64 passes or 4 GiB (which no device could unlock);
// ResourceExhausted when the memory for Argon2id cannot be had.
Status CreateKeystore(Env& env, const std::string& path, std::string_view passphrase,
                      const DeviceIdentity& identity,
                      const KdfParams& params = KdfParams::Moderate());

// Opens the keystore at `path` with `passphrase`. NotFound, Truncated, Corruption,
// UnsupportedVersion or WrongPassphrase, each with a message saying what to do.
Result<DeviceIdentity> UnlockKeystore(Env& env, const std::string& path,
                                      std::string_view passphrase);

// Re-encrypts the keystore at `path` under `new_passphrase` with a fresh salt and nonce.
// Fails as UnlockKeystore does for a wrong old passphrase, as CreateKeystore for a bad new one;
// the file is replaced atomically and is unchanged on any failure.
Status ChangeKeystorePassphrase(Env& env, const std::string& path, std::string_view old_passphrase,
                                std::string_view new_passphrase,
                                const KdfParams& params = KdfParams::Moderate());

}  // namespace casevault::crypto
