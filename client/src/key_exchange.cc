#include "casevault/client/key_exchange.h"

#include <utility>
#include <vector>

#include "casevault/crypto/sealed_box.h"

namespace casevault::client {
namespace {

// Stores every copy sealed to this device; returns the newest epoch the replica then holds.
Result<uint32_t> StoreMyKeys(Replica& replica, HttpsTransport& server,
                             const CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(DeviceKeys keys, server.MyKeys(where));
  for (const auto& [epoch, wrapped] : keys.wrapped) {
    CV_RETURN_IF_ERROR(replica.AddCompartmentKey(where, epoch, wrapped));
  }
  Result<uint32_t> held = replica.LatestEpoch(where);
  if (held.status().code() == StatusCode::kNotFound) return 0u;
  return held;
}

// `key` sealed to each member device that is not revoked and passes `wanted`.
template <typename Wanted>
std::vector<std::pair<Id128, Bytes>> SealFor(const CompartmentMembers& members,
                                             const crypto::SecretKey& key, Wanted&& wanted) {
  std::vector<std::pair<Id128, Bytes>> copies;
  for (const MemberDevice& device : members.devices) {
    if (device.revoked || !wanted(device)) continue;
    copies.emplace_back(device.device_id, crypto::WrapKey(device.box_key, key));
  }
  return copies;
}

// Creates epoch `epoch` for every current member device; false when another member created it
// first (the caller then fetches theirs).
Result<bool> CreateEpoch(HttpsTransport& server, const CompartmentRef& where,
                         const CompartmentMembers& members, uint32_t epoch) {
  const crypto::SecretKey key = crypto::SecretKey::Generate();
  const std::vector<std::pair<Id128, Bytes>> copies =
      SealFor(members, key, [](const MemberDevice&) { return true; });
  const Status created = server.UploadKeys(where, epoch, /*create=*/true, copies);
  if (created.code() == StatusCode::kFailedPrecondition) return false;
  CV_RETURN_IF_ERROR(created);
  return true;
}

}  // namespace

Result<KeySyncReport> SyncKeys(Replica& replica, HttpsTransport& server,
                               const CompartmentRef& where) {
  KeySyncReport report;
  CV_ASSIGN_OR_RETURN(report.epoch, StoreMyKeys(replica, server, where));
  CV_ASSIGN_OR_RETURN(CompartmentMembers members, server.Members(where));
  for (const MemberDevice& device : members.devices) {
    report.devices[device.device_id] = device.signing_key;
  }
  CV_RETURN_IF_ERROR(replica.SetWritable(where, members.writable));
  if (!members.writable) return report;

  const bool first = members.latest_epoch == 0;
  const bool rotate = !first && members.stale_holders > 0 && report.epoch == members.latest_epoch;
  if (first || rotate) {
    CV_ASSIGN_OR_RETURN(bool created,
                        CreateEpoch(server, where, members, members.latest_epoch + 1));
    if (first) {
      report.created = created;
    } else {
      report.rotated = created;
    }
    CV_ASSIGN_OR_RETURN(report.epoch, StoreMyKeys(replica, server, where));
    return report;
  }
  if (report.epoch != members.latest_epoch) return report;  // cannot share what it lacks
  CV_ASSIGN_OR_RETURN(const crypto::SecretKey* key, replica.Key(where, report.epoch));
  const std::vector<std::pair<Id128, Bytes>> copies =
      SealFor(members, *key, [](const MemberDevice& device) { return !device.holds_latest; });
  if (!copies.empty()) {
    CV_RETURN_IF_ERROR(server.UploadKeys(where, report.epoch, /*create=*/false, copies));
    report.shared = copies.size();
  }
  return report;
}

}  // namespace casevault::client
