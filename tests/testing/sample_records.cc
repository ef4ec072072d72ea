#include "testing/sample_records.h"

#include <cstdlib>
#include <string>

namespace casevault::schema::testing {

FieldValue SampleValue(const FieldSpec& field, size_t position, bool yes) {
  switch (field.type) {
    case FieldType::kText:
      if (field.hex_digits != 0)
        return std::string(field.hex_digits, "0123456789abcdef"[position % 16]);
      return "t-" + std::string(field.name);
    case FieldType::kLongText:
      return "First line of " + std::string(field.name) + ".\nSecond line.";
    case FieldType::kDate:
      return Date{2024, 1, static_cast<uint8_t>(position + 1)};
    case FieldType::kDateTime:
      return DateTime{1'772'357'400'000'000 + static_cast<int64_t>(position) * 1'000'001};
    case FieldType::kEnum:
      return std::string(field.enum_values.front());
    case FieldType::kBool:
      return yes;
    case FieldType::kInteger:
      return static_cast<int64_t>(position + 1);
    case FieldType::kRecordRef: {
      Id128 id;
      for (size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<uint8_t>(i + position);
      return id;
    }
    case FieldType::kAgencyId:
      return std::string("police");
  }
  std::abort();
}

Record SampleRecord(RecordType type, bool all_fields) {
  Record record(type);
  const RecordSpec& spec = SpecOf(type);
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const FieldSpec& field = spec.fields[i];
    if (!all_fields && !field.required) continue;
    // The values are valid by construction; a failure here is a bug in this helper.
    if (!record.Set(field.name, SampleValue(field, i, all_fields)).ok()) std::abort();
  }
  return record;
}

}  // namespace casevault::schema::testing
