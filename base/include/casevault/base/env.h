// Env: the outside world (files, clock, randomness) behind one interface.
//
// Everything that touches the disk, reads the time or draws random numbers outside crypto/ goes
// through an Env, so tests can substitute FaultInjectionEnv to fail writes, fill the disk,
// simulate a crash between two writes or move the clock. Env::Default() is the real system.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/base/status.h"

namespace casevault {

// A file read from its start towards its end.
class SequentialFile {
 public:
  virtual ~SequentialFile() = default;
  // Reads up to `buffer.size()` bytes into `buffer`; returns how many were read, 0 at the end
  // of the file. Short reads happen only at the end of the file.
  virtual Result<size_t> Read(MutableByteView buffer) = 0;
};

// A file written from its start. Data is durable only after Sync() returns OK.
class WritableFile {
 public:
  // Destroying an unclosed file closes it and ignores any error.
  virtual ~WritableFile() = default;
  // Appends all of `data`; NoSpace when the disk is full.
  virtual Status Append(ByteView data) = 0;
  // Forces everything appended so far to stable storage (fsync).
  virtual Status Sync() = 0;
  // Closes the file; further calls fail.
  virtual Status Close() = 0;
};

// The interface to the operating system. Implementations are safe to call from several threads.
class Env {
 public:
  virtual ~Env() = default;

  // The real operating system (POSIX files, system clock, getrandom). Lives for the process.
  static Env& Default();

  // Opens `path` for reading; NotFound if it does not exist.
  virtual Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) = 0;
  // Creates `path` (truncating an existing file) for writing, with mode 0600.
  virtual Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from` (rename(2)).
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Deletes `path`; NotFound if it does not exist.
  virtual Status RemoveFile(const std::string& path) = 0;
  // Creates directory `path` and missing parents with mode 0700; OK if it already exists.
  virtual Status CreateDirs(const std::string& path) = 0;
  // Makes the directory entries of `dir` durable (fsync on the directory).
  virtual Status SyncDir(const std::string& dir) = 0;
  // True when `path` names an existing file or directory.
  virtual bool FileExists(const std::string& path) = 0;
  // The size of file `path` in bytes.
  virtual Result<uint64_t> GetFileSize(const std::string& path) = 0;
  // The names (not paths) of the entries of directory `dir`, excluding "." and "..".
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;

  // Wall-clock time in microseconds since the Unix epoch.
  virtual int64_t NowMicros() = 0;
  // Fills `out` with random bytes (cryptographic quality in the default Env; keys and nonces
  // nevertheless come from crypto/, which uses libsodium).
  virtual void RandomBytes(MutableByteView out) = 0;
};

// Makes a write to a closed socket or pipe fail with EPIPE instead of killing the process, by
// ignoring SIGPIPE process-wide. Network code calls it before its first connection: TLS writes
// to a peer that went away must be an error, never the end of the program.
void IgnoreBrokenPipeSignals();

// Reads all of `path` into memory. Meant for small files (keystores, configs).
Result<Bytes> ReadFileToBytes(Env& env, const std::string& path);

// Replaces `path` with `data` so that after a crash at any moment the file holds either its old
// content or `data`, never a mix or nothing: writes `path`.tmp, fsyncs it, renames it over
// `path` and fsyncs the directory. On failure the old file is untouched and the temporary file
// is removed where possible.
Status WriteFileAtomically(Env& env, const std::string& path, ByteView data);

// The directory part of `path` ("." when it has none).
std::string DirName(const std::string& path);

}  // namespace casevault
