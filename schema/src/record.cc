#include "casevault/schema/record.h"

#include <utility>

#include "quote_identifier.h"

namespace casevault::schema {
namespace {

// Checks the invariants a value of `field` must keep in any record, whatever its completeness.
Status CheckValue(const RecordSpec& spec, const FieldSpec& field, const FieldValue& value) {
  const std::string where = std::string(spec.name) + "." + std::string(field.name);
  if (!HoldsTypeOf(field.type, value)) {
    return InvalidArgumentError(where + " is a " + std::string(FieldTypeName(field.type)) +
                                " field; the value given is " + std::string(ValueKindName(value)));
  }
  if (const auto* date = std::get_if<Date>(&value); date != nullptr && !date->IsValid()) {
    return InvalidArgumentError(where + ": " + date->ToString() +
                                " is not a real day in the years 0001 to 9999");
  }
  if (const auto* instant = std::get_if<DateTime>(&value);
      instant != nullptr && !instant->IsValid()) {
    return InvalidArgumentError(where + ": the date-time falls outside the years 0001 to 9999");
  }
  if (const auto* text = std::get_if<std::string>(&value);
      text != nullptr && text->size() > kMaxTextBytes) {
    return InvalidArgumentError(where + ": " + std::to_string(text->size()) +
                                " bytes is more than any text may hold (" +
                                std::to_string(kMaxTextBytes) + ")");
  }
  return Status::Ok();
}

}  // namespace

Record::Record(RecordType type) : type_(type) {
  // Fails fast (aborts) on a value that is not a record type, as documented.
  static_cast<void>(SpecOf(type));
}

Status Record::Set(std::string_view name, FieldValue value) {
  const RecordSpec& record_spec = spec();
  const FieldSpec* field = FindField(record_spec, name);
  if (field == nullptr) {
    return InvalidArgumentError(std::string(record_spec.name) + " has no field " +
                                QuoteIdentifier(name));
  }
  CV_RETURN_IF_ERROR(CheckValue(record_spec, *field, value));
  fields_.insert_or_assign(std::string(name), std::move(value));
  return Status::Ok();
}

const FieldValue* Record::Get(std::string_view name) const {
  auto it = fields_.find(name);
  return it == fields_.end() ? nullptr : &it->second;
}

void Record::Clear(std::string_view name) {
  auto it = fields_.find(name);
  if (it != fields_.end()) fields_.erase(it);
}

}  // namespace casevault::schema
