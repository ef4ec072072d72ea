#include "casevault/client/case_move_reason.h"

#include "casevault/crypto/record_seal.h"

namespace casevault::client {
namespace {

constexpr size_t kMaxReason = 2000;
constexpr size_t kEpochBytes = 4;

// What a reason for moving case `case_id` to `to` is bound to.
struct MoveBinding {
  std::string case_hex;
  std::string record;

  MoveBinding(const Id128& case_id, sync::CaseState to)
      : case_hex(case_id.ToHex()), record("case-move:") {
    record.append(sync::CaseStateName(to));
  }

  crypto::RecordAad Aad(uint32_t epoch) const {
    return {.case_id = case_hex, .compartment = "shared", .record_id = record, .epoch = epoch};
  }
};

}  // namespace

Result<Bytes> SealMoveReason(sync::CompartmentKeys& keys, const Id128& case_id, sync::CaseState to,
                             std::string_view reason) {
  if (reason.empty() || reason.size() > kMaxReason) {
    return InvalidArgumentError("a reason is 1 to " + std::to_string(kMaxReason) + " bytes long");
  }
  const sync::CompartmentRef shared{case_id, "shared"};
  Result<uint32_t> epoch = keys.LatestEpoch(shared);
  if (!epoch.ok()) {
    return NotFoundError(
        "this device holds no key of the case's shared compartment yet: run "
        "`casevault sync`, then try again");
  }
  CV_ASSIGN_OR_RETURN(const crypto::SecretKey* key, keys.Key(shared, *epoch));
  Bytes sealed;
  AppendU32(sealed, *epoch);
  const Bytes envelope =
      crypto::SealRecord(*key, MoveBinding(case_id, to).Aad(*epoch), AsBytes(reason));
  sealed.insert(sealed.end(), envelope.begin(), envelope.end());
  return sealed;
}

Result<std::string> OpenMoveReason(sync::CompartmentKeys& keys, const Id128& case_id,
                                   sync::CaseState to, ByteView sealed) {
  if (sealed.size() < kEpochBytes) return TruncatedError("a sealed reason is too short");
  const uint32_t epoch = ReadU32(sealed, 0);
  CV_ASSIGN_OR_RETURN(const crypto::SecretKey* key,
                      keys.Key(sync::CompartmentRef{case_id, "shared"}, epoch));
  CV_ASSIGN_OR_RETURN(Bytes reason, crypto::OpenRecord(*key, MoveBinding(case_id, to).Aad(epoch),
                                                       sealed.subspan(kEpochBytes)));
  return std::string(reason.begin(), reason.end());
}

}  // namespace casevault::client
