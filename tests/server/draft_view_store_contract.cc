// The DraftViewStore contract (see server_store_contract.h).
#include <optional>
#include <vector>

#include "casevault/crypto/random_id.h"
#include "server_store_contract.h"
#include "testing/bytes.h"

namespace casevault::server::testing {
namespace {

using casevault::testing::PatternBytes;

// A view of `case_id` for a fresh viewer, created at `created_micros` and ending an hour later.
DraftViewInfo View(const Id128& case_id, int64_t created_micros) {
  return DraftViewInfo{.view_id = crypto::NewRandomId(),
                       .case_id = case_id,
                       .viewer = crypto::NewRandomId(),
                       .shared_by = crypto::NewRandomId(),
                       .shared_by_device = crypto::NewRandomId(),
                       .created_micros = created_micros,
                       .expires_micros = created_micros + 3'600'000'000};
}

// The key of a view wrapped to `device_id`, its bytes made from `seed`.
ViewerDeviceKey KeyFor(const Id128& device_id, uint8_t seed) {
  return ViewerDeviceKey{.device_id = device_id, .wrapped = PatternBytes(80, seed)};
}

// Checks that `actual` holds every field of `expected`.
void ExpectSameView(const DraftViewInfo& actual, const DraftViewInfo& expected) {
  EXPECT_EQ(actual.view_id, expected.view_id) << "view_id";
  EXPECT_EQ(actual.case_id, expected.case_id) << "case_id";
  EXPECT_EQ(actual.viewer, expected.viewer) << "viewer";
  EXPECT_EQ(actual.shared_by, expected.shared_by) << "shared_by";
  EXPECT_EQ(actual.shared_by_device, expected.shared_by_device) << "shared_by_device";
  EXPECT_EQ(actual.created_micros, expected.created_micros) << "created_micros";
  EXPECT_EQ(actual.expires_micros, expected.expires_micros) << "expires_micros";
}

// The view ids of `views`, in order.
std::vector<Id128> IdsOf(const std::vector<DraftViewInfo>& views) {
  std::vector<Id128> ids;
  for (const DraftViewInfo& view : views) ids.push_back(view.view_id);
  return ids;
}

TEST_P(DraftViewStoreContract, AnAddedViewIsFoundWithEveryField) {
  DraftViewStore& views = store_->draft_views();
  const DraftViewInfo view = View(crypto::NewRandomId(), 1'000);
  const Id128 phone = crypto::NewRandomId();
  const std::vector<ViewerDeviceKey> keys = {KeyFor(phone, 1)};
  ASSERT_TRUE(views.Add(view, PatternBytes(300, 7), keys).ok());

  Result<std::optional<DraftViewInfo>> found = views.Find(view.case_id, view.view_id);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  ExpectSameView(**found, view);
}

TEST_P(DraftViewStoreContract, AViewIsNotFoundUnderAnotherCaseOrAnUnknownId) {
  DraftViewStore& views = store_->draft_views();
  const DraftViewInfo view = View(crypto::NewRandomId(), 1'000);
  ASSERT_TRUE(views.Add(view, PatternBytes(300, 7), std::vector{KeyFor(view.viewer, 1)}).ok());

  Result<std::optional<DraftViewInfo>> other_case = views.Find(crypto::NewRandomId(), view.view_id);
  ASSERT_TRUE(other_case.ok()) << other_case.status().ToString();
  EXPECT_FALSE(other_case->has_value()) << "the view belongs to another case";
  Result<std::optional<DraftViewInfo>> unknown = views.Find(view.case_id, crypto::NewRandomId());
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(DraftViewStoreContract, ATakenViewIdIsAlreadyExistsAndChangesNothing) {
  DraftViewStore& views = store_->draft_views();
  const DraftViewInfo view = View(crypto::NewRandomId(), 1'000);
  const Id128 phone = crypto::NewRandomId();
  const Id128 laptop = crypto::NewRandomId();
  ASSERT_TRUE(views.Add(view, PatternBytes(300, 7), std::vector{KeyFor(phone, 1)}).ok());

  DraftViewInfo again = View(crypto::NewRandomId(), 5'000);
  again.view_id = view.view_id;
  const Status added =
      views.Add(again, PatternBytes(200, 9), std::vector{KeyFor(phone, 2), KeyFor(laptop, 3)});
  EXPECT_EQ(added.code(), StatusCode::kAlreadyExists) << added.ToString();

  Result<std::optional<DraftViewInfo>> found = views.Find(view.case_id, view.view_id);
  ASSERT_TRUE(found.ok() && found->has_value());
  ExpectSameView(**found, view);
  EXPECT_FALSE(views.Find(again.case_id, again.view_id)->has_value());
  EXPECT_TRUE(views.OfCase(again.case_id)->empty());
  Result<std::optional<SealedDraftView>> for_phone = views.SealedFor(view.view_id, phone);
  ASSERT_TRUE(for_phone.ok() && for_phone->has_value());
  EXPECT_EQ((*for_phone)->sealed, PatternBytes(300, 7)) << "the sealed bytes are the first's";
  EXPECT_EQ((*for_phone)->key, PatternBytes(80, 1)) << "the phone's key is the first's";
  EXPECT_FALSE(views.SealedFor(view.view_id, laptop)->has_value()) << "no key was added";
}

TEST_P(DraftViewStoreContract, SealedForGivesTheSealedBytesAndThatDevicesKeyOnly) {
  DraftViewStore& views = store_->draft_views();
  const DraftViewInfo view = View(crypto::NewRandomId(), 1'000);
  const DraftViewInfo other = View(view.case_id, 2'000);
  const Id128 phone = crypto::NewRandomId();
  const Id128 laptop = crypto::NewRandomId();
  const Id128 tablet = crypto::NewRandomId();
  ASSERT_TRUE(
      views.Add(view, PatternBytes(300, 7), std::vector{KeyFor(phone, 1), KeyFor(laptop, 2)}).ok());
  ASSERT_TRUE(views.Add(other, PatternBytes(250, 8), std::vector{KeyFor(tablet, 3)}).ok());

  Result<std::optional<SealedDraftView>> for_phone = views.SealedFor(view.view_id, phone);
  ASSERT_TRUE(for_phone.ok()) << for_phone.status().ToString();
  ASSERT_TRUE(for_phone->has_value());
  EXPECT_EQ((*for_phone)->sealed, PatternBytes(300, 7));
  EXPECT_EQ((*for_phone)->key, PatternBytes(80, 1));
  Result<std::optional<SealedDraftView>> for_laptop = views.SealedFor(view.view_id, laptop);
  ASSERT_TRUE(for_laptop.ok() && for_laptop->has_value());
  EXPECT_EQ((*for_laptop)->sealed, PatternBytes(300, 7));
  EXPECT_EQ((*for_laptop)->key, PatternBytes(80, 2));

  Result<std::optional<SealedDraftView>> for_tablet = views.SealedFor(view.view_id, tablet);
  ASSERT_TRUE(for_tablet.ok()) << for_tablet.status().ToString();
  EXPECT_FALSE(for_tablet->has_value()) << "the tablet has a key of another view only";
  Result<std::optional<SealedDraftView>> unknown = views.SealedFor(crypto::NewRandomId(), phone);
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(DraftViewStoreContract, OfCaseListsOnlyThatCasesViewsOldestFirst) {
  DraftViewStore& views = store_->draft_views();
  const Id128 case_id = crypto::NewRandomId();
  const DraftViewInfo middle = View(case_id, 2'000);
  const DraftViewInfo newest = View(case_id, 3'000);
  const DraftViewInfo oldest = View(case_id, 1'000);
  const DraftViewInfo elsewhere = View(crypto::NewRandomId(), 1'500);
  uint8_t seed = 0;
  for (const DraftViewInfo& view : {middle, elsewhere, newest, oldest}) {
    ++seed;
    ASSERT_TRUE(
        views.Add(view, PatternBytes(100, seed), std::vector{KeyFor(view.viewer, seed)}).ok());
  }

  Result<std::vector<DraftViewInfo>> listed = views.OfCase(case_id);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(IdsOf(*listed), (std::vector{oldest.view_id, middle.view_id, newest.view_id}));
  ASSERT_EQ(listed->size(), 3u);
  ExpectSameView((*listed)[1], middle);
  EXPECT_EQ(IdsOf(*views.OfCase(elsewhere.case_id)), std::vector{elsewhere.view_id});
  Result<std::vector<DraftViewInfo>> none = views.OfCase(crypto::NewRandomId());
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
}

TEST_P(DraftViewStoreContract, DeleteRemovesTheViewAndItsKeysAndAnUnknownIdIsNoError) {
  DraftViewStore& views = store_->draft_views();
  const DraftViewInfo gone = View(crypto::NewRandomId(), 1'000);
  const DraftViewInfo kept = View(gone.case_id, 2'000);
  const Id128 phone = crypto::NewRandomId();
  ASSERT_TRUE(views.Add(gone, PatternBytes(300, 7), std::vector{KeyFor(phone, 1)}).ok());
  ASSERT_TRUE(views.Add(kept, PatternBytes(300, 8), std::vector{KeyFor(phone, 2)}).ok());

  ASSERT_TRUE(views.Delete(gone.view_id).ok());
  EXPECT_FALSE(views.Find(gone.case_id, gone.view_id)->has_value());
  Result<std::optional<SealedDraftView>> sealed = views.SealedFor(gone.view_id, phone);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_FALSE(sealed->has_value());
  EXPECT_EQ(IdsOf(*views.OfCase(gone.case_id)), std::vector{kept.view_id});
  Result<std::optional<SealedDraftView>> still = views.SealedFor(kept.view_id, phone);
  ASSERT_TRUE(still.ok() && still->has_value()) << "the other view of the case stays";
  EXPECT_EQ((*still)->key, PatternBytes(80, 2));

  EXPECT_TRUE(views.Delete(gone.view_id).ok()) << "deleting again";
  EXPECT_TRUE(views.Delete(crypto::NewRandomId()).ok()) << "an unknown view";
  EXPECT_EQ(IdsOf(*views.OfCase(gone.case_id)), std::vector{kept.view_id});
}

TEST_P(DraftViewStoreContract, ReAddingADeletedViewIdFindsNoKeyOfTheDeletedView) {
  DraftViewStore& views = store_->draft_views();
  const DraftViewInfo view = View(crypto::NewRandomId(), 1'000);
  const Id128 phone = crypto::NewRandomId();
  const Id128 laptop = crypto::NewRandomId();
  ASSERT_TRUE(
      views.Add(view, PatternBytes(300, 7), std::vector{KeyFor(phone, 1), KeyFor(laptop, 2)}).ok());
  ASSERT_TRUE(views.Delete(view.view_id).ok());

  ASSERT_TRUE(views.Add(view, PatternBytes(300, 9), std::vector{KeyFor(phone, 3)}).ok())
      << "the id is free again";
  Result<std::optional<SealedDraftView>> for_phone = views.SealedFor(view.view_id, phone);
  ASSERT_TRUE(for_phone.ok() && for_phone->has_value());
  EXPECT_EQ((*for_phone)->sealed, PatternBytes(300, 9));
  EXPECT_EQ((*for_phone)->key, PatternBytes(80, 3));
  EXPECT_FALSE(views.SealedFor(view.view_id, laptop)->has_value())
      << "the laptop's key went with the deleted view";
}

TEST_P(DraftViewStoreContract, DeleteCaseRemovesEveryViewOfThatCaseAndLeavesAnotherCases) {
  DraftViewStore& views = store_->draft_views();
  const Id128 closing = crypto::NewRandomId();
  const Id128 staying = crypto::NewRandomId();
  const DraftViewInfo first = View(closing, 1'000);
  const DraftViewInfo second = View(closing, 2'000);
  const DraftViewInfo other = View(staying, 1'500);
  const Id128 phone = crypto::NewRandomId();
  ASSERT_TRUE(views.Add(first, PatternBytes(300, 1), std::vector{KeyFor(phone, 1)}).ok());
  ASSERT_TRUE(views.Add(second, PatternBytes(300, 2), std::vector{KeyFor(phone, 2)}).ok());
  ASSERT_TRUE(views.Add(other, PatternBytes(300, 3), std::vector{KeyFor(phone, 3)}).ok());

  ASSERT_TRUE(views.DeleteCase(closing).ok());
  Result<std::vector<DraftViewInfo>> listed = views.OfCase(closing);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_TRUE(listed->empty());
  for (const DraftViewInfo& view : {first, second}) {
    EXPECT_FALSE(views.Find(closing, view.view_id)->has_value());
    EXPECT_FALSE(views.SealedFor(view.view_id, phone)->has_value()) << "its key went too";
  }

  EXPECT_EQ(IdsOf(*views.OfCase(staying)), std::vector{other.view_id});
  Result<std::optional<SealedDraftView>> still = views.SealedFor(other.view_id, phone);
  ASSERT_TRUE(still.ok() && still->has_value());
  EXPECT_EQ((*still)->sealed, PatternBytes(300, 3));
  EXPECT_EQ((*still)->key, PatternBytes(80, 3));
  EXPECT_TRUE(views.DeleteCase(crypto::NewRandomId()).ok()) << "a case with no view";
}

}  // namespace
}  // namespace casevault::server::testing
