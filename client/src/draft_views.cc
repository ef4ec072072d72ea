#include "casevault/client/draft_views.h"

#include "casevault/crypto/random_id.h"
#include "reply_fields.h"

namespace casevault::client {
namespace {

using sync::ApiForm;

std::string ViewsPath(const Id128& case_id) { return "/v1/cases/" + case_id.ToHex() + "/views"; }

// A view line: view:viewer:shared_by:created:expires.
Result<DraftViewListing> ParseViewLine(const std::string& line) {
  const std::vector<std::string> parts = SplitFields(line, 5);
  if (parts.size() != 5) return CorruptionError("the server sent a malformed draft view");
  DraftViewListing view;
  CV_ASSIGN_OR_RETURN(view.view_id, Id128::FromHex(parts[0]));
  CV_ASSIGN_OR_RETURN(view.viewer, Id128::FromHex(parts[1]));
  CV_ASSIGN_OR_RETURN(view.shared_by, Id128::FromHex(parts[2]));
  CV_ASSIGN_OR_RETURN(view.created_micros, ParseInt(parts[3]));
  CV_ASSIGN_OR_RETURN(view.expires_micros, ParseInt(parts[4]));
  return view;
}

// The viewers of `reply` (viewer_<i> = user:role end) with their devices (device_<i> =
// user:device:box key).
Result<std::vector<CaseViewer>> ParseViewers(const ApiForm& reply) {
  std::vector<CaseViewer> viewers;
  CV_ASSIGN_OR_RETURN(int64_t count, reply.GetInt("viewers"));
  for (int64_t i = 0; i < count; ++i) {
    CV_ASSIGN_OR_RETURN(std::string line, reply.Get("viewer_" + std::to_string(i)));
    const std::vector<std::string> parts = SplitFields(line, 2);
    if (parts.size() != 2) return CorruptionError("the server sent a malformed viewer");
    CaseViewer& viewer = viewers.emplace_back();
    CV_ASSIGN_OR_RETURN(viewer.user_id, Id128::FromHex(parts[0]));
    CV_ASSIGN_OR_RETURN(viewer.role_ends_micros, ParseInt(parts[1]));
  }
  CV_ASSIGN_OR_RETURN(int64_t devices, reply.GetInt("devices"));
  for (int64_t i = 0; i < devices; ++i) {
    CV_ASSIGN_OR_RETURN(std::string line, reply.Get("device_" + std::to_string(i)));
    const std::vector<std::string> parts = SplitFields(line, 3);
    ViewerDevice device;
    auto user = Id128::FromHex(parts[0]);
    if (parts.size() != 3 || !user.ok() || parts[2].size() != 2 * device.box_key.bytes.size() ||
        !ParseHex(parts[2], device.box_key.bytes)) {
      return CorruptionError("the server sent a malformed viewer device");
    }
    CV_ASSIGN_OR_RETURN(device.device_id, Id128::FromHex(parts[1]));
    for (CaseViewer& viewer : viewers) {
      if (viewer.user_id == *user) viewer.devices.push_back(device);
    }
  }
  return viewers;
}

}  // namespace

Result<DraftViewListing> DraftViews::Share(const Id128& case_id, const Id128& viewer,
                                           const schema::Record& draft, std::optional<int> hours) {
  CV_ASSIGN_OR_RETURN(DraftViewRoster roster, List(case_id));
  const CaseViewer* found = nullptr;
  for (const CaseViewer& candidate : roster.viewers) {
    if (candidate.user_id == viewer) found = &candidate;
  }
  if (!found) {
    return FailedPreconditionError("user " + viewer.ToHex() +
                                   " holds no viewer role on the case now: the business unit "
                                   "assigns one first (member add --role viewer --hours N)");
  }
  if (found->devices.empty()) {
    return FailedPreconditionError(
        "the viewer has not enrolled a device yet: nothing can be "
        "sealed to them");
  }
  DraftViewBinding binding{.case_id = case_id, .view_id = crypto::NewRandomId(), .viewer = viewer};
  CV_ASSIGN_OR_RETURN(SealedDraftForViewer sealed,
                      SealDraftForViewer(binding, draft, device_.signing_keys(), found->devices));
  ApiForm form;
  form.Set("view", binding.view_id.ToHex())
      .Set("viewer", viewer.ToHex())
      .SetHex("sealed", sealed.sealed)
      .Set("keys", std::to_string(found->devices.size()));
  if (hours) form.Set("hours", std::to_string(*hours));
  for (size_t i = 0; i < found->devices.size(); ++i) {
    form.Set("device_" + std::to_string(i), found->devices[i].device_id.ToHex())
        .SetHex("key_" + std::to_string(i), sealed.wrapped_keys[i]);
  }
  CV_ASSIGN_OR_RETURN(ApiForm reply, transport_.CallForm("POST", ViewsPath(case_id), form));
  DraftViewListing shared{.view_id = binding.view_id,
                          .viewer = viewer,
                          .shared_by = user_id_,
                          .created_micros = 0,
                          .expires_micros = 0};
  CV_ASSIGN_OR_RETURN(shared.created_micros, reply.GetInt("created"));
  CV_ASSIGN_OR_RETURN(shared.expires_micros, reply.GetInt("expires"));
  return shared;
}

Result<DraftViewRoster> DraftViews::List(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(ApiForm reply, transport_.CallForm("GET", ViewsPath(case_id), ApiForm()));
  DraftViewRoster roster;
  CV_ASSIGN_OR_RETURN(int64_t views, reply.GetInt("views"));
  for (int64_t i = 0; i < views; ++i) {
    CV_ASSIGN_OR_RETURN(std::string line, reply.Get("view_" + std::to_string(i)));
    CV_ASSIGN_OR_RETURN(DraftViewListing view, ParseViewLine(line));
    roster.views.push_back(view);
  }
  if (!reply.GetOr("viewers", "").empty()) {
    CV_ASSIGN_OR_RETURN(roster.viewers, ParseViewers(reply));
  }
  return roster;
}

Result<OpenedDraftView> DraftViews::Open(const Id128& case_id, const Id128& view_id) {
  CV_ASSIGN_OR_RETURN(
      ApiForm reply,
      transport_.CallForm("GET", ViewsPath(case_id) + "/" + view_id.ToHex(), ApiForm()));
  CV_ASSIGN_OR_RETURN(Bytes sealed, reply.GetHex("sealed"));
  CV_ASSIGN_OR_RETURN(Bytes key, reply.GetHex("key"));
  crypto::SigningPublicKey sharer;
  CV_ASSIGN_OR_RETURN(Bytes signing_key, reply.GetHex("signing_key", sharer.bytes.size()));
  std::copy(signing_key.begin(), signing_key.end(), sharer.bytes.begin());
  OpenedDraftView opened{.draft = schema::Record(schema::RecordType::kReportDraft),
                         .shared_by = Id128{},
                         .expires_micros = 0};
  CV_ASSIGN_OR_RETURN(opened.shared_by, reply.GetId("shared_by"));
  CV_ASSIGN_OR_RETURN(opened.expires_micros, reply.GetInt("expires"));
  const DraftViewBinding binding{.case_id = case_id, .view_id = view_id, .viewer = user_id_};
  CV_ASSIGN_OR_RETURN(opened.draft,
                      OpenDraftForViewer(binding, sealed, key, device_.box_keys(), sharer));
  return opened;
}

Status DraftViews::Withdraw(const Id128& case_id, const Id128& view_id) {
  return transport_
      .CallForm("POST", ViewsPath(case_id) + "/" + view_id.ToHex() + "/withdraw", ApiForm())
      .status();
}

}  // namespace casevault::client
