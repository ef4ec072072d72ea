#include "casevault/client/draft_view_seal.h"

#include <algorithm>

#include "casevault/crypto/record_seal.h"
#include "casevault/schema/record_codec.h"

namespace casevault::client {
namespace {

constexpr std::string_view kSignedDomain = "casevault draft view v1";
constexpr size_t kSignatureBytes = std::tuple_size_v<crypto::Signature>;

// The strings the envelope of `binding` is bound to.
struct ViewAad {
  std::string case_hex;
  std::string compartment;
  std::string view_hex;

  explicit ViewAad(const DraftViewBinding& binding)
      : case_hex(binding.case_id.ToHex()),
        compartment("view:" + binding.viewer.ToHex()),
        view_hex(binding.view_id.ToHex()) {}

  crypto::RecordAad Aad() const {
    return {.case_id = case_hex, .compartment = compartment, .record_id = view_hex, .epoch = 0};
  }
};

// What the sharer signs: the domain, the three ids and the envelope.
Bytes SignedMessage(const DraftViewBinding& binding, ByteView envelope) {
  Bytes message(kSignedDomain.begin(), kSignedDomain.end());
  for (const Id128* id : {&binding.case_id, &binding.view_id, &binding.viewer}) {
    message.insert(message.end(), id->bytes.begin(), id->bytes.end());
  }
  message.insert(message.end(), envelope.begin(), envelope.end());
  return message;
}

}  // namespace

Result<SealedDraftForViewer> SealDraftForViewer(const DraftViewBinding& binding,
                                                const schema::Record& draft,
                                                const crypto::SigningKeyPair& sharer,
                                                std::span<const ViewerDevice> devices) {
  if (draft.type() != schema::RecordType::kReportDraft) {
    return InvalidArgumentError("only a report draft is shared with a viewer");
  }
  if (devices.empty()) {
    return InvalidArgumentError("the viewer has no enrolled device to share the draft with");
  }
  const crypto::SecretKey key = crypto::SecretKey::Generate();
  Bytes encoded = schema::EncodeRecord(draft);
  const Bytes envelope = crypto::SealRecord(key, ViewAad(binding).Aad(), encoded);
  std::fill(encoded.begin(), encoded.end(), uint8_t{0});
  const crypto::Signature signature = sharer.Sign(SignedMessage(binding, envelope));
  SealedDraftForViewer sealed;
  sealed.sealed.assign(signature.begin(), signature.end());
  sealed.sealed.insert(sealed.sealed.end(), envelope.begin(), envelope.end());
  for (const ViewerDevice& device : devices) {
    sealed.wrapped_keys.push_back(crypto::WrapKey(device.box_key, key));
  }
  return sealed;
}

Result<schema::Record> OpenDraftForViewer(const DraftViewBinding& binding, ByteView sealed,
                                          ByteView wrapped_key, const crypto::BoxKeyPair& box_keys,
                                          const crypto::SigningPublicKey& sharer) {
  if (sealed.size() <= kSignatureBytes) return TruncatedError("the shared draft is cut short");
  crypto::Signature signature;
  std::copy_n(sealed.begin(), kSignatureBytes, signature.begin());
  const ByteView envelope = sealed.subspan(kSignatureBytes);
  Status signed_by_sharer =
      crypto::VerifySignature(sharer, SignedMessage(binding, envelope), signature);
  if (!signed_by_sharer.ok()) {
    return AuthenticationFailedError("the shared draft is not signed by the device that shared it");
  }
  CV_ASSIGN_OR_RETURN(crypto::SecretKey key, crypto::UnwrapKey(box_keys, wrapped_key));
  CV_ASSIGN_OR_RETURN(Bytes encoded, crypto::OpenRecord(key, ViewAad(binding).Aad(), envelope));
  Result<schema::Record> draft = schema::DecodeRecord(encoded);
  std::fill(encoded.begin(), encoded.end(), uint8_t{0});
  if (!draft.ok()) return draft.status().WithContext("the shared draft");
  if (draft->type() != schema::RecordType::kReportDraft) {
    return CorruptionError("the shared record is not a report draft");
  }
  return draft;
}

}  // namespace casevault::client
