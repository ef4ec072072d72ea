#include "casevault/crypto/file_cipher.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "casevault/crypto/random_id.h"
#include "testing/bytes.h"
#include "testing/temp_dir.h"

namespace casevault::crypto {
namespace {

using casevault::testing::PatternBytes;
using casevault::testing::TempDir;
using casevault::testing::ToBytes;

// The stream layout documented in file_cipher.h: "CVEF" | version | chunk size (u32) | file id,
// then per chunk: final flag | sealed length (u32) | sealed chunk.
constexpr size_t kHeaderSize = 4 + 1 + 4 + Id128::kSize;
constexpr size_t kFrameSize = 1 + 4;

// The header and the chunk frames (each with its flag and length prefix) of an encrypted file.
struct Frames {
  Bytes header;
  std::vector<Bytes> chunks;
};

Frames SplitFrames(const Bytes& file) {
  Frames out;
  out.header.assign(file.begin(), file.begin() + kHeaderSize);
  size_t at = kHeaderSize;
  while (at < file.size()) {
    const size_t length = kFrameSize + ReadU32(file, at + 1);
    out.chunks.emplace_back(file.begin() + at, file.begin() + at + length);
    at += length;
  }
  return out;
}

Bytes JoinFrames(const Bytes& header, const std::vector<Bytes>& chunks) {
  Bytes out = header;
  for (const Bytes& chunk : chunks) out.insert(out.end(), chunk.begin(), chunk.end());
  return out;
}

FileStreamOptions WithChunkSize(size_t chunk_size) {
  FileStreamOptions options;
  options.chunk_size = chunk_size;
  return options;
}

class FileStream : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return dir_.path() + "/" + name; }

  Status WriteWholeFile(const std::string& path, ByteView data) {
    CV_ASSIGN_OR_RETURN(auto file, env_.NewWritableFile(path));
    CV_RETURN_IF_ERROR(file->Append(data));
    return file->Close();
  }

  // Encrypts `plaintext` from a real file into a real file and returns the encrypted file.
  Result<Bytes> Encrypt(const SecretKey& key, const Id128& file_id, ByteView plaintext,
                        const FileStreamOptions& options) {
    const std::string in_path = Path("plain.in");
    const std::string out_path = Path("sealed.out");
    CV_RETURN_IF_ERROR(WriteWholeFile(in_path, plaintext));
    CV_ASSIGN_OR_RETURN(auto in, env_.NewSequentialFile(in_path));
    CV_ASSIGN_OR_RETURN(auto out, env_.NewWritableFile(out_path));
    CV_RETURN_IF_ERROR(EncryptFileStream(key, file_id, *in, *out, options));
    CV_RETURN_IF_ERROR(out->Close());
    return ReadFileToBytes(env_, out_path);
  }

  // Writes `sealed` to a real file, decrypts it into another and returns the plaintext.
  Result<Bytes> Decrypt(const SecretKey& key, const Id128& file_id, ByteView sealed,
                        const FileStreamOptions& options = {}) {
    const std::string in_path = Path("sealed.in");
    const std::string out_path = Path("plain.out");
    CV_RETURN_IF_ERROR(WriteWholeFile(in_path, sealed));
    CV_ASSIGN_OR_RETURN(auto in, env_.NewSequentialFile(in_path));
    CV_ASSIGN_OR_RETURN(auto out, env_.NewWritableFile(out_path));
    CV_RETURN_IF_ERROR(DecryptFileStream(key, file_id, *in, *out, options));
    CV_RETURN_IF_ERROR(out->Close());
    return ReadFileToBytes(env_, out_path);
  }

  // A file of three full 64-byte chunks, small enough to mutate at every byte.
  void MakeThreeChunkFile() {
    plaintext_ = PatternBytes(3 * 64);
    auto sealed = Encrypt(key_, file_id_, plaintext_, WithChunkSize(64));
    ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
    sealed_ = *std::move(sealed);
    frames_ = SplitFrames(sealed_);
    ASSERT_EQ(frames_.chunks.size(), 3u);
  }

  void ExpectRefused(const Bytes& sealed, StatusCode code, const std::string& what) {
    auto result = Decrypt(key_, file_id_, sealed);
    ASSERT_FALSE(result.ok()) << what << " was accepted";
    EXPECT_EQ(result.status().code(), code) << what << ": " << result.status().ToString();
  }

  Env& env_ = Env::Default();
  TempDir dir_;
  const SecretKey key_ = SecretKey::Generate();
  const Id128 file_id_ = NewRandomId();
  Bytes plaintext_;
  Bytes sealed_;
  Frames frames_;
};

TEST_F(FileStream, RoundTripsEverySizeAroundChunkBoundaries) {
  constexpr size_t kChunk = 1024;
  for (size_t size :
       {size_t{0}, size_t{1}, kChunk - 1, kChunk, kChunk + 1, 3 * kChunk, 3 * kChunk + 7}) {
    const Bytes plaintext = PatternBytes(size, 5);
    auto sealed = Encrypt(key_, file_id_, plaintext, WithChunkSize(kChunk));
    ASSERT_TRUE(sealed.ok()) << "size " << size << ": " << sealed.status().ToString();
    const size_t chunks = size == 0 ? 1 : (size + kChunk - 1) / kChunk;
    EXPECT_EQ(sealed->size(), kHeaderSize + chunks * (kFrameSize + kChunkOverhead) + size)
        << "size " << size;
    auto opened = Decrypt(key_, file_id_, *sealed);
    ASSERT_TRUE(opened.ok()) << "size " << size << ": " << opened.status().ToString();
    EXPECT_EQ(*opened, plaintext) << "size " << size;
  }
}

TEST_F(FileStream, RoundTripsSeveralMegabytesInOneKibChunks) {
  const Bytes plaintext = PatternBytes(3 * 1024 * 1024 + 123, 9);
  auto sealed = Encrypt(key_, file_id_, plaintext, WithChunkSize(1024));
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(SplitFrames(*sealed).chunks.size(), 3 * 1024 + 1u);
  auto opened = Decrypt(key_, file_id_, *sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_TRUE(*opened == plaintext);
}

TEST_F(FileStream, RoundTripsWithTheDefaultChunkSize) {
  const Bytes plaintext = PatternBytes(2 * kDefaultChunkSize + 1, 3);
  auto sealed = Encrypt(key_, file_id_, plaintext, {});
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(SplitFrames(*sealed).chunks.size(), 3u);
  auto opened = Decrypt(key_, file_id_, *sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_TRUE(*opened == plaintext);
}

TEST_F(FileStream, HeaderNamesFormatChunkSizeAndFileId) {
  auto sealed = Encrypt(key_, file_id_, PatternBytes(10), WithChunkSize(300));
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(AsChars(ByteView(*sealed).first(4)), "CVEF");
  EXPECT_EQ((*sealed)[4], 1);
  EXPECT_EQ(ReadU32(*sealed, 5), 300u);
  EXPECT_EQ(Bytes(sealed->begin() + 9, sealed->begin() + kHeaderSize),
            Bytes(file_id_.bytes.begin(), file_id_.bytes.end()));
}

TEST_F(FileStream, EveryFileEndsWithExactlyOneFinalChunk) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{64}, size_t{65}, size_t{192}}) {
    auto sealed = Encrypt(key_, file_id_, PatternBytes(size), WithChunkSize(64));
    ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
    const Frames frames = SplitFrames(*sealed);
    ASSERT_FALSE(frames.chunks.empty());
    for (size_t i = 0; i < frames.chunks.size(); ++i) {
      EXPECT_EQ(frames.chunks[i][0], i + 1 == frames.chunks.size() ? 1 : 0)
          << "size " << size << " chunk " << i;
    }
  }
}

TEST_F(FileStream, StreamChunksOpenOneByOneWithFileCipher) {
  const Bytes plaintext = PatternBytes(150);
  auto sealed = Encrypt(key_, file_id_, plaintext, WithChunkSize(64));
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  const Frames frames = SplitFrames(*sealed);
  ASSERT_EQ(frames.chunks.size(), 3u);
  const FileCipher cipher(key_, file_id_, 64);
  Bytes joined, chunk;
  for (size_t i = 0; i < frames.chunks.size(); ++i) {
    const bool is_final = i + 1 == frames.chunks.size();
    ASSERT_TRUE(
        cipher.OpenChunk(i, is_final, ByteView(frames.chunks[i]).subspan(kFrameSize), chunk).ok())
        << "chunk " << i;
    joined.insert(joined.end(), chunk.begin(), chunk.end());
  }
  EXPECT_EQ(joined, plaintext);
}

TEST_F(FileStream, EverySingleByteChangeIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  // The header and frame prefixes are parsed before anything is authenticated: try every value
  // there. Sealed bytes are covered by the AEAD tag: a flip of each bit is enough.
  std::vector<bool> structural(sealed_.size(), false);
  for (size_t i = 0; i < kHeaderSize; ++i) structural[i] = true;
  for (size_t c = 0, at = kHeaderSize; c < frames_.chunks.size(); ++c) {
    for (size_t i = 0; i < kFrameSize; ++i) structural[at + i] = true;
    at += frames_.chunks[c].size();
  }
  for (size_t i = 0; i < sealed_.size(); ++i) {
    std::vector<uint8_t> deltas;
    if (structural[i]) {
      for (int d = 1; d < 256; ++d) deltas.push_back(static_cast<uint8_t>(d));
    } else {
      for (int bit = 0; bit < 8; ++bit) deltas.push_back(static_cast<uint8_t>(1u << bit));
    }
    for (uint8_t delta : deltas) {
      Bytes changed = sealed_;
      changed[i] ^= delta;
      auto result = Decrypt(key_, file_id_, changed);
      ASSERT_FALSE(result.ok()) << "byte " << i << " xor " << int{delta} << " was accepted";
    }
  }
}

TEST_F(FileStream, ChangedChunkSizeInTheHeaderIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  for (uint32_t chunk_size : {uint32_t{1}, uint32_t{63}, uint32_t{65}, uint32_t{128}, uint32_t{192},
                              uint32_t{64 + 256}, uint32_t{kMaxChunkSize}}) {
    Bytes changed = sealed_;
    for (int i = 0; i < 4; ++i) changed[5 + i] = static_cast<uint8_t>(chunk_size >> (8 * i));
    ExpectRefused(changed, StatusCode::kCorruption, "chunk size " + std::to_string(chunk_size));
  }
}

TEST_F(FileStream, ImpossibleDeclaredChunkSizeIsCorruption) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  for (uint32_t chunk_size : {uint32_t{0}, uint32_t{kMaxChunkSize + 1}, uint32_t{0xffffffff}}) {
    Bytes changed = sealed_;
    for (int i = 0; i < 4; ++i) changed[5 + i] = static_cast<uint8_t>(chunk_size >> (8 * i));
    ExpectRefused(changed, StatusCode::kCorruption, "chunk size " + std::to_string(chunk_size));
  }
}

TEST_F(FileStream, BadMagicIsCorruptionAndUnknownVersionIsUnsupported) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  Bytes bad_magic = sealed_;
  bad_magic[0] = 'X';
  ExpectRefused(bad_magic, StatusCode::kCorruption, "bad magic");
  Bytes version_two = sealed_;
  version_two[4] = 2;
  ExpectRefused(version_two, StatusCode::kUnsupportedVersion, "version 2");
}

TEST_F(FileStream, TruncationAtEveryLengthIsTruncated) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  for (size_t length = 0; length < sealed_.size(); ++length) {
    ExpectRefused(Bytes(sealed_.begin(), sealed_.begin() + length), StatusCode::kTruncated,
                  "truncation to " + std::to_string(length) + " bytes");
  }
}

TEST_F(FileStream, ReorderedChunksAreRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  const auto& c = frames_.chunks;
  ExpectRefused(JoinFrames(frames_.header, {c[1], c[0], c[2]}), StatusCode::kAuthenticationFailed,
                "chunks 0 and 1 swapped");
  ExpectRefused(JoinFrames(frames_.header, {c[0], c[2], c[1]}), StatusCode::kAuthenticationFailed,
                "chunks 1 and 2 swapped");
  ExpectRefused(JoinFrames(frames_.header, {c[2], c[1], c[0]}), StatusCode::kAuthenticationFailed,
                "chunks reversed");
}

TEST_F(FileStream, DuplicatedChunkIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  const auto& c = frames_.chunks;
  ExpectRefused(JoinFrames(frames_.header, {c[0], c[0], c[1], c[2]}),
                StatusCode::kAuthenticationFailed, "chunk 0 repeated");
  ExpectRefused(JoinFrames(frames_.header, {c[0], c[1], c[1], c[2]}),
                StatusCode::kAuthenticationFailed, "chunk 1 repeated");
  ExpectRefused(JoinFrames(frames_.header, {c[0], c[1], c[2], c[2]}), StatusCode::kCorruption,
                "final chunk repeated");
}

TEST_F(FileStream, DroppedChunkIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  const auto& c = frames_.chunks;
  ExpectRefused(JoinFrames(frames_.header, {c[1], c[2]}), StatusCode::kAuthenticationFailed,
                "first chunk dropped");
  ExpectRefused(JoinFrames(frames_.header, {c[0], c[2]}), StatusCode::kAuthenticationFailed,
                "middle chunk dropped");
  ExpectRefused(JoinFrames(frames_.header, {c[0], c[1]}), StatusCode::kTruncated,
                "final chunk dropped");
  ExpectRefused(frames_.header, StatusCode::kTruncated, "all chunks dropped");
}

TEST_F(FileStream, ChunkFromAnotherFileUnderTheSameKeyIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  // Same key, same plaintext and sizes, another file id: only the binding differs.
  auto other = Encrypt(key_, NewRandomId(), plaintext_, WithChunkSize(64));
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  const Frames other_frames = SplitFrames(*other);
  for (size_t i = 0; i < frames_.chunks.size(); ++i) {
    std::vector<Bytes> chunks = frames_.chunks;
    chunks[i] = other_frames.chunks[i];
    ExpectRefused(JoinFrames(frames_.header, chunks), StatusCode::kAuthenticationFailed,
                  "chunk " + std::to_string(i) + " from another file id");
  }
}

TEST_F(FileStream, ChunkFromAFileWithTheSameIdUnderAnotherKeyIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  const SecretKey other_key = SecretKey::Generate();
  auto other = Encrypt(other_key, file_id_, plaintext_, WithChunkSize(64));
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  const Frames other_frames = SplitFrames(*other);
  ASSERT_EQ(other_frames.header, frames_.header);
  for (size_t i = 0; i < frames_.chunks.size(); ++i) {
    std::vector<Bytes> chunks = frames_.chunks;
    chunks[i] = other_frames.chunks[i];
    ExpectRefused(JoinFrames(frames_.header, chunks), StatusCode::kAuthenticationFailed,
                  "chunk " + std::to_string(i) + " from another key");
  }
}

TEST_F(FileStream, DataAfterTheFinalChunkIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  Bytes one_byte = sealed_;
  one_byte.push_back(0);
  ExpectRefused(one_byte, StatusCode::kCorruption, "one byte appended");
  // A whole valid chunk for index 3 after the final one.
  const FileCipher cipher(key_, file_id_, 64);
  Bytes extra_chunk;
  ASSERT_TRUE(cipher.SealChunk(3, true, PatternBytes(10), extra_chunk).ok());
  Bytes appended = sealed_;
  appended.push_back(1);
  AppendU32(appended, static_cast<uint32_t>(extra_chunk.size()));
  appended.insert(appended.end(), extra_chunk.begin(), extra_chunk.end());
  ExpectRefused(appended, StatusCode::kCorruption, "a valid chunk 3 appended");
}

TEST_F(FileStream, WrongKeyIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  const SecretKey other_key = SecretKey::Generate();
  auto result = Decrypt(other_key, file_id_, sealed_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kAuthenticationFailed)
      << result.status().ToString();
}

TEST_F(FileStream, WrongFileIdIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeThreeChunkFile());
  const Id128 other_id = NewRandomId();
  auto result = Decrypt(key_, other_id, sealed_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kAuthenticationFailed)
      << result.status().ToString();

  // Rewriting the header to claim the other id does not help: each chunk is bound to its file.
  Bytes relabelled = sealed_;
  std::copy(other_id.bytes.begin(), other_id.bytes.end(), relabelled.begin() + 9);
  auto relabelled_result = Decrypt(key_, other_id, relabelled);
  ASSERT_FALSE(relabelled_result.ok());
  EXPECT_EQ(relabelled_result.status().code(), StatusCode::kAuthenticationFailed)
      << relabelled_result.status().ToString();
}

TEST_F(FileStream, ProgressReportsIncreasingTotalsEndingAtTheFileSize) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{1024}, size_t{3000}, size_t{3072}}) {
    const Bytes plaintext = PatternBytes(size);
    std::vector<uint64_t> encrypt_totals, decrypt_totals;
    FileStreamOptions encrypt_options = WithChunkSize(1024);
    encrypt_options.progress = [&](uint64_t done) { encrypt_totals.push_back(done); };
    auto sealed = Encrypt(key_, file_id_, plaintext, encrypt_options);
    ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
    FileStreamOptions decrypt_options;
    decrypt_options.progress = [&](uint64_t done) { decrypt_totals.push_back(done); };
    auto opened = Decrypt(key_, file_id_, *sealed, decrypt_options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();

    const size_t chunks = size == 0 ? 1 : (size + 1023) / 1024;
    for (const auto* totals : {&encrypt_totals, &decrypt_totals}) {
      ASSERT_EQ(totals->size(), chunks) << "size " << size;
      for (size_t i = 1; i < totals->size(); ++i) {
        EXPECT_GT((*totals)[i], (*totals)[i - 1]) << "size " << size << " report " << i;
      }
      EXPECT_EQ(totals->back(), size);
      if (size > 0) {
        EXPECT_EQ(totals->front(), std::min<uint64_t>(size, 1024));
      }
    }
  }
}

TEST_F(FileStream, ChunkSizeZeroOrAboveTheMaximumIsInvalidArgument) {
  for (size_t chunk_size : {size_t{0}, kMaxChunkSize + 1}) {
    auto sealed = Encrypt(key_, file_id_, PatternBytes(100), WithChunkSize(chunk_size));
    ASSERT_FALSE(sealed.ok()) << "chunk size " << chunk_size;
    EXPECT_EQ(sealed.status().code(), StatusCode::kInvalidArgument) << sealed.status().ToString();
  }
}

TEST_F(FileStream, ChunkSizesOneAndMaximumAreAccepted) {
  for (size_t chunk_size : {size_t{1}, kMaxChunkSize}) {
    const Bytes plaintext = PatternBytes(5);
    auto sealed = Encrypt(key_, file_id_, plaintext, WithChunkSize(chunk_size));
    ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
    auto opened = Decrypt(key_, file_id_, *sealed);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, plaintext);
  }
}

class FileCipherChunk : public ::testing::Test {
 protected:
  static constexpr size_t kChunk = 32;
  const SecretKey key_ = SecretKey::Generate();
  const Id128 file_id_ = NewRandomId();
  const FileCipher cipher_{key_, file_id_, kChunk};
};

TEST_F(FileCipherChunk, SealThenOpenRecoversThePlaintext) {
  for (const auto& [size, is_final] : {std::pair{kChunk, false}, std::pair{size_t{0}, true},
                                       std::pair{size_t{1}, true}, std::pair{kChunk, true}}) {
    const Bytes plaintext = PatternBytes(size);
    Bytes sealed, opened;
    ASSERT_TRUE(cipher_.SealChunk(5, is_final, plaintext, sealed).ok());
    EXPECT_EQ(sealed.size(), kChunkOverhead + size);
    ASSERT_TRUE(cipher_.OpenChunk(5, is_final, sealed, opened).ok()) << "size " << size;
    EXPECT_EQ(opened, plaintext);
  }
}

TEST_F(FileCipherChunk, SealRefusesChunksOfTheWrongSize) {
  Bytes sealed;
  EXPECT_EQ(cipher_.SealChunk(0, false, PatternBytes(kChunk - 1), sealed).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(cipher_.SealChunk(0, false, PatternBytes(kChunk + 1), sealed).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(cipher_.SealChunk(0, true, PatternBytes(kChunk + 1), sealed).code(),
            StatusCode::kInvalidArgument);
  const FileCipher no_size(key_, file_id_, 0);
  EXPECT_EQ(no_size.SealChunk(0, true, {}, sealed).code(), StatusCode::kInvalidArgument);
}

TEST_F(FileCipherChunk, SealReplacesWhatTheOutputHeld) {
  Bytes sealed = PatternBytes(5000);
  ASSERT_TRUE(cipher_.SealChunk(0, true, PatternBytes(10), sealed).ok());
  EXPECT_EQ(sealed.size(), kChunkOverhead + 10);
  Bytes opened = PatternBytes(77);
  ASSERT_TRUE(cipher_.OpenChunk(0, true, sealed, opened).ok());
  EXPECT_EQ(opened, PatternBytes(10));
}

TEST_F(FileCipherChunk, WrongIndexIsRefused) {
  Bytes sealed, opened;
  ASSERT_TRUE(cipher_.SealChunk(1, false, PatternBytes(kChunk), sealed).ok());
  for (uint64_t index :
       {uint64_t{0}, uint64_t{2}, uint64_t{1} + (uint64_t{1} << 32), uint64_t{1} << 63}) {
    const Status status = cipher_.OpenChunk(index, false, sealed, opened);
    EXPECT_EQ(status.code(), StatusCode::kAuthenticationFailed)
        << "index " << index << ": " << status.ToString();
  }
}

TEST_F(FileCipherChunk, WrongFinalFlagIsRefused) {
  Bytes not_final, final_chunk, opened;
  ASSERT_TRUE(cipher_.SealChunk(3, false, PatternBytes(kChunk), not_final).ok());
  ASSERT_TRUE(cipher_.SealChunk(3, true, PatternBytes(kChunk), final_chunk).ok());
  EXPECT_EQ(cipher_.OpenChunk(3, true, not_final, opened).code(),
            StatusCode::kAuthenticationFailed);
  EXPECT_EQ(cipher_.OpenChunk(3, false, final_chunk, opened).code(),
            StatusCode::kAuthenticationFailed);
}

TEST_F(FileCipherChunk, WrongFileIdKeyOrChunkSizeIsRefused) {
  Bytes sealed, opened;
  ASSERT_TRUE(cipher_.SealChunk(0, true, PatternBytes(16), sealed).ok());
  const FileCipher other_file(key_, NewRandomId(), kChunk);
  EXPECT_EQ(other_file.OpenChunk(0, true, sealed, opened).code(),
            StatusCode::kAuthenticationFailed);
  const SecretKey other_key = SecretKey::Generate();
  const FileCipher other_cipher(other_key, file_id_, kChunk);
  EXPECT_EQ(other_cipher.OpenChunk(0, true, sealed, opened).code(),
            StatusCode::kAuthenticationFailed);
  // A single final chunk fits any chunk size at least as large; the size is still bound.
  const FileCipher other_size(key_, file_id_, 2 * kChunk);
  EXPECT_EQ(other_size.OpenChunk(0, true, sealed, opened).code(),
            StatusCode::kAuthenticationFailed);
}

TEST_F(FileCipherChunk, NonFinalChunkOfTheWrongLengthIsCorruption) {
  Bytes sealed, opened;
  ASSERT_TRUE(cipher_.SealChunk(0, false, PatternBytes(kChunk), sealed).ok());
  const FileCipher larger(key_, file_id_, kChunk + 1);
  EXPECT_EQ(larger.OpenChunk(0, false, sealed, opened).code(), StatusCode::kCorruption);
  sealed.push_back(0);
  EXPECT_EQ(cipher_.OpenChunk(0, false, sealed, opened).code(), StatusCode::kCorruption);
}

TEST_F(FileCipherChunk, EveryBitFlipIsRefusedAndClearsTheOutput) {
  Bytes sealed;
  ASSERT_TRUE(cipher_.SealChunk(2, false, PatternBytes(kChunk), sealed).ok());
  for (size_t i = 0; i < sealed.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes changed = sealed;
      changed[i] ^= static_cast<uint8_t>(1u << bit);
      Bytes opened = PatternBytes(3);
      const Status status = cipher_.OpenChunk(2, false, changed, opened);
      ASSERT_EQ(status.code(), StatusCode::kAuthenticationFailed)
          << "byte " << i << " bit " << bit << ": " << status.ToString();
      EXPECT_TRUE(opened.empty()) << "unverified plaintext left in the output";
    }
  }
}

TEST_F(FileCipherChunk, ShorterThanTheOverheadIsTruncated) {
  Bytes sealed, opened;
  ASSERT_TRUE(cipher_.SealChunk(0, true, {}, sealed).ok());
  ASSERT_EQ(sealed.size(), kChunkOverhead);
  ASSERT_TRUE(cipher_.OpenChunk(0, true, sealed, opened).ok());
  for (size_t length = 0; length < kChunkOverhead; ++length) {
    const Status status = cipher_.OpenChunk(0, true, ByteView(sealed).first(length), opened);
    EXPECT_EQ(status.code(), StatusCode::kTruncated)
        << "length " << length << ": " << status.ToString();
  }
}

TEST_F(FileCipherChunk, SealingTwiceUsesFreshNonces) {
  Bytes first, second;
  ASSERT_TRUE(cipher_.SealChunk(0, true, PatternBytes(16), first).ok());
  ASSERT_TRUE(cipher_.SealChunk(0, true, PatternBytes(16), second).ok());
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace casevault::crypto
