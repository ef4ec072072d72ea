// Editing a long text field in the person's own editor ($VISUAL or $EDITOR).
#pragma once

#include <string>
#include <string_view>

#include "casevault/base/result.h"

namespace casevault::client::cli {

// Writes `text` to a new private file (mode 0600) in directory `dir`, runs the shell command
// `editor` with the file's path appended and waits for it, then reads the file back. The file
// is overwritten with zeros and removed afterwards, whatever happened; choose a `dir` in memory
// (e.g. $XDG_RUNTIME_DIR) where there is one. Returns the edited text; Internal when the editor
// cannot be started or exits with an error (nothing is changed then).
Result<std::string> EditText(const std::string& editor, const std::string& dir,
                             std::string_view text);

}  // namespace casevault::client::cli
