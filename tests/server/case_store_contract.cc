// The CaseStore contract (see server_store_contract.h).
#include <algorithm>
#include <vector>

#include "casevault/crypto/random_id.h"
#include "casevault/sync/offline_lease.h"
#include "server_store_contract.h"

namespace casevault::server::testing {
namespace {

using sync::CaseRole;
using sync::CaseState;

// A move of a case by `by` from `from` to `to` at `at`, with a (sealed) reason.
CaseTransition Move(const Id128& by, CaseState from, CaseState to, int64_t at) {
  return {.moved_by = by,
          .from = from,
          .to = to,
          .at_micros = at,
          .sealed_reason = {1, 2, 3},
          .final_report = ""};
}

TEST_P(CaseStoreContract, ACaseIsCreatedOnceWithItsFoundersRole) {
  CaseStore& cases = store_->cases();
  const User unit = AddUser("Business unit", true);
  const Id128 case_id = crypto::NewRandomId();
  EXPECT_EQ(*cases.StateOf(case_id), std::nullopt);
  ASSERT_TRUE(
      cases
          .CreateCase(case_id, CaseState::kReferred, Role(unit.user_id, CaseRole::kBusinessUnit), 5)
          .ok());
  EXPECT_EQ(*cases.StateOf(case_id), CaseState::kReferred);
  Result<std::vector<RoleAssignment>> roles = cases.RolesOf(case_id, unit.user_id, 5);
  ASSERT_TRUE(roles.ok()) << roles.status().ToString();
  ASSERT_EQ(roles->size(), 1u);
  EXPECT_EQ((*roles)[0].user_id, unit.user_id);
  EXPECT_EQ((*roles)[0].role, CaseRole::kBusinessUnit);
  EXPECT_EQ((*roles)[0].agency, "");
  EXPECT_EQ((*roles)[0].expires_micros, std::nullopt);

  EXPECT_EQ(
      cases.CreateCase(case_id, CaseState::kCspr, Role(unit.user_id, CaseRole::kBusinessUnit), 6)
          .code(),
      StatusCode::kAlreadyExists);
  EXPECT_EQ(*cases.StateOf(case_id), CaseState::kReferred);

  const Id128 orphan = crypto::NewRandomId();
  EXPECT_EQ(cases
                .CreateCase(orphan, CaseState::kReferred,
                            Role(crypto::NewRandomId(), CaseRole::kBusinessUnit), 5)
                .code(),
            StatusCode::kNotFound)
      << "an unknown founder";
  EXPECT_EQ(*cases.StateOf(orphan), std::nullopt) << "nothing of it is stored";
}

TEST_P(CaseStoreContract, EndorsementsAreKeptOnePerLeadAndAgency) {
  CaseStore& cases = store_->cases();
  const User unit = AddUser("Business unit", true);
  const User lead = AddUser("Police lead");
  const Id128 case_id = crypto::NewRandomId();
  CreateCase(case_id, unit.user_id);
  ASSERT_TRUE(cases.Endorse(case_id, {lead.user_id, "police", CaseState::kCspr, 2}).ok());
  ASSERT_TRUE(
      cases.Endorse(case_id, {lead.user_id, "police", CaseState::kNoFurtherAction, 3}).ok());
  Result<std::vector<Endorsement>> endorsements = cases.Endorsements(case_id);
  ASSERT_TRUE(endorsements.ok()) << endorsements.status().ToString();
  ASSERT_EQ(endorsements->size(), 1u) << "a later endorsement replaces the earlier one";
  EXPECT_EQ((*endorsements)[0].outcome, CaseState::kNoFurtherAction);
  EXPECT_EQ((*endorsements)[0].agency, "police");
  EXPECT_EQ(
      cases.Endorse(crypto::NewRandomId(), {lead.user_id, "police", CaseState::kCspr, 4}).code(),
      StatusCode::kNotFound);
}

TEST_P(CaseStoreContract, AClosedCaseIsFrozenAndNeverCreatedAgain) {
  CaseStore& cases = store_->cases();
  const User unit = AddUser("Business unit", true);
  const User reviewer = AddUser("Reviewer");
  const Id128 case_id = crypto::NewRandomId();
  CreateCase(case_id, unit.user_id);
  ASSERT_TRUE(
      cases.AssignRole(case_id, Role(reviewer.user_id, CaseRole::kReviewer), unit.user_id, 2).ok());
  ASSERT_TRUE(cases
                  .RecordTransition(
                      case_id, Move(unit.user_id, CaseState::kReferred, CaseState::kRapidReview, 3))
                  .ok());
  EXPECT_EQ(*cases.StateOf(case_id), CaseState::kRapidReview);
  EXPECT_EQ(
      cases.RecordTransition(case_id, Move(unit.user_id, CaseState::kReferred, CaseState::kCspr, 3))
          .code(),
      StatusCode::kFailedPrecondition)
      << "the case moved on meanwhile";
  EXPECT_EQ(cases
                .RecordTransition(crypto::NewRandomId(),
                                  Move(unit.user_id, CaseState::kReferred, CaseState::kCspr, 3))
                .code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(cases
                  .RecordTransition(
                      case_id, Move(unit.user_id, CaseState::kRapidReview, CaseState::kClosed, 4))
                  .ok());
  EXPECT_EQ(*cases.StateOf(case_id), CaseState::kRapidReview)
      << "a move to closed is recorded; CloseCase closes";
  Result<std::vector<CaseTransition>> moves = cases.Transitions(case_id);
  ASSERT_TRUE(moves.ok());
  ASSERT_EQ(moves->size(), 2u);
  EXPECT_EQ((*moves)[0].to, CaseState::kRapidReview);
  EXPECT_EQ((*moves)[0].sealed_reason, Bytes({1, 2, 3}));
  EXPECT_EQ((*moves)[1].to, CaseState::kClosed);

  ASSERT_TRUE(cases.CloseCase(case_id, 4).ok());
  EXPECT_EQ(*cases.StateOf(case_id), CaseState::kClosed);
  EXPECT_TRUE(cases.Roles(case_id, 4)->empty()) << "every role is removed";
  EXPECT_TRUE(cases.CasesOf(reviewer.user_id, 4)->empty());
  EXPECT_EQ(cases
                .RecordTransition(case_id,
                                  Move(unit.user_id, CaseState::kRapidReview, CaseState::kCspr, 5))
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(cases.Endorse(case_id, {unit.user_id, "police", CaseState::kCspr, 5}).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(cases.AssignRole(case_id, Role(reviewer.user_id, CaseRole::kReviewer), unit.user_id, 5)
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      cases
          .CreateCase(case_id, CaseState::kReferred, Role(unit.user_id, CaseRole::kBusinessUnit), 6)
          .code(),
      StatusCode::kAlreadyExists);
  EXPECT_TRUE(cases.CloseCase(case_id, 7).ok()) << "closing again";
  EXPECT_TRUE(cases.CloseCase(crypto::NewRandomId(), 7).ok()) << "a case never created";
}

TEST_P(CaseStoreContract, ACasesOfflineLeaseIsFourteenDaysUntilSetWithinItsBounds) {
  CaseStore& cases = store_->cases();
  const User unit = AddUser("Business unit", true);
  const Id128 case_id = crypto::NewRandomId();
  EXPECT_EQ(*cases.LeaseDaysOf(case_id), std::nullopt);
  EXPECT_EQ(cases.SetLeaseDays(case_id, 7).code(), StatusCode::kNotFound);
  CreateCase(case_id, unit.user_id);
  EXPECT_EQ(*cases.LeaseDaysOf(case_id), std::optional<int>(sync::kDefaultLeaseDays));
  for (int days : {sync::kMinLeaseDays, sync::kMaxLeaseDays, 7}) {
    ASSERT_TRUE(cases.SetLeaseDays(case_id, days).ok());
    EXPECT_EQ(*cases.LeaseDaysOf(case_id), std::optional<int>(days));
  }
  for (int days : {0, -1, sync::kMaxLeaseDays + 1}) {
    EXPECT_EQ(cases.SetLeaseDays(case_id, days).code(), StatusCode::kInvalidArgument) << days;
  }
  EXPECT_EQ(*cases.LeaseDaysOf(case_id), std::optional<int>(7));
  ASSERT_TRUE(cases.CloseCase(case_id, 4).ok());
  EXPECT_EQ(cases.SetLeaseDays(case_id, 3).code(), StatusCode::kFailedPrecondition);
}

TEST_P(CaseStoreContract, ARoleReplacesTheSameRoleAndLastsUntilItsEnd) {
  CaseStore& cases = store_->cases();
  const User unit = AddUser("Business unit", true);
  const User lead = AddUser("Lead");
  const Id128 case_id = crypto::NewRandomId();
  CreateCase(case_id, unit.user_id);
  ASSERT_TRUE(
      cases.AssignRole(case_id, Role(lead.user_id, CaseRole::kViewer, "", 100), unit.user_id, 2)
          .ok());
  EXPECT_EQ(cases.RolesOf(case_id, lead.user_id, 99)->size(), 1u);
  EXPECT_TRUE(cases.RolesOf(case_id, lead.user_id, 100)->empty()) << "ended at its end time";
  EXPECT_TRUE(cases.CasesOf(lead.user_id, 100)->empty());

  ASSERT_TRUE(
      cases.AssignRole(case_id, Role(lead.user_id, CaseRole::kViewer, "", 500), unit.user_id, 3)
          .ok());
  Result<std::vector<RoleAssignment>> renewed = cases.RolesOf(case_id, lead.user_id, 100);
  ASSERT_TRUE(renewed.ok()) << renewed.status().ToString();
  ASSERT_EQ(renewed->size(), 1u) << "the same role is replaced, not added";
  EXPECT_EQ((*renewed)[0].expires_micros, 500);

  ASSERT_TRUE(cases
                  .AssignRole(case_id, Role(lead.user_id, CaseRole::kSafeguardingLead, "police"),
                              unit.user_id, 4)
                  .ok());
  ASSERT_TRUE(cases
                  .AssignRole(case_id, Role(lead.user_id, CaseRole::kSafeguardingLead, "health"),
                              unit.user_id, 4)
                  .ok());
  EXPECT_EQ(cases.RolesOf(case_id, lead.user_id, 100)->size(), 3u) << "one per agency";

  EXPECT_EQ(*cases.WithdrawRole(case_id, lead.user_id, CaseRole::kSafeguardingLead, "police"),
            true);
  EXPECT_EQ(*cases.WithdrawRole(case_id, lead.user_id, CaseRole::kSafeguardingLead, "police"),
            false);
  EXPECT_EQ(*cases.WithdrawRole(case_id, lead.user_id, CaseRole::kViewer, ""), true);
  Result<std::vector<RoleAssignment>> left = cases.RolesOf(case_id, lead.user_id, 100);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].agency, "health");

  EXPECT_EQ(
      cases.AssignRole(case_id, Role(crypto::NewRandomId(), CaseRole::kReviewer), unit.user_id, 5)
          .code(),
      StatusCode::kNotFound)
      << "an unknown user";
  EXPECT_EQ(cases
                .AssignRole(crypto::NewRandomId(), Role(lead.user_id, CaseRole::kReviewer),
                            unit.user_id, 5)
                .code(),
            StatusCode::kNotFound)
      << "a case never created";
}

TEST_P(CaseStoreContract, RolesAndCasesAreListedInOrder) {
  CaseStore& cases = store_->cases();
  const User unit = AddUser("Business unit", true);
  const User panel = AddUser("Panel");
  const Id128 first = crypto::NewRandomId();
  const Id128 second = crypto::NewRandomId();
  CreateCase(first, unit.user_id);
  CreateCase(second, unit.user_id);
  ASSERT_TRUE(
      cases.AssignRole(first, Role(panel.user_id, CaseRole::kReviewer), unit.user_id, 2).ok());
  ASSERT_TRUE(
      cases.AssignRole(first, Role(panel.user_id, CaseRole::kPanelMember), unit.user_id, 2).ok());
  ASSERT_TRUE(
      cases.AssignRole(second, Role(panel.user_id, CaseRole::kPanelMember), unit.user_id, 2).ok());

  Result<std::vector<RoleAssignment>> roles = cases.Roles(first, 2);
  ASSERT_TRUE(roles.ok()) << roles.status().ToString();
  ASSERT_EQ(roles->size(), 3u);
  EXPECT_TRUE(std::is_sorted(roles->begin(), roles->end(), [](const auto& a, const auto& b) {
    return a.user_id != b.user_id ? a.user_id < b.user_id
                                  : sync::CaseRoleName(a.role) < sync::CaseRoleName(b.role);
  }));
  Result<std::vector<RoleAssignment>> mine = cases.RolesOf(first, panel.user_id, 2);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].role, CaseRole::kPanelMember) << "panel_member before reviewer";
  EXPECT_EQ((*mine)[1].role, CaseRole::kReviewer);

  std::vector<Id128> expected = {first, second};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*cases.CasesOf(panel.user_id, 2), expected);
  EXPECT_EQ(*cases.CasesOf(unit.user_id, 2), expected);
  EXPECT_TRUE(cases.CasesOf(crypto::NewRandomId(), 2)->empty());
}

}  // namespace
}  // namespace casevault::server::testing
