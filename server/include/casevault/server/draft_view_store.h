// DraftViewStore: where the server keeps the drafts shared with time-boxed viewers.
//
// A draft view is one report draft, sealed by the sharer's client under a fresh key that is
// wrapped to each enrolled device of one viewer (DOMAIN.md: a family member may read a draft,
// read-only, for a limited time, with no copy to keep). The server keeps the sealed bytes and
// the wrapped keys and cannot open either. A view ends at its expiry, when it is withdrawn, when
// the drafts are purged and when the case closes; the last three delete it. Each call is atomic
// with respect to every other, and implementations are safe to call from several threads.
// SqliteDraftViewStore keeps them in server.db.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"

namespace casevault::server {

// A draft view's facts (everything but its sealed bytes and keys).
struct DraftViewInfo {
  Id128 view_id;
  Id128 case_id;
  Id128 viewer;
  Id128 shared_by;
  Id128 shared_by_device;
  int64_t created_micros = 0;
  int64_t expires_micros = 0;
};

// The key of a draft view, wrapped to one of the viewer's devices.
struct ViewerDeviceKey {
  Id128 device_id;
  Bytes wrapped;
};

// What a viewer's device fetches: the sealed draft and the view key wrapped to that device.
struct SealedDraftView {
  Bytes sealed;
  Bytes key;
};

class DraftViewStore {
 public:
  virtual ~DraftViewStore() = default;

  // In one transaction: stores view `info` with its sealed bytes `sealed` and its wrapped keys
  // `keys`. AlreadyExists when its view id is taken.
  virtual Status Add(const DraftViewInfo& info, ByteView sealed,
                     std::span<const ViewerDeviceKey> keys) = 0;
  // View `view_id` of case `case_id`; nullopt when there is none.
  virtual Result<std::optional<DraftViewInfo>> Find(const Id128& case_id, const Id128& view_id) = 0;
  // The sealed bytes of view `view_id` and its key wrapped to `device_id`; nullopt when the
  // view or that device's key is missing.
  virtual Result<std::optional<SealedDraftView>> SealedFor(const Id128& view_id,
                                                           const Id128& device_id) = 0;
  // Every view of case `case_id`, oldest first.
  virtual Result<std::vector<DraftViewInfo>> OfCase(const Id128& case_id) = 0;
  // Deletes view `view_id` and its keys (overwriting their bytes); OK when there is none.
  virtual Status Delete(const Id128& view_id) = 0;
  // Deletes every view of case `case_id` and their keys (overwriting their bytes).
  virtual Status DeleteCase(const Id128& case_id) = 0;
};

}  // namespace casevault::server
