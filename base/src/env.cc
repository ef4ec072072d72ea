#include "casevault/base/env.h"

#include <csignal>

namespace casevault {

void IgnoreBrokenPipeSignals() { std::signal(SIGPIPE, SIG_IGN); }

Result<Bytes> ReadFileToBytes(Env& env, const std::string& path) {
  CV_ASSIGN_OR_RETURN(auto file, env.NewSequentialFile(path));
  Bytes out;
  uint8_t buffer[16384];
  for (;;) {
    CV_ASSIGN_OR_RETURN(size_t n, file->Read(buffer));
    if (n == 0) break;
    out.insert(out.end(), buffer, buffer + n);
  }
  return out;
}

Status WriteFileAtomically(Env& env, const std::string& path, ByteView data) {
  const std::string temp = path + ".tmp";
  auto write_temp = [&]() -> Status {
    CV_ASSIGN_OR_RETURN(auto file, env.NewWritableFile(temp));
    CV_RETURN_IF_ERROR(file->Append(data));
    CV_RETURN_IF_ERROR(file->Sync());
    return file->Close();
  };
  Status status = write_temp();
  if (status.ok()) status = env.RenameFile(temp, path);
  if (!status.ok()) {
    env.RemoveFile(temp).IgnoreError();
    return status.WithContext("writing " + path);
  }
  return env.SyncDir(DirName(path)).WithContext("writing " + path);
}

std::string DirName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace casevault
