// Setting lines: the small line-based text files partnerships edit (bank holiday calendars,
// deadline settings), where blank lines and lines starting with # are ignored.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "casevault/base/env.h"
#include "casevault/base/result.h"

namespace casevault::schema {

// `text` without leading and trailing spaces, tabs and carriage returns.
std::string_view TrimBlanks(std::string_view text);

// Calls `visit` with the number (from 1) and trimmed text of each line of `text` that is neither
// blank nor a comment; stops at and returns the first error `visit` returns.
Status ForEachSettingLine(std::string_view text,
                          const std::function<Status(size_t, std::string_view)>& visit);

// InvalidArgument "<source> line <line>: <what>".
Status SettingLineError(std::string_view source, size_t line, std::string_view what);

// The content of the file at `path`; on failure, the Env's error prefixed by `what` and the
// path (e.g. "bank holiday calendar /x/y: ...").
Result<std::string> ReadSettingsFile(Env& env, const std::string& path, std::string_view what);

}  // namespace casevault::schema
