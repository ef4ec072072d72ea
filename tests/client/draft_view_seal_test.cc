#include "casevault/client/draft_view_seal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/record_seal.h"

namespace casevault::client {
namespace {

constexpr std::string_view kTitle = "Overview report: Child Q, second draft";
constexpr std::string_view kBody = "Agencies missed three chances to hear what Q was saying";

// True when `needle` occurs in `haystack`.
bool Contains(ByteView haystack, std::string_view needle) {
  const ByteView bytes = AsBytes(needle);
  return std::search(haystack.begin(), haystack.end(), bytes.begin(), bytes.end()) !=
         haystack.end();
}

class DraftViewSealTest : public ::testing::Test {
 protected:
  DraftViewSealTest() {
    EXPECT_TRUE(draft_.Set("title", std::string(kTitle)).ok());
    EXPECT_TRUE(draft_.Set("version", int64_t{2}).ok());
    EXPECT_TRUE(draft_.Set("body", std::string(kBody)).ok());
    devices_ = {ViewerDevice{phone_.device_id(), phone_.box_keys().public_key()},
                ViewerDevice{laptop_.device_id(), laptop_.box_keys().public_key()}};
    Result<SealedDraftForViewer> sealed =
        SealDraftForViewer(binding_, draft_, sharer_.signing_keys(), devices_);
    EXPECT_TRUE(sealed.ok()) << sealed.status().ToString();
    if (sealed.ok()) sealed_ = *std::move(sealed);
  }

  // Opens `sealed` for `binding` with the phone's box keys and its wrapped key, checking the
  // sharer's signature.
  Result<schema::Record> OpenOnPhone(const DraftViewBinding& binding, ByteView sealed) const {
    return OpenDraftForViewer(binding, sealed, sealed_.wrapped_keys.at(0), phone_.box_keys(),
                              sharer_.signing_keys().public_key());
  }

  const crypto::DeviceIdentity sharer_ = crypto::DeviceIdentity::Generate();
  const crypto::DeviceIdentity phone_ = crypto::DeviceIdentity::Generate();
  const crypto::DeviceIdentity laptop_ = crypto::DeviceIdentity::Generate();
  const DraftViewBinding binding_{.case_id = crypto::NewRandomId(),
                                  .view_id = crypto::NewRandomId(),
                                  .viewer = crypto::NewRandomId()};
  schema::Record draft_{schema::RecordType::kReportDraft};
  std::vector<ViewerDevice> devices_;
  SealedDraftForViewer sealed_;
};

TEST_F(DraftViewSealTest, EachOfTheViewersDevicesOpensTheSameDraft) {
  ASSERT_EQ(sealed_.wrapped_keys.size(), 2u) << "one wrapped key per device, in order";
  Result<schema::Record> on_phone =
      OpenDraftForViewer(binding_, sealed_.sealed, sealed_.wrapped_keys[0], phone_.box_keys(),
                         sharer_.signing_keys().public_key());
  ASSERT_TRUE(on_phone.ok()) << on_phone.status().ToString();
  EXPECT_EQ(*on_phone, draft_);
  Result<schema::Record> on_laptop =
      OpenDraftForViewer(binding_, sealed_.sealed, sealed_.wrapped_keys[1], laptop_.box_keys(),
                         sharer_.signing_keys().public_key());
  ASSERT_TRUE(on_laptop.ok()) << on_laptop.status().ToString();
  EXPECT_EQ(*on_laptop, draft_);
}

TEST_F(DraftViewSealTest, ADeviceTheDraftWasNotSealedForCannotOpenIt) {
  const crypto::DeviceIdentity tablet = crypto::DeviceIdentity::Generate();
  for (const Bytes& wrapped : sealed_.wrapped_keys) {
    EXPECT_EQ(OpenDraftForViewer(binding_, sealed_.sealed, wrapped, tablet.box_keys(),
                                 sharer_.signing_keys().public_key())
                  .status()
                  .code(),
              StatusCode::kAuthenticationFailed);
  }
  EXPECT_EQ(OpenDraftForViewer(binding_, sealed_.sealed, sealed_.wrapped_keys[1], phone_.box_keys(),
                               sharer_.signing_keys().public_key())
                .status()
                .code(),
            StatusCode::kAuthenticationFailed)
      << "the phone with the laptop's wrapped key";
}

TEST_F(DraftViewSealTest, ADraftOpensOnlyForItsOwnViewCaseAndViewer) {
  DraftViewBinding other_view = binding_;
  other_view.view_id = crypto::NewRandomId();
  DraftViewBinding other_case = binding_;
  other_case.case_id = crypto::NewRandomId();
  DraftViewBinding other_viewer = binding_;
  other_viewer.viewer = crypto::NewRandomId();
  EXPECT_EQ(OpenOnPhone(other_view, sealed_.sealed).status().code(),
            StatusCode::kAuthenticationFailed);
  EXPECT_EQ(OpenOnPhone(other_case, sealed_.sealed).status().code(),
            StatusCode::kAuthenticationFailed);
  EXPECT_EQ(OpenOnPhone(other_viewer, sealed_.sealed).status().code(),
            StatusCode::kAuthenticationFailed);
  ASSERT_TRUE(OpenOnPhone(binding_, sealed_.sealed).ok()) << "its own binding still opens";
}

TEST_F(DraftViewSealTest, AnySingleFlippedByteOfTheSealedFormIsRefused) {
  ASSERT_GT(sealed_.sealed.size(), 64u + crypto::kRecordEnvelopeOverhead)
      << "a signature and an envelope";
  for (size_t at = 0; at < sealed_.sealed.size(); ++at) {
    Bytes altered = sealed_.sealed;
    altered[at] ^= 0x01;
    EXPECT_EQ(OpenOnPhone(binding_, altered).status().code(), StatusCode::kAuthenticationFailed)
        << "byte " << at << (at < 64 ? " (signature)" : " (envelope)");
  }
}

TEST_F(DraftViewSealTest, AFlippedByteOfTheWrappedKeyIsRefused) {
  for (size_t at :
       {size_t{0}, sealed_.wrapped_keys[0].size() / 2, sealed_.wrapped_keys[0].size() - 1}) {
    Bytes altered = sealed_.wrapped_keys[0];
    altered[at] ^= 0x80;
    EXPECT_EQ(OpenDraftForViewer(binding_, sealed_.sealed, altered, phone_.box_keys(),
                                 sharer_.signing_keys().public_key())
                  .status()
                  .code(),
              StatusCode::kAuthenticationFailed)
        << "byte " << at;
  }
}

TEST_F(DraftViewSealTest, ADraftSignedByAnotherDeviceThanTheSharerIsRefused) {
  const crypto::DeviceIdentity impostor = crypto::DeviceIdentity::Generate();
  EXPECT_EQ(OpenDraftForViewer(binding_, sealed_.sealed, sealed_.wrapped_keys[0], phone_.box_keys(),
                               impostor.signing_keys().public_key())
                .status()
                .code(),
            StatusCode::kAuthenticationFailed);

  Result<SealedDraftForViewer> forged =
      SealDraftForViewer(binding_, draft_, impostor.signing_keys(), devices_);
  ASSERT_TRUE(forged.ok()) << forged.status().ToString();
  EXPECT_EQ(OpenDraftForViewer(binding_, forged->sealed, forged->wrapped_keys[0], phone_.box_keys(),
                               sharer_.signing_keys().public_key())
                .status()
                .code(),
            StatusCode::kAuthenticationFailed)
      << "sealed by another device, checked against the sharer's key";
}

TEST_F(DraftViewSealTest, ASealedFormOfNoMoreThanASignatureIsTruncated) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{63}, size_t{64}}) {
    const ByteView cut = ByteView(sealed_.sealed).first(size);
    EXPECT_EQ(OpenOnPhone(binding_, cut).status().code(), StatusCode::kTruncated)
        << size << " bytes";
  }
}

TEST_F(DraftViewSealTest, OnlyAReportDraftIsSealedAndOnlyForSomeDevice) {
  schema::Record comment(schema::RecordType::kFactualAccuracyComment);
  ASSERT_TRUE(comment.Set("comment", std::string("Page 4 is wrong")).ok());
  EXPECT_EQ(SealDraftForViewer(binding_, comment, sharer_.signing_keys(), devices_).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SealDraftForViewer(binding_, draft_, sharer_.signing_keys(), {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(DraftViewSealTest, TheSealedFormHidesTheTitleAndBody) {
  EXPECT_FALSE(Contains(sealed_.sealed, kTitle));
  EXPECT_FALSE(Contains(sealed_.sealed, kBody));
  EXPECT_FALSE(Contains(sealed_.sealed, "second draft"));
  EXPECT_FALSE(Contains(sealed_.sealed, "three chances"));
  for (const Bytes& wrapped : sealed_.wrapped_keys) {
    EXPECT_FALSE(Contains(wrapped, "second draft"));
    EXPECT_FALSE(Contains(wrapped, "three chances"));
  }
}

TEST_F(DraftViewSealTest, EachSealingDrawsAFreshViewKey) {
  Result<SealedDraftForViewer> again =
      SealDraftForViewer(binding_, draft_, sharer_.signing_keys(), devices_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_NE(again->sealed, sealed_.sealed);
  EXPECT_EQ(OpenDraftForViewer(binding_, sealed_.sealed, again->wrapped_keys[0], phone_.box_keys(),
                               sharer_.signing_keys().public_key())
                .status()
                .code(),
            StatusCode::kAuthenticationFailed)
      << "the key of one sealing does not open another";
}

}  // namespace
}  // namespace casevault::client
