// SignedOp: an operation as it travels and as the hub stores it.
//
// The body (EncodeOperation) is sealed under the compartment key of `epoch` with associated
// data binding case, compartment, "op:<op id>" and epoch; the author's device signs the clear
// header and the envelope. The hub sees only the op id, the author device, the epoch and sizes.
// A receiver verifies the signature against the author's known signing key, opens the
// envelope, and checks that the body repeats the header's op id and author, so an op cannot be
// replayed under another id, author, record, compartment or case.
#pragma once

#include <functional>
#include <map>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/crypto/secret_bytes.h"
#include "casevault/crypto/signing.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/operation.h"

namespace casevault::sync {

struct SignedOp {
  Id128 op_id;
  Id128 author_device;
  uint32_t epoch = 0;
  Bytes envelope;
  crypto::Signature signature{};

  friend bool operator==(const SignedOp&, const SignedOp&) = default;
};

// Seals `op` into `where` under `key` (the compartment key of `epoch`) and signs it with
// `signer`, which must be the key pair of op.author_device.
SignedOp SealAndSign(const Operation& op, const CompartmentRef& where, uint32_t epoch,
                     const crypto::SecretKey& key, const crypto::SigningKeyPair& signer);

// The bytes the author signs: "casevault.signed-op.v1" | case id (16) | compartment name (u32
// length + bytes) | op id (16) | author device (16) | epoch (u32) | envelope (u32 length +
// bytes), integers little endian. Binding case and compartment makes a signed op worthless
// anywhere else.
Bytes SignedOpSigningInput(const SignedOp& signed_op, const CompartmentRef& where);

// The compartment key of an epoch, or why it is not available.
using EpochKeyLookup = std::function<Result<const crypto::SecretKey*>(uint32_t epoch)>;

// Verifies and opens `signed_op` received for `where`. PermissionDenied when the author is not
// in `devices` (device id -> signing key of the devices allowed to write here);
// AuthenticationFailed for a bad signature, a failed seal or a body that does not match the
// header (a replay); Corruption for a malformed body; the lookup's error when the epoch's key
// is missing.
Result<Operation> VerifyAndOpen(const SignedOp& signed_op, const CompartmentRef& where,
                                const std::map<Id128, crypto::SigningPublicKey>& devices,
                                const EpochKeyLookup& key_for_epoch);

// The wire form of a SignedOp (version 1) and its safe reader (Truncated, Corruption or
// UnsupportedVersion for bad input; never an unbounded allocation).
Bytes EncodeSignedOp(const SignedOp& signed_op);
Result<SignedOp> DecodeSignedOp(ByteView bytes);

}  // namespace casevault::sync
