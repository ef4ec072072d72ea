#include "casevault/crypto/file_cipher.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <string>

#include "sodium_init.h"

namespace casevault::crypto {
namespace {

constexpr size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kChunkOverhead == kNonceSize + kTagSize);

constexpr std::string_view kChunkDomain = "casevault.file-chunk.v1";
constexpr std::array<uint8_t, 4> kStreamMagic = {'C', 'V', 'E', 'F'};
constexpr uint8_t kStreamVersion = 1;
// magic | version | chunk size (u32) | file id
constexpr size_t kStreamHeaderSize = 4 + 1 + 4 + Id128::kSize;
// final flag | sealed length (u32)
constexpr size_t kChunkFrameSize = 1 + 4;

using ChunkAad = std::array<uint8_t, kChunkDomain.size() + Id128::kSize + 4 + 8 + 1>;

ChunkAad EncodeChunkAad(const Id128& file_id, size_t chunk_size, uint64_t index, bool is_final) {
  ChunkAad ad{};
  auto at = std::copy(kChunkDomain.begin(), kChunkDomain.end(), ad.begin());
  at = std::copy(file_id.bytes.begin(), file_id.bytes.end(), at);
  for (int i = 0; i < 4; ++i) *at++ = static_cast<uint8_t>(chunk_size >> (8 * i));
  for (int i = 0; i < 8; ++i) *at++ = static_cast<uint8_t>(index >> (8 * i));
  *at = is_final ? 1 : 0;
  return ad;
}

Status CheckChunkSize(size_t chunk_size) {
  if (chunk_size == 0 || chunk_size > kMaxChunkSize) {
    return InvalidArgumentError("chunk size must be 1 to " + std::to_string(kMaxChunkSize) +
                                " bytes, got " + std::to_string(chunk_size));
  }
  return Status::Ok();
}

}  // namespace

Status FileCipher::CheckPlaintextSize(uint64_t index, bool is_final, size_t size) const {
  CV_RETURN_IF_ERROR(CheckChunkSize(chunk_size_));
  if (is_final ? size > chunk_size_ : size != chunk_size_) {
    return InvalidArgumentError(
        "chunk " + std::to_string(index) + " holds " + std::to_string(size) +
        " bytes; with a chunk size of " + std::to_string(chunk_size_) +
        (is_final ? " at most " : " exactly ") + std::to_string(chunk_size_) + " are allowed");
  }
  return Status::Ok();
}

Status FileCipher::SealChunk(uint64_t index, bool is_final, ByteView plaintext, Bytes& out) const {
  CV_RETURN_IF_ERROR(CheckPlaintextSize(index, is_final, plaintext.size()));
  EnsureSodiumInitialized();
  const ChunkAad ad = EncodeChunkAad(file_id_, chunk_size_, index, is_final);
  out.resize(kChunkOverhead + plaintext.size());
  uint8_t* nonce = out.data();
  randombytes_buf(nonce, kNonceSize);
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceSize, nullptr, plaintext.data(),
                                             plaintext.size(), ad.data(), ad.size(), nullptr, nonce,
                                             key_.view().data());
  return Status::Ok();
}

Status FileCipher::OpenChunk(uint64_t index, bool is_final, ByteView sealed, Bytes& out) const {
  if (sealed.size() < kChunkOverhead) {
    return TruncatedError("chunk " + std::to_string(index) + " has " +
                          std::to_string(sealed.size()) + " bytes, fewer than its " +
                          std::to_string(kChunkOverhead) + "-byte overhead");
  }
  if (Status size = CheckPlaintextSize(index, is_final, sealed.size() - kChunkOverhead);
      !size.ok()) {
    return CorruptionError(size.message());
  }
  const ChunkAad ad = EncodeChunkAad(file_id_, chunk_size_, index, is_final);
  out.resize(sealed.size() - kChunkOverhead);
  uint8_t scratch = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.empty() ? &scratch : out.data(), nullptr,
                                                 nullptr, sealed.data() + kNonceSize,
                                                 sealed.size() - kNonceSize, ad.data(), ad.size(),
                                                 sealed.data(), key_.view().data()) != 0) {
    out.clear();
    return AuthenticationFailedError(
        "chunk " + std::to_string(index) +
        " failed authentication: it was altered, is out of place, or the key is wrong");
  }
  return Status::Ok();
}

Status ForEachChunk(SequentialFile& in, size_t chunk_size,
                    const std::function<Status(uint64_t, bool, ByteView)>& visit) {
  CV_RETURN_IF_ERROR(CheckChunkSize(chunk_size));
  Bytes current(chunk_size), next(chunk_size);
  CV_ASSIGN_OR_RETURN(size_t current_size, in.Read(current));
  for (uint64_t index = 0;; ++index) {
    size_t next_size = 0;
    if (current_size == chunk_size) {
      CV_ASSIGN_OR_RETURN(next_size, in.Read(next));
    }
    const bool is_final = next_size == 0;
    CV_RETURN_IF_ERROR(visit(index, is_final, ByteView(current).first(current_size)));
    if (is_final) return Status::Ok();
    std::swap(current, next);
    current_size = next_size;
  }
}

Status EncryptFileStream(const SecretKey& file_key, const Id128& file_id, SequentialFile& in,
                         WritableFile& out, const FileStreamOptions& options) {
  CV_RETURN_IF_ERROR(CheckChunkSize(options.chunk_size));
  Bytes header(kStreamMagic.begin(), kStreamMagic.end());
  header.push_back(kStreamVersion);
  AppendU32(header, static_cast<uint32_t>(options.chunk_size));
  header.insert(header.end(), file_id.bytes.begin(), file_id.bytes.end());
  CV_RETURN_IF_ERROR(out.Append(header));

  const FileCipher cipher(file_key, file_id, options.chunk_size);
  Bytes frame;
  frame.reserve(kChunkFrameSize);
  Bytes sealed;
  sealed.reserve(kChunkOverhead + options.chunk_size);
  uint64_t done = 0;
  return ForEachChunk(in, options.chunk_size,
                      [&](uint64_t index, bool is_final, ByteView chunk) -> Status {
                        CV_RETURN_IF_ERROR(cipher.SealChunk(index, is_final, chunk, sealed));
                        frame.clear();
                        frame.push_back(is_final ? 1 : 0);
                        AppendU32(frame, static_cast<uint32_t>(sealed.size()));
                        CV_RETURN_IF_ERROR(out.Append(frame));
                        CV_RETURN_IF_ERROR(out.Append(sealed));
                        done += chunk.size();
                        if (options.progress) options.progress(done);
                        return Status::Ok();
                      });
}

Status DecryptFileStream(const SecretKey& file_key, const Id128& file_id, SequentialFile& in,
                         WritableFile& out, const FileStreamOptions& options) {
  std::array<uint8_t, kStreamHeaderSize> header{};
  CV_ASSIGN_OR_RETURN(size_t header_size, in.Read(header));
  if (header_size < kStreamHeaderSize) {
    return TruncatedError("encrypted file ends inside its " + std::to_string(kStreamHeaderSize) +
                          "-byte header");
  }
  if (!std::equal(kStreamMagic.begin(), kStreamMagic.end(), header.begin())) {
    return CorruptionError("not a CaseVault encrypted file (bad magic)");
  }
  if (header[4] != kStreamVersion) {
    return UnsupportedVersionError("encrypted file has format version " +
                                   std::to_string(header[4]) + "; this build reads version " +
                                   std::to_string(kStreamVersion));
  }
  const uint32_t chunk_size = ReadU32(header, 5);
  if (chunk_size == 0 || chunk_size > kMaxChunkSize) {
    return CorruptionError("encrypted file declares an impossible chunk size of " +
                           std::to_string(chunk_size) + " bytes");
  }
  if (!std::equal(file_id.bytes.begin(), file_id.bytes.end(), header.begin() + 9)) {
    return AuthenticationFailedError("encrypted file belongs to another file id");
  }

  const FileCipher cipher(file_key, file_id, chunk_size);
  Bytes sealed, plaintext;
  sealed.reserve(kChunkOverhead + chunk_size);
  plaintext.reserve(chunk_size);
  uint64_t done = 0;
  for (uint64_t index = 0;; ++index) {
    std::array<uint8_t, kChunkFrameSize> frame{};
    CV_ASSIGN_OR_RETURN(size_t frame_size, in.Read(frame));
    if (frame_size == 0) {
      return TruncatedError("encrypted file ends after chunk " + std::to_string(index) +
                            " without its final chunk");
    }
    if (frame_size < kChunkFrameSize) {
      return TruncatedError("encrypted file ends inside the frame of chunk " +
                            std::to_string(index));
    }
    if (frame[0] > 1) {
      return CorruptionError("chunk " + std::to_string(index) + " has a damaged frame");
    }
    const bool is_final = frame[0] == 1;
    const uint32_t sealed_size = ReadU32(frame, 1);
    // Checked before reading, so a damaged length never makes us read or allocate more than a
    // chunk; OpenChunk then binds the header's chunk size through the associated data.
    if (sealed_size < kChunkOverhead || sealed_size > kChunkOverhead + chunk_size) {
      return CorruptionError("chunk " + std::to_string(index) + " declares " +
                             std::to_string(sealed_size) + " bytes, outside the file's bounds");
    }
    sealed.resize(sealed_size);
    CV_ASSIGN_OR_RETURN(size_t got, in.Read(sealed));
    if (got < sealed_size) {
      return TruncatedError("encrypted file ends inside chunk " + std::to_string(index));
    }
    CV_RETURN_IF_ERROR(cipher.OpenChunk(index, is_final, sealed, plaintext));
    CV_RETURN_IF_ERROR(out.Append(plaintext));
    done += plaintext.size();
    if (options.progress) options.progress(done);
    if (is_final) break;
  }
  uint8_t extra = 0;
  CV_ASSIGN_OR_RETURN(size_t trailing, in.Read(MutableByteView(&extra, 1)));
  if (trailing != 0) return CorruptionError("encrypted file has data after its final chunk");
  return Status::Ok();
}

}  // namespace casevault::crypto
