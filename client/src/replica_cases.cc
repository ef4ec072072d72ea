// The replica's record of which cases it holds and when each last synced.
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

}  // namespace casevault::client
