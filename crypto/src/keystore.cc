#include "casevault/crypto/keystore.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "casevault/crypto/hash.h"
#include "sodium_init.h"

namespace casevault::crypto {
namespace {

constexpr std::array<uint8_t, 4> kMagic = {'C', 'V', 'K', 'S'};
constexpr uint8_t kVersion = 1;
constexpr uint8_t kKdfArgon2id13 = 1;
constexpr size_t kSaltSize = crypto_pwhash_SALTBYTES;
constexpr size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kHeaderSize = 4 + 1 + 1 + 8 + 8 + kSaltSize + kNonceSize;
constexpr size_t kChecksumSize = sizeof(Hash256);
// The identity's serialized size: version, device id and the two secret keys.
constexpr size_t kPayloadSize =
    1 + Id128::kSize + SigningKeyPair::kSecretSize + BoxKeyPair::kSecretSize;
constexpr size_t kFileSize = kHeaderSize + kPayloadSize + kTagSize + kChecksumSize;

// Bounds on stored parameters, so a damaged or hostile header cannot make unlock run for hours
// or ask for terabytes of memory.
constexpr uint64_t kMaxOpslimit = 64;
constexpr uint64_t kMaxMemlimit = uint64_t{4} << 30;

Status CheckParams(const KdfParams& params) {
  const KdfParams floor = KdfParams::Interactive();
  if (params.opslimit < floor.opslimit || params.memlimit < floor.memlimit ||
      params.opslimit > kMaxOpslimit || params.memlimit > kMaxMemlimit) {
    return InvalidArgumentError(
        "Argon2id parameters must be between INTERACTIVE (ops " + std::to_string(floor.opslimit) +
        ", " + std::to_string(floor.memlimit >> 20) + " MiB) and ops " +
        std::to_string(kMaxOpslimit) + ", " + std::to_string(kMaxMemlimit >> 20) + " MiB");
  }
  return Status::Ok();
}

Result<SecretKey> DeriveKey(std::string_view passphrase, ByteView salt, const KdfParams& params) {
  SecretBytes key(SecretKey::kSize);
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt.data(),
                    params.opslimit, static_cast<size_t>(params.memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("not enough memory to derive the keystore key (Argon2id needs " +
                                  std::to_string(params.memlimit >> 20) + " MiB)");
  }
  return SecretKey::FromBytes(std::move(key));
}

Result<Bytes> BuildKeystoreFile(std::string_view passphrase, const DeviceIdentity& identity,
                                const KdfParams& params) {
  if (passphrase.empty()) return InvalidArgumentError("the passphrase must not be empty");
  CV_RETURN_IF_ERROR(CheckParams(params));
  EnsureSodiumInitialized();

  Bytes file(kMagic.begin(), kMagic.end());
  file.push_back(kVersion);
  file.push_back(kKdfArgon2id13);
  AppendU64(file, params.opslimit);
  AppendU64(file, params.memlimit);
  file.resize(kHeaderSize);
  uint8_t* salt = file.data() + kHeaderSize - kNonceSize - kSaltSize;
  uint8_t* nonce = file.data() + kHeaderSize - kNonceSize;
  randombytes_buf(salt, kSaltSize);
  randombytes_buf(nonce, kNonceSize);

  CV_ASSIGN_OR_RETURN(SecretKey key, DeriveKey(passphrase, ByteView(salt, kSaltSize), params));
  const SecretBytes payload = identity.Serialize();
  file.resize(kHeaderSize + payload.size() + kTagSize);
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      file.data() + kHeaderSize, nullptr, payload.data(), payload.size(), file.data(), kHeaderSize,
      nullptr, file.data() + kHeaderSize - kNonceSize, key.view().data());
  const Hash256 checksum = Blake2b256(file);
  file.insert(file.end(), checksum.begin(), checksum.end());
  return file;
}

// Checks the frame of a keystore file in order: length, magic, version, checksum, parameters.
Result<KdfParams> ParseHeader(const std::string& path, ByteView file) {
  if (file.size() < kMagic.size() + 1) {
    return TruncatedError("keystore " + path + " is truncated (" + std::to_string(file.size()) +
                          " bytes): restore it from a backup");
  }
  if (!std::equal(kMagic.begin(), kMagic.end(), file.begin())) {
    return CorruptionError(path + " is not a CaseVault keystore");
  }
  if (file[4] != kVersion) {
    return UnsupportedVersionError("keystore " + path + " has format version " +
                                   std::to_string(file[4]) + "; this build reads version " +
                                   std::to_string(kVersion) + ": upgrade CaseVault");
  }
  if (file.size() < kFileSize) {
    return TruncatedError("keystore " + path + " is truncated (" + std::to_string(file.size()) +
                          " of " + std::to_string(kFileSize) + " bytes): restore it from a backup");
  }
  const Hash256 checksum = Blake2b256(file.first(kFileSize - kChecksumSize));
  if (file.size() != kFileSize ||
      !std::equal(checksum.begin(), checksum.end(), file.begin() + kFileSize - kChecksumSize)) {
    return CorruptionError("keystore " + path +
                           " is corrupt (checksum mismatch): restore it from a backup");
  }
  const KdfParams params{ReadU64(file, 6), ReadU64(file, 14)};
  if (file[5] != kKdfArgon2id13 || !CheckParams(params).ok()) {
    return CorruptionError("keystore " + path + " names an unknown or implausible key derivation");
  }
  return params;
}

// Reads at most one byte more than a keystore can hold, so that a wrong or hostile path cannot
// make unlock read a huge file into memory.
Result<Bytes> ReadKeystoreFile(Env& env, const std::string& path) {
  auto opened = env.NewSequentialFile(path);
  if (opened.status().code() == StatusCode::kNotFound) {
    return NotFoundError("no keystore at " + path + ": run `casevault init` to create one");
  }
  CV_ASSIGN_OR_RETURN(auto file, std::move(opened));
  Bytes content(kFileSize + 1);
  CV_ASSIGN_OR_RETURN(size_t size, file->Read(content));
  content.resize(size);
  return content;
}

}  // namespace

KdfParams KdfParams::Moderate() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

KdfParams KdfParams::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

Status CreateKeystore(Env& env, const std::string& path, std::string_view passphrase,
                      const DeviceIdentity& identity, const KdfParams& params) {
  if (env.FileExists(path)) {
    return AlreadyExistsError("a keystore already exists at " + path +
                              "; refusing to overwrite it");
  }
  CV_ASSIGN_OR_RETURN(Bytes file, BuildKeystoreFile(passphrase, identity, params));
  return WriteFileAtomically(env, path, file);
}

Result<DeviceIdentity> UnlockKeystore(Env& env, const std::string& path,
                                      std::string_view passphrase) {
  CV_ASSIGN_OR_RETURN(Bytes file, ReadKeystoreFile(env, path));
  CV_ASSIGN_OR_RETURN(KdfParams params, ParseHeader(path, file));

  const ByteView salt(file.data() + kHeaderSize - kNonceSize - kSaltSize, kSaltSize);
  CV_ASSIGN_OR_RETURN(SecretKey key, DeriveKey(passphrase, salt, params));
  SecretBytes payload(kPayloadSize);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          payload.data(), nullptr, nullptr, file.data() + kHeaderSize, kPayloadSize + kTagSize,
          file.data(), kHeaderSize, file.data() + kHeaderSize - kNonceSize,
          key.view().data()) != 0) {
    return WrongPassphraseError("wrong passphrase for keystore " + path);
  }
  auto identity = DeviceIdentity::Deserialize(payload.view());
  if (!identity.ok()) return identity.status().WithContext("keystore " + path);
  return identity;
}

Status ChangeKeystorePassphrase(Env& env, const std::string& path, std::string_view old_passphrase,
                                std::string_view new_passphrase, const KdfParams& params) {
  CV_ASSIGN_OR_RETURN(DeviceIdentity identity, UnlockKeystore(env, path, old_passphrase));
  CV_ASSIGN_OR_RETURN(Bytes file, BuildKeystoreFile(new_passphrase, identity, params));
  return WriteFileAtomically(env, path, file);
}

}  // namespace casevault::crypto
