#include "casevault/client/export_file.h"

namespace casevault::client {

Status CheckExportTarget(Env& env, const std::string& path, bool overwrite) {
  if (!overwrite && env.FileExists(path)) {
    return AlreadyExistsError(path + " already exists: give --overwrite to replace it");
  }
  return Status::Ok();
}

Status WriteExportFile(Env& env, const std::string& path, std::string_view content,
                       bool overwrite) {
  CV_RETURN_IF_ERROR(CheckExportTarget(env, path, overwrite));
  return WriteFileAtomically(env, path, AsBytes(content));
}

}  // namespace casevault::client
