// Record codec: the versioned binary encoding of a Record (the plaintext that gets sealed).
//
// Layout, format versions 1 and 2 (version 2 only adds fields, see below):
//   "CVR" | version (1 byte) | cereal PortableBinary payload:
//     endianness flag (1 byte, always 1: little endian)
//     record type number (u16)
//     field count (u32)
//     per field, in ascending byte order of name:
//       name (u32 length + bytes) | FieldValue alternative index (u8) | value
//   where a value is: text u32 length + bytes; date i32 year, u8 month, u8 day; date-time i64
//   microseconds; yes/no u8 0 or 1; integer i64; record reference 16 bytes.
//
// The encoding is canonical: equal records encode to equal bytes, and DecodeRecord accepts only
// canonical bytes, so decode-then-encode returns the input. The set of record types and fields
// is part of the format version: a build that adds a type or a field raises the version and
// marks the field (FieldSpec::since_format). A record is written in the oldest version that has
// all of its fields, so records without new fields stay readable by older builds, which refuse
// newer ones with UnsupportedVersion; this build reads every version from
// kOldestRecordFormatVersion up. Version 2 added the case's referral_received_date,
// cspr_decision_date and publication_date.
#pragma once

#include <cstdint>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/schema/record.h"

namespace casevault::schema {

// The newest format version, which EncodeRecord writes for records holding its fields.
inline constexpr uint8_t kRecordFormatVersion = 2;
// The oldest format version DecodeRecord reads.
inline constexpr uint8_t kOldestRecordFormatVersion = 1;

// The version EncodeRecord writes `record` in: the newest since_format of the fields it holds.
uint8_t RecordFormatVersionOf(const Record& record);

// Encodes `record`; the same record always gives the same bytes.
Bytes EncodeRecord(const Record& record);

// Decodes bytes made by EncodeRecord. Safe on any input: never reads outside `bytes` and never
// allocates more than `bytes` could hold. Errors:
//   Corruption          bad magic, an unknown record type or field (or one newer than the
//                       bytes' version), a field out of order or repeated, a value of the wrong
//                       kind, a bad yes/no byte, trailing bytes;
//   Truncated           the bytes end before the record does;
//   UnsupportedVersion  a format version outside kOldestRecordFormatVersion to
//                       kRecordFormatVersion;
//   ResourceExhausted   memory ran out (lengths are bounded by the input's size).
Result<Record> DecodeRecord(ByteView bytes);

// Encodes one field value alone, in the layout it has inside a record: alternative index (u8)
// then the value. For formats that carry values outside records (sync operations).
Bytes EncodeFieldValue(const FieldValue& value);

// Decodes bytes made by EncodeFieldValue, with DecodeRecord's safety. It accepts only values a
// record can hold: Corruption for an unknown value kind, a bad yes/no byte, a date that is not a
// real day, a date-time outside the years 1 to 9999, a text over kMaxTextBytes, or trailing
// bytes; Truncated when the bytes end inside the value; ResourceExhausted when memory runs out.
Result<FieldValue> DecodeFieldValue(ByteView bytes);

}  // namespace casevault::schema
