// Export text: the pure formatting that exports share: CSV fields quoted as RFC 4180 says, text
// escaped for HTML, and one self-contained printable HTML page (inline CSS, no scripts, nothing
// fetched from anywhere).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace casevault::client {

// One CSV record of `fields` ended by CRLF: a field holding a comma, a double quote, CR or LF is
// quoted, its double quotes doubled; other fields are written as they are (UTF-8 untouched).
std::string CsvLine(std::span<const std::string> fields);

// `text` with &, <, >, " and ' replaced by character references, safe inside an element and a
// quoted attribute.
std::string HtmlEscape(std::string_view text);

// A complete HTML document: UTF-8, the escaped `title` as its title and first heading, the
// escaped `subtitle` as a line under it, then `body_html` (already HTML, escaped by the caller),
// with a built-in stylesheet for screen and print plus `extra_css`. It loads nothing.
std::string HtmlPage(std::string_view title, std::string_view subtitle, std::string_view body_html,
                     std::string_view extra_css);

// "Generated on YYYY-MM-DD HH:MM UTC" for the instant `micros` (microseconds since the epoch).
std::string GeneratedOn(int64_t micros);

}  // namespace casevault::client
