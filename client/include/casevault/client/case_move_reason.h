// CaseMoveReason: the reason a person gives for moving a case between states, sealed under the
// case's shared compartment key before it goes to the server, which keeps it without being
// able to read it. Every member who opens `shared` can read it back; once the case is closed
// and its keys destroyed, nobody can.
//
// Sealed form: the key epoch (4 bytes, big-endian) then a record envelope (crypto/record_seal.h)
// bound to the case, the `shared` compartment, the epoch and the state moved to, so a reason
// cannot be replayed onto another case or another move.
#pragma once

#include <string>
#include <string_view>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/sync/case_state.h"
#include "casevault/sync/compartment_keys.h"

namespace casevault::client {

// `reason` (1 to 2,000 bytes of text) for moving case `case_id` to `to`, sealed under the
// latest key of its `shared` compartment in `keys`. InvalidArgument for an empty or too long
// reason; NotFound when the device holds no key of `shared` yet (sync the case first).
Result<Bytes> SealMoveReason(sync::CompartmentKeys& keys, const Id128& case_id, sync::CaseState to,
                             std::string_view reason);

// The reason SealMoveReason sealed for moving case `case_id` to `to`. Truncated for a sealed
// form too short; NotFound when the device lacks that epoch's key; AuthenticationFailed when
// the reason was altered or sealed for another case or move.
Result<std::string> OpenMoveReason(sync::CompartmentKeys& keys, const Id128& case_id,
                                   sync::CaseState to, ByteView sealed);

}  // namespace casevault::client
