#include "draft_view_api.h"

#include <algorithm>
#include <functional>

#include "api_replies.h"
#include "case_rules.h"
#include "casevault/sync/api_form.h"

namespace casevault::server {
namespace {

using sync::ApiForm;
using sync::CaseRole;

constexpr std::string_view kCasePath = R"(/v1/cases/([0-9a-f]{32}))";
constexpr std::string_view kDrafts = "drafts";
constexpr size_t kMaxSealedBytes = 8 * 1024 * 1024;
constexpr int64_t kMaxViewerDevices = 64;

// When the viewer role among `roles` ends; nullopt when there is none.
std::optional<int64_t> ViewerRoleEnd(std::span<const RoleAssignment> roles) {
  for (const RoleAssignment& role : roles) {
    if (role.role == CaseRole::kViewer) return role.expires_micros.value_or(INT64_MAX);
  }
  return std::nullopt;
}

class DraftViewApi {
 public:
  DraftViewApi(const ServerApiParts& parts, std::shared_ptr<CaseGate> gate)
      : p_(parts), gate_(std::move(gate)) {}

  HttpResponse Share(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      DraftViewInfo view;
      view.case_id = case_id;
      CV_ASSIGN_OR_RETURN(view.view_id, form.GetId("view"));
      CV_ASSIGN_OR_RETURN(view.viewer, form.GetId("viewer"));
      CV_ASSIGN_OR_RETURN(Bytes sealed, form.GetHex("sealed"));
      if (sealed.empty() || sealed.size() > kMaxSealedBytes) {
        return InvalidArgumentError("a shared draft is 1 to " + std::to_string(kMaxSealedBytes) +
                                    " sealed bytes");
      }
      CV_ASSIGN_OR_RETURN(std::vector<ViewerDeviceKey> keys, KeysOf(form));
      CV_ASSIGN_OR_RETURN(std::optional<int64_t> hours, OptionalHours(form));
      std::optional<int64_t> role_end;
      CV_ASSIGN_OR_RETURN(
          SessionInfo session,
          gate_->Admit(BearerToken(request),
                       {case_id, std::string(kDrafts), "share-draft", view.view_id.ToHex()},
                       BySharer(case_id, [&]() -> Result<Decision> {
                         CV_ASSIGN_OR_RETURN(bool purged,
                                             p_.closure->IsPurged({case_id, std::string(kDrafts)}));
                         if (purged) return Decision{false, "the drafts were purged"};
                         CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> viewer_roles,
                                             p_.roster->RolesOf(case_id, view.viewer));
                         role_end = ViewerRoleEnd(viewer_roles);
                         if (!role_end) {
                           return Decision{false, "user " + view.viewer.ToHex() +
                                                      " holds no viewer role on the case now"};
                         }
                         return Decision{true, "shared with viewer " + view.viewer.ToHex()};
                       })));
      CV_RETURN_IF_ERROR(CheckViewerDevices(view.viewer, keys));
      view.shared_by = session.user_id;
      view.shared_by_device = session.device_id;
      view.created_micros = p_.env->NowMicros();
      view.expires_micros =
          hours ? std::min(*role_end, view.created_micros + *hours * kMicrosPerHour) : *role_end;
      CV_RETURN_IF_ERROR(p_.draft_views->Add(view, sealed, keys));
      return FormReply(ApiForm()
                           .Set("created", std::to_string(view.created_micros))
                           .Set("expires", std::to_string(view.expires_micros)));
    }());
  }

  HttpResponse List(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      bool sharer = false;
      CV_ASSIGN_OR_RETURN(
          SessionInfo session,
          gate_->Admit(BearerToken(request), {case_id, std::string(kDrafts), "list-views", ""},
                       [&](const SessionInfo& caller) -> Result<Decision> {
                         CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles,
                                             p_.roster->RolesOf(case_id, caller.user_id));
                         Decision decision = MayShareDraft(roles);
                         sharer = decision.allowed;
                         if (!sharer && ViewerRoleEnd(roles)) {
                           decision = {true, "viewer lists the drafts shared with them"};
                         }
                         if (!decision.allowed) return decision;
                         return p_.policy->CheckAgreements(caller.user_id, case_id);
                       }));
      CV_ASSIGN_OR_RETURN(std::vector<DraftViewInfo> views, p_.draft_views->OfCase(case_id));
      ApiForm form;
      size_t listed = 0;
      for (const DraftViewInfo& view : views) {
        if (!sharer && view.viewer != session.user_id) continue;
        form.Set("view_" + std::to_string(listed++),
                 view.view_id.ToHex() + ":" + view.viewer.ToHex() + ":" + view.shared_by.ToHex() +
                     ":" + std::to_string(view.created_micros) + ":" +
                     std::to_string(view.expires_micros));
      }
      form.Set("views", std::to_string(listed));
      if (sharer) CV_RETURN_IF_ERROR(ListViewers(case_id, form));
      return FormReply(form);
    }());
  }

  HttpResponse Open(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(Id128 view_id, Id128::FromHex(request.path_params.at(1)));
      std::optional<DraftViewInfo> view;
      CV_ASSIGN_OR_RETURN(
          SessionInfo session,
          gate_->Admit(BearerToken(request),
                       {case_id, std::string(kDrafts), "view-draft", view_id.ToHex()},
                       [&](const SessionInfo& caller) -> Result<Decision> {
                         CV_ASSIGN_OR_RETURN(view, p_.draft_views->Find(case_id, view_id));
                         if (!view || view->viewer != caller.user_id) {
                           return Decision{false, "no draft of the case is shared with you so"};
                         }
                         CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles,
                                             p_.roster->RolesOf(case_id, caller.user_id));
                         if (!ViewerRoleEnd(roles)) {
                           return Decision{false, "the viewer role has ended or was withdrawn"};
                         }
                         if (p_.env->NowMicros() >= view->expires_micros) {
                           return Decision{
                               false, "the view ended at " + std::to_string(view->expires_micros)};
                         }
                         CV_ASSIGN_OR_RETURN(Decision agreed,
                                             p_.policy->CheckAgreements(caller.user_id, case_id));
                         if (!agreed.allowed) return agreed;
                         return Decision{true, "viewer reads the draft shared with them"};
                       }));
      CV_ASSIGN_OR_RETURN(std::optional<SealedDraftView> sealed,
                          p_.draft_views->SealedFor(view_id, session.device_id));
      if (!sealed) {
        return FailedPreconditionError(
            "the draft was not shared with this device (enrolled since?): ask for it to be "
            "shared again");
      }
      CV_ASSIGN_OR_RETURN(Device sharer, p_.identity->GetDevice(view->shared_by_device));
      return FormReply(ApiForm()
                           .SetHex("sealed", sealed->sealed)
                           .SetHex("key", sealed->key)
                           .Set("shared_by", view->shared_by.ToHex())
                           .Set("shared_by_device", view->shared_by_device.ToHex())
                           .SetHex("signing_key", sharer.signing_key.bytes)
                           .Set("expires", std::to_string(view->expires_micros)));
    }());
  }

  HttpResponse Withdraw(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(Id128 view_id, Id128::FromHex(request.path_params.at(1)));
      CV_RETURN_IF_ERROR(
          gate_
              ->Admit(BearerToken(request),
                      {case_id, std::string(kDrafts), "withdraw-view", view_id.ToHex()},
                      BySharer(case_id))
              .status());
      CV_ASSIGN_OR_RETURN(std::optional<DraftViewInfo> view,
                          p_.draft_views->Find(case_id, view_id));
      if (!view) return NotFoundError("no draft view " + view_id.ToHex() + " in the case");
      CV_RETURN_IF_ERROR(p_.draft_views->Delete(view_id));
      return Ok({});
    }());
  }

 private:
  // The rule: the caller shares drafts on `case_id` (MayShareDraft), has signed the
  // agreements, and then `also` (when given) allows it too.
  CaseGate::Rule BySharer(const Id128& case_id, std::function<Result<Decision>()> also = {}) {
    return ByRoles(p_, case_id, &MayShareDraft, std::move(also));
  }

  // The wrapped keys of `form`: "keys", and for each i below it "device_<i>" (an id) and
  // "key_<i>" (hex).
  static Result<std::vector<ViewerDeviceKey>> KeysOf(const ApiForm& form) {
    CV_ASSIGN_OR_RETURN(int64_t count, form.GetInt("keys"));
    if (count < 1 || count > kMaxViewerDevices) {
      return InvalidArgumentError("a shared draft needs 1 to " + std::to_string(kMaxViewerDevices) +
                                  " wrapped keys");
    }
    std::vector<ViewerDeviceKey> keys(static_cast<size_t>(count));
    for (size_t i = 0; i < keys.size(); ++i) {
      CV_ASSIGN_OR_RETURN(keys[i].device_id, form.GetId("device_" + std::to_string(i)));
      CV_ASSIGN_OR_RETURN(keys[i].wrapped, form.GetHex("key_" + std::to_string(i)));
    }
    return keys;
  }

  // OK when every key of `keys` is for a device of `viewer` that is not revoked.
  Status CheckViewerDevices(const Id128& viewer, std::span<const ViewerDeviceKey> keys) {
    CV_ASSIGN_OR_RETURN(std::vector<Device> devices, p_.identity->DevicesOf(viewer));
    for (const ViewerDeviceKey& key : keys) {
      const bool theirs = std::any_of(devices.begin(), devices.end(), [&](const Device& device) {
        return device.device_id == key.device_id && !device.revoked;
      });
      if (!theirs) {
        return InvalidArgumentError("device " + key.device_id.ToHex() +
                                    " is not an enrolled device of the viewer");
      }
    }
    return Status::Ok();
  }

  // Adds to `form` each current viewer of `case_id` (viewer_<i> = user:role end) and their
  // devices' box keys (device_<j> = user:device:box key), which a sharer wraps keys to.
  Status ListViewers(const Id128& case_id, ApiForm& form) {
    CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roster, p_.roster->Roster(case_id));
    size_t viewers = 0, devices = 0;
    for (const RoleAssignment& role : roster) {
      if (role.role != CaseRole::kViewer) continue;
      form.Set("viewer_" + std::to_string(viewers++),
               role.user_id.ToHex() + ":" + std::to_string(role.expires_micros.value_or(0)));
      CV_ASSIGN_OR_RETURN(std::vector<Device> theirs, p_.identity->DevicesOf(role.user_id));
      for (const Device& device : theirs) {
        if (device.revoked) continue;
        form.Set("device_" + std::to_string(devices++), role.user_id.ToHex() + ":" +
                                                            device.device_id.ToHex() + ":" +
                                                            ToHex(device.box_key.bytes));
      }
    }
    form.Set("viewers", std::to_string(viewers)).Set("devices", std::to_string(devices));
    return Status::Ok();
  }

  ServerApiParts p_;
  std::shared_ptr<CaseGate> gate_;
};

}  // namespace

void AddDraftViewApi(HttpsFrontend& frontend, const ServerApiParts& parts,
                     std::shared_ptr<CaseGate> gate) {
  auto api = std::make_shared<DraftViewApi>(parts, std::move(gate));
  const std::string views = std::string(kCasePath) + "/views";
  const std::string a_view = views + "/([0-9a-f]{32})";
  AddRoute(frontend, api, "POST", views, &DraftViewApi::Share);
  AddRoute(frontend, api, "GET", views, &DraftViewApi::List);
  AddRoute(frontend, api, "GET", a_view, &DraftViewApi::Open);
  AddRoute(frontend, api, "POST", a_view + "/withdraw", &DraftViewApi::Withdraw);
}

}  // namespace casevault::server
