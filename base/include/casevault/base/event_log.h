// EventLog: structured events for operators: what happened, never what a record says.
//
// An event is a name ("sync.op_rejected"), a level and a few key/value fields. Callers pass only
// metadata: ids, counts, status codes and messages CaseVault itself produced. Record or file
// content, people's names, keys, passphrases and tokens never go into an event. This is the
// diagnostic log; the server's tamper-evident access log is a separate, fail-closed thing.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace casevault {

enum class EventLevel { kInfo, kWarning, kError };

// "info", "warning" or "error".
std::string_view EventLevelName(EventLevel level);

// One key and its value, both plain text.
struct EventField {
  std::string key;
  std::string value;

  friend bool operator==(const EventField&, const EventField&) = default;
};

struct Event {
  int64_t time_micros = 0;  // microseconds since the Unix epoch, UTC
  EventLevel level = EventLevel::kInfo;
  std::string name;
  std::vector<EventField> fields;
};

// Where events go. Record never fails: losing a diagnostic line must not stop the work it
// describes. Implementations are safe to call from several threads.
class EventLog {
 public:
  virtual ~EventLog() = default;
  // Records `event`.
  virtual void Record(const Event& event) = 0;
};

// An EventLog that drops every event, for callers that were given none.
EventLog& DiscardEventLog();

// Keeps every event in memory, for tests.
class MemoryEventLog final : public EventLog {
 public:
  void Record(const Event& event) override;
  // A copy of the events recorded so far, oldest first.
  std::vector<Event> events() const;

 private:
  mutable std::mutex mu_;
  std::vector<Event> events_;
};

// `event` as one line of JSON without the newline, e.g.
// {"time":"2026-11-30T04:11:19.123456Z","level":"warning","event":"sync.op_rejected","op":"ab..."}
// Fields follow in their order; strings are escaped so any bytes give valid one-line JSON.
std::string FormatEventJson(const Event& event);

// Writes each event as a JSON line to a stdio stream (e.g. stderr, or a file opened for append)
// and flushes it. The stream must outlive the log.
class JsonLinesEventLog final : public EventLog {
 public:
  explicit JsonLinesEventLog(std::FILE* out) : out_(out) {}
  void Record(const Event& event) override;

 private:
  std::mutex mu_;
  std::FILE* out_;
};

}  // namespace casevault
