#include "casevault/base/event_log.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace casevault {
namespace {

Event SampleEvent() {
  return Event{.time_micros = 1'796'012'345'123'456,
               .level = EventLevel::kWarning,
               .name = "sync.op_rejected",
               .fields = {{"op", "00ff"}, {"reason", "bad signature"}}};
}

TEST(EventLogTest, FormatsOneJsonLineWithUtcTimeLevelNameAndFieldsInOrder) {
  EXPECT_EQ(FormatEventJson(SampleEvent()),
            R"({"time":"2026-11-30T04:19:05.123456Z","level":"warning",)"
            R"("event":"sync.op_rejected","op":"00ff","reason":"bad signature"})");
}

TEST(EventLogTest, EscapesQuotesBackslashesControlAndNonAsciiBytes) {
  Event event{.time_micros = 0, .level = EventLevel::kError, .name = "a\"b", .fields = {}};
  event.fields.push_back({"k\\", std::string("line\nbreak\ttab\x01\xff", 16)});
  EXPECT_EQ(FormatEventJson(event),
            R"({"time":"1970-01-01T00:00:00.000000Z","level":"error","event":"a\"b",)"
            R"("k\\":"line\nbreak\ttab\u0001\u00ff"})");
}

TEST(EventLogTest, TimesBeforeTheEpochKeepAPositiveFraction) {
  Event event{.time_micros = -1, .level = EventLevel::kInfo, .name = "x", .fields = {}};
  EXPECT_EQ(FormatEventJson(event),
            R"({"time":"1969-12-31T23:59:59.999999Z","level":"info","event":"x"})");
}

TEST(EventLogTest, MemoryLogKeepsEventsInOrder) {
  MemoryEventLog log;
  log.Record(SampleEvent());
  Event second = SampleEvent();
  second.name = "second";
  log.Record(second);
  ASSERT_EQ(log.events().size(), 2u);
  EXPECT_EQ(log.events()[0].name, "sync.op_rejected");
  EXPECT_EQ(log.events()[1].name, "second");
  EXPECT_EQ(log.events()[0].fields, SampleEvent().fields);
}

TEST(EventLogTest, JsonLinesLogWritesOneLinePerEvent) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  JsonLinesEventLog log(file);
  log.Record(SampleEvent());
  log.Record(SampleEvent());
  std::rewind(file);
  std::string written;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file))
    written.push_back(static_cast<char>(c));
  std::fclose(file);
  const std::string line = FormatEventJson(SampleEvent()) + "\n";
  EXPECT_EQ(written, line + line);
}

}  // namespace
}  // namespace casevault
