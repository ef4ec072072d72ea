#include "casevault/schema/record_type.h"

#include <string>

namespace casevault::schema {

static_assert(
    [] {
      for (size_t i = 0; i < kRecordTypes.size(); ++i) {
        if (static_cast<size_t>(kRecordTypes[i].type) != i + 1) return false;
      }
      return true;
    }(),
    "kRecordTypes must list the types in numeric order from 1");

Result<RecordType> RecordTypeFromName(std::string_view name) {
  for (const RecordTypeInfo& info : kRecordTypes) {
    if (info.name == name) return info.type;
  }
  std::string known;
  for (const RecordTypeInfo& info : kRecordTypes) {
    known += known.empty() ? "" : ", ";
    known += info.name;
  }
  return InvalidArgumentError("no record type has that name; the types are " + known);
}

Result<RecordType> RecordTypeFromNumber(uint16_t number) {
  if (number == 0 || number > kRecordTypes.size()) {
    return InvalidArgumentError("no record type has number " + std::to_string(number));
  }
  return kRecordTypes[number - 1].type;
}

}  // namespace casevault::schema
