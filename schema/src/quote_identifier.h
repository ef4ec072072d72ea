// Quoting caller- or byte-supplied names inside Status messages.
#pragma once

#include <string>
#include <string_view>

namespace casevault::schema {

// Returns `text` in double quotes when it looks like an identifier (1 to 64 characters of
// a-z, 0-9, '_', '-', ':', '.'), else a description of its size only. Messages may thus name
// field names, enum values and agency ids, but never echo record content or stray bytes.
std::string QuoteIdentifier(std::string_view text);

}  // namespace casevault::schema
