// What the replica keeps of the server's word on its cases: which it holds, when each last
// synced, and which compartments the user may write to.
#include "casevault/client/replica.h"

namespace casevault::client {

Status Replica::RecordCaseSynced(const Id128& case_id, int64_t micros) {
  CV_ASSIGN_OR_RETURN(auto save, Statement("INSERT OR REPLACE INTO case_syncs(case_id, synced_at) "
                                           "VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(save->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(save->BindInt(2, micros));
  return save->Run();
}

Result<std::optional<int64_t>> Replica::CaseSyncedAt(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(auto select, Statement("SELECT synced_at FROM case_syncs WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<int64_t>();
  return std::optional<int64_t>(select->ColumnInt(0));
}

Result<std::vector<Id128>> Replica::KnownCases() {
  CV_ASSIGN_OR_RETURN(auto select, Statement("SELECT case_id FROM compartments UNION "
                                             "SELECT case_id FROM case_syncs ORDER BY 1"));
  return schema::StepIds(*select);
}

namespace {

// The replica_meta key of `where`'s writability (named by its opaque compartment id).
std::string WritableKey(const Id128& compartment_id) {
  return "writable:" + compartment_id.ToHex();
}

}  // namespace

Status Replica::SetWritable(const CompartmentRef& where, bool writable) {
  CV_ASSIGN_OR_RETURN(auto save,
                      Statement("INSERT OR REPLACE INTO replica_meta(key, value) VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(save->BindText(1, WritableKey(CompartmentId(where))));
  const uint8_t value[] = {static_cast<uint8_t>(writable ? 1 : 0)};
  CV_RETURN_IF_ERROR(save->BindBlob(2, value));
  return save->Run();
}

Result<std::optional<bool>> Replica::Writable(const CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(auto select, Statement("SELECT value FROM replica_meta WHERE key = ?"));
  CV_RETURN_IF_ERROR(select->BindText(1, WritableKey(CompartmentId(where))));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<bool>();
  const ByteView value = select->ColumnBlob(0);
  return std::optional<bool>(value.size() == 1 && value[0] == 1);
}

}  // namespace casevault::client
