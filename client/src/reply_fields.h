// Parsing the colon-separated values of the server's form replies (private to client/src).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "casevault/base/result.h"

namespace casevault::client {

// Splits `text` at its first `count - 1` colons: at most `count` fields, the last one the rest.
std::vector<std::string> SplitFields(const std::string& text, size_t count);

// The whole decimal number `text`; Corruption ("the server sent a malformed number") otherwise.
Result<int64_t> ParseInt(const std::string& text);

}  // namespace casevault::client
