#include "quote_identifier.h"

#include <algorithm>

namespace casevault::schema {

std::string QuoteIdentifier(std::string_view text) {
  const bool identifier_like =
      !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == ':' || c == '.';
      });
  if (identifier_like) return "\"" + std::string(text) + "\"";
  return "(a " + std::to_string(text.size()) + "-byte value not shown)";
}

}  // namespace casevault::schema
