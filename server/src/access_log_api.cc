#include "access_log_api.h"

#include <algorithm>

#include "api_replies.h"
#include "casevault/sync/api_form.h"

namespace casevault::server {
namespace {

using sync::ApiForm;

constexpr uint64_t kMaxProofSize = 1ull << 40;
// A case log request reads at most this many entries of the whole log...
constexpr uint64_t kMaxScannedEntries = 5'000;
// ...and returns at most this many of them (each a dozen form lines).
constexpr uint64_t kMaxCaseLogEntries = 200;

void AddProof(ApiForm& form, const std::vector<sync::MerkleHash>& proof) {
  std::string joined;
  for (const sync::MerkleHash& hash : proof) joined += ToHex(hash);
  form.Set("proof", joined);
}

// Adds `entry` (log index `index`) to `form` as entry number `n`.
void AddEntry(ApiForm& form, size_t n, uint64_t index, const AccessEntry& entry) {
  // Built by appending: GCC 12 at -O3 misreports "e" + std::to_string(n) as overlapping.
  std::string p = "e";
  p += std::to_string(n);
  p += '_';
  form.Set(p + "index", std::to_string(index))
      .Set(p + "time", std::to_string(entry.time_micros))
      .Set(p + "user", entry.user_id.ToHex())
      .Set(p + "device", entry.device_id.ToHex())
      .Set(p + "compartment", entry.compartment)
      .Set(p + "action", entry.action)
      .Set(p + "object", entry.object_id)
      .Set(p + "allowed", entry.allowed ? "1" : "0")
      .Set(p + "reason", entry.reason);
  if (entry.happened_at_micros) {
    form.Set(p + "happened", std::to_string(*entry.happened_at_micros));
  }
}

class AccessLogApi {
 public:
  AccessLogApi(const ServerApiParts& parts, std::shared_ptr<CaseGate> gate)
      : p_(parts), gate_(std::move(gate)) {}

  HttpResponse Checkpoint(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_RETURN_IF_ERROR(p_.identity->Authenticate(BearerToken(request)).status());
      CV_ASSIGN_OR_RETURN(SignedCheckpoint signed_checkpoint,
                          p_.access_log->Checkpoint(*p_.log_key, p_.env->NowMicros()));
      const sync::Checkpoint& checkpoint = signed_checkpoint.checkpoint;
      return FormReply(ApiForm()
                           .Set("size", std::to_string(checkpoint.tree_size))
                           .SetHex("root", checkpoint.root)
                           .Set("time", std::to_string(checkpoint.time_micros))
                           .SetHex("signature", signed_checkpoint.signature));
    }());
  }

  HttpResponse Consistency(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_RETURN_IF_ERROR(p_.identity->Authenticate(BearerToken(request)).status());
      CV_ASSIGN_OR_RETURN(uint64_t old_size, QueryNumber(request, "old"));
      CV_ASSIGN_OR_RETURN(uint64_t new_size, QueryNumber(request, "new"));
      CV_ASSIGN_OR_RETURN(
          std::vector<sync::MerkleHash> proof,
          p_.access_log->ConsistencyProof(old_size, std::min(new_size, kMaxProofSize)));
      ApiForm form;
      AddProof(form, proof);
      return FormReply(form);
    }());
  }

  // An entry and its inclusion proof, for the entry's own user or anyone who sees the whole
  // log of its case; the request is logged on that case.
  HttpResponse Inclusion(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(uint64_t index, QueryNumber(request, "index"));
      CV_ASSIGN_OR_RETURN(uint64_t size, QueryNumber(request, "size"));
      CV_RETURN_IF_ERROR(p_.identity->Authenticate(BearerToken(request)).status());
      CV_ASSIGN_OR_RETURN(AccessEntry entry, p_.access_log->Entry(index));
      CV_RETURN_IF_ERROR(gate_
                             ->Admit(BearerToken(request),
                                     {entry.case_id, "", "log-inclusion", std::to_string(index)},
                                     [&](const SessionInfo& caller) -> Result<Decision> {
                                       if (caller.user_id == entry.user_id) {
                                         return Decision{true, "own entry"};
                                       }
                                       return WholeLogRule(entry.case_id, caller);
                                     })
                             .status());
      CV_ASSIGN_OR_RETURN(std::vector<sync::MerkleHash> proof,
                          p_.access_log->InclusionProof(index, std::min(size, kMaxProofSize)));
      CV_ASSIGN_OR_RETURN(Bytes encoded, EncodeAccessEntry(entry));
      ApiForm form;
      form.SetHex("entry", encoded);
      AddProof(form, proof);
      return FormReply(form);
    }());
  }

  // The entries of one case from log index `after` on: all of them for the business unit and
  // the safeguarding leads, the caller's own for other members.
  HttpResponse CaseLog(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(uint64_t after, QueryNumber(request, "after", 0));
      CV_ASSIGN_OR_RETURN(uint64_t max, QueryNumber(request, "max", kMaxCaseLogEntries));
      bool whole = false;
      CV_ASSIGN_OR_RETURN(
          SessionInfo session,
          gate_->Admit(BearerToken(request), {case_id, "", "view-log", std::to_string(after)},
                       [&](const SessionInfo& caller) -> Result<Decision> {
                         CV_ASSIGN_OR_RETURN(std::vector<Id128> cases,
                                             p_.policy->CasesOf(caller.user_id));
                         if (std::find(cases.begin(), cases.end(), case_id) == cases.end()) {
                           return Decision{false, "no role or grant on the case"};
                         }
                         CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles,
                                             p_.roster->RolesOf(case_id, caller.user_id));
                         whole = SeesWholeCaseLog(roles);
                         return Decision{
                             true, whole ? "sees the case's whole log" : "sees their own entries"};
                       }));
      CV_ASSIGN_OR_RETURN(std::vector<AccessEntry> scanned,
                          p_.access_log->Entries(after, kMaxScannedEntries));
      ApiForm form;
      size_t count = 0;
      uint64_t next = after;
      for (const AccessEntry& entry : scanned) {
        if (count == std::min(max, kMaxCaseLogEntries)) break;
        const uint64_t index = next++;
        if (entry.case_id != case_id || (!whole && entry.user_id != session.user_id)) continue;
        AddEntry(form, count++, index, entry);
      }
      form.Set("count", std::to_string(count)).Set("next", std::to_string(next));
      return FormReply(form);
    }());
  }

 private:
  Result<Decision> WholeLogRule(const Id128& case_id, const SessionInfo& caller) {
    CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles,
                        p_.roster->RolesOf(case_id, caller.user_id));
    if (SeesWholeCaseLog(roles)) return Decision{true, "sees the case's whole log"};
    return Decision{false, "only the business unit and safeguarding leads see others' entries"};
  }

  ServerApiParts p_;
  std::shared_ptr<CaseGate> gate_;
};

}  // namespace

void AddAccessLogApi(HttpsFrontend& frontend, const ServerApiParts& parts,
                     std::shared_ptr<CaseGate> gate) {
  auto api = std::make_shared<AccessLogApi>(parts, std::move(gate));
  AddRoute(frontend, api, "GET", "/v1/log/checkpoint", &AccessLogApi::Checkpoint);
  AddRoute(frontend, api, "GET", "/v1/log/inclusion", &AccessLogApi::Inclusion);
  AddRoute(frontend, api, "GET", "/v1/log/consistency", &AccessLogApi::Consistency);
  AddRoute(frontend, api, "GET", R"(/v1/cases/([0-9a-f]{32})/log)", &AccessLogApi::CaseLog);
}

}  // namespace casevault::server
