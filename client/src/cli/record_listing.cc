#include "record_listing.h"

#include "casevault/client/cli/record_view.h"
#include "common_options.h"

namespace casevault::client::cli {

Result<SharedRecords> ReadSharedRecords(CommandContext& context, schema::RecordType type,
                                        std::string_view action) {
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef shared, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(std::vector<IdentifiedRecord> records,
                      RecordsOfType(home->replica(), shared, type));
  CV_RETURN_IF_ERROR(home->replica().RecordOfflineRead(shared, action, ""));
  return SharedRecords{std::move(shared), std::move(records)};
}

void WriteIdentifiedRecordJson(JsonWriter& json, const IdentifiedRecord& entry) {
  json.BeginObject().Field("record", entry.id.ToHex()).Key("fields").BeginObject();
  for (const schema::FieldSpec& field : entry.record.spec().fields) {
    const schema::FieldValue* value = entry.record.Get(field.name);
    if (value == nullptr) continue;
    json.Key(field.name);
    WriteFieldValueJson(json, *value);
  }
  json.EndObject().EndObject();
}

std::string FieldText(const schema::Record& record, std::string_view name) {
  const schema::FieldValue* value = record.Get(name);
  return value == nullptr ? std::string() : schema::FormatFieldValue(*value);
}

}  // namespace casevault::client::cli
