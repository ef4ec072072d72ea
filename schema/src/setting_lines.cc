#include "setting_lines.h"

namespace casevault::schema {

std::string_view TrimBlanks(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

Status ForEachSettingLine(std::string_view text,
                          const std::function<Status(size_t, std::string_view)>& visit) {
  size_t line_number = 0;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    const std::string_view line = TrimBlanks(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    CV_RETURN_IF_ERROR(visit(line_number, line));
  }
  return Status::Ok();
}

Status SettingLineError(std::string_view source, size_t line, std::string_view what) {
  std::string message(source);
  message += " line ";
  message += std::to_string(line);
  message += ": ";
  message += what;
  return InvalidArgumentError(std::move(message));
}

Result<std::string> ReadSettingsFile(Env& env, const std::string& path, std::string_view what) {
  Result<Bytes> bytes = ReadFileToBytes(env, path);
  if (!bytes.ok()) {
    std::string message(what);
    message += " ";
    message += path;
    message += ": ";
    message += bytes.status().message();
    return Status(bytes.status().code(), std::move(message));
  }
  return std::string(bytes->begin(), bytes->end());
}

}  // namespace casevault::schema
