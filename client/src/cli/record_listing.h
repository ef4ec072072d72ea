// Listing records of one type: their fields as JSON and as display text, shared by the commands
// that list decisions and pseudonyms.
#pragma once

#include <string>
#include <string_view>

#include "casevault/client/cli/command_context.h"
#include "casevault/client/cli/json_writer.h"
#include "casevault/client/records_of_type.h"
#include "casevault/sync/compartment.h"

namespace casevault::client::cli {

// The records of one type in the shared workspace of a case.
struct SharedRecords {
  sync::CompartmentRef shared;
  std::vector<IdentifiedRecord> records;
};

// The records of `type` in the shared workspace of --case, once the case may be opened (as
// OpenCompartment checks), after recording the read as `action` for the access log.
Result<SharedRecords> ReadSharedRecords(CommandContext& context, schema::RecordType type,
                                        std::string_view action);

// Writes {"record": id, "fields": {name: value, ...}} for `entry`, fields in spec order, values
// as WriteFieldValueJson writes them.
void WriteIdentifiedRecordJson(JsonWriter& json, const IdentifiedRecord& entry);

// The value of field `name` of `record` for display (FormatFieldValue); "" when unset.
std::string FieldText(const schema::Record& record, std::string_view name);

}  // namespace casevault::client::cli
