// Record specs: the fields every record type has, as static tables.
//
// A RecordSpec lists a type's fields in a fixed order (the order validation reports failures
// in and forms show fields in). The tables are constexpr data with static storage: looking a
// spec up never allocates, and the views they hand out live for the whole program.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "casevault/schema/field.h"
#include "casevault/schema/record_type.h"

namespace casevault::schema {

// One field of a record type.
struct FieldSpec {
  std::string_view name;  // snake_case, unique within the record type
  FieldType type;
  bool required = false;  // validation refuses a record without it (or with empty text)
  std::span<const std::string_view> enum_values;  // the allowed values of a kEnum field
  bool merge_as_text = false;  // true for long text: sync merges concurrent edits three-way
  uint8_t hex_digits = 0;      // when nonzero, a text field holds exactly this many lowercase
                               // hex digits (ids and hashes)
  uint8_t since_format = 1;    // the record format version that added the field (record_codec.h)
};

// One record type and its fields.
struct RecordSpec {
  RecordType type;
  std::string_view name;  // RecordTypeName(type)
  std::span<const FieldSpec> fields;
  // True for records that are only ever added, never edited by two people at once (chronology
  // entries, comments, notes, contributions, decisions): adding one never conflicts in sync.
  bool append_only = false;
};

// The spec of `type`. `type` must be one of the enumerators of RecordType; any other value is a
// programming error and aborts.
const RecordSpec& SpecOf(RecordType type);

// Every record spec, in the numeric order of the types.
std::span<const RecordSpec> AllRecordSpecs();

// The field of `spec` named `name`, or nullptr when it has none.
const FieldSpec* FindField(const RecordSpec& spec, std::string_view name);

}  // namespace casevault::schema
