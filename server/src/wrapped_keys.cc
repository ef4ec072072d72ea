#include "casevault/server/wrapped_keys.h"

namespace casevault::server {
namespace {

constexpr size_t kMaxWrappedBytes = 1024;

Status CheckCopies(uint32_t epoch, std::span<const WrappedKey> keys) {
  for (const WrappedKey& key : keys) {
    if (key.epoch != epoch || key.wrapped.empty() || key.wrapped.size() > kMaxWrappedBytes) {
      return InvalidArgumentError("each wrapped key must be of epoch " + std::to_string(epoch) +
                                  " and hold 1 to " + std::to_string(kMaxWrappedBytes) + " bytes");
    }
  }
  return Status::Ok();
}

}  // namespace

Status WrappedKeys::CreateEpoch(const sync::CompartmentRef& where, uint32_t epoch,
                                std::span<const WrappedKey> keys, const Id128& uploaded_by) {
  CV_RETURN_IF_ERROR(CheckCopies(epoch, keys));
  if (epoch > 0) {
    CV_ASSIGN_OR_RETURN(bool created, store_.AddIfNewestEpochIs(where, epoch - 1, keys, uploaded_by,
                                                                env_.NowMicros()));
    if (created) return Status::Ok();
  }
  CV_ASSIGN_OR_RETURN(uint32_t newest, store_.NewestEpoch(where));
  return FailedPreconditionError("epoch " + std::to_string(epoch) + " of " + where.name +
                                 " cannot be created: the newest is " + std::to_string(newest) +
                                 "; fetch it and sync again");
}

Status WrappedKeys::Share(const sync::CompartmentRef& where, uint32_t epoch,
                          std::span<const WrappedKey> keys, const Id128& uploaded_by) {
  CV_RETURN_IF_ERROR(CheckCopies(epoch, keys));
  CV_ASSIGN_OR_RETURN(bool shared,
                      store_.AddIfHolderHas(where, epoch, keys, uploaded_by, env_.NowMicros()));
  if (shared) return Status::Ok();
  // Refused: say why. Epochs are only ever added (until the case closes), so one missing now
  // was missing at the refusal.
  CV_ASSIGN_OR_RETURN(uint32_t newest, store_.NewestEpoch(where));
  if (epoch == 0 || epoch > newest) {
    return FailedPreconditionError("epoch " + std::to_string(epoch) + " of " + where.name +
                                   " does not exist");
  }
  return PermissionDeniedError("device " + uploaded_by.ToHex() + " does not hold epoch " +
                               std::to_string(epoch) + " of " + where.name +
                               ", so it cannot share it");
}

Result<std::vector<WrappedKey>> WrappedKeys::ForDevice(const sync::CompartmentRef& where,
                                                       const Id128& device_id) {
  return store_.ForDevice(where, device_id);
}

Result<uint32_t> WrappedKeys::LatestEpoch(const sync::CompartmentRef& where) {
  return store_.NewestEpoch(where);
}

Result<std::vector<Id128>> WrappedKeys::Holders(const sync::CompartmentRef& where, uint32_t epoch) {
  return store_.Holders(where, epoch);
}

Status WrappedKeys::DeleteCase(const Id128& case_id) { return store_.DeleteCase(case_id); }

Status WrappedKeys::DeleteCompartment(const sync::CompartmentRef& where) {
  return store_.DeleteCompartment(where);
}

}  // namespace casevault::server
