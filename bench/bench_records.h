// Record inputs shared by bench_store and bench_sync: ~1 KiB records of random text (meeting
// notes, which are append-only, and terms of reference, which every member may edit).
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

// A valid terms of reference record whose overview holds `overview_size` random characters.
inline schema::Record TermsOfReference(size_t overview_size) {
  schema::Record record(schema::RecordType::kTermsOfReference);
  Check(record.Set("title", std::string("Terms of reference")), "set title");
  Check(record.Set("overview", RandomText(overview_size)), "set overview");
  return record;
}

// The text size that makes the encoding of `make(text size)` exactly `record_size` bytes.
inline size_t TextSizeForRecordSize(size_t record_size, schema::Record (*make)(size_t)) {
  size_t text = record_size;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const size_t encoded = schema::EncodeRecord(make(text)).size();
    if (encoded == record_size) return text;
    text = text + record_size - encoded;
  }
  Fail("cannot size a record's encoding to " + std::to_string(record_size) + " bytes");
}

}  // namespace casevault::bench
