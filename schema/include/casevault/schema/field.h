// Field types and values: what a single named field of a record may hold.
//
// Every field has a FieldType (its meaning, used by validation, display and merging) and holds
// a FieldValue (its C++ representation). Several types share a representation: text, long text,
// enum and agency id all hold a std::string; a record reference holds an Id128.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "casevault/base/id.h"
#include "casevault/base/result.h"

namespace casevault::schema {

// What a field means. The values are not stored on disk (the encoding stores the FieldValue
// alternative), so they may be reordered.
enum class FieldType {
  kText,       // a short single-purpose text: a name, a reference, initials
  kLongText,   // free prose; merged as text by sync
  kDate,       // a calendar day with no time or zone
  kDateTime,   // an instant in UTC, to the microsecond
  kEnum,       // one of a fixed list of snake_case values given by the field's spec
  kBool,       // yes / no
  kInteger,    // a signed 64-bit count or size
  kRecordRef,  // the id of another record of the same case
  kAgencyId,   // the id of an agency of the partnership, e.g. "police"
};

// A short lowercase name for `type` for messages and forms, e.g. "long text", "date-time".
std::string_view FieldTypeName(FieldType type);

// A day of the proleptic Gregorian calendar. A Date is valid when it names a real day in the
// years 1 to 9999; records only ever hold valid dates (Record::Set refuses others).
struct Date {
  int32_t year = 1;
  uint8_t month = 1;
  uint8_t day = 1;

  // Parses exactly "YYYY-MM-DD" naming a real day (2024-02-29 yes, 2025-02-29 and 2026-02-30
  // no); InvalidArgument saying what is wrong otherwise.
  static Result<Date> Parse(std::string_view text);
  // True when the date names a real day in the years 1 to 9999.
  bool IsValid() const;
  // "YYYY-MM-DD", zero padded.
  std::string ToString() const;

  friend auto operator<=>(const Date&, const Date&) = default;
};

// An instant in UTC, as microseconds since 1970-01-01T00:00:00Z. Valid when it falls in the
// years 1 to 9999; records only ever hold valid instants (Record::Set refuses others).
struct DateTime {
  int64_t micros_since_epoch_utc = 0;

  // Parses ISO-8601 UTC "YYYY-MM-DDTHH:MM:SSZ", optionally with 1 to 6 fractional-second digits
  // before the "Z" ("2026-03-01T09:30:00.25Z"). Any other form, offset or out-of-range part is
  // InvalidArgument.
  static Result<DateTime> Parse(std::string_view text);
  // True when the instant falls in the years 1 to 9999.
  bool IsValid() const;
  // "YYYY-MM-DDTHH:MM:SSZ", with ".ffffff" (six digits) before the "Z" when the instant has a
  // fraction of a second. Parse(ToString()) returns the same instant.
  std::string ToString() const;

  friend auto operator<=>(const DateTime&, const DateTime&) = default;
};

// The value of one field. The alternatives, in this order (the order is part of the record
// encoding, see record_codec.h): text / long text / enum / agency id, date, date-time, yes/no,
// integer, record reference.
using FieldValue = std::variant<std::string, Date, DateTime, bool, int64_t, Id128>;

// True when `value` holds the alternative that fields of `type` use.
bool HoldsTypeOf(FieldType type, const FieldValue& value);

// A short name of the alternative `value` holds, for messages: "text", "date", "date-time",
// "yes/no", "integer" or "record id".
std::string_view ValueKindName(const FieldValue& value);

// Renders `value` for display: text as is, dates and date-times in their ISO form, yes/no as
// "yes" or "no", integers in decimal and record references as 32 hex digits.
std::string FormatFieldValue(const FieldValue& value);

}  // namespace casevault::schema
