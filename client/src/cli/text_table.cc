#include "casevault/client/cli/text_table.h"

#include <algorithm>

namespace casevault::client::cli {
namespace {

// The number of characters `text` shows: its bytes that do not continue a UTF-8 sequence.
size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

}  // namespace

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(headings_.size());
  rows_.push_back(std::move(cells));
}

std::string TextTable::Render() const {
  std::vector<size_t> widths(headings_.size());
  for (size_t column = 0; column < headings_.size(); ++column) {
    widths[column] = DisplayWidth(headings_[column]);
    for (const auto& row : rows_)
      widths[column] = std::max(widths[column], DisplayWidth(row[column]));
  }
  std::string out;
  auto append_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t column = 0; column < cells.size(); ++column) {
      line += cells[column];
      if (column + 1 < cells.size()) {
        line.append(widths[column] - DisplayWidth(cells[column]) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  append_line(headings_);
  for (const auto& row : rows_) append_line(row);
  return out;
}

}  // namespace casevault::client::cli
