#include "casevault/base/event_log.h"

#include <ctime>

namespace casevault {
namespace {

class DiscardingEventLog final : public EventLog {
 public:
  void Record(const Event&) override {}
};

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        // Control characters and every non-ASCII byte are escaped, so a line is valid JSON
        // whatever bytes a message holds (a broken UTF-8 sequence included).
        if (byte < 0x20 || byte >= 0x7f) {
          out += "\\u00";
          out.push_back(kHex[byte >> 4]);
          out.push_back(kHex[byte & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

std::string FormatUtcMicros(int64_t micros) {
  const int64_t seconds = micros >= 0 ? micros / 1'000'000 : (micros - 999'999) / 1'000'000;
  const int64_t fraction = micros - seconds * 1'000'000;
  const auto time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[48];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(fraction));
  return text;
}

}  // namespace

std::string_view EventLevelName(EventLevel level) {
  switch (level) {
    case EventLevel::kInfo:
      return "info";
    case EventLevel::kWarning:
      return "warning";
    case EventLevel::kError:
      return "error";
  }
  return "unknown";
}

EventLog& DiscardEventLog() {
  static DiscardingEventLog discard;
  return discard;
}

void MemoryEventLog::Record(const Event& event) {
  std::lock_guard lock(mu_);
  events_.push_back(event);
}

std::vector<Event> MemoryEventLog::events() const {
  std::lock_guard lock(mu_);
  return events_;
}

std::string FormatEventJson(const Event& event) {
  std::string line = "{\"time\":\"" + FormatUtcMicros(event.time_micros) + "\",\"level\":\"" +
                     std::string(EventLevelName(event.level)) + "\",\"event\":";
  AppendJsonString(line, event.name);
  for (const EventField& field : event.fields) {
    line.push_back(',');
    AppendJsonString(line, field.key);
    line.push_back(':');
    AppendJsonString(line, field.value);
  }
  line.push_back('}');
  return line;
}

void JsonLinesEventLog::Record(const Event& event) {
  const std::string line = FormatEventJson(event) + "\n";
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace casevault
