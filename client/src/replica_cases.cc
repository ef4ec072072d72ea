// What the replica keeps of the server's word on its cases: which it holds, when each last
// synced and with what offline lease, and which compartments the user may write to.
#include "casevault/client/replica.h"
#include "casevault/sync/offline_lease.h"

namespace casevault::client {

Status Replica::RecordCaseSynced(const Id128& case_id, int64_t micros, int lease_days) {
  if (!sync::ValidLeaseDays(lease_days)) return InvalidArgumentError(sync::kLeaseBoundsMessage);
  CV_ASSIGN_OR_RETURN(auto save, Statement("INSERT OR REPLACE INTO case_syncs(case_id, synced_at, "
                                           "lease_days) VALUES(?, ?, ?)"));
  CV_RETURN_IF_ERROR(save->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(save->BindInt(2, micros));
  CV_RETURN_IF_ERROR(save->BindInt(3, lease_days));
  return save->Run();
}

Result<std::optional<int64_t>> Replica::CaseSyncedAt(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(auto select, Statement("SELECT synced_at FROM case_syncs WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<int64_t>();
  return std::optional<int64_t>(select->ColumnInt(0));
}

Result<int> Replica::CaseLeaseDays(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(auto select, Statement("SELECT lease_days FROM case_syncs WHERE case_id = ? "
                                             "AND lease_days IS NOT NULL"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return sync::kDefaultLeaseDays;
  const int64_t days = select->ColumnInt(0);
  if (!sync::ValidLeaseDays(days)) {
    return CorruptionError("the replica holds an impossible offline lease for case " +
                           case_id.ToHex());
  }
  return static_cast<int>(days);
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
