// FaultInjectionEnv: an Env that forwards to a real one and injects failures for tests.
//
// It counts every mutating operation (create, append, sync, close, rename, remove, mkdir,
// directory sync) so a test can crash a writer at each step in turn, fail one particular write,
// or give the disk a fixed amount of free space. After a simulated crash, DropUnsyncedData()
// throws away what a power cut would lose: everything appended since a file's last Sync().
// The clock can be shifted and randomness made deterministic by seed.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

#include "casevault/base/env.h"

namespace casevault {

class FaultInjectionEnv final : public Env {
 public:
  // Forwards to `target`, which must outlive this Env.
  explicit FaultInjectionEnv(Env& target);

  // From the `n`th mutating operation on (counting from 0), every mutating operation fails with
  // IoError "simulated crash", as if the process had died just before it.
  void CrashAtMutation(uint64_t n);
  // The `n`th write (Append, or CheckWrite; counting from 0) fails with IoError; the others
  // succeed.
  void FailWriteNumber(uint64_t n);
  // Leaves `bytes` of free space: a write that would exceed it fails with NoSpace and writes
  // nothing.
  void SetFreeSpace(uint64_t bytes);
  // Removes every injected fault (crash, failing append, space limit).
  void ClearFaults();

  // Counts one mutating operation described by `what` (e.g. "write replica.db-wal") and returns
  // IoError "simulated crash" when a crash is due. For wrappers of other I/O paths (SQLite's
  // VFS) that must crash in step with this Env.
  Status CheckMutation(const std::string& what);
  // As CheckMutation for a write of `bytes` bytes: also applies FailWriteNumber and the free
  // space set by SetFreeSpace (NoSpace, nothing written).
  Status CheckWrite(const std::string& what, uint64_t bytes);

  // How many mutating operations have been attempted so far.
  uint64_t mutation_count() const;
  // True once a simulated crash has happened.
  bool crashed() const;

  // Truncates every file written through this Env to the length it had at its last Sync()
  // (files never synced become empty), as a power cut would.
  Status DropUnsyncedData();

  // Shifts NowMicros() by `offset_micros` relative to the target's clock.
  void SetClockOffsetMicros(int64_t offset_micros);
  // Makes RandomBytes() a deterministic stream derived from `seed`.
  void SetRandomSeed(uint64_t seed);

  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status RemoveFile(const std::string& path) override;
  Status CreateDirs(const std::string& path) override;
  Status SyncDir(const std::string& dir) override;
  bool FileExists(const std::string& path) override;
  Result<uint64_t> GetFileSize(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
  int64_t NowMicros() override;
  void RandomBytes(MutableByteView out) override;

 private:
  friend class FaultInjectionWritableFile;

  struct FileState {
    uint64_t size = 0;
    uint64_t synced_size = 0;
  };

  void RecordAppend(const std::string& path, uint64_t bytes);
  void RecordSync(const std::string& path);

  Env& target_;
  mutable std::mutex mu_;
  uint64_t mutations_ = 0;
  uint64_t writes_ = 0;
  std::optional<uint64_t> crash_at_;
  std::optional<uint64_t> fail_write_;
  std::optional<uint64_t> free_space_;
  bool crashed_ = false;
  std::map<std::string, FileState> files_;
  int64_t clock_offset_ = 0;
  std::optional<uint64_t> random_state_;
};

}  // namespace casevault
