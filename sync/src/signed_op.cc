#include "casevault/sync/signed_op.h"

#include <algorithm>
#include <new>
#include <string>
#include <string_view>

#include "casevault/base/byte_reader.h"
#include "casevault/base/byte_writer.h"
#include "casevault/crypto/record_seal.h"

namespace casevault::sync {
namespace {

constexpr std::string_view kSigningDomain = "casevault.signed-op.v1";
constexpr std::string_view kMagic = "CVS";
constexpr uint8_t kSignedOpFormatVersion = 1;

// What the envelope of an operation is bound to: case, compartment, "op:<op id>" and epoch.
// RecordAad only views its strings, so they live here (and `where` must outlive this).
class EnvelopeBinding {
 public:
  EnvelopeBinding(const Id128& op_id, const CompartmentRef& where, uint32_t epoch)
      : case_id_(where.case_id.ToHex()),
        object_id_("op:" + op_id.ToHex()),
        aad_{case_id_, where.name, object_id_, epoch} {}
  EnvelopeBinding(const EnvelopeBinding&) = delete;
  EnvelopeBinding& operator=(const EnvelopeBinding&) = delete;

  const crypto::RecordAad& aad() const { return aad_; }

 private:
  std::string case_id_;
  std::string object_id_;
  crypto::RecordAad aad_;
};

Result<SignedOp> ReadSignedOp(ByteReader& reader) {
  SignedOp signed_op;
  CV_RETURN_IF_ERROR(reader.ReadHeader(kMagic, kSignedOpFormatVersion));
  CV_ASSIGN_OR_RETURN(signed_op.op_id, reader.ReadId("the operation id"));
  CV_ASSIGN_OR_RETURN(signed_op.author_device, reader.ReadId("the author device"));
  CV_ASSIGN_OR_RETURN(signed_op.epoch, reader.ReadU32("the epoch"));
  CV_ASSIGN_OR_RETURN(const ByteView envelope, reader.ReadLengthPrefixed("the envelope"));
  signed_op.envelope.assign(envelope.begin(), envelope.end());
  CV_ASSIGN_OR_RETURN(const ByteView signature,
                      reader.ReadBytes(signed_op.signature.size(), "the signature"));
  std::copy(signature.begin(), signature.end(), signed_op.signature.begin());
  CV_RETURN_IF_ERROR(reader.ExpectEnd());
  return signed_op;
}

}  // namespace

Bytes SignedOpSigningInput(const SignedOp& signed_op, const CompartmentRef& where) {
  // Written into a buffer sized up front: GCC 12 at -O3 misreports appends to a vector
  // constructed from a range (-Warray-bounds, -Wstringop-overflow).
  Bytes out(kSigningDomain.size() + 3 * Id128::kSize + 3 * 4 + where.name.size() +
            signed_op.envelope.size());
  uint8_t* at = out.data();
  auto put = [&at](ByteView bytes) { at = std::copy(bytes.begin(), bytes.end(), at); };
  auto put_u32 = [&put](size_t value) {
    const uint8_t le[4] = {static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8),
                           static_cast<uint8_t>(value >> 16), static_cast<uint8_t>(value >> 24)};
    put(le);
  };
  put(AsBytes(kSigningDomain));
  put(where.case_id.bytes);
  put_u32(where.name.size());
  put(AsBytes(where.name));
  put(signed_op.op_id.bytes);
  put(signed_op.author_device.bytes);
  put_u32(signed_op.epoch);
  put_u32(signed_op.envelope.size());
  put(signed_op.envelope);
  return out;
}

SignedOp SealAndSign(const Operation& op, const CompartmentRef& where, uint32_t epoch,
                     const crypto::SecretKey& key, const crypto::SigningKeyPair& signer) {
  const EnvelopeBinding binding(op.op_id, where, epoch);
  SignedOp signed_op;
  signed_op.op_id = op.op_id;
  signed_op.author_device = op.author_device;
  signed_op.epoch = epoch;
  signed_op.envelope = crypto::SealRecord(key, binding.aad(), EncodeOperation(op));
  signed_op.signature = signer.Sign(SignedOpSigningInput(signed_op, where));
  return signed_op;
}

Result<Operation> VerifyAndOpen(const SignedOp& signed_op, const CompartmentRef& where,
                                const std::map<Id128, crypto::SigningPublicKey>& devices,
                                const EpochKeyLookup& key_for_epoch) {
  const std::string op_name = "operation " + signed_op.op_id.ToHex();
  const auto author = devices.find(signed_op.author_device);
  if (author == devices.end()) {
    return PermissionDeniedError(op_name + " comes from unknown device " +
                                 signed_op.author_device.ToHex() +
                                 ": it is not allowed to write to this compartment");
  }
  CV_RETURN_IF_ERROR(crypto::VerifySignature(author->second, SignedOpSigningInput(signed_op, where),
                                             signed_op.signature)
                         .WithContext(op_name + " from device " + signed_op.author_device.ToHex() +
                                      " in " + where.name));

  CV_ASSIGN_OR_RETURN(const crypto::SecretKey* key, key_for_epoch(signed_op.epoch));
  if (key == nullptr) {
    return InternalError("the key lookup for epoch " + std::to_string(signed_op.epoch) +
                         " returned no key and no error");
  }
  const EnvelopeBinding binding(signed_op.op_id, where, signed_op.epoch);
  auto body = crypto::OpenRecord(*key, binding.aad(), signed_op.envelope);
  if (!body.ok()) return body.status().WithContext(op_name);
  auto op = DecodeOperation(*body);
  if (!op.ok()) return op.status().WithContext(op_name);

  if (op->op_id != signed_op.op_id || op->author_device != signed_op.author_device) {
    return AuthenticationFailedError(op_name +
                                     ": operation body does not match its header: replayed");
  }
  return op;
}

Bytes EncodeSignedOp(const SignedOp& signed_op) {
  Bytes out(kMagic.begin(), kMagic.end());
  out.push_back(kSignedOpFormatVersion);
  AppendId(out, signed_op.op_id);
  AppendId(out, signed_op.author_device);
  AppendU32(out, signed_op.epoch);
  AppendLengthPrefixed(out, signed_op.envelope);
  out.insert(out.end(), signed_op.signature.begin(), signed_op.signature.end());
  return out;
}

Result<SignedOp> DecodeSignedOp(ByteView bytes) {
  // Allocation is bounded by the input's size, but may still fail; nothing may escape.
  try {
    ByteReader reader(bytes, "signed operation bytes");
    return ReadSignedOp(reader);
  } catch (const std::bad_alloc&) {
    return ResourceExhaustedError("out of memory while decoding a signed operation of " +
                                  std::to_string(bytes.size()) + " bytes");
  }
}

}  // namespace casevault::sync
