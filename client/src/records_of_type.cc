#include "casevault/client/records_of_type.h"

namespace casevault::client {

Result<std::vector<IdentifiedRecord>> RecordsOfType(Replica& replica, const CompartmentRef& where,
                                                    schema::RecordType type) {
  CV_ASSIGN_OR_RETURN(std::vector<Id128> ids, replica.ListRecords(where));
  std::vector<IdentifiedRecord> found;
  for (const Id128& id : ids) {
    CV_ASSIGN_OR_RETURN(schema::Record record, replica.GetRecord(where, id));
    if (record.type() == type) found.push_back({id, std::move(record)});
  }
  return found;
}

std::string TextField(const schema::Record& record, std::string_view name) {
  const schema::FieldValue* value = record.Get(name);
  const std::string* text = value == nullptr ? nullptr : std::get_if<std::string>(value);
  return text == nullptr ? std::string() : *text;
}

Result<std::string> CaseRecordText(Replica& replica, const Id128& case_id, std::string_view name) {
  CV_ASSIGN_OR_RETURN(
      std::vector<IdentifiedRecord> cases,
      RecordsOfType(replica, CompartmentRef{case_id, "shared"}, schema::RecordType::kCase));
  return cases.empty() ? std::string() : TextField(cases.front().record, name);
}

}  // namespace casevault::client
