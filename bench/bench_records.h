// Record inputs shared by bench_store and bench_sync: ~1 KiB meeting notes of random text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "bench_util.h"
#include "casevault/schema/record.h"
#include "casevault/schema/record_codec.h"

namespace casevault::bench {

// `size` characters of random lowercase words on one line (no '\n'), as record text.
inline std::string RandomText(size_t size) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz      ";
  const Bytes random = RandomBytes(size);
  std::string text(size, ' ');
  for (size_t i = 0; i < size; ++i) text[i] = kAlphabet[random[i] % kAlphabet.size()];
  return text;
}

// A valid meeting note whose notes hold `notes_size` random characters.
inline schema::Record MeetingNote(size_t notes_size) {
  schema::Record record(schema::RecordType::kMeetingNote);
  Check(record.Set("kind", std::string("panel_meeting")), "set kind");
  Check(record.Set("held_on", schema::Date{2024, 3, 1}), "set held_on");
  Check(record.Set("notes", RandomText(notes_size)), "set notes");
  return record;
}

// The notes size that makes a meeting note's encoding exactly `record_size` bytes.
inline size_t NotesSizeForRecordSize(size_t record_size) {
  size_t notes = record_size;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const size_t encoded = schema::EncodeRecord(MeetingNote(notes)).size();
    if (encoded == record_size) return notes;
    notes = notes + record_size - encoded;
  }
  Fail("cannot size a meeting note's encoding to " + std::to_string(record_size) + " bytes");
}

}  // namespace casevault::bench
