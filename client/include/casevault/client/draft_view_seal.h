// DraftViewSeal: one report draft sealed for one time-boxed viewer (DOMAIN.md: a family member
// may read a draft, read-only, for a limited time, with no copy to keep).
//
// The sharer's client draws a fresh view key, seals the encoded draft under it and wraps the key
// to each enrolled device of the viewer (crypto_box_seal), so the server keeps only ciphertext,
// and signs the result with the sharing device's key, so the viewer can tell the draft came from
// that device.
//
// Sealed form: Ed25519 signature (64 bytes) | record envelope (crypto/record_seal.h). The
// envelope binds the case, the compartment name "view:<viewer>" and the view id as record id;
// the signature covers a domain string, the case, view and viewer ids and the envelope. A
// sealed draft copied to another view, case or viewer is refused.
#pragma once

#include <span>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/crypto/signing.h"
#include "casevault/schema/record.h"

namespace casevault::client {

// Which view of which case, for whom.
struct DraftViewBinding {
  Id128 case_id;
  Id128 view_id;
  Id128 viewer;
};

// One enrolled device of the viewer.
struct ViewerDevice {
  Id128 device_id;
  crypto::BoxPublicKey box_key;
};

// A draft sealed for a viewer, ready to upload.
struct SealedDraftForViewer {
  Bytes sealed;
  // The view key wrapped to each device, in the order of the devices given.
  std::vector<Bytes> wrapped_keys;
};

// Seals `draft` (a report_draft) for `binding`, signed with `sharer`, with the view key wrapped
// to each of `devices`. InvalidArgument when `draft` is not a report draft or `devices` is empty.
Result<SealedDraftForViewer> SealDraftForViewer(const DraftViewBinding& binding,
                                                const schema::Record& draft,
                                                const crypto::SigningKeyPair& sharer,
                                                std::span<const ViewerDevice> devices);

// The draft SealDraftForViewer sealed for `binding`, opened in memory with this device's
// `box_keys` and the view key `wrapped_key`, after checking the signature of `sharer`.
// Truncated for a sealed form too short; AuthenticationFailed when the signature, the key or
// any byte does not match, or the draft was sealed for another view, case or viewer;
// Corruption when what opens is not a report draft.
Result<schema::Record> OpenDraftForViewer(const DraftViewBinding& binding, ByteView sealed,
                                          ByteView wrapped_key, const crypto::BoxKeyPair& box_keys,
                                          const crypto::SigningPublicKey& sharer);

}  // namespace casevault::client
