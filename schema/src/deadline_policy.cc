#include "casevault/schema/deadline_policy.h"

#include <charconv>
#include <set>

#include "setting_lines.h"

namespace casevault::schema {
namespace {

constexpr int kMaxLength = 999;

std::string KnownIds() {
  std::string ids;
  for (const DeadlineRule& rule : ReviewDeadlineRules()) {
    if (!ids.empty()) ids += ", ";
    ids += rule.id;
  }
  return ids;
}

// Parses "N working_days" or "N months".
Result<DeadlineDuration> ParseLength(std::string_view text) {
  const size_t space = text.find_first_of(" \t");
  const std::string_view number = text.substr(0, space);
  const std::string_view unit =
      space == std::string_view::npos ? std::string_view() : TrimBlanks(text.substr(space));
  DeadlineDuration length;
  const auto [end, error] =
      std::from_chars(number.data(), number.data() + number.size(), length.amount);
  if (number.empty() || error != std::errc() || end != number.data() + number.size() ||
      length.amount < 0 || length.amount > kMaxLength) {
    return InvalidArgumentError("the length is a whole number from 0 to 999");
  }
  if (unit == "working_days") {
    length.unit = DurationUnit::kWorkingDays;
  } else if (unit == "months") {
    length.unit = DurationUnit::kMonths;
  } else {
    return InvalidArgumentError("the unit is working_days or months");
  }
  return length;
}

}  // namespace

DeadlinePolicy::DeadlinePolicy() {
  for (const DeadlineRule& rule : ReviewDeadlineRules()) {
    lengths_.emplace(std::string(rule.id), rule.default_length);
  }
}

Result<DeadlinePolicy> DeadlinePolicy::Parse(std::string_view text, std::string_view source) {
  DeadlinePolicy policy;
  std::set<std::string, std::less<>> seen;
  CV_RETURN_IF_ERROR(
      ForEachSettingLine(text, [&](size_t line_number, std::string_view line) -> Status {
        const size_t equals = line.find('=');
        if (equals == std::string_view::npos) {
          return SettingLineError(
              source, line_number,
              "expected `deadline_id = N working_days` or `deadline_id = N months`");
        }
        const std::string_view id = TrimBlanks(line.substr(0, equals));
        if (FindDeadlineRule(id) == nullptr) {
          std::string what = "unknown deadline \"";
          what += id;
          what += "\"; the deadlines are ";
          what += KnownIds();
          return SettingLineError(source, line_number, what);
        }
        if (!seen.emplace(id).second) {
          std::string what(id);
          what += " is set twice";
          return SettingLineError(source, line_number, what);
        }
        Result<DeadlineDuration> length = ParseLength(TrimBlanks(line.substr(equals + 1)));
        if (!length.ok()) return SettingLineError(source, line_number, length.status().message());
        return policy.Override(id, *length);
      }));
  return policy;
}

Result<DeadlinePolicy> DeadlinePolicy::Load(Env& env, const std::string& path) {
  CV_ASSIGN_OR_RETURN(std::string text, ReadSettingsFile(env, path, "deadline settings"));
  return Parse(text, path);
}

DeadlineDuration DeadlinePolicy::LengthOf(const DeadlineRule& rule) const {
  const auto found = lengths_.find(rule.id);
  return found == lengths_.end() ? rule.default_length : found->second;
}

Status DeadlinePolicy::Override(std::string_view id, DeadlineDuration length) {
  const auto found = lengths_.find(id);
  if (found == lengths_.end()) {
    std::string message = "unknown deadline \"";
    message += id;
    message += "\"";
    return InvalidArgumentError(std::move(message));
  }
  found->second = length;
  return Status::Ok();
}

}  // namespace casevault::schema
