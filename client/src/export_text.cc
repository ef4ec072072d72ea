#include "casevault/client/export_text.h"

#include "casevault/schema/field.h"

namespace casevault::client {
namespace {

constexpr std::string_view kPageCss = R"(
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #000; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 0.3em 0; }
p.generated { color: #444; margin: 0 0 1em 0; }
.text { white-space: pre-wrap; }
@media print {
  body { margin: 0; font-size: 9pt; }
  p.generated { color: #000; }
}
)";

}  // namespace

std::string CsvLine(std::span<const std::string> fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    const std::string& field = fields[i];
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      line += field;
      continue;
    }
    line += '"';
    for (char c : field) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  line += "\r\n";
  return line;
}

std::string HtmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string HtmlPage(std::string_view title, std::string_view subtitle, std::string_view body_html,
                     std::string_view extra_css) {
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<title>";
  page += HtmlEscape(title);
  page += "</title>\n<style>";
  page += kPageCss;
  page += extra_css;
  page += "</style>\n</head>\n<body>\n<h1>";
  page += HtmlEscape(title);
  page += "</h1>\n<p class=\"generated\">";
  page += HtmlEscape(subtitle);
  page += "</p>\n";
  page += body_html;
  page += "</body>\n</html>\n";
  return page;
}

std::string GeneratedOn(int64_t micros) {
  const std::string instant = schema::DateTime{micros}.ToString();  // YYYY-MM-DDTHH:MM:SS...Z
  std::string line = "Generated on ";
  line += instant.substr(0, 10);
  line += ' ';
  line += instant.substr(11, 5);
  line += " UTC";
  return line;
}

}  // namespace casevault::client
