// Field input: record fields as a person types them on the command line ("--field
// title=Terms of reference"), turned into typed values by the field's spec.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "casevault/base/result.h"
#include "casevault/schema/field.h"
#include "casevault/schema/record.h"
#include "casevault/schema/record_spec.h"

namespace casevault::client::cli {

// Splits "name=value" at its first '='; InvalidArgument when there is none or the name is
// empty. The value may be empty.
Result<std::pair<std::string, std::string>> SplitAssignment(std::string_view text);

// `text` as a value of field `field`: text, long text, enum and agency fields as given; dates
// as YYYY-MM-DD; date-times as YYYY-MM-DDTHH:MM:SSZ; yes/no as yes, no, true or false; integers
// in decimal; record references as 32 hex digits. InvalidArgument naming the field otherwise.
Result<schema::FieldValue> ParseFieldValue(const schema::FieldSpec& field, std::string_view text);

// Applies each "name=value" of `assignments` to `record` in order: sets the field, or clears
// it when the value is empty. InvalidArgument naming a field the record's type does not have
// (and listing those it has) or a value that does not parse.
Status ApplyAssignments(schema::Record& record, std::span<const std::string> assignments);

// The names of `spec`'s fields with their types and whether required, one per line, for help
// and error messages (e.g. "  title (text, required)").
std::string DescribeFields(const schema::RecordSpec& spec);

}  // namespace casevault::client::cli
