#include "casevault/sync/chunk_directory.h"

#include "casevault/crypto/hash.h"

namespace casevault::sync {

Result<ChunkDirectory> ChunkDirectory::Open(Env& env, std::string dir) {
  CV_RETURN_IF_ERROR(env.CreateDirs(dir));
  return ChunkDirectory(env, std::move(dir));
}

std::string ChunkDirectory::PathOf(const ChunkHash& hash) const {
  const std::string hex = ToHex(hash);
  return dir_ + "/" + hex.substr(0, 2) + "/" + hex;
}

Result<ChunkHash> ChunkDirectory::Put(ByteView sealed) {
  const ChunkHash hash = crypto::Blake2b256(sealed);
  const std::string path = PathOf(hash);
  if (env_->FileExists(path)) return hash;
  const std::string subdir = DirName(path);
  if (!env_->FileExists(subdir)) {
    CV_RETURN_IF_ERROR(env_->CreateDirs(subdir));
    unsynced_dirs_.insert(dir_);
  }
  const std::string temp = path + ".tmp";
  auto write = [&]() -> Status {
    CV_ASSIGN_OR_RETURN(auto file, env_->NewWritableFile(temp));
    CV_RETURN_IF_ERROR(file->Append(sealed));
    CV_RETURN_IF_ERROR(file->Sync());
    CV_RETURN_IF_ERROR(file->Close());
    return env_->RenameFile(temp, path);
  };
  if (Status status = write(); !status.ok()) {
    env_->RemoveFile(temp).IgnoreError();
    return status.WithContext("storing an encrypted chunk");
  }
  unsynced_dirs_.insert(subdir);
  return hash;
}

Status ChunkDirectory::Sync() {
  for (const std::string& dir : unsynced_dirs_) {
    CV_RETURN_IF_ERROR(env_->SyncDir(dir).WithContext("making encrypted chunks durable"));
  }
  unsynced_dirs_.clear();
  return Status::Ok();
}

Status ChunkDirectory::Get(const ChunkHash& hash, Bytes& out) {
  const std::string path = PathOf(hash);
  auto file = env_->NewSequentialFile(path);
  if (file.status().code() == StatusCode::kNotFound) {
    return NotFoundError("encrypted chunk " + ToHex(hash).substr(0, 16) + "... is missing");
  }
  CV_RETURN_IF_ERROR(file.status());
  CV_ASSIGN_OR_RETURN(uint64_t size, env_->GetFileSize(path));
  out.resize(size);
  CV_ASSIGN_OR_RETURN(size_t got, (*file)->Read(out));
  out.resize(got);
  if (crypto::Blake2b256(out) != hash) {
    return CorruptionError("encrypted chunk " + ToHex(hash).substr(0, 16) +
                           "... is damaged on disk (its bytes no longer match its hash)");
  }
  return Status::Ok();
}

bool ChunkDirectory::Contains(const ChunkHash& hash) { return env_->FileExists(PathOf(hash)); }

Status ChunkDirectory::Remove(const ChunkHash& hash) {
  Status status = env_->RemoveFile(PathOf(hash));
  if (status.code() == StatusCode::kNotFound) return Status::Ok();
  return status;
}

Result<uint64_t> ChunkDirectory::RemoveUnreferenced(
    const std::function<Result<bool>(const ChunkHash&)>& is_referenced) {
  uint64_t removed = 0;
  CV_ASSIGN_OR_RETURN(std::vector<std::string> subdirs, env_->ListDir(dir_));
  for (const std::string& subdir : subdirs) {
    if (subdir.size() != 2) continue;
    const std::string subdir_path = dir_ + "/" + subdir;
    CV_ASSIGN_OR_RETURN(std::vector<std::string> names, env_->ListDir(subdir_path));
    for (const std::string& name : names) {
      ChunkHash hash;
      bool keep = false;
      if (ParseHex(name, hash)) {
        CV_ASSIGN_OR_RETURN(keep, is_referenced(hash));
      }
      // Anything else here is a temporary file of an interrupted Put.
      if (keep) continue;
      CV_RETURN_IF_ERROR(env_->RemoveFile(subdir_path + "/" + name));
      ++removed;
    }
  }
  return removed;
}

}  // namespace casevault::sync
