// ProgressBar: one transient line on a terminal, redrawn in place, showing what a long command
// is doing and how far a file transfer has come; cleared when the work ends, so only the
// command's result stays on the screen.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace casevault::client::cli {

// The text of a progress line: `label`, a bar of `width` cells filled in proportion to
// `done` / `total`, the percentage and `detail`, e.g. "report.pdf [#####.....]  50%  2.5 MiB".
// A zero `total` counts as complete.
std::string ProgressLine(std::string_view label, uint64_t done, uint64_t total,
                         std::string_view detail, size_t width = 30);

class ProgressBar {
 public:
  // A line drawn on `terminal` (standard error when it is a terminal); nullptr draws nothing.
  explicit ProgressBar(std::FILE* terminal) : terminal_(terminal) {}
  ~ProgressBar() { Clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Draws the progress line of `done` / `total`, when its percentage or label changed.
  void Update(std::string_view label, uint64_t done, uint64_t total, std::string_view detail);
  // Draws `text` in place of whatever the line showed.
  void Say(std::string_view text);
  // Erases the line, when one was drawn.
  void Clear();

 private:
  void Draw(const std::string& text);

  std::FILE* terminal_;
  std::string label_;
  int percent_ = -1;
  bool drawn_ = false;
};

}  // namespace casevault::client::cli
