#include "quote_identifier.h"

#include <algorithm>

namespace casevault::schema {

std::string QuoteIdentifier(std::string_view text) {
  const bool identifier_like =
      !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == ':' || c == '.';
      });
  // Built by appending: GCC 12 misreports `"literal" + std::string` at -O3 (-Wrestrict).
  std::string out;
  if (identifier_like) {
    out.append(1, '"').append(text).append(1, '"');
  } else {
    out.append("(a ").append(std::to_string(text.size())).append("-byte value not shown)");
  }
  return out;
}

}  // namespace casevault::schema
