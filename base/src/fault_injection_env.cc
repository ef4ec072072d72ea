#include "casevault/base/fault_injection_env.h"

#include <algorithm>

namespace casevault {

// A writable file whose every operation is first cleared with the owning FaultInjectionEnv.
class FaultInjectionWritableFile final : public WritableFile {
 public:
  FaultInjectionWritableFile(FaultInjectionEnv& env, std::string path,
                             std::unique_ptr<WritableFile> target)
      : env_(env), path_(std::move(path)), target_(std::move(target)) {}

  Status Append(ByteView data) override {
    CV_RETURN_IF_ERROR(env_.CheckWrite("append to " + path_, data.size()));
    CV_RETURN_IF_ERROR(target_->Append(data));
    env_.RecordAppend(path_, data.size());
    return Status::Ok();
  }

  Status Sync() override {
    CV_RETURN_IF_ERROR(env_.CheckMutation("sync " + path_));
    CV_RETURN_IF_ERROR(target_->Sync());
    env_.RecordSync(path_);
    return Status::Ok();
  }

  Status Close() override {
    CV_RETURN_IF_ERROR(env_.CheckMutation("close " + path_));
    return target_->Close();
  }

 private:
  FaultInjectionEnv& env_;
  std::string path_;
  std::unique_ptr<WritableFile> target_;
};

FaultInjectionEnv::FaultInjectionEnv(Env& target) : target_(target) {}

void FaultInjectionEnv::CrashAtMutation(uint64_t n) {
  std::lock_guard lock(mu_);
  crash_at_ = n;
}

void FaultInjectionEnv::FailWriteNumber(uint64_t n) {
  std::lock_guard lock(mu_);
  fail_write_ = n;
}

void FaultInjectionEnv::SetFreeSpace(uint64_t bytes) {
  std::lock_guard lock(mu_);
  free_space_ = bytes;
}

void FaultInjectionEnv::ClearFaults() {
  std::lock_guard lock(mu_);
  crash_at_.reset();
  fail_write_.reset();
  free_space_.reset();
  crashed_ = false;
}

uint64_t FaultInjectionEnv::mutation_count() const {
  std::lock_guard lock(mu_);
  return mutations_;
}

bool FaultInjectionEnv::crashed() const {
  std::lock_guard lock(mu_);
  return crashed_;
}

Status FaultInjectionEnv::CheckMutation(const std::string& what) {
  std::lock_guard lock(mu_);
  const uint64_t index = mutations_++;
  if (crashed_ || (crash_at_ && index >= *crash_at_)) {
    crashed_ = true;
    return IoError("simulated crash before " + what);
  }
  return Status::Ok();
}

Status FaultInjectionEnv::CheckWrite(const std::string& what, uint64_t bytes) {
  CV_RETURN_IF_ERROR(CheckMutation(what));
  std::lock_guard lock(mu_);
  const uint64_t index = writes_++;
  if (fail_write_ && index == *fail_write_) {
    return IoError("injected failure of write #" + std::to_string(index) + ": " + what);
  }
  if (free_space_) {
    if (bytes > *free_space_) return NoSpaceError(what + ": no space left on device");
    *free_space_ -= bytes;
  }
  return Status::Ok();
}

void FaultInjectionEnv::RecordAppend(const std::string& path, uint64_t bytes) {
  std::lock_guard lock(mu_);
  files_[path].size += bytes;
}

void FaultInjectionEnv::RecordSync(const std::string& path) {
  std::lock_guard lock(mu_);
  FileState& state = files_[path];
  state.synced_size = state.size;
}

Status FaultInjectionEnv::DropUnsyncedData() {
  std::map<std::string, FileState> files;
  {
    std::lock_guard lock(mu_);
    files = files_;
  }
  for (const auto& [path, state] : files) {
    if (state.synced_size == state.size || !target_.FileExists(path)) continue;
    CV_ASSIGN_OR_RETURN(Bytes content, ReadFileToBytes(target_, path));
    content.resize(std::min<uint64_t>(content.size(), state.synced_size));
    CV_ASSIGN_OR_RETURN(auto file, target_.NewWritableFile(path));
    CV_RETURN_IF_ERROR(file->Append(content));
    CV_RETURN_IF_ERROR(file->Sync());
    CV_RETURN_IF_ERROR(file->Close());
  }
  std::lock_guard lock(mu_);
  for (auto& [path, state] : files_) state.size = state.synced_size;
  return Status::Ok();
}

void FaultInjectionEnv::SetClockOffsetMicros(int64_t offset_micros) {
  std::lock_guard lock(mu_);
  clock_offset_ = offset_micros;
}

void FaultInjectionEnv::SetRandomSeed(uint64_t seed) {
  std::lock_guard lock(mu_);
  random_state_ = seed;
}

Result<std::unique_ptr<SequentialFile>> FaultInjectionEnv::NewSequentialFile(
    const std::string& path) {
  return target_.NewSequentialFile(path);
}

Result<std::unique_ptr<WritableFile>> FaultInjectionEnv::NewWritableFile(const std::string& path) {
  CV_RETURN_IF_ERROR(CheckMutation("create " + path));
  CV_ASSIGN_OR_RETURN(auto file, target_.NewWritableFile(path));
  {
    std::lock_guard lock(mu_);
    files_[path] = FileState{};
  }
  return std::unique_ptr<WritableFile>(
      new FaultInjectionWritableFile(*this, path, std::move(file)));
}

Status FaultInjectionEnv::RenameFile(const std::string& from, const std::string& to) {
  CV_RETURN_IF_ERROR(CheckMutation("rename " + from));
  CV_RETURN_IF_ERROR(target_.RenameFile(from, to));
  std::lock_guard lock(mu_);
  auto it = files_.find(from);
  if (it == files_.end()) {
    files_.erase(to);
  } else {
    files_[to] = it->second;
    files_.erase(it);
  }
  return Status::Ok();
}

Status FaultInjectionEnv::RemoveFile(const std::string& path) {
  CV_RETURN_IF_ERROR(CheckMutation("remove " + path));
  CV_RETURN_IF_ERROR(target_.RemoveFile(path));
  std::lock_guard lock(mu_);
  files_.erase(path);
  return Status::Ok();
}

Status FaultInjectionEnv::CreateDirs(const std::string& path) {
  CV_RETURN_IF_ERROR(CheckMutation("mkdir " + path));
  return target_.CreateDirs(path);
}

Status FaultInjectionEnv::SyncDir(const std::string& dir) {
  CV_RETURN_IF_ERROR(CheckMutation("sync directory " + dir));
  return target_.SyncDir(dir);
}

bool FaultInjectionEnv::FileExists(const std::string& path) { return target_.FileExists(path); }

Result<uint64_t> FaultInjectionEnv::GetFileSize(const std::string& path) {
  return target_.GetFileSize(path);
}

Result<std::vector<std::string>> FaultInjectionEnv::ListDir(const std::string& dir) {
  return target_.ListDir(dir);
}

int64_t FaultInjectionEnv::NowMicros() {
  const int64_t now = target_.NowMicros();
  std::lock_guard lock(mu_);
  return now + clock_offset_;
}

void FaultInjectionEnv::RandomBytes(MutableByteView out) {
  std::unique_lock lock(mu_);
  if (!random_state_) {
    lock.unlock();
    target_.RandomBytes(out);
    return;
  }
  // SplitMix64: a small, well-mixed deterministic stream; tests only, never for keys.
  for (size_t i = 0; i < out.size(); i += 8) {
    uint64_t z = (*random_state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (size_t j = 0; j < 8 && i + j < out.size(); ++j)
      out[i + j] = static_cast<uint8_t>(z >> (8 * j));
  }
}

}  // namespace casevault
