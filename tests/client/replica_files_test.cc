#include <gtest/gtest.h>

#include <filesystem>

#include "casevault/client/replica.h"
#include "casevault/crypto/hash.h"
#include "replica_fixture.h"

namespace casevault::client {
namespace {

using casevault::testing::PatternBytes;
using testing::ReplicaTest;

class ReplicaFilesTest : public ReplicaTest {
 protected:
  // Imports `content` into the police compartment with `chunk_size`; returns the record id.
  Id128 Import(const Bytes& content, size_t chunk_size = 4096) {
    const std::string source = WriteSource("source.bin", content);
    FileImportOptions options;
    options.chunk_size = chunk_size;
    options.media_type = "application/pdf";
    options.uploaded_by = "police representative";
    options.display_name = "case-notes.pdf";
    Result<Id128> id = replica_->ImportFile(police_, source, options);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : Id128{};
  }

  Result<Bytes> Export(const Id128& id, const FileExportOptions& options = {}) {
    const std::string out = dir_.File("exported.bin");
    CV_RETURN_IF_ERROR(replica_->ExportFile(police_, id, out, options));
    CV_ASSIGN_OR_RETURN(Bytes bytes, ReadFileToBytes(env_, out));
    std::filesystem::remove(out);
    return bytes;
  }

  // Every chunk file of the replica.
  std::vector<std::string> ChunkFiles() {
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.File("chunks"))) {
      if (entry.is_regular_file()) paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    return paths;
  }
};

TEST_F(ReplicaFilesTest, FilesOfEverySizeRoundTrip) {
  constexpr size_t kChunk = 4096;
  for (size_t size : {size_t{0}, size_t{1}, kChunk - 1, kChunk, kChunk + 1, 256 * kChunk + 3}) {
    const Bytes content = PatternBytes(size, static_cast<uint8_t>(size));
    const Id128 id = Import(content, kChunk);
    Result<Bytes> exported = Export(id);
    ASSERT_TRUE(exported.ok()) << "size " << size << ": " << exported.status().ToString();
    EXPECT_EQ(*exported, content) << "size " << size;
  }
}

TEST_F(ReplicaFilesTest, SecuredFileRecordDescribesTheFile) {
  const Bytes content = PatternBytes(10000);
  const Id128 id = Import(content);
  Result<schema::Record> record = replica_->GetRecord(police_, id);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->type(), schema::RecordType::kSecuredFile);
  EXPECT_EQ(std::get<std::string>(*record->Get("name")), "case-notes.pdf");
  EXPECT_EQ(std::get<std::string>(*record->Get("media_type")), "application/pdf");
  EXPECT_EQ(std::get<int64_t>(*record->Get("size_bytes")), 10000);
  EXPECT_EQ(std::get<std::string>(*record->Get("agency")), "police");
  EXPECT_EQ(std::get<std::string>(*record->Get("plaintext_hash")),
            ToHex(crypto::Blake2b256(content)));
  EXPECT_EQ(std::get<std::string>(*record->Get("uploaded_by")), "police representative");
  const int64_t uploaded =
      std::get<schema::DateTime>(*record->Get("uploaded_at")).micros_since_epoch_utc;
  EXPECT_NEAR(static_cast<double>(uploaded), static_cast<double>(env_.NowMicros()), 60e6);
}

TEST_F(ReplicaFilesTest, ProgressCountsUpToTheFileSize) {
  const std::string source = WriteSource("source.bin", PatternBytes(10 * 4096 + 5));
  std::vector<uint64_t> seen;
  FileImportOptions options;
  options.chunk_size = 4096;
  options.uploaded_by = "police representative";
  options.progress = [&](uint64_t done, uint64_t total) {
    EXPECT_EQ(total, 10u * 4096 + 5);
    seen.push_back(done);
  };
  Result<Id128> id = replica_->ImportFile(police_, source, options);
  ASSERT_TRUE(id.ok());
  ASSERT_EQ(seen.size(), 11u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 10u * 4096 + 5);

  std::vector<uint64_t> exported;
  FileExportOptions export_options;
  export_options.progress = [&](uint64_t done, uint64_t) { exported.push_back(done); };
  ASSERT_TRUE(Export(*id, export_options).ok());
  EXPECT_EQ(exported, seen);
}

TEST_F(ReplicaFilesTest, ExportRefusesToOverwriteUnlessTold) {
  const Bytes content = PatternBytes(5000);
  const Id128 id = Import(content);
  const std::string out = WriteSource("existing.txt", AsBytes("keep me"));
  Status status = replica_->ExportFile(police_, id, out);
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*ReadFileToBytes(env_, out),
            Bytes(AsBytes("keep me").begin(), AsBytes("keep me").end()));
  FileExportOptions overwrite;
  overwrite.overwrite = true;
  ASSERT_TRUE(replica_->ExportFile(police_, id, out, overwrite).ok());
  EXPECT_EQ(*ReadFileToBytes(env_, out), content);
}

TEST_F(ReplicaFilesTest, TamperedChunkIsRefusedAndNothingIsWritten) {
  const Id128 id = Import(PatternBytes(5 * 4096));
  const std::vector<std::string> chunks = ChunkFiles();
  ASSERT_EQ(chunks.size(), 5u);
  Bytes damaged = *ReadFileToBytes(env_, chunks[2]);
  damaged[100] ^= 0x20;
  ASSERT_TRUE(WriteFileAtomically(env_, chunks[2], damaged).ok());
  const std::string out = dir_.File("out.pdf");
  Status status = replica_->ExportFile(police_, id, out);
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << status.ToString();
  EXPECT_NE(status.message().find("case-notes.pdf"), std::string::npos) << status.message();
  EXPECT_FALSE(env_.FileExists(out));
  EXPECT_FALSE(env_.FileExists(out + ".casevault-partial"));
}

TEST_F(ReplicaFilesTest, MissingChunkIsReported) {
  const Id128 id = Import(PatternBytes(3 * 4096));
  std::filesystem::remove(ChunkFiles()[1]);
  EXPECT_EQ(Export(id).status().code(), StatusCode::kNotFound);
}

TEST_F(ReplicaFilesTest, FilesGoOnlyIntoAgencyCompartments) {
  const std::string source = WriteSource("source.bin", PatternBytes(10));
  FileImportOptions options;
  options.uploaded_by = "police representative";
  EXPECT_EQ(replica_->ImportFile(shared_, source, options).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(replica_->ImportFile({case_id_, "agency:icb"}, source, options).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(replica_->ImportFile(police_, dir_.File("no-such-file"), options).status().code(),
            StatusCode::kNotFound);
  options.uploaded_by.clear();
  EXPECT_EQ(replica_->ImportFile(police_, source, options).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ReplicaFilesTest, GarbageCollectionRemovesOnlyUnreferencedChunks) {
  const Bytes content = PatternBytes(3 * 4096);
  const Id128 id = Import(content);
  ASSERT_EQ(ChunkFiles().size(), 3u);
  const std::string orphan = dir_.File("chunks/ab/" + std::string(64, 'a'));
  const std::string leftover = dir_.File("chunks/ab/" + std::string(64, 'a') + ".tmp");
  std::filesystem::create_directories(dir_.File("chunks/ab"));
  ASSERT_TRUE(WriteFileAtomically(env_, orphan, AsBytes("orphan")).ok());
  ASSERT_TRUE(WriteFileAtomically(env_, leftover, AsBytes("partial")).ok());
  Result<uint64_t> removed = replica_->CollectGarbage();
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 2u);
  EXPECT_EQ(ChunkFiles().size(), 3u);
  EXPECT_EQ(*Export(id), content);
}

}  // namespace
}  // namespace casevault::client
