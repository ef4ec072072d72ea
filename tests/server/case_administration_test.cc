// Roles, nominations, grants and case states on a real server over loopback HTTPS: for every
// role and action the allowed and the refused path, and every decision in the access log.
#include "casevault/client/case_administration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "casevault/client/case_log.h"
#include "casevault/client/https_transport.h"
#include "casevault/crypto/random_id.h"
#include "casevault/server/case_vault_server.h"
#include "staffed_case.h"
#include "testing/temp_dir.h"

namespace casevault::server {
namespace {

using sync::CaseRole;
using sync::CaseState;
using sync::CompartmentRef;

using testing::kHour;
using testing::Person;
using testing::PushAnOp;

// The case administration tests, over the staffed case.
class CaseAdministrationTest : public testing::StaffedCaseTest {};

TEST_F(CaseAdministrationTest, EveryRoleIsAllowedOrRefusedEveryActionAsDomainRulesSayAndLogged) {
  StaffTheCase();
  struct Action {
    std::string logged_as;
    std::function<Status(Person&)> call;
  };
  const std::vector<Action> actions = {
      {"pull", [&](Person& p) { return p.transport->Pull(shared_, 0, 10).status(); }},
      {"push", [&](Person& p) { return PushAnOp(p, shared_); }},
      {"pull", [&](Person& p) { return p.transport->Pull(police_, 0, 10).status(); }},
      {"push", [&](Person& p) { return PushAnOp(p, police_); }},
      {"assign-role",
       [&](Person& p) {
         return p.admin->AssignRole(case_id_, target_.user_id, CaseRole::kReviewer, "", {});
       }},
      {"assign-role",
       [&](Person& p) {
         return p.admin->AssignRole(case_id_, target_.user_id, CaseRole::kNominatedRepresentative,
                                    "police", {});
       }},
      {"grant-read",
       [&](Person& p) { return p.admin->Grant(police_, target_.user_id, false, {}); }},
      {"set-state",
       [&](Person& p) { return p.admin->SetState(case_id_, CaseState::kRapidReview, Because()); }},
      {"view-roster", [&](Person& p) { return p.admin->Roster(case_id_).status(); }},
      {"endorse", [&](Person& p) { return p.admin->Endorse(case_id_, CaseState::kCspr); }},
      {"view-history", [&](Person& p) { return p.admin->History(case_id_).status(); }},
  };
  // Columns: pull shared, push shared, pull police, push police, assign a reviewer, nominate a
  // police representative, grant read on agency:police, set the state, view the roster,
  // endorse a rapid review outcome, view the case's history.
  const std::vector<std::pair<std::string, std::pair<Person*, std::string>>> rows = {
      {"business unit", {bu_, "YYNNYNNYYNY"}},
      {"police lead", {lead_police_, "YYNNNYNNYYY"}},
      {"police representative", {rep_police_, "YYYYNNYNYNY"}},
      {"health representative", {rep_health_, "YYNNNNNNYNY"}},
      {"reviewer", {reviewer_, "YYNNNNNNYNY"}},
      {"panel member", {panel_, "YYNNNNNNYNY"}},
      {"police practitioner", {practitioner_, "NNYNNNNNYNY"}},
      {"viewer", {viewer_, "NNNNNNNNYNY"}},
      {"outsider", {outsider_, "NNNNNNNNNNN"}},
  };
  for (const auto& [who, row] : rows) {
    const auto& [person, expected] = row;
    ASSERT_EQ(expected.size(), actions.size());
    for (size_t i = 0; i < actions.size(); ++i) {
      SCOPED_TRACE(who + ", action " + std::to_string(i));
      ExpectDecision(who, *person, actions[i].logged_as, expected[i] == 'Y', actions[i].call);
    }
  }
}

TEST_F(CaseAdministrationTest, OnlyBusinessUnitStaffOpenACaseAndOnlyOnce) {
  Person& reviewer = Enrol("lead reviewer", false, false);
  Person& office = Enrol("business unit", true, false);
  const uint64_t before = LogSize();
  EXPECT_EQ(reviewer.admin->OpenCase(case_id_).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(office.admin->OpenCase(case_id_).ok());
  EXPECT_EQ(office.admin->OpenCase(case_id_).code(), StatusCode::kAlreadyExists);
  const std::vector<AccessEntry> logged = LoggedSince(before);
  ASSERT_EQ(logged.size(), 3u);
  EXPECT_FALSE(logged[0].allowed);
  EXPECT_EQ(logged[0].reason, "only business unit staff open cases");
  EXPECT_TRUE(logged[1].allowed);
  EXPECT_EQ(*server_->roster().State(case_id_), CaseState::kReferred);
  Result<std::vector<client::CaseSummary>> cases = office.admin->ListCases();
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ((*cases)[0].case_id, case_id_);
  EXPECT_EQ((*cases)[0].state, "referred");
  EXPECT_EQ((*cases)[0].roles, std::vector<std::string>{"business_unit"});
  EXPECT_EQ((*cases)[0].compartments, (std::vector<std::string>{"drafts", "shared"}));
  EXPECT_TRUE(reviewer.admin->ListCases()->empty());
}

TEST_F(CaseAdministrationTest,
       TheBusinessUnitReachesAnAgencyCompartmentOnlyThroughItsRepresentative) {
  StaffTheCase();
  EXPECT_EQ(bu_->transport->Pull(police_, 0, 10).status().code(), StatusCode::kPermissionDenied);
  // The police lead may withdraw grants on agency:police but not make them.
  EXPECT_EQ(lead_police_->admin->Grant(police_, bu_->user.user_id, false, {}).code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(rep_police_->admin->Grant(police_, bu_->user.user_id, false, {}).ok());
  EXPECT_TRUE(bu_->transport->Pull(police_, 0, 10).ok());
  EXPECT_EQ(PushAnOp(*bu_, police_).code(), StatusCode::kPermissionDenied)
      << "the grant is read-only";
  const std::vector<std::string> opened = {"agency:police", "drafts", "shared"};
  EXPECT_EQ(bu_->admin->ListCases()->at(0).compartments, opened);
  EXPECT_EQ(rep_police_->admin->ListCases()->at(0).compartments, opened);
  EXPECT_EQ(practitioner_->admin->ListCases()->at(0).compartments,
            std::vector<std::string>{"agency:police"});
  ASSERT_TRUE(lead_police_->admin->WithdrawGrant(police_, bu_->user.user_id).ok());
  EXPECT_EQ(bu_->transport->Pull(police_, 0, 10).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(rep_police_->admin->WithdrawGrant(police_, bu_->user.user_id).code(),
            StatusCode::kNotFound);

  // Keys are wrapped only to members: the representative and the practitioner, not the rest.
  Result<std::vector<Id128>> members = server_->policy().Members(police_);
  ASSERT_TRUE(members.ok());
  std::vector<Id128> expected = {rep_police_->user.user_id, practitioner_->user.user_id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*members, expected);
}

TEST_F(CaseAdministrationTest, WithdrawingARoleTakesEffectOnTheNextRequest) {
  StaffTheCase();
  ASSERT_TRUE(rep_police_->transport->Pull(police_, 0, 10).ok());
  EXPECT_EQ(bu_->admin
                ->WithdrawRole(case_id_, rep_police_->user.user_id,
                               CaseRole::kNominatedRepresentative, "police")
                .code(),
            StatusCode::kPermissionDenied)
      << "only the police lead withdraws the police representative";
  ASSERT_TRUE(lead_police_->admin
                  ->WithdrawRole(case_id_, rep_police_->user.user_id,
                                 CaseRole::kNominatedRepresentative, "police")
                  .ok());
  EXPECT_EQ(rep_police_->transport->Pull(police_, 0, 10).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LoggedSince(LogSize() - 1)[0].reason, "no role or grant opens agency:police");
  Result<client::CaseRoster> roster = bu_->admin->Roster(case_id_);
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  EXPECT_EQ(roster->state, "referred");
  EXPECT_TRUE(std::none_of(roster->lines.begin(), roster->lines.end(), [&](const auto& line) {
    return line.user_id == rep_police_->user.user_id;
  }));
  const auto viewer = std::find_if(roster->lines.begin(), roster->lines.end(), [&](const auto& l) {
    return l.user_id == viewer_->user.user_id;
  });
  ASSERT_NE(viewer, roster->lines.end());
  EXPECT_EQ(viewer->held, "viewer");
  EXPECT_EQ(viewer->name, "family member");
  ASSERT_TRUE(viewer->expires_micros.has_value());
  EXPECT_GT(*viewer->expires_micros, env_.NowMicros() + kHour);
}

TEST_F(CaseAdministrationTest, AViewersRoleIsTimeBoxedAndOpensNoCompartment) {
  StaffTheCase();
  EXPECT_EQ(bu_->admin->AssignRole(case_id_, target_.user_id, CaseRole::kViewer, "", {}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      bu_->admin->AssignRole(case_id_, target_.user_id, CaseRole::kReviewer, "police", {}).code(),
      StatusCode::kInvalidArgument)
      << "a reviewer is not for one agency";
  Result<std::vector<client::CaseSummary>> cases = viewer_->admin->ListCases();
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ(cases->front().roles, std::vector<std::string>{"viewer"});
  EXPECT_TRUE(cases->front().compartments.empty())
      << "a viewer keeps no replica: they read one shared draft online (draft_view_api_test)";
  for (const CompartmentRef& where : {shared_, drafts_, police_}) {
    EXPECT_EQ(viewer_->transport->Pull(where, 0, 10).status().code(),
              StatusCode::kPermissionDenied);
  }
}

TEST_F(CaseAdministrationTest, NoFurtherActionMakesTheCaseReadOnlyUntilTheBusinessUnitReopensIt) {
  StaffTheCase();
  EXPECT_EQ(reviewer_->admin->SetState(case_id_, CaseState::kNoFurtherAction, Because()).code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(bu_->admin->SetState(case_id_, CaseState::kNoFurtherAction, Because()).ok());
  EXPECT_TRUE(reviewer_->transport->Pull(shared_, 0, 10).ok());
  EXPECT_EQ(PushAnOp(*reviewer_, shared_).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(LastReason(), "case has no further action: read-only");
  EXPECT_EQ(bu_->admin->SetState(case_id_, CaseState::kClosed, Because()).code(),
            StatusCode::kFailedPrecondition)
      << "closing destroys data and has its own request";
  EXPECT_EQ(bu_->admin->SetState(case_id_, CaseState::kCspr, Because()).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LastReason(), "a case cannot move from no_further_action to cspr");
  ASSERT_TRUE(bu_->admin->SetState(case_id_, CaseState::kRapidReview, Because()).ok())
      << "reopened on new information";
  EXPECT_TRUE(PushAnOp(*reviewer_, shared_).ok());
}

TEST_F(CaseAdministrationTest, ActingOnACaseNeedsTheAgreementsFirst) {
  StaffTheCase();
  Person& new_lead = Enrol("new police lead", false, false);
  Assign(*bu_, new_lead, CaseRole::kSafeguardingLead, "police");
  const uint64_t before = LogSize();
  EXPECT_EQ(
      new_lead.admin
          ->AssignRole(case_id_, target_.user_id, CaseRole::kNominatedRepresentative, "police", {})
          .code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(LoggedSince(before)[0].reason, "confidentiality agreement not signed");
  Agree(new_lead);
  EXPECT_TRUE(
      new_lead.admin
          ->AssignRole(case_id_, target_.user_id, CaseRole::kNominatedRepresentative, "police", {})
          .ok());
}

TEST_F(CaseAdministrationTest, OnlyTheBusinessUnitSetsTheOfflineLeaseWhichEveryMemberIsToldOf) {
  StaffTheCase();
  EXPECT_EQ(reviewer_->admin->ListCases()->at(0).lease_days, sync::kDefaultLeaseDays);
  for (Person* refused : {reviewer_, lead_police_, rep_police_, outsider_}) {
    ExpectDecision("not the business unit", *refused, "set-lease", false,
                   [&](Person& person) { return person.admin->SetLeaseDays(case_id_, 30); });
  }
  EXPECT_EQ(*server_->roster().LeaseDays(case_id_), sync::kDefaultLeaseDays);
  ExpectDecision("business unit", *bu_, "set-lease", true,
                 [&](Person& person) { return person.admin->SetLeaseDays(case_id_, 3); });
  EXPECT_EQ(LoggedSince(LogSize() - 1)[0].object_id, "3");
  for (Person* member : {bu_, reviewer_, rep_police_}) {
    Result<std::vector<client::CaseSummary>> cases = member->admin->ListCases();
    ASSERT_TRUE(cases.ok()) << cases.status().ToString();
    ASSERT_EQ(cases->size(), 1u);
    EXPECT_EQ((*cases)[0].lease_days, 3);
  }

  const uint64_t before = LogSize();
  for (int days : {0, sync::kMaxLeaseDays + 1}) {
    const Status refused = bu_->admin->SetLeaseDays(case_id_, days);
    EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << days;
    EXPECT_NE(refused.message().find("from 1 to 90 days"), std::string::npos) << refused.ToString();
  }
  EXPECT_EQ(LogSize(), before) << "a malformed request reaches no decision";
  EXPECT_TRUE(bu_->admin->SetLeaseDays(case_id_, sync::kMaxLeaseDays).ok());
  EXPECT_EQ(*server_->roster().LeaseDays(case_id_), sync::kMaxLeaseDays);
}

TEST_F(CaseAdministrationTest, OnlyTheBusinessUnitClosesTheCaseAndThenEveryoneIsRefused) {
  StaffTheCase();
  ASSERT_TRUE(PushAnOp(*rep_police_, police_).ok());
  EXPECT_EQ(reviewer_->admin->CloseCase(case_id_, Because()).status().code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(bu_->admin->SetState(case_id_, CaseState::kNoFurtherAction, Because()).ok());
  Result<uint64_t> closed = bu_->admin->CloseCase(case_id_, Because());
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  EXPECT_EQ(rep_police_->transport->Pull(police_, 0, 10).status().code(), StatusCode::kRevoked);
  EXPECT_EQ(bu_->admin->Roster(case_id_).status().code(), StatusCode::kRevoked);
  EXPECT_EQ(*server_->roster().State(case_id_), CaseState::kClosed);
  EXPECT_TRUE(server_->policy().Members(police_)->empty());
  EXPECT_TRUE(bu_->admin->ListCases()->empty());
  EXPECT_EQ(bu_->admin->OpenCase(case_id_).code(), StatusCode::kRevoked)
      << "a closed case is never opened again";
}

TEST_F(CaseAdministrationTest, ARapidReviewOutcomeNeedsTheEndorsementOfEveryStatutoryPartner) {
  StaffTheCase();
  EXPECT_EQ(bu_->admin->SetState(case_id_, CaseState::kRapidReview, {}).code(),
            StatusCode::kInvalidArgument)
      << "a move needs a reason";
  ASSERT_TRUE(bu_->admin->SetState(case_id_, CaseState::kRapidReview, Because()).ok());
  ASSERT_TRUE(lead_police_->admin->Endorse(case_id_, CaseState::kCspr).ok());
  ASSERT_TRUE(lead_health_->admin->Endorse(case_id_, CaseState::kNoFurtherAction).ok());

  EXPECT_EQ(bu_->admin->SetState(case_id_, CaseState::kCspr, Because()).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LastReason(),
            "the rapid review outcome cspr is not endorsed yet by the safeguarding lead of health");
  ASSERT_TRUE(lead_health_->admin->Endorse(case_id_, CaseState::kCspr).ok())
      << "a lead may change their endorsement";
  EXPECT_EQ(bu_->admin->SetState(case_id_, CaseState::kCspr, Because()).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LastReason(),
            "the rapid review outcome cspr needs the endorsement of 3 statutory partners (local "
            "authority, police, health); it has 2");

  Person& lead_council = Enrol("council lead");
  Assign(*bu_, lead_council, CaseRole::kSafeguardingLead, "la_childrens_social_care");
  EXPECT_EQ(bu_->admin->SetState(case_id_, CaseState::kCspr, Because()).code(),
            StatusCode::kPermissionDenied)
      << "every lead on the case must endorse";
  EXPECT_EQ(rep_police_->admin->Endorse(case_id_, CaseState::kCspr).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LastReason(), "only safeguarding leads endorse outcomes");
  ASSERT_TRUE(lead_council.admin->Endorse(case_id_, CaseState::kCspr).ok());
  const Status moved = bu_->admin->SetState(case_id_, CaseState::kCspr, Because());
  ASSERT_TRUE(moved.ok()) << moved.ToString();
  EXPECT_EQ(*server_->roster().State(case_id_), CaseState::kCspr);

  Result<client::CaseHistory> history = reviewer_->admin->History(case_id_);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->moves.size(), 2u);
  EXPECT_EQ(history->moves[1].from, CaseState::kRapidReview);
  EXPECT_EQ(history->moves[1].to, CaseState::kCspr);
  EXPECT_EQ(history->moves[1].moved_by, bu_->user.user_id);
  EXPECT_EQ(history->moves[1].sealed_reason, Because().sealed_reason);
  ASSERT_EQ(history->endorsements.size(), 3u);
  for (const client::EndorsementRecord& endorsement : history->endorsements) {
    EXPECT_EQ(endorsement.outcome, CaseState::kCspr) << endorsement.agency;
  }
}

TEST_F(CaseAdministrationTest, ClosingAReviewNeedsItsFinalReportNamed) {
  StaffTheCase();
  ASSERT_TRUE(bu_->admin->SetState(case_id_, CaseState::kRapidReview, Because()).ok());
  EXPECT_EQ(bu_->admin->CloseCase(case_id_, Because()).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LastReason(), "a case cannot move from rapid_review to closed");
  Person& lead_council = Enrol("council lead");
  Assign(*bu_, lead_council, CaseRole::kSafeguardingLead, "la_childrens_social_care");
  for (Person* lead : {lead_police_, lead_health_, &lead_council}) {
    ASSERT_TRUE(lead->admin->Endorse(case_id_, CaseState::kOtherLearningReview).ok());
  }
  ASSERT_TRUE(bu_->admin->SetState(case_id_, CaseState::kOtherLearningReview, Because()).ok());
  EXPECT_EQ(bu_->admin->CloseCase(case_id_, Because()).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(LastReason(), "closing a other_learning_review case needs its final report named");
  EXPECT_EQ(bu_->admin->CloseCase(case_id_, Because("not-an-id")).status().code(),
            StatusCode::kInvalidArgument);
  const std::string report = crypto::NewRandomId().ToHex();
  ASSERT_TRUE(bu_->admin->CloseCase(case_id_, Because(report)).ok());
  EXPECT_EQ(*server_->roster().State(case_id_), CaseState::kClosed);
  Result<std::vector<CaseTransition>> moves = server_->roster().Transitions(case_id_);
  ASSERT_TRUE(moves.ok());
  ASSERT_EQ(moves->size(), 3u);
  EXPECT_EQ(moves->back().to, CaseState::kClosed);
  EXPECT_EQ(moves->back().final_report, report);
}

TEST_F(CaseAdministrationTest,
       DraftsOpenToTheReviewTeamAndRepresentativesNotPractitionersOrViewers) {
  StaffTheCase();
  const std::vector<std::pair<std::string, std::pair<Person*, bool>>> rows = {
      {"business unit", {bu_, true}},
      {"police lead", {lead_police_, true}},
      {"police representative", {rep_police_, true}},
      {"reviewer", {reviewer_, true}},
      {"panel member", {panel_, true}},
      {"police practitioner", {practitioner_, false}},
      {"viewer", {viewer_, false}},
      {"outsider", {outsider_, false}},
  };
  for (const auto& [who, row] : rows) {
    const auto& [person, allowed] = row;
    ExpectDecision(who, *person, "pull", allowed,
                   [&](Person& p) { return p.transport->Pull(drafts_, 0, 10).status(); });
    ExpectDecision(who, *person, "push", allowed, [&](Person& p) { return PushAnOp(p, drafts_); });
  }
  const std::vector<client::CaseSummary> cases = *reviewer_->admin->ListCases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].compartments, (std::vector<std::string>{"drafts", "shared"}));
  EXPECT_TRUE(cases[0].purged.empty());
}

TEST_F(CaseAdministrationTest, OnlyTheBusinessUnitPurgesTheDraftsAndThenNobodyReachesThem) {
  StaffTheCase();
  ASSERT_TRUE(PushAnOp(*reviewer_, drafts_).ok());
  ExpectDecision("reviewer", *reviewer_, "purge-drafts", false,
                 [&](Person& p) { return p.admin->PurgeDrafts(case_id_); });
  ExpectDecision("business unit", *bu_, "purge-drafts", true,
                 [&](Person& p) { return p.admin->PurgeDrafts(case_id_); });
  ExpectDecision("reviewer", *reviewer_, "push", false,
                 [&](Person& p) { return PushAnOp(p, drafts_); });
  ExpectDecision("business unit", *bu_, "pull", false,
                 [&](Person& p) { return p.transport->Pull(drafts_, 0, 10).status(); });
  const std::vector<AccessEntry> refused = LoggedSince(LogSize() - 1);
  EXPECT_EQ(refused[0].reason, "drafts was purged");
  ExpectDecision("reviewer", *reviewer_, "push", true,
                 [&](Person& p) { return PushAnOp(p, shared_); });
  const std::vector<client::CaseSummary> cases = *reviewer_->admin->ListCases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].compartments, std::vector<std::string>{"shared"});
  EXPECT_EQ(cases[0].purged, std::vector<std::string>{"drafts"});
}

TEST_F(CaseAdministrationTest, TheBusinessUnitAndLeadsSeeTheWholeCaseLogOthersTheirOwnEntries) {
  StaffTheCase();
  ASSERT_EQ(bu_->transport->Pull(police_, 0, 10).status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(reviewer_->transport->Pull(shared_, 0, 10).ok());

  for (Person* sees_all : {bu_, lead_health_}) {
    Result<std::vector<client::LoggedAccess>> whole =
        client::ReadCaseLog(*sees_all->transport, case_id_);
    ASSERT_TRUE(whole.ok()) << whole.status().ToString();
    const auto refused = std::find_if(whole->begin(), whole->end(), [&](const auto& entry) {
      return entry.user_id == bu_->user.user_id && entry.action == "pull" && !entry.allowed;
    });
    ASSERT_NE(refused, whole->end()) << "the business unit's refused read is in the log";
    EXPECT_EQ(refused->compartment, "agency:police");
    EXPECT_EQ(refused->device_id, bu_->device.device_id());
    EXPECT_TRUE(std::any_of(whole->begin(), whole->end(), [&](const auto& entry) {
      return entry.user_id == reviewer_->user.user_id && entry.action == "pull" && entry.allowed;
    }));
  }

  Result<std::vector<client::LoggedAccess>> own =
      client::ReadCaseLog(*reviewer_->transport, case_id_);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_FALSE(own->empty());
  EXPECT_TRUE(std::all_of(own->begin(), own->end(), [&](const auto& entry) {
    return entry.user_id == reviewer_->user.user_id;
  }));

  const uint64_t before = LogSize();
  EXPECT_EQ(client::ReadCaseLog(*outsider_->transport, case_id_).status().code(),
            StatusCode::kPermissionDenied);
  const std::vector<AccessEntry> logged = LoggedSince(before);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].action, "view-log");
  EXPECT_FALSE(logged[0].allowed);
}

TEST_F(CaseAdministrationTest, AnInclusionProofShowsAnEntryOnlyToItsUserOrWhoSeesTheWholeLog) {
  StaffTheCase();
  const uint64_t index = LogSize();
  ASSERT_TRUE(reviewer_->transport->Pull(shared_, 0, 10).ok());
  const auto inclusion = [&](Person& person) {
    return person.transport->CallForm(
        "GET",
        "/v1/log/inclusion?index=" + std::to_string(index) + "&size=" + std::to_string(index + 1),
        sync::ApiForm());
  };
  EXPECT_TRUE(inclusion(*reviewer_).ok());
  EXPECT_TRUE(inclusion(*lead_police_).ok());
  EXPECT_EQ(inclusion(*panel_).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(inclusion(*outsider_).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(LoggedSince(LogSize() - 1)[0].action, "log-inclusion");
}

}  // namespace
}  // namespace casevault::server
