#include "casevault/server/server_api.h"

#include <charconv>

#include "access_log_api.h"
#include "api_replies.h"
#include "case_administration_api.h"
#include "casevault/server/case_gate.h"
#include "casevault/sync/api_form.h"
#include "casevault/sync/file_transfer.h"
#include "casevault/sync/hub_messages.h"
#include "casevault/sync/offline_read.h"
#include "draft_view_api.h"

namespace casevault::server {
namespace {

using sync::ApiForm;
using sync::CompartmentRef;

constexpr std::string_view kCompartmentPath =
    R"(/v1/cases/([0-9a-f]{32})/compartments/(shared|drafts|agency:[a-z0-9_-]{1,64}))";
constexpr std::string_view kHashPattern = "([0-9a-f]{64})";

Result<sync::ChunkHash> HashFromHex(const std::string& hex) {
  sync::ChunkHash hash{};
  if (hex.size() != 2 * hash.size() || !ParseHex(hex, hash)) {
    return InvalidArgumentError("not a chunk hash: " + hex);
  }
  return hash;
}

// The hub's store as one push sees it: its one AppendBatch also appends the push's access log
// entry, in the same unit of the group commit (ServerHubStore::AppendBatchWith); every other
// call goes to `store` as it is.
class LoggedPushStore final : public sync::HubStore {
 public:
  // Works with these, which must outlive it.
  LoggedPushStore(ServerHubStore& store, AccessLog& log, const AccessEntry& entry)
      : store_(store), log_(log), entry_(entry) {}

  Result<std::vector<sync::LogPosition>> AppendBatch(const CompartmentRef& where,
                                                     std::span<const sync::SignedOp> ops,
                                                     int64_t hub_time_micros) override {
    tried_ = true;
    return store_.AppendBatchWith(where, ops, hub_time_micros,
                                  [&](const ServerConnection::Session& session) {
                                    return log_.AppendInUnit(session, entry_).status();
                                  });
  }
  Result<sync::PullPage> Read(const CompartmentRef& where, uint64_t after_seq,
                              size_t max_entries) override {
    return store_.Read(where, after_seq, max_entries);
  }
  Result<bool> HasChunk(const sync::ChunkHash& hash) override { return store_.HasChunk(hash); }
  Status PutChunk(const sync::ChunkHash& hash, ByteView sealed) override {
    return store_.PutChunk(hash, sealed);
  }
  Result<Bytes> GetChunk(const sync::ChunkHash& hash) override { return store_.GetChunk(hash); }

  // Whether AppendBatch was called: false when the Hub refused the push before storing.
  bool tried() const { return tried_; }

 private:
  ServerHubStore& store_;
  AccessLog& log_;
  const AccessEntry& entry_;
  bool tried_ = false;
};

class Api {
 public:
  Api(const ServerApiParts& parts, std::shared_ptr<CaseGate> gate)
      : p_(parts), gate_(std::move(gate)) {}

  HttpResponse Enrol(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(std::string code, form.Get("code"));
      CV_ASSIGN_OR_RETURN(Id128 device_id, form.GetId("device_id"));
      crypto::SigningPublicKey signing_key;
      crypto::BoxPublicKey box_key;
      CV_ASSIGN_OR_RETURN(Bytes signing, form.GetHex("signing_key", signing_key.bytes.size()));
      CV_ASSIGN_OR_RETURN(Bytes box, form.GetHex("box_key", box_key.bytes.size()));
      std::copy(signing.begin(), signing.end(), signing_key.bytes.begin());
      std::copy(box.begin(), box.end(), box_key.bytes.begin());
      CV_ASSIGN_OR_RETURN(Device device, p_.identity->Enrol(code, device_id, signing_key, box_key,
                                                            request.remote_address));
      Record(EventLevel::kInfo, "identity.device_enrolled",
             {{"user", device.user_id.ToHex()}, {"device", device_id.ToHex()}});
      return FormReply(ApiForm()
                           .Set("user_id", device.user_id.ToHex())
                           .SetHex("log_key", p_.log_key->public_key().bytes));
    }());
  }

  HttpResponse Challenge(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(Id128 device_id, form.GetId("device_id"));
      CV_ASSIGN_OR_RETURN(Bytes challenge, p_.identity->Challenge(device_id));
      return FormReply(ApiForm().SetHex("challenge", challenge));
    }());
  }

  HttpResponse Login(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(Id128 device_id, form.GetId("device_id"));
      CV_ASSIGN_OR_RETURN(Bytes challenge, form.GetHex("challenge"));
      crypto::Signature signature{};
      CV_ASSIGN_OR_RETURN(Bytes signed_bytes, form.GetHex("signature", signature.size()));
      std::copy(signed_bytes.begin(), signed_bytes.end(), signature.begin());
      auto issued = p_.identity->Login(device_id, challenge, signature, request.remote_address);
      if (!issued.ok()) {
        Record(EventLevel::kWarning, "identity.login_refused",
               {{"device", device_id.ToHex()},
                {"remote", request.remote_address},
                {"code", std::string(StatusCodeName(issued.status().code()))}});
        return issued.status();
      }
      return TokenReply(*issued);
    }());
  }

  HttpResponse Refresh(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(IssuedToken issued, p_.identity->Refresh(BearerToken(request)));
      return TokenReply(issued);
    }());
  }

  HttpResponse MyDevices(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(SessionInfo session, p_.identity->Authenticate(BearerToken(request)));
      CV_ASSIGN_OR_RETURN(std::vector<Device> devices, p_.identity->DevicesOf(session.user_id));
      ApiForm form;
      form.Set("count", std::to_string(devices.size()));
      for (size_t i = 0; i < devices.size(); ++i) {
        form.Set("device_" + std::to_string(i),
                 devices[i].device_id.ToHex() + ":" + (devices[i].revoked ? "1" : "0"));
      }
      return FormReply(form);
    }());
  }

  HttpResponse RevokeMyDevice(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(SessionInfo session, p_.identity->Authenticate(BearerToken(request)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(Id128 device_id, form.GetId("device"));
      CV_ASSIGN_OR_RETURN(std::vector<Device> devices, p_.identity->DevicesOf(session.user_id));
      if (std::none_of(devices.begin(), devices.end(),
                       [&](const Device& device) { return device.device_id == device_id; })) {
        return PermissionDeniedError("device " + device_id.ToHex() + " is not one of your devices");
      }
      CV_RETURN_IF_ERROR(p_.identity->RevokeDevice(device_id));
      Record(EventLevel::kInfo, "identity.device_revoked",
             {{"user", session.user_id.ToHex()}, {"device", device_id.ToHex()}});
      return Ok({});
    }());
  }

  HttpResponse Push(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(std::vector<sync::SignedOp> ops,
                          sync::DecodeOps(request.body, sync::Hub::kMaxOpsPerPush));
      CV_ASSIGN_OR_RETURN(Decided decided, Decide(request, Access::kWrite, "push",
                                                  std::to_string(ops.size()) + " operations"));
      if (!decided.gate.answer.ok()) return gate_->Log(std::move(decided.gate)).status();
      // Allowed: the entry is appended in the ops' own unit of the group commit, so a push
      // waits for one durable commit, not one for each.
      LoggedPushStore store(*p_.hub_store, *p_.access_log, decided.gate.entry);
      Result<std::vector<sync::LogPosition>> positions =
          sync::Hub(store, *p_.env).Push(decided.where, ops);
      if (!store.tried()) {
        // The Hub refused the ops before storing anything: the entry goes alone.
        CV_RETURN_IF_ERROR(gate_->Log(std::move(decided.gate)).status());
      } else if (!positions.ok()) {
        return gate_->RefuseUnlogged(positions.status());
      }
      CV_RETURN_IF_ERROR(positions.status());
      return Ok(sync::EncodePositions(*positions));
    }());
  }

  HttpResponse Pull(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(uint64_t after, QueryNumber(request, "after", 0));
      CV_ASSIGN_OR_RETURN(uint64_t max, QueryNumber(request, "max", sync::Hub::kMaxPullEntries));
      CV_ASSIGN_OR_RETURN(Admitted admitted,
                          Admit(request, Access::kRead, "pull", "after " + std::to_string(after)));
      const CompartmentRef& where = admitted.where;
      CV_ASSIGN_OR_RETURN(sync::PullPage page,
                          p_.hub->Pull(where, after, static_cast<size_t>(max)));
      return Ok(sync::EncodePullPage(page));
    }());
  }

  HttpResponse MissingChunks(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(std::vector<sync::ChunkHash> hashes,
                          sync::DecodeChunkHashes(request.body, sync::kMaxChunksPerQuery));
      CV_ASSIGN_OR_RETURN(Admitted admitted, Admit(request, Access::kWrite, "missing-chunks",
                                                   std::to_string(hashes.size()) + " chunks"));
      const CompartmentRef& where = admitted.where;
      CV_ASSIGN_OR_RETURN(std::vector<sync::ChunkHash> missing,
                          p_.hub->MissingChunks(where, hashes));
      // The chunks already held now serve this case too: closing it must account for them.
      std::vector<sync::ChunkHash> held;
      for (const sync::ChunkHash& hash : hashes) {
        if (std::find(missing.begin(), missing.end(), hash) == missing.end()) held.push_back(hash);
      }
      CV_RETURN_IF_ERROR(p_.closure->RecordChunks(where.case_id, held));
      return Ok(sync::EncodeChunkHashes(missing));
    }());
  }

  HttpResponse PutChunk(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(sync::ChunkHash hash, HashFromHex(request.path_params.at(2)));
      CV_ASSIGN_OR_RETURN(Admitted admitted,
                          Admit(request, Access::kWrite, "put-chunk", ToHex(hash)));
      const CompartmentRef& where = admitted.where;
      const sync::ChunkHash owned[] = {hash};
      CV_RETURN_IF_ERROR(p_.closure->RecordChunks(where.case_id, owned));
      CV_RETURN_IF_ERROR(p_.hub->PutChunk(where, hash, request.body));
      return Ok({});
    }());
  }

  HttpResponse GetChunk(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(sync::ChunkHash hash, HashFromHex(request.path_params.at(2)));
      CV_ASSIGN_OR_RETURN(Admitted admitted,
                          Admit(request, Access::kRead, "get-chunk", ToHex(hash)));
      const CompartmentRef& where = admitted.where;
      CV_ASSIGN_OR_RETURN(Bytes chunk, p_.hub->GetChunk(where, hash));
      return Ok(std::move(chunk));
    }());
  }

  HttpResponse Members(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Admitted admitted, Admit(request, Access::kRead, "list-members", ""));
      const CompartmentRef& where = admitted.where;
      CV_ASSIGN_OR_RETURN(std::vector<Device> devices, MemberDevices(where));
      CV_ASSIGN_OR_RETURN(uint32_t latest, p_.keys->LatestEpoch(where));
      CV_ASSIGN_OR_RETURN(std::vector<Id128> holders, p_.keys->Holders(where, latest));
      CV_ASSIGN_OR_RETURN(Decision writable,
                          p_.policy->Check(admitted.session.user_id, where, Access::kWrite));
      // Holders of the newest key who may no longer see the compartment: it must be rotated.
      const size_t stale = static_cast<size_t>(
          std::count_if(holders.begin(), holders.end(), [&](const Id128& holder) {
            return std::none_of(devices.begin(), devices.end(), [&](const Device& device) {
              return device.device_id == holder && !device.revoked;
            });
          }));
      ApiForm form;
      form.Set("latest", std::to_string(latest))
          .Set("count", std::to_string(devices.size()))
          .Set("writable", writable.allowed ? "1" : "0")
          .Set("stale_holders", std::to_string(stale));
      for (size_t i = 0; i < devices.size(); ++i) {
        const Device& device = devices[i];
        const bool holds =
            std::find(holders.begin(), holders.end(), device.device_id) != holders.end();
        form.Set("device_" + std::to_string(i),
                 device.user_id.ToHex() + ":" + device.device_id.ToHex() + ":" +
                     ToHex(device.signing_key.bytes) + ":" + ToHex(device.box_key.bytes) + ":" +
                     (device.revoked ? "1" : "0") + ":" + (holds ? "1" : "0"));
      }
      return FormReply(form);
    }());
  }

  HttpResponse GetKeys(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Admitted admitted, Admit(request, Access::kRead, "get-keys", ""));
      const CompartmentRef& where = admitted.where;
      CV_ASSIGN_OR_RETURN(std::vector<WrappedKey> keys,
                          p_.keys->ForDevice(where, admitted.session.device_id));
      CV_ASSIGN_OR_RETURN(uint32_t latest, p_.keys->LatestEpoch(where));
      ApiForm form;
      form.Set("latest", std::to_string(latest)).Set("count", std::to_string(keys.size()));
      for (size_t i = 0; i < keys.size(); ++i) {
        form.Set("key_" + std::to_string(i),
                 std::to_string(keys[i].epoch) + ":" + ToHex(keys[i].wrapped));
      }
      return FormReply(form);
    }());
  }

  HttpResponse PostKeys(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(int64_t epoch, form.GetInt("epoch"));
      CV_ASSIGN_OR_RETURN(int64_t count, form.GetInt("count"));
      const bool create = form.GetOr("create", "0") == "1";
      if (epoch < 1 || epoch > UINT32_MAX || count < 0 || count > 10'000) {
        return InvalidArgumentError("epoch must be from 1 and count from 0 to 10000");
      }
      CV_ASSIGN_OR_RETURN(Admitted admitted,
                          Admit(request, Access::kWrite, create ? "create-key" : "share-key",
                                "epoch " + std::to_string(epoch)));
      const CompartmentRef& where = admitted.where;
      const Id128& uploader = admitted.session.device_id;
      CV_ASSIGN_OR_RETURN(std::vector<Device> members, MemberDevices(where));
      std::vector<WrappedKey> keys;
      for (int64_t i = 0; i < count; ++i) {
        CV_ASSIGN_OR_RETURN(std::string entry, form.Get("key_" + std::to_string(i)));
        const size_t colon = entry.find(':');
        auto device_id = Id128::FromHex(entry.substr(0, colon));
        Bytes wrapped(colon == std::string::npos ? 0 : (entry.size() - colon - 1) / 2);
        if (colon == std::string::npos || !device_id.ok() || wrapped.empty() ||
            !ParseHex(std::string_view(entry).substr(colon + 1), wrapped)) {
          return InvalidArgumentError("key_" + std::to_string(i) + " is not device:wrapped");
        }
        const bool member = std::any_of(members.begin(), members.end(), [&](const Device& d) {
          return d.device_id == *device_id && !d.revoked;
        });
        if (!member) {
          return PermissionDeniedError("device " + device_id->ToHex() +
                                       " is not an enrolled device of anyone granted " +
                                       where.name);
        }
        keys.push_back({static_cast<uint32_t>(epoch), *device_id, std::move(wrapped)});
      }
      const auto epoch32 = static_cast<uint32_t>(epoch);
      CV_RETURN_IF_ERROR(create ? p_.keys->CreateEpoch(where, epoch32, keys, uploader)
                                : p_.keys->Share(where, epoch32, keys, uploader));
      return Ok({});
    }());
  }

  HttpResponse RecordAgreement(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(std::string kind, form.Get("kind"));
      if (kind != "confidentiality" && kind != "interest") {
        return InvalidArgumentError("kind is confidentiality or interest, not " + kind);
      }
      CV_ASSIGN_OR_RETURN(SessionInfo session,
                          gate_->Admit(BearerToken(request),
                                       CaseAction{case_id, "",
                                                  kind == "confidentiality" ? "sign-confidentiality"
                                                                            : "declare-interest",
                                                  ""},
                                       [](const SessionInfo&) -> Result<Decision> {
                                         return Decision{true, "recorded"};
                                       }));
      CV_RETURN_IF_ERROR(p_.policy->RecordAgreement(session.user_id, case_id,
                                                    kind == "confidentiality"
                                                        ? AccessPolicy::Agreement::kConfidentiality
                                                        : AccessPolicy::Agreement::kInterest));
      return Ok({});
    }());
  }

  HttpResponse OfflineReads(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(SessionInfo session, p_.identity->Authenticate(BearerToken(request)));
      CV_ASSIGN_OR_RETURN(Device device, p_.identity->GetDevice(session.device_id));
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(int64_t count, form.GetInt("count"));
      if (count < 0 || count > 1000) return InvalidArgumentError("send 0 to 1000 reads at once");
      std::vector<AccessEntry> entries;
      // A read is logged once, however often it is uploaded: the device signs the same read
      // with the same (deterministic Ed25519) signature each time, so the pair names it.
      std::vector<Bytes> keys;
      for (int64_t i = 0; i < count; ++i) {
        CV_ASSIGN_OR_RETURN(std::string text, form.Get("read_" + std::to_string(i)));
        // happened_at:action:object:signature (object ids hold no ':')
        const size_t a = text.find(':');
        const size_t b = a == std::string::npos ? a : text.find(':', a + 1);
        const size_t c = b == std::string::npos ? b : text.find(':', b + 1);
        sync::OfflineRead read{case_id, request.path_params.at(1), "", "", 0};
        crypto::Signature signature{};
        int64_t happened = 0;
        const std::string time_text = text.substr(0, a);
        const auto [end, error] =
            std::from_chars(time_text.data(), time_text.data() + time_text.size(), happened);
        if (c == std::string::npos || error != std::errc() ||
            end != time_text.data() + time_text.size() ||
            !ParseHex(std::string_view(text).substr(c + 1), signature)) {
          return InvalidArgumentError("read_" + std::to_string(i) +
                                      " is not happened_at:action:object:signature");
        }
        read.happened_at_micros = happened;
        read.action = text.substr(a + 1, b - a - 1);
        read.object_id = text.substr(b + 1, c - b - 1);
        CV_RETURN_IF_ERROR(crypto::VerifySignature(
                               device.signing_key,
                               sync::OfflineReadSigningInput(read, device.device_id), signature)
                               .WithContext("offline read " + std::to_string(i)));
        AccessEntry entry;
        entry.time_micros = p_.env->NowMicros();
        entry.user_id = session.user_id;
        entry.device_id = session.device_id;
        entry.case_id = case_id;
        entry.compartment = read.compartment;
        entry.action = read.action;
        entry.object_id = read.object_id;
        entry.allowed = true;
        entry.reason = "read offline";
        entry.happened_at_micros = read.happened_at_micros;
        entries.push_back(std::move(entry));
        Bytes key(device.device_id.bytes.begin(), device.device_id.bytes.end());
        key.insert(key.end(), signature.begin(), signature.end());
        keys.push_back(std::move(key));
      }
      if (!entries.empty()) CV_RETURN_IF_ERROR(p_.access_log->AppendOnce(entries, keys).status());
      return Ok({});
    }());
  }

 private:
  // Every device of every member of `where`, revoked ones included (their earlier operations
  // still verify), in user then device order.
  Result<std::vector<Device>> MemberDevices(const CompartmentRef& where) {
    CV_ASSIGN_OR_RETURN(std::vector<Id128> users, p_.policy->Members(where));
    std::vector<Device> devices;
    for (const Id128& user : users) {
      CV_ASSIGN_OR_RETURN(std::vector<Device> own, p_.identity->DevicesOf(user));
      devices.insert(devices.end(), own.begin(), own.end());
    }
    return devices;
  }

  HttpResponse TokenReply(const IssuedToken& issued) {
    return FormReply(
        ApiForm().Set("token", issued.token).Set("expires", std::to_string(issued.expires_micros)));
  }

  void Record(EventLevel level, std::string name, std::vector<EventField> fields) {
    p_.events->Record(Event{.time_micros = p_.env->NowMicros(),
                            .level = level,
                            .name = std::move(name),
                            .fields = std::move(fields)});
  }

  // A request let through: on which compartment, and for whom.
  struct Admitted {
    CompartmentRef where;
    SessionInfo session;
  };

  // A request decided and not yet logged: on which compartment, and the gate's decision.
  struct Decided {
    CompartmentRef where;
    CaseGate::Decided gate;
  };

  // Decides on `action` on the compartment the request's path names: allowed when it is not
  // purged and the policy gives the caller `access` to it (CaseGate::Decide; nothing logged).
  Result<Decided> Decide(const HttpRequest& request, Access access, std::string action,
                         std::string object_id) {
    CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
    CompartmentRef where{case_id, request.path_params.at(1)};
    CV_ASSIGN_OR_RETURN(
        CaseGate::Decided decided,
        gate_->Decide(BearerToken(request),
                      CaseAction{case_id, where.name, std::move(action), std::move(object_id)},
                      [&](const SessionInfo& caller) -> Result<Decision> {
                        CV_ASSIGN_OR_RETURN(bool purged, p_.closure->IsPurged(where));
                        if (purged) return Decision{false, where.name + " was purged"};
                        return p_.policy->Check(caller.user_id, where, access);
                      }));
    return Decided{std::move(where), std::move(decided)};
  }

  // Admits the request as Decide decides, once its entry is logged (CaseGate: logged before
  // anything is served, fail closed).
  Result<Admitted> Admit(const HttpRequest& request, Access access, std::string action,
                         std::string object_id) {
    CV_ASSIGN_OR_RETURN(Decided decided,
                        Decide(request, access, std::move(action), std::move(object_id)));
    CV_ASSIGN_OR_RETURN(SessionInfo session, gate_->Log(std::move(decided.gate)));
    return Admitted{std::move(decided.where), std::move(session)};
  }

  ServerApiParts p_;
  std::shared_ptr<CaseGate> gate_;
};

}  // namespace

void AddServerApi(HttpsFrontend& frontend, const ServerApiParts& parts) {
  auto gate = std::make_shared<CaseGate>(*parts.identity, *parts.closure, *parts.access_log,
                                         *parts.events, *parts.env);
  auto api = std::make_shared<Api>(parts, gate);
  const std::string compartment(kCompartmentPath);
  const std::string hash(kHashPattern);
  AddRoute(frontend, api, "POST", "/v1/enrol", &Api::Enrol);
  AddRoute(frontend, api, "POST", "/v1/login/challenge", &Api::Challenge);
  AddRoute(frontend, api, "POST", "/v1/login", &Api::Login);
  AddRoute(frontend, api, "POST", "/v1/login/refresh", &Api::Refresh);
  AddRoute(frontend, api, "GET", "/v1/devices", &Api::MyDevices);
  AddRoute(frontend, api, "POST", "/v1/devices/revoke", &Api::RevokeMyDevice);
  AddRoute(frontend, api, "POST", compartment + "/ops", &Api::Push);
  AddRoute(frontend, api, "GET", compartment + "/ops", &Api::Pull);
  AddRoute(frontend, api, "POST", compartment + "/chunks/missing", &Api::MissingChunks);
  AddRoute(frontend, api, "PUT", compartment + "/chunks/" + hash, &Api::PutChunk);
  AddRoute(frontend, api, "GET", compartment + "/chunks/" + hash, &Api::GetChunk);
  AddRoute(frontend, api, "GET", compartment + "/members", &Api::Members);
  AddRoute(frontend, api, "GET", compartment + "/keys", &Api::GetKeys);
  AddRoute(frontend, api, "POST", compartment + "/keys", &Api::PostKeys);
  AddRoute(frontend, api, "POST", compartment + "/reads", &Api::OfflineReads);
  AddRoute(frontend, api, "POST", R"(/v1/cases/([0-9a-f]{32})/agreements)", &Api::RecordAgreement);
  AddCaseAdministrationApi(frontend, parts, gate);
  AddAccessLogApi(frontend, parts, gate);
  AddDraftViewApi(frontend, parts, gate);
}

}  // namespace casevault::server
