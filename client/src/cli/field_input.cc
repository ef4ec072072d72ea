#include "casevault/client/cli/field_input.h"

#include <charconv>

namespace casevault::client::cli {
namespace {

std::string FieldLabel(const schema::RecordSpec& spec, const schema::FieldSpec& field) {
  return std::string(spec.name) + "." + std::string(field.name);
}

}  // namespace

Result<std::pair<std::string, std::string>> SplitAssignment(std::string_view text) {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return InvalidArgumentError("--field takes name=value, not \"" + std::string(text) + "\"");
  }
  return std::make_pair(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
}

Result<schema::FieldValue> ParseFieldValue(const schema::FieldSpec& field, std::string_view text) {
  const std::string name(field.name);
  switch (field.type) {
    case schema::FieldType::kText:
    case schema::FieldType::kLongText:
    case schema::FieldType::kEnum:
    case schema::FieldType::kAgencyId:
      return schema::FieldValue(std::string(text));
    case schema::FieldType::kDate: {
      Result<schema::Date> date = schema::Date::Parse(text);
      if (!date.ok()) return date.status().WithContext(name);
      return schema::FieldValue(*date);
    }
    case schema::FieldType::kDateTime: {
      Result<schema::DateTime> time = schema::DateTime::Parse(text);
      if (!time.ok()) return time.status().WithContext(name);
      return schema::FieldValue(*time);
    }
    case schema::FieldType::kBool:
      if (text == "yes" || text == "true") return schema::FieldValue(true);
      if (text == "no" || text == "false") return schema::FieldValue(false);
      return InvalidArgumentError(name + " takes yes or no, not \"" + std::string(text) + "\"");
    case schema::FieldType::kInteger: {
      int64_t number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return InvalidArgumentError(name + " takes a whole number, not \"" + std::string(text) +
                                    "\"");
      }
      return schema::FieldValue(number);
    }
    case schema::FieldType::kRecordRef: {
      Result<Id128> id = Id128::FromHex(text);
      if (!id.ok()) {
        return InvalidArgumentError(name + " takes a record id (32 hex digits), not \"" +
                                    std::string(text) + "\"");
      }
      return schema::FieldValue(*id);
    }
  }
  return InvalidArgumentError(name + " has a type this version cannot read");
}

Status ApplyAssignments(schema::Record& record, std::span<const std::string> assignments) {
  const schema::RecordSpec& spec = record.spec();
  for (const std::string& assignment : assignments) {
    CV_ASSIGN_OR_RETURN(auto name_value, SplitAssignment(assignment));
    const auto& [name, text] = name_value;
    const schema::FieldSpec* field = schema::FindField(spec, name);
    if (field == nullptr) {
      return InvalidArgumentError("a " + std::string(spec.name) + " has no field \"" + name +
                                  "\"; its fields are:\n" + DescribeFields(spec));
    }
    if (text.empty()) {
      record.Clear(name);
      continue;
    }
    CV_ASSIGN_OR_RETURN(schema::FieldValue value, ParseFieldValue(*field, text));
    Status set = record.Set(name, std::move(value));
    if (!set.ok()) return set.WithContext(FieldLabel(spec, *field));
  }
  return Status::Ok();
}

std::string DescribeFields(const schema::RecordSpec& spec) {
  std::string text;
  for (const schema::FieldSpec& field : spec.fields) {
    // Appended piece by piece: GCC 12 at -O3 misreports " " + std::string(...) as overlapping.
    text.append("  ").append(field.name).append(" (").append(schema::FieldTypeName(field.type));
    if (field.type == schema::FieldType::kEnum) {
      text += ":";
      for (std::string_view value : field.enum_values) text.append(" ").append(value);
    }
    if (field.required) text += ", required";
    text += ")\n";
  }
  return text;
}

}  // namespace casevault::client::cli
