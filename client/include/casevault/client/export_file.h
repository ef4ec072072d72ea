// Export files: writing an export (a chronology, a published report) to a file the person
// named, atomically, never replacing a file unless told to.
#pragma once

#include <string>
#include <string_view>

#include "casevault/base/env.h"
#include "casevault/base/status.h"

namespace casevault::client {

// OK when an export may be written to `path`: it does not exist, or `overwrite` is true.
// AlreadyExists otherwise. Checked before an export is read (and recorded) so that a refused
// export leaves no trace of a read that never reached a file.
Status CheckExportTarget(Env& env, const std::string& path, bool overwrite);

// Writes `content` to `path` as WriteFileAtomically does (a temporary file, fsynced, renamed
// over `path`; mode 0600), so `path` holds either its old content or all of `content`.
// AlreadyExists, nothing written, when `path` exists and `overwrite` is false.
Status WriteExportFile(Env& env, const std::string& path, std::string_view content, bool overwrite);

}  // namespace casevault::client
