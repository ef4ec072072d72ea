// Record: one typed domain record (a case, a chronology entry, a secured file...) as a set of
// named field values.
//
// A Record holds only fields its type's spec declares, each holding the FieldValue alternative
// its FieldType uses, dates that are real days and texts within the format limit: Set refuses
// anything else. Whether the record is complete and sensible (required fields, enum values,
// known agencies, date order) is ValidateRecord's job (validation.h), so a draft being edited
// can be incomplete. The record's id is not part of it: ids live beside the record (in the
// replica and in the sealed envelope's associated data).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "casevault/base/status.h"
#include "casevault/schema/field.h"
#include "casevault/schema/record_spec.h"
#include "casevault/schema/record_type.h"

namespace casevault::schema {

// The most bytes any text value may hold: a limit of the format, far above validation's caps
// (see validation.h), so that every record Set accepts can be encoded.
inline constexpr size_t kMaxTextBytes = size_t{16} << 20;

class Record {
 public:
  // Fields by name, ordered, so that iteration (and so the encoding) is canonical.
  using FieldMap = std::map<std::string, FieldValue, std::less<>>;

  // An empty record of `type`, which must be one of the enumerators of RecordType (any other
  // value is a programming error and aborts).
  explicit Record(RecordType type);

  // The record's type.
  RecordType type() const { return type_; }
  // The spec of the record's type.
  const RecordSpec& spec() const { return SpecOf(type_); }

  // Sets field `name` to `value`, replacing any previous value. InvalidArgument, naming the
  // record type and field, when the type has no such field, when `value` is not the alternative
  // the field's type uses, when a date is not a real day or a date-time falls outside the years
  // 1 to 9999, or when a text exceeds kMaxTextBytes; the record is then unchanged.
  Status Set(std::string_view name, FieldValue value);

  // The value of field `name`, or nullptr when it is not set (or not a field of this type).
  const FieldValue* Get(std::string_view name) const;

  // Unsets field `name`; does nothing when it is not set.
  void Clear(std::string_view name);

  // Every set field, ordered by name.
  const FieldMap& fields() const { return fields_; }

  // Equal when of the same type with the same fields set to equal values.
  friend bool operator==(const Record&, const Record&) = default;

 private:
  RecordType type_;
  FieldMap fields_;
};

}  // namespace casevault::schema
