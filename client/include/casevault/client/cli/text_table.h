// TextTable: rows of text in aligned columns, for `casevault`'s human-readable listings.
#pragma once

#include <string>
#include <vector>

namespace casevault::client::cli {

class TextTable {
 public:
  // A table with these column headings.
  explicit TextTable(std::vector<std::string> headings) : headings_(std::move(headings)) {}

  // Adds a row; missing cells are blank, extra cells are dropped.
  void AddRow(std::vector<std::string> cells);
  // True when no row was added.
  bool empty() const { return rows_.empty(); }

  // The headings and rows, one line each, columns separated by two spaces and padded to the
  // widest cell (counting UTF-8 characters); the last column is not padded.
  std::string Render() const;

 private:
  std::vector<std::string> headings_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace casevault::client::cli
