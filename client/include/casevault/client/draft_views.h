// DraftViews: drafts shown to time-boxed viewers, over an HttpsTransport (server_api.h,
// "/views"). The business unit or a reviewer shares one draft with a viewer, sealed on their
// device (draft_view_seal.h); the viewer reads it online only, into memory: nothing of it is
// written to the replica or any file. The server decides who may do what, refuses a view that
// ended, and logs every request on the case's `drafts` compartment.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/draft_view_seal.h"
#include "casevault/client/https_transport.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/schema/record.h"

namespace casevault::client {

// A draft shared with a viewer, as listed.
struct DraftViewListing {
  Id128 view_id;
  Id128 viewer;
  Id128 shared_by;
  int64_t created_micros = 0;
  int64_t expires_micros = 0;
};

// A viewer of the case now, with the devices a draft is sealed to.
struct CaseViewer {
  Id128 user_id;
  int64_t role_ends_micros = 0;
  std::vector<ViewerDevice> devices;
};

// What a sharer sees: every view of the case and every current viewer.
struct DraftViewRoster {
  std::vector<DraftViewListing> views;
  std::vector<CaseViewer> viewers;
};

// A draft opened for its viewer (in memory only).
struct OpenedDraftView {
  schema::Record draft;
  Id128 shared_by;
  int64_t expires_micros = 0;
};

class DraftViews {
 public:
  // Works over `transport`, logged in as this device (`device`) of user `user_id`; the
  // transport and the device must outlive it.
  DraftViews(HttpsTransport& transport, const crypto::DeviceIdentity& device, const Id128& user_id)
      : transport_(transport), device_(device), user_id_(user_id) {}

  // Shares `draft` (a report_draft) with `viewer` on case `case_id` for `hours` (nullopt: until
  // the viewer role ends; never past it). Returns the new view as the server stored it.
  // FailedPrecondition when the viewer holds no viewer role or has no enrolled device;
  // PermissionDenied (logged) unless the caller is the business unit or a reviewer.
  Result<DraftViewListing> Share(const Id128& case_id, const Id128& viewer,
                                 const schema::Record& draft, std::optional<int> hours);
  // The views of case `case_id` the caller may see (all, with the viewers, for a sharer; their
  // own for a viewer).
  Result<DraftViewRoster> List(const Id128& case_id);
  // Fetches view `view_id` of case `case_id` and opens it in memory. PermissionDenied (logged)
  // after it ended or for another person; FailedPrecondition when it was not shared with this
  // device; AuthenticationFailed when it was altered (OpenDraftForViewer).
  Result<OpenedDraftView> Open(const Id128& case_id, const Id128& view_id);
  // Withdraws view `view_id` of case `case_id` (the server deletes it).
  Status Withdraw(const Id128& case_id, const Id128& view_id);

 private:
  HttpsTransport& transport_;
  const crypto::DeviceIdentity& device_;
  Id128 user_id_;
};

}  // namespace casevault::client
