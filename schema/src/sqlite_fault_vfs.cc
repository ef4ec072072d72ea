#include "casevault/schema/sqlite_fault_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <mutex>
#include <vector>

namespace casevault::schema {

namespace {

// What a file held before the writes made since its last sync.
struct UndoLog {
  int64_t synced_size = 0;
  // (offset, bytes that were there) in write order.
  std::vector<std::pair<int64_t, Bytes>> overwritten;
};

struct FaultFile {
  sqlite3_file base;  // must be first: SQLite sees a FaultFile as an sqlite3_file
  SqliteFaultVfs::State* state;
  std::string path;
  sqlite3_file* real;  // the default VFS's file, allocated right after this struct
};

}  // namespace

struct SqliteFaultVfs::State {
  std::string name;
  FaultInjectionEnv* env;
  sqlite3_vfs vfs;
  sqlite3_vfs* real;
  sqlite3_io_methods methods;
  std::mutex mu;
  std::map<std::string, UndoLog> undo;

  int Check(const std::string& what, int error_code) {
    return env->CheckMutation(what).ok() ? SQLITE_OK : error_code;
  }

  int CheckWrite(const std::string& what, uint64_t bytes) {
    const Status status = env->CheckWrite(what, bytes);
    if (status.ok()) return SQLITE_OK;
    return status.code() == StatusCode::kNoSpace ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  }

  // Remembers what [offset, offset + size) of `file` held before it is overwritten.
  void Remember(FaultFile* file, int64_t offset, int64_t size) {
    sqlite3_int64 current = 0;
    if (file->real->pMethods->xFileSize(file->real, &current) != SQLITE_OK) return;
    std::lock_guard lock(mu);
    auto [it, inserted] = undo.try_emplace(file->path);
    if (inserted) it->second.synced_size = current;
    const int64_t end = std::min<int64_t>(offset + size, current);
    if (end <= offset) return;
    Bytes old(static_cast<size_t>(end - offset));
    if (file->real->pMethods->xRead(file->real, old.data(), static_cast<int>(old.size()), offset) ==
        SQLITE_OK) {
      it->second.overwritten.emplace_back(offset, std::move(old));
    }
  }

  void Forget(const std::string& path) {
    std::lock_guard lock(mu);
    undo.erase(path);
  }
};

namespace {

FaultFile* AsFault(sqlite3_file* file) { return reinterpret_cast<FaultFile*>(file); }

int FaultClose(sqlite3_file* file) {
  FaultFile* f = AsFault(file);
  const int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
  f->path.~basic_string();
  return rc;
}

int FaultRead(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xRead(f->real, buffer, amount, offset);
}

int FaultWrite(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  FaultFile* f = AsFault(file);
  if (int rc = f->state->CheckWrite("sqlite write " + f->path, static_cast<uint64_t>(amount));
      rc != SQLITE_OK) {
    return rc;
  }
  f->state->Remember(f, offset, amount);
  return f->real->pMethods->xWrite(f->real, buffer, amount, offset);
}

int FaultTruncate(sqlite3_file* file, sqlite3_int64 size) {
  FaultFile* f = AsFault(file);
  if (int rc = f->state->Check("sqlite truncate " + f->path, SQLITE_IOERR_TRUNCATE);
      rc != SQLITE_OK) {
    return rc;
  }
  sqlite3_int64 current = 0;
  f->real->pMethods->xFileSize(f->real, &current);
  f->state->Remember(f, size, current - size);
  return f->real->pMethods->xTruncate(f->real, size);
}

int FaultSync(sqlite3_file* file, int flags) {
  FaultFile* f = AsFault(file);
  if (int rc = f->state->Check("sqlite sync " + f->path, SQLITE_IOERR_FSYNC); rc != SQLITE_OK) {
    return rc;
  }
  const int rc = f->real->pMethods->xSync(f->real, flags);
  if (rc == SQLITE_OK) f->state->Forget(f->path);
  return rc;
}

int FaultFileSize(sqlite3_file* file, sqlite3_int64* size) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xFileSize(f->real, size);
}

int FaultLock(sqlite3_file* file, int level) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xLock(f->real, level);
}

int FaultUnlock(sqlite3_file* file, int level) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xUnlock(f->real, level);
}

int FaultCheckReservedLock(sqlite3_file* file, int* out) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xCheckReservedLock(f->real, out);
}

int FaultFileControl(sqlite3_file* file, int op, void* arg) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int FaultSectorSize(sqlite3_file* file) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xSectorSize(f->real);
}

int FaultDeviceCharacteristics(sqlite3_file* file) {
  FaultFile* f = AsFault(file);
  // Claim no atomic or power-safe writes, so SQLite takes its most careful path.
  return f->real->pMethods->xDeviceCharacteristics(f->real) &
         ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_POWERSAFE_OVERWRITE | SQLITE_IOCAP_SAFE_APPEND |
           SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_BATCH_ATOMIC);
}

int FaultShmMap(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xShmMap(f->real, page, size, extend, out);
}

int FaultShmLock(sqlite3_file* file, int offset, int n, int flags) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

void FaultShmBarrier(sqlite3_file* file) {
  FaultFile* f = AsFault(file);
  f->real->pMethods->xShmBarrier(f->real);
}

int FaultShmUnmap(sqlite3_file* file, int delete_flag) {
  FaultFile* f = AsFault(file);
  return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

int FaultFetch(sqlite3_file* file, sqlite3_int64, int, void** out) {
  // No memory-mapped reads: every access goes through xRead so that undo stays exact.
  (void)file;
  *out = nullptr;
  return SQLITE_OK;
}

int FaultUnfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

int FaultOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  FaultFile* f = AsFault(file);
  f->base.pMethods = nullptr;
  f->state = state;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(FaultFile));
  std::memset(f->real, 0, static_cast<size_t>(state->real->szOsFile));
  const int rc = state->real->xOpen(state->real, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  new (&f->path) std::string(name != nullptr ? name : "");
  f->base.pMethods = &state->methods;
  return SQLITE_OK;
}

int FaultDelete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  if (int rc = state->Check(std::string("sqlite delete ") + name, SQLITE_IOERR_DELETE);
      rc != SQLITE_OK) {
    return rc;
  }
  state->Forget(name);
  return state->real->xDelete(state->real, name, sync_dir);
}

int FaultAccess(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  return state->real->xAccess(state->real, name, flags, out);
}

int FaultFullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  return state->real->xFullPathname(state->real, name, size, out);
}

int FaultRandomness(sqlite3_vfs* vfs, int size, char* out) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  return state->real->xRandomness(state->real, size, out);
}

int FaultSleep(sqlite3_vfs* vfs, int micros) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  return state->real->xSleep(state->real, micros);
}

int FaultCurrentTime(sqlite3_vfs* vfs, double* out) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  return state->real->xCurrentTime(state->real, out);
}

int FaultCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  return state->real->xCurrentTimeInt64(state->real, out);
}

int FaultGetLastError(sqlite3_vfs* vfs, int size, char* out) {
  auto* state = static_cast<SqliteFaultVfs::State*>(vfs->pAppData);
  return state->real->xGetLastError(state->real, size, out);
}

// Applies `log` to the file at `path` directly (its connections are closed by now).
Status RestoreFile(const std::string& path, const UndoLog& log) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Status::Ok();  // deleted since: nothing to restore
  for (auto it = log.overwritten.rbegin(); it != log.overwritten.rend(); ++it) {
    const Bytes& old = it->second;
    if (::pwrite(fd, old.data(), old.size(), it->first) != static_cast<ssize_t>(old.size())) {
      ::close(fd);
      return IoError("restoring " + path + " after a simulated crash failed");
    }
  }
  const int rc = ::ftruncate(fd, log.synced_size);
  ::close(fd);
  if (rc != 0) return IoError("truncating " + path + " after a simulated crash failed");
  return Status::Ok();
}

}  // namespace

SqliteFaultVfs::SqliteFaultVfs(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<SqliteFaultVfs>> SqliteFaultVfs::Register(const std::string& name,
                                                                 FaultInjectionEnv& env) {
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (real == nullptr) return InternalError("SQLite has no default VFS");
  auto state = std::make_unique<State>();
  state->name = name;
  state->env = &env;
  state->real = real;

  sqlite3_io_methods& m = state->methods;
  m = {};
  m.iVersion = 3;
  m.xClose = FaultClose;
  m.xRead = FaultRead;
  m.xWrite = FaultWrite;
  m.xTruncate = FaultTruncate;
  m.xSync = FaultSync;
  m.xFileSize = FaultFileSize;
  m.xLock = FaultLock;
  m.xUnlock = FaultUnlock;
  m.xCheckReservedLock = FaultCheckReservedLock;
  m.xFileControl = FaultFileControl;
  m.xSectorSize = FaultSectorSize;
  m.xDeviceCharacteristics = FaultDeviceCharacteristics;
  m.xShmMap = FaultShmMap;
  m.xShmLock = FaultShmLock;
  m.xShmBarrier = FaultShmBarrier;
  m.xShmUnmap = FaultShmUnmap;
  m.xFetch = FaultFetch;
  m.xUnfetch = FaultUnfetch;

  sqlite3_vfs& v = state->vfs;
  v = {};
  v.iVersion = 2;
  v.szOsFile = static_cast<int>(sizeof(FaultFile)) + real->szOsFile;
  v.mxPathname = real->mxPathname;
  v.zName = state->name.c_str();
  v.pAppData = state.get();
  v.xOpen = FaultOpen;
  v.xDelete = FaultDelete;
  v.xAccess = FaultAccess;
  v.xFullPathname = FaultFullPathname;
  v.xRandomness = FaultRandomness;
  v.xSleep = FaultSleep;
  v.xCurrentTime = FaultCurrentTime;
  v.xGetLastError = FaultGetLastError;
  v.xCurrentTimeInt64 = FaultCurrentTimeInt64;
  if (sqlite3_vfs_register(&v, 0) != SQLITE_OK) {
    return InternalError("could not register SQLite VFS " + name);
  }
  return std::unique_ptr<SqliteFaultVfs>(new SqliteFaultVfs(std::move(state)));
}

SqliteFaultVfs::~SqliteFaultVfs() { sqlite3_vfs_unregister(&state_->vfs); }

const std::string& SqliteFaultVfs::name() const { return state_->name; }

Status SqliteFaultVfs::DropUnsyncedWrites() {
  std::map<std::string, UndoLog> undo;
  {
    std::lock_guard lock(state_->mu);
    undo.swap(state_->undo);
  }
  for (const auto& [path, log] : undo) CV_RETURN_IF_ERROR(RestoreFile(path, log));
  return Status::Ok();
}

}  // namespace casevault::schema
