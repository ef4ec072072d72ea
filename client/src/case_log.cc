#include "casevault/client/case_log.h"

namespace casevault::client {
namespace {

using sync::ApiForm;

Result<LoggedAccess> ParseEntry(const ApiForm& form, int64_t n) {
  // Built by appending: GCC 12 at -O3 misreports "e" + std::to_string(n) as overlapping.
  std::string p = "e";
  p += std::to_string(n);
  p += '_';
  LoggedAccess entry;
  CV_ASSIGN_OR_RETURN(int64_t index, form.GetInt(p + "index"));
  entry.index = static_cast<uint64_t>(index);
  CV_ASSIGN_OR_RETURN(entry.time_micros, form.GetInt(p + "time"));
  CV_ASSIGN_OR_RETURN(entry.user_id, form.GetId(p + "user"));
  CV_ASSIGN_OR_RETURN(entry.device_id, form.GetId(p + "device"));
  CV_ASSIGN_OR_RETURN(entry.compartment, form.Get(p + "compartment"));
  CV_ASSIGN_OR_RETURN(entry.action, form.Get(p + "action"));
  CV_ASSIGN_OR_RETURN(entry.object_id, form.Get(p + "object"));
  // Read as a Result: GCC 12 at -O3 misreports the moved string as maybe uninitialized.
  const Result<std::string> allowed = form.Get(p + "allowed");
  CV_RETURN_IF_ERROR(allowed.status());
  entry.allowed = *allowed == "1";
  CV_ASSIGN_OR_RETURN(entry.reason, form.Get(p + "reason"));
  if (!form.GetOr(p + "happened", "").empty()) {
    CV_ASSIGN_OR_RETURN(int64_t happened, form.GetInt(p + "happened"));
    entry.happened_at_micros = happened;
  }
  return entry;
}

}  // namespace

Result<std::vector<LoggedAccess>> ReadCaseLog(HttpsTransport& server, const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(LogCheckpoint checkpoint, server.Checkpoint());
  const uint64_t end = checkpoint.checkpoint.tree_size;
  std::vector<LoggedAccess> entries;
  for (uint64_t after = 0; after < end;) {
    CV_ASSIGN_OR_RETURN(ApiForm page, server.CallForm("GET",
                                                      "/v1/cases/" + case_id.ToHex() +
                                                          "/log?after=" + std::to_string(after),
                                                      ApiForm()));
    CV_ASSIGN_OR_RETURN(int64_t count, page.GetInt("count"));
    CV_ASSIGN_OR_RETURN(int64_t next, page.GetInt("next"));
    for (int64_t i = 0; i < count; ++i) {
      CV_ASSIGN_OR_RETURN(LoggedAccess entry, ParseEntry(page, i));
      entries.push_back(std::move(entry));
    }
    if (static_cast<uint64_t>(next) <= after) break;  // nothing more to scan
    after = static_cast<uint64_t>(next);
  }
  return entries;
}

}  // namespace casevault::client
