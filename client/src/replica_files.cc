// Replica: securing files into a compartment and getting them back.
#include <algorithm>
#include <set>

#include "casevault/client/replica.h"
#include "casevault/crypto/hash.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/record_seal.h"

namespace casevault::client {

using crypto::SecretKey;
using schema::SqliteStatement;
using schema::SqliteTransaction;

namespace {

constexpr std::string_view kAgencyPrefix = "agency:";

// The associated data of a file key sealed under a compartment key.
std::string FileKeyObjectId(const Id128& file_id) { return "file-key:" + file_id.ToHex(); }

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

const std::string* TextField(const schema::Record& record, std::string_view name) {
  const schema::FieldValue* value = record.Get(name);
  return value != nullptr ? std::get_if<std::string>(value) : nullptr;
}

}  // namespace

Result<Id128> Replica::ImportFile(const CompartmentRef& compartment, const std::string& source_path,
                                  const FileImportOptions& options) {
  if (compartment.name.rfind(kAgencyPrefix, 0) != 0) {
    return InvalidArgumentError("files are secured into an agency compartment (agency:<id>), not " +
                                compartment.name);
  }
  if (options.uploaded_by.empty()) {
    return InvalidArgumentError("say who is securing the file (uploaded_by is empty)");
  }
  const Id128 compartment_id = CompartmentId(compartment);
  CV_ASSIGN_OR_RETURN(uint32_t epoch, LatestEpoch(compartment));
  CV_ASSIGN_OR_RETURN(const SecretKey* compartment_key, CompartmentKey(compartment_id, epoch));
  CV_ASSIGN_OR_RETURN(uint64_t total, env_.GetFileSize(source_path));
  CV_ASSIGN_OR_RETURN(auto source, env_.NewSequentialFile(source_path));

  const Id128 file_id = crypto::NewRandomId();
  const SecretKey file_key = SecretKey::Generate();
  const crypto::FileCipher cipher(file_key, file_id, options.chunk_size);
  crypto::Blake2bHasher plaintext_hash;
  std::vector<crypto::Hash256> chunk_hashes;
  Bytes sealed;
  uint64_t done = 0;
  Status streamed = crypto::ForEachChunk(
      *source, options.chunk_size, [&](uint64_t index, bool is_final, ByteView chunk) -> Status {
        plaintext_hash.Update(chunk);
        CV_RETURN_IF_ERROR(cipher.SealChunk(index, is_final, chunk, sealed));
        CV_ASSIGN_OR_RETURN(crypto::Hash256 hash, chunks_.Put(sealed));
        chunk_hashes.push_back(hash);
        done += chunk.size();
        if (options.progress) options.progress(done, total);
        return Status::Ok();
      });
  const std::string name =
      options.display_name.empty() ? BaseName(source_path) : options.display_name;
  CV_RETURN_IF_ERROR(streamed.WithContext("securing " + name));
  CV_RETURN_IF_ERROR(chunks_.Sync());

  schema::Record record(schema::RecordType::kSecuredFile);
  CV_RETURN_IF_ERROR(record.Set("name", name));
  CV_RETURN_IF_ERROR(record.Set(
      "media_type", options.media_type.empty() ? "application/octet-stream" : options.media_type));
  CV_RETURN_IF_ERROR(record.Set("size_bytes", static_cast<int64_t>(done)));
  CV_RETURN_IF_ERROR(record.Set("agency", compartment.name.substr(kAgencyPrefix.size())));
  CV_RETURN_IF_ERROR(record.Set("plaintext_hash", ToHex(plaintext_hash.Finish())));
  CV_RETURN_IF_ERROR(record.Set("uploaded_by", options.uploaded_by));
  CV_RETURN_IF_ERROR(record.Set("uploaded_at", schema::DateTime{env_.NowMicros()}));
  CV_RETURN_IF_ERROR(record.Set("file_id", file_id.ToHex()));

  sync::FileManifest manifest;
  manifest.file_id = file_id;
  manifest.chunk_size = static_cast<uint32_t>(options.chunk_size);
  manifest.key_epoch = epoch;
  manifest.plaintext_size = done;
  manifest.chunk_hashes = std::move(chunk_hashes);
  manifest.sealed_file_key = crypto::SealRecord(
      *compartment_key,
      {compartment.case_id.ToHex(), compartment.name, FileKeyObjectId(file_id), epoch},
      file_key.view());
  CV_RETURN_IF_ERROR(schema::ValidateRecord(record, options_.validation));
  auto record_id = writer_.Create(compartment, record, std::move(manifest));
  if (!record_id.ok()) return record_id.status().WithContext("securing " + name);
  return record_id;
}

Status Replica::ExportFile(const CompartmentRef& compartment, const Id128& record_id,
                           const std::string& destination_path, const FileExportOptions& options) {
  CV_ASSIGN_OR_RETURN(schema::Record record, GetRecord(compartment, record_id));
  const std::string* name = TextField(record, "name");
  const std::string* file_id_hex = TextField(record, "file_id");
  const std::string* expected_hash = TextField(record, "plaintext_hash");
  if (record.type() != schema::RecordType::kSecuredFile || name == nullptr ||
      file_id_hex == nullptr || expected_hash == nullptr) {
    return InvalidArgumentError("record " + record_id.ToHex() + " is not a secured file");
  }
  if (!options.overwrite && env_.FileExists(destination_path)) {
    return AlreadyExistsError(destination_path +
                              " already exists: choose another path or allow overwriting");
  }
  const std::string context = "exporting " + *name;
  CV_ASSIGN_OR_RETURN(Id128 file_id, Id128::FromHex(*file_id_hex));
  const Id128 compartment_id = CompartmentId(compartment);

  CV_ASSIGN_OR_RETURN(auto select_file,
                      Statement("SELECT epoch, sealed_file_key, chunk_size, chunk_count, "
                                "plaintext_size, complete FROM files WHERE file_id = ? AND "
                                "compartment_id = ?"));
  CV_RETURN_IF_ERROR(select_file->BindBlob(1, file_id.bytes));
  CV_RETURN_IF_ERROR(select_file->BindBlob(2, compartment_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select_file->Step());
  if (!found) return NotFoundError(context + ": the file's content is not in this replica");
  if (select_file->ColumnInt(5) == 0) {
    return FailedPreconditionError(
        context + ": its content has not finished arriving; sync to fetch the rest");
  }
  const auto epoch = static_cast<uint32_t>(select_file->ColumnInt(0));
  const ByteView stored_key = select_file->ColumnBlob(1);
  const Bytes sealed_file_key(stored_key.begin(), stored_key.end());
  const auto chunk_size = static_cast<size_t>(select_file->ColumnInt(2));
  const auto chunk_count = static_cast<uint64_t>(select_file->ColumnInt(3));
  const auto total = static_cast<uint64_t>(select_file->ColumnInt(4));

  CV_ASSIGN_OR_RETURN(const SecretKey* compartment_key, CompartmentKey(compartment_id, epoch));
  auto opened_key = crypto::OpenRecordSecret(
      *compartment_key,
      {compartment.case_id.ToHex(), compartment.name, FileKeyObjectId(file_id), epoch},
      sealed_file_key);
  if (!opened_key.ok()) return opened_key.status().WithContext(context + ": file key");
  CV_ASSIGN_OR_RETURN(SecretKey file_key, SecretKey::FromBytes(*std::move(opened_key)));
  const crypto::FileCipher cipher(file_key, file_id, chunk_size);

  CV_ASSIGN_OR_RETURN(auto select_chunks,
                      Statement("SELECT chunk_index, chunk_hash FROM file_chunks WHERE "
                                "file_id = ? ORDER BY chunk_index"));
  CV_RETURN_IF_ERROR(select_chunks->BindBlob(1, file_id.bytes));

  const std::string partial = destination_path + ".casevault-partial";
  auto write_partial = [&]() -> Status {
    CV_ASSIGN_OR_RETURN(auto out, env_.NewWritableFile(partial));
    crypto::Blake2bHasher hasher;
    Bytes sealed, plaintext;
    uint64_t index = 0, done = 0;
    for (;; ++index) {
      CV_ASSIGN_OR_RETURN(bool row, select_chunks->Step());
      if (!row) break;
      const std::string chunk_context = "chunk " + std::to_string(index) + " of " + *name;
      crypto::Hash256 hash;
      const ByteView stored_hash = select_chunks->ColumnBlob(1);
      if (select_chunks->ColumnInt(0) != static_cast<int64_t>(index) ||
          stored_hash.size() != hash.size()) {
        return CorruptionError(chunk_context + ": the replica's chunk list is damaged");
      }
      std::copy(stored_hash.begin(), stored_hash.end(), hash.begin());
      CV_RETURN_IF_ERROR(chunks_.Get(hash, sealed).WithContext(chunk_context));
      CV_RETURN_IF_ERROR(cipher.OpenChunk(index, index + 1 == chunk_count, sealed, plaintext)
                             .WithContext(chunk_context));
      hasher.Update(plaintext);
      CV_RETURN_IF_ERROR(out->Append(plaintext));
      done += plaintext.size();
      if (options.progress) options.progress(done, total);
    }
    if (index != chunk_count || done != total) {
      return CorruptionError("the replica lists " + std::to_string(index) + " of " +
                             std::to_string(chunk_count) + " chunks");
    }
    if (ToHex(hasher.Finish()) != *expected_hash) {
      return CorruptionError("the decrypted content does not match its recorded hash");
    }
    CV_RETURN_IF_ERROR(out->Sync());
    return out->Close();
  };
  Status status = write_partial();
  if (status.ok() && !options.overwrite && env_.FileExists(destination_path)) {
    status = AlreadyExistsError(destination_path + " appeared while exporting; not replaced");
  }
  if (status.ok()) status = env_.RenameFile(partial, destination_path);
  if (status.ok()) status = env_.SyncDir(DirName(destination_path));
  if (!status.ok()) {
    env_.RemoveFile(partial).IgnoreError();
    return status.WithContext(context);
  }
  return Status::Ok();
}

Result<uint64_t> Replica::CollectGarbage() {
  std::set<crypto::Hash256> referenced;
  CV_ASSIGN_OR_RETURN(auto select, Statement("SELECT DISTINCT chunk_hash FROM file_chunks"));
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const ByteView stored = select->ColumnBlob(0);
    crypto::Hash256 hash{};
    if (stored.size() == hash.size()) {
      std::copy(stored.begin(), stored.end(), hash.begin());
      referenced.insert(hash);
    }
  }
  return chunks_.RemoveUnreferenced(
      [&](const crypto::Hash256& hash) -> Result<bool> { return referenced.contains(hash); });
}

Status Replica::StoreFileManifest(const Id128& compartment_id, const Id128& record_id,
                                  const sync::FileManifest& file, bool local) {
  CV_ASSIGN_OR_RETURN(auto select,
                      Statement("SELECT 1 FROM files WHERE file_id = ? AND compartment_id = ? AND "
                                "record_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, file.file_id.bytes));
  CV_RETURN_IF_ERROR(select->BindBlob(2, compartment_id.bytes));
  CV_RETURN_IF_ERROR(select->BindBlob(3, record_id.bytes));
  CV_ASSIGN_OR_RETURN(bool stored, select->Step());
  if (stored) return Status::Ok();
  // A later attach replaces the record's file.
  CV_RETURN_IF_ERROR(RemoveFiles(compartment_id, record_id));
  const bool complete =
      std::all_of(file.chunk_hashes.begin(), file.chunk_hashes.end(),
                  [&](const crypto::Hash256& hash) { return chunks_.Contains(hash); });
  // OR IGNORE: a file id already used elsewhere (only a faulty or hostile device would reuse
  // one) leaves the stored file alone and this record without content.
  CV_ASSIGN_OR_RETURN(auto insert_file,
                      Statement("INSERT OR IGNORE INTO files(file_id, compartment_id, record_id, "
                                "epoch, sealed_file_key, chunk_size, chunk_count, plaintext_size, "
                                "needs_upload, complete) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert_file->BindBlob(1, file.file_id.bytes));
  CV_RETURN_IF_ERROR(insert_file->BindBlob(2, compartment_id.bytes));
  CV_RETURN_IF_ERROR(insert_file->BindBlob(3, record_id.bytes));
  CV_RETURN_IF_ERROR(insert_file->BindInt(4, file.key_epoch));
  CV_RETURN_IF_ERROR(insert_file->BindBlob(5, file.sealed_file_key));
  CV_RETURN_IF_ERROR(insert_file->BindInt(6, file.chunk_size));
  CV_RETURN_IF_ERROR(insert_file->BindInt(7, static_cast<int64_t>(file.chunk_hashes.size())));
  CV_RETURN_IF_ERROR(insert_file->BindInt(8, static_cast<int64_t>(file.plaintext_size)));
  CV_RETURN_IF_ERROR(insert_file->BindInt(9, local ? 1 : 0));
  CV_RETURN_IF_ERROR(insert_file->BindInt(10, complete ? 1 : 0));
  CV_RETURN_IF_ERROR(insert_file->Run());
  if (db_->Changes() == 0) return Status::Ok();
  CV_ASSIGN_OR_RETURN(auto insert_chunk,
                      Statement("INSERT INTO file_chunks(file_id, chunk_index, chunk_hash) "
                                "VALUES(?, ?, ?)"));
  for (size_t index = 0; index < file.chunk_hashes.size(); ++index) {
    CV_RETURN_IF_ERROR(insert_chunk->BindBlob(1, file.file_id.bytes));
    CV_RETURN_IF_ERROR(insert_chunk->BindInt(2, static_cast<int64_t>(index)));
    CV_RETURN_IF_ERROR(insert_chunk->BindBlob(3, file.chunk_hashes[index]));
    CV_RETURN_IF_ERROR(insert_chunk->Run());
  }
  return Status::Ok();
}

Status Replica::RemoveFiles(const Id128& compartment_id, const Id128& record_id) {
  CV_ASSIGN_OR_RETURN(auto remove,
                      Statement("DELETE FROM files WHERE compartment_id = ? AND record_id = ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(remove->BindBlob(2, record_id.bytes));
  return remove->Run();
}

Result<std::vector<ReplicaFile>> Replica::SelectFiles(const CompartmentRef& where,
                                                      std::string_view condition) {
  CV_ASSIGN_OR_RETURN(auto select_files,
                      Statement("SELECT file_id, record_id, epoch, sealed_file_key, chunk_size, "
                                "plaintext_size FROM files WHERE compartment_id = ? AND (" +
                                std::string(condition) + ") ORDER BY rowid"));
  CV_RETURN_IF_ERROR(select_files->BindBlob(1, CompartmentId(where).bytes));
  std::vector<ReplicaFile> files;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select_files->Step());
    if (!row) break;
    ReplicaFile file;
    CV_ASSIGN_OR_RETURN(file.manifest.file_id, Id128::FromBytes(select_files->ColumnBlob(0)));
    CV_ASSIGN_OR_RETURN(file.record_id, Id128::FromBytes(select_files->ColumnBlob(1)));
    file.manifest.key_epoch = static_cast<uint32_t>(select_files->ColumnInt(2));
    const ByteView key = select_files->ColumnBlob(3);
    file.manifest.sealed_file_key.assign(key.begin(), key.end());
    file.manifest.chunk_size = static_cast<uint32_t>(select_files->ColumnInt(4));
    file.manifest.plaintext_size = static_cast<uint64_t>(select_files->ColumnInt(5));
    files.push_back(std::move(file));
  }
  CV_ASSIGN_OR_RETURN(auto select_chunks,
                      Statement("SELECT chunk_hash FROM file_chunks WHERE file_id = ? ORDER BY "
                                "chunk_index"));
  for (ReplicaFile& file : files) {
    CV_RETURN_IF_ERROR(select_chunks->BindBlob(1, file.manifest.file_id.bytes));
    for (;;) {
      CV_ASSIGN_OR_RETURN(bool row, select_chunks->Step());
      if (!row) break;
      const ByteView stored = select_chunks->ColumnBlob(0);
      crypto::Hash256 hash;
      if (stored.size() != hash.size()) {
        return CorruptionError("the replica's chunk list of file " + file.manifest.file_id.ToHex() +
                               " is damaged");
      }
      std::copy(stored.begin(), stored.end(), hash.begin());
      file.manifest.chunk_hashes.push_back(hash);
    }
    select_chunks->Reset();
  }
  return files;
}

Result<std::vector<ReplicaFile>> Replica::FilesToUpload(const CompartmentRef& where) {
  return SelectFiles(where, "needs_upload");
}

Result<std::vector<ReplicaFile>> Replica::FilesToDownload(const CompartmentRef& where) {
  return SelectFiles(where, "NOT complete");
}

Status Replica::MarkUploaded(const Id128& file_id) {
  CV_ASSIGN_OR_RETURN(auto update,
                      Statement("UPDATE files SET needs_upload = 0 WHERE file_id = ?"));
  CV_RETURN_IF_ERROR(update->BindBlob(1, file_id.bytes));
  return update->Run();
}

Status Replica::MarkComplete(const Id128& file_id) {
  CV_ASSIGN_OR_RETURN(auto select,
                      Statement("SELECT chunk_hash FROM file_chunks WHERE file_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, file_id.bytes));
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const ByteView stored = select->ColumnBlob(0);
    crypto::Hash256 hash{};
    if (stored.size() == hash.size()) std::copy(stored.begin(), stored.end(), hash.begin());
    if (stored.size() != hash.size() || !chunks_.Contains(hash)) {
      return FailedPreconditionError("file " + file_id.ToHex() + " still lacks chunks");
    }
  }
  CV_ASSIGN_OR_RETURN(auto update, Statement("UPDATE files SET complete = 1 WHERE file_id = ?"));
  CV_RETURN_IF_ERROR(update->BindBlob(1, file_id.bytes));
  return update->Run();
}

}  // namespace casevault::client
