#include "casevault/client/cli/progress_bar.h"

namespace casevault::client::cli {
namespace {

int Percent(uint64_t done, uint64_t total) {
  if (total == 0 || done >= total) return 100;
  return static_cast<int>(done * 100 / total);
}

// Returns the cursor to the line's start and erases to its end.
constexpr std::string_view kEraseLine = "\r\033[K";

}  // namespace

std::string ProgressLine(std::string_view label, uint64_t done, uint64_t total,
                         std::string_view detail, size_t width) {
  const int percent = Percent(done, total);
  const size_t filled = width * static_cast<size_t>(percent) / 100;
  std::string line(label);
  line += " [" + std::string(filled, '#') + std::string(width - filled, '.') + "] ";
  const std::string number = std::to_string(percent);
  line += std::string(3 - number.size(), ' ') + number + "%";
  if (!detail.empty()) line += "  " + std::string(detail);
  return line;
}

void ProgressBar::Update(std::string_view label, uint64_t done, uint64_t total,
                         std::string_view detail) {
  const int percent = Percent(done, total);
  if (percent == percent_ && label == label_) return;
  label_ = label;
  percent_ = percent;
  Draw(ProgressLine(label, done, total, detail));
}

void ProgressBar::Say(std::string_view text) {
  label_.clear();
  percent_ = -1;
  Draw(std::string(text));
}

void ProgressBar::Clear() {
  if (terminal_ == nullptr || !drawn_) return;
  std::fputs(std::string(kEraseLine).c_str(), terminal_);
  std::fflush(terminal_);
  drawn_ = false;
}

void ProgressBar::Draw(const std::string& text) {
  if (terminal_ == nullptr) return;
  std::fputs((std::string(kEraseLine) + text).c_str(), terminal_);
  std::fflush(terminal_);
  drawn_ = true;
}

}  // namespace casevault::client::cli
