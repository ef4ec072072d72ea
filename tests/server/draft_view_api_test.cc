// Drafts shown to time-boxed viewers, on a real server over loopback HTTPS: who may share, list,
// open and withdraw them (allowed and refused, each in the access log), when a view ends, and
// that purging the drafts or closing the case destroys every view.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "casevault/client/draft_view_seal.h"
#include "casevault/client/draft_views.h"
#include "staffed_case.h"
#include "testing/file_scan.h"

namespace casevault::server {
namespace {

using sync::CaseRole;
using testing::kHour;
using testing::Person;

constexpr std::string_view kBody = "Paragraph 4.2: the health visitor's last home visit";

// A report draft whose body is kBody.
schema::Record Draft() {
  schema::Record draft(schema::RecordType::kReportDraft);
  EXPECT_TRUE(draft.Set("title", std::string("Overview report")).ok());
  EXPECT_TRUE(draft.Set("version", int64_t{3}).ok());
  EXPECT_TRUE(draft.Set("body", std::string(kBody)).ok());
  return draft;
}

class DraftViewApiTest : public testing::StaffedCaseTest {
 protected:
  // `person`'s draft views over their own connection.
  client::DraftViews ViewsOf(Person& person) {
    return client::DraftViews(*person.transport, person.device, person.user.user_id);
  }

  // The form of a share of Draft() with `viewer` as view `view_id`, sealed by `sharer`'s device
  // to `viewer`'s one device.
  sync::ApiForm ShareForm(const Person& sharer, const Person& viewer, const Id128& view_id) {
    const client::ViewerDevice device{viewer.device.device_id(),
                                      viewer.device.box_keys().public_key()};
    const client::DraftViewBinding binding{case_id_, view_id, viewer.user.user_id};
    Result<client::SealedDraftForViewer> sealed = client::SealDraftForViewer(
        binding, Draft(), sharer.device.signing_keys(), std::span(&device, 1));
    EXPECT_TRUE(sealed.ok()) << sealed.status().ToString();
    sync::ApiForm form;
    form.Set("view", view_id.ToHex())
        .Set("viewer", viewer.user.user_id.ToHex())
        .SetHex("sealed", sealed->sealed)
        .Set("keys", "1")
        .Set("device_0", device.device_id.ToHex())
        .SetHex("key_0", sealed->wrapped_keys[0]);
    return form;
  }

  // `sharer` posts ShareForm(sharer, viewer, view_id) as it is.
  Status PostShare(Person& sharer, const Person& viewer, const Id128& view_id) {
    return sharer.transport->CallForm("POST", ViewsPath(), ShareForm(sharer, viewer, view_id))
        .status();
  }

  // The business unit shares Draft() with the viewer for `hours`; the new view.
  client::DraftViewListing Shared(std::optional<int> hours = std::nullopt) {
    Result<client::DraftViewListing> shared =
        ViewsOf(*bu_).Share(case_id_, viewer_->user.user_id, Draft(), hours);
    EXPECT_TRUE(shared.ok()) << shared.status().ToString();
    return shared.ok() ? *shared : client::DraftViewListing{};
  }

  // `person` opens view `view_id`: its status; the newest log entry must record it as
  // "view-draft" of that view, allowed exactly when it opened.
  Status OpenLogged(Person& person, const Id128& view_id) {
    const uint64_t before = LogSize();
    Result<client::OpenedDraftView> opened = ViewsOf(person).Open(case_id_, view_id);
    const std::vector<AccessEntry> logged = LoggedSince(before);
    EXPECT_EQ(logged.size(), 1u);
    if (!logged.empty()) {
      EXPECT_EQ(logged[0].action, "view-draft");
      EXPECT_EQ(logged[0].object_id, view_id.ToHex());
      EXPECT_EQ(logged[0].compartment, "drafts");
      EXPECT_EQ(logged[0].user_id, person.user.user_id);
      EXPECT_EQ(logged[0].allowed, opened.ok()) << logged[0].reason;
    }
    if (opened.ok()) {
      EXPECT_TRUE(opened->draft == Draft());
    }
    return opened.status();
  }

  std::string ViewsPath() const { return "/v1/cases/" + case_id_.ToHex() + "/views"; }
};

TEST_F(DraftViewApiTest, OnlyTheBusinessUnitAndReviewersShareAndWithdrawAndAViewerListsTheirOwn) {
  StaffTheCase();
  std::vector<Id128> to_withdraw;
  for (int i = 0; i < 2; ++i) to_withdraw.push_back(Shared().view_id);
  // Columns: list the views, share a draft with the viewer, withdraw a view.
  const std::vector<std::pair<std::string, std::pair<Person*, std::string>>> rows = {
      {"business unit", {bu_, "YYY"}},        {"reviewer", {reviewer_, "YYY"}},
      {"police lead", {lead_police_, "NNN"}}, {"police representative", {rep_police_, "NNN"}},
      {"panel member", {panel_, "NNN"}},      {"police practitioner", {practitioner_, "NNN"}},
      {"viewer", {viewer_, "YNN"}},           {"outsider", {outsider_, "NNN"}},
  };
  for (const auto& [who, row] : rows) {
    const auto& [person, expected] = row;
    ExpectDecision(who, *person, "list-views", expected[0] == 'Y',
                   [&](Person& p) { return ViewsOf(p).List(case_id_).status(); });
    ExpectDecision(who, *person, "share-draft", expected[1] == 'Y',
                   [&](Person& p) { return PostShare(p, *viewer_, crypto::NewRandomId()); });
    ExpectDecision(who, *person, "withdraw-view", expected[2] == 'Y', [&](Person& p) {
      const Id128 view = expected[2] == 'Y' ? to_withdraw.back() : to_withdraw.front();
      if (expected[2] == 'Y') to_withdraw.pop_back();
      return ViewsOf(p).Withdraw(case_id_, view);
    });
  }
  Result<client::DraftViewRoster> mine = ViewsOf(*viewer_).List(case_id_);
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  EXPECT_EQ(mine->views.size(), 2u) << "the two shares by the business unit and the reviewer";
  EXPECT_TRUE(mine->viewers.empty()) << "a viewer is not told other viewers' devices";
  Result<client::DraftViewRoster> all = ViewsOf(*bu_).List(case_id_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->viewers.size(), 1u);
  EXPECT_EQ(all->viewers[0].user_id, viewer_->user.user_id);
  ASSERT_EQ(all->viewers[0].devices.size(), 1u);
  EXPECT_EQ(all->viewers[0].devices[0].box_key, viewer_->device.box_keys().public_key());
}

TEST_F(DraftViewApiTest, TheViewerOpensTheSharedDraftAndEveryViewIsLogged) {
  StaffTheCase();
  const client::DraftViewListing view = Shared();
  EXPECT_TRUE(OpenLogged(*viewer_, view.view_id).ok());
  EXPECT_TRUE(OpenLogged(*viewer_, view.view_id).ok()) << "each view is logged again";
  EXPECT_FALSE(casevault::testing::AnyFileContains(dir_.File("server"), AsBytes(kBody)))
      << "the server holds the draft sealed, never in clear";
}

TEST_F(DraftViewApiTest, NobodyButItsViewerOpensAView) {
  StaffTheCase();
  Person& other_viewer = Enrol("another family member");
  Assign(*bu_, other_viewer, CaseRole::kViewer, "", 2);
  const client::DraftViewListing view = Shared();
  for (Person* person : {bu_, reviewer_, panel_, outsider_, &other_viewer}) {
    EXPECT_EQ(OpenLogged(*person, view.view_id).code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(LastReason(), "no draft of the case is shared with you so");
  }
}

TEST_F(DraftViewApiTest, AViewEndsAtItsExpiryAndWithTheViewerRole) {
  StaffTheCase();
  const client::DraftViewListing until_role_ends = Shared();
  const client::DraftViewListing one_hour = Shared(1);
  EXPECT_EQ(one_hour.shared_by, bu_->user.user_id);
  EXPECT_NEAR(static_cast<double>(one_hour.created_micros), static_cast<double>(env_.NowMicros()),
              60e6);
  EXPECT_NEAR(static_cast<double>(one_hour.expires_micros - env_.NowMicros()),
              static_cast<double>(kHour), 60e6);
  EXPECT_GT(until_role_ends.expires_micros, env_.NowMicros() + kHour + kHour / 2)
      << "without --hours a view lasts as long as the two-hour viewer role";
  EXPECT_LT(until_role_ends.expires_micros, env_.NowMicros() + 2 * kHour + 60'000'000);

  // A view past its own end (stored as a share would store it, with an end already passed).
  const Id128 ended = crypto::NewRandomId();
  const sync::ApiForm form = ShareForm(*bu_, *viewer_, ended);
  DraftViewInfo info{.view_id = ended,
                     .case_id = case_id_,
                     .viewer = viewer_->user.user_id,
                     .shared_by = bu_->user.user_id,
                     .shared_by_device = bu_->device.device_id(),
                     .created_micros = env_.NowMicros() - 2 * kHour,
                     .expires_micros = env_.NowMicros() - 1};
  const ViewerDeviceKey key{viewer_->device.device_id(), *form.GetHex("key_0")};
  ASSERT_TRUE(server_->draft_views().Add(info, *form.GetHex("sealed"), std::span(&key, 1)).ok());
  EXPECT_EQ(OpenLogged(*viewer_, ended).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(LastReason().starts_with("the view ended at ")) << LastReason();

  // The viewer role ends in a second: the view shared until then ends with it.
  RoleAssignment short_role{viewer_->user.user_id, CaseRole::kViewer, "",
                            env_.NowMicros() + 1'000'000};
  ASSERT_TRUE(server_->roster().Assign(case_id_, short_role, bu_->user.user_id).ok());
  const client::DraftViewListing brief = Shared();
  EXPECT_LE(brief.expires_micros, short_role.expires_micros.value());
  EXPECT_TRUE(OpenLogged(*viewer_, brief.view_id).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(OpenLogged(*viewer_, brief.view_id).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(LastReason(), "the viewer role has ended or was withdrawn");
  EXPECT_EQ(OpenLogged(*viewer_, one_hour.view_id).code(), StatusCode::kPermissionDenied)
      << "no view outlives the role";
}

TEST_F(DraftViewApiTest, SharingNeedsACurrentViewerAndOnlyTheirOwnDevices) {
  StaffTheCase();
  Result<client::DraftViewListing> to_reviewer =
      ViewsOf(*bu_).Share(case_id_, reviewer_->user.user_id, Draft(), std::nullopt);
  EXPECT_EQ(to_reviewer.status().code(), StatusCode::kFailedPrecondition);
  const uint64_t before = LogSize();
  EXPECT_EQ(PostShare(*bu_, *reviewer_, crypto::NewRandomId()).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LoggedSince(before)[0].reason,
            "user " + reviewer_->user.user_id.ToHex() + " holds no viewer role on the case now");

  sync::ApiForm wrong_device = ShareForm(*bu_, *viewer_, crypto::NewRandomId());
  wrong_device.Set("device_0", outsider_->device.device_id().ToHex());
  EXPECT_EQ(bu_->transport->CallForm("POST", ViewsPath(), wrong_device).status().code(),
            StatusCode::kInvalidArgument);
  sync::ApiForm no_keys = ShareForm(*bu_, *viewer_, crypto::NewRandomId());
  no_keys.Set("keys", "0");
  EXPECT_EQ(bu_->transport->CallForm("POST", ViewsPath(), no_keys).status().code(),
            StatusCode::kInvalidArgument);
  const Id128 twice = crypto::NewRandomId();
  ASSERT_TRUE(PostShare(*bu_, *viewer_, twice).ok());
  EXPECT_EQ(PostShare(*bu_, *viewer_, twice).code(), StatusCode::kAlreadyExists);
  Result<std::vector<DraftViewInfo>> stored = server_->draft_views().OfCase(case_id_);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 1u) << "only the one good share is stored";
}

TEST_F(DraftViewApiTest, WithdrawingPurgingOrClosingDestroysViews) {
  StaffTheCase();
  const client::DraftViewListing withdrawn = Shared();
  ASSERT_TRUE(ViewsOf(*reviewer_).Withdraw(case_id_, withdrawn.view_id).ok());
  EXPECT_EQ(OpenLogged(*viewer_, withdrawn.view_id).code(), StatusCode::kPermissionDenied);

  const client::DraftViewListing purged = Shared();
  ASSERT_TRUE(bu_->admin->PurgeDrafts(case_id_).ok());
  EXPECT_TRUE(server_->draft_views().OfCase(case_id_)->empty());
  EXPECT_EQ(OpenLogged(*viewer_, purged.view_id).code(), StatusCode::kPermissionDenied);
  const uint64_t before = LogSize();
  EXPECT_EQ(PostShare(*bu_, *viewer_, crypto::NewRandomId()).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(LoggedSince(before)[0].reason, "the drafts were purged");

  const Id128 other_case = crypto::NewRandomId();
  ASSERT_TRUE(bu_->admin->OpenCase(other_case).ok());
  const DraftViewInfo info{.view_id = crypto::NewRandomId(),
                           .case_id = other_case,
                           .viewer = viewer_->user.user_id,
                           .shared_by = bu_->user.user_id,
                           .shared_by_device = bu_->device.device_id(),
                           .created_micros = env_.NowMicros(),
                           .expires_micros = env_.NowMicros() + kHour};
  const ViewerDeviceKey key{viewer_->device.device_id(), Bytes(80, 1)};
  ASSERT_TRUE(server_->draft_views().Add(info, Bytes(100, 2), std::span(&key, 1)).ok());
  ASSERT_TRUE(server_->closure().Close(other_case, bu_->user.user_id).ok());
  EXPECT_TRUE(server_->draft_views().OfCase(other_case)->empty());
}

}  // namespace
}  // namespace casevault::server
