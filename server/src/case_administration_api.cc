#include "case_administration_api.h"

#include <algorithm>
#include <functional>
#include <set>
#include <span>

#include "api_replies.h"
#include "case_rules.h"
#include "casevault/server/case_transitions.h"
#include "casevault/sync/api_form.h"
#include "casevault/sync/case_state.h"
#include "casevault/sync/offline_lease.h"

namespace casevault::server {
namespace {

using sync::ApiForm;
using sync::CaseRole;

constexpr std::string_view kCasePath = R"(/v1/cases/([0-9a-f]{32}))";
constexpr std::string_view kCompartmentPart =
    R"(/compartments/(shared|drafts|agency:[a-z0-9_-]{1,64}))";
constexpr size_t kMaxSealedReason = 4096;

std::string RoleText(const RoleAssignment& role) {
  std::string text(sync::CaseRoleName(role.role));
  if (!role.agency.empty()) text += "/" + role.agency;
  return text;
}

// Appends `item` to the comma-separated `list`.
void AppendToList(std::string& list, std::string_view item) {
  if (!list.empty()) list += ',';
  list.append(item);
}

std::string ExpiryText(const std::optional<int64_t>& expires) {
  return expires ? std::to_string(*expires) : "-";
}

class CaseAdministrationApi {
 public:
  CaseAdministrationApi(const ServerApiParts& parts, std::shared_ptr<CaseGate> gate)
      : p_(parts), gate_(std::move(gate)) {}

  HttpResponse OpenCase(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(Id128 case_id, form.GetId("case_id"));
      CV_ASSIGN_OR_RETURN(
          SessionInfo session,
          gate_->Admit(BearerToken(request), {case_id, "", "open-case", ""},
                       [&](const SessionInfo& caller) -> Result<Decision> {
                         CV_ASSIGN_OR_RETURN(User user, p_.identity->GetUser(caller.user_id));
                         if (!user.business_unit) {
                           return Decision{false, "only business unit staff open cases"};
                         }
                         return Decision{true, "business unit opens the case"};
                       }));
      CV_RETURN_IF_ERROR(p_.roster->Open(case_id, session.user_id));
      return Ok({});
    }());
  }

  HttpResponse ListCases(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(SessionInfo session, p_.identity->Authenticate(BearerToken(request)));
      CV_ASSIGN_OR_RETURN(std::vector<Id128> cases, p_.policy->CasesOf(session.user_id));
      ApiForm form;
      form.Set("count", std::to_string(cases.size()));
      for (size_t i = 0; i < cases.size(); ++i) {
        const std::string n = std::to_string(i);
        CV_ASSIGN_OR_RETURN(std::optional<sync::CaseState> state, p_.roster->State(cases[i]));
        CV_ASSIGN_OR_RETURN(std::optional<int> lease_days, p_.roster->LeaseDays(cases[i]));
        CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles,
                            p_.roster->RolesOf(cases[i], session.user_id));
        CV_ASSIGN_OR_RETURN(std::vector<GrantRecord> grants, p_.policy->Grants(cases[i]));
        std::string role_list, grant_list;
        std::set<std::string> compartments;
        for (const RoleAssignment& role : roles) {
          AppendToList(role_list, RoleText(role));
          for (const std::string& name :
               {std::string("shared"), std::string("drafts"), "agency:" + role.agency}) {
            if (RoleAccess(role, name)) compartments.insert(name);
          }
        }
        for (const GrantRecord& grant : grants) {
          if (grant.user_id != session.user_id) continue;
          AppendToList(grant_list, grant.compartment);
          grant_list.append(grant.access == Access::kWrite ? "=write" : "=read");
          compartments.insert(grant.compartment);
        }
        std::string compartment_list, purged_list;
        for (const std::string& name : compartments) {
          CV_ASSIGN_OR_RETURN(bool purged, p_.closure->IsPurged({cases[i], name}));
          AppendToList(purged ? purged_list : compartment_list, name);
        }
        form.Set("case_" + n, cases[i].ToHex())
            .Set("state_" + n, state ? sync::CaseStateName(*state) : "unknown")
            .Set("roles_" + n, role_list)
            .Set("grants_" + n, grant_list)
            .Set("compartments_" + n, compartment_list)
            .Set("lease_days_" + n, std::to_string(lease_days.value_or(sync::kDefaultLeaseDays)))
            .Set("purged_" + n, purged_list);
      }
      return FormReply(form);
    }());
  }

  HttpResponse Roster(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_RETURN_IF_ERROR(gate_
                             ->Admit(BearerToken(request), {case_id, "", "view-roster", ""},
                                     [&](const SessionInfo& caller) -> Result<Decision> {
                                       CV_ASSIGN_OR_RETURN(std::vector<Id128> cases,
                                                           p_.policy->CasesOf(caller.user_id));
                                       if (std::find(cases.begin(), cases.end(), case_id) ==
                                           cases.end()) {
                                         return Decision{false, "no role or grant on the case"};
                                       }
                                       return Decision{true, "member of the case"};
                                     })
                             .status());
      CV_ASSIGN_OR_RETURN(std::optional<sync::CaseState> state, p_.roster->State(case_id));
      CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roles, p_.roster->Roster(case_id));
      CV_ASSIGN_OR_RETURN(std::vector<GrantRecord> grants, p_.policy->Grants(case_id));
      ApiForm form;
      form.Set("state", state ? sync::CaseStateName(*state) : "unknown")
          .Set("roles", std::to_string(roles.size()))
          .Set("grants", std::to_string(grants.size()));
      std::vector<Id128> people;
      for (size_t i = 0; i < roles.size(); ++i) {
        form.Set("role_" + std::to_string(i), roles[i].user_id.ToHex() + ":" + RoleText(roles[i]) +
                                                  ":" + ExpiryText(roles[i].expires_micros));
        people.push_back(roles[i].user_id);
      }
      for (size_t i = 0; i < grants.size(); ++i) {
        const GrantRecord& grant = grants[i];
        form.Set("grant_" + std::to_string(i),
                 grant.user_id.ToHex() + ":" + (grant.access == Access::kWrite ? "write" : "read") +
                     ":" + ExpiryText(grant.expires_micros) + ":" + grant.compartment);
        people.push_back(grant.user_id);
      }
      for (const Id128& person : people) {
        CV_ASSIGN_OR_RETURN(User user, p_.identity->GetUser(person));
        form.Set("name_" + person.ToHex(), user.name)
            .Set("organisation_" + person.ToHex(), user.organisation);
      }
      return FormReply(form);
    }());
  }

  HttpResponse AssignRole(const HttpRequest& request) {
    return ChangeRole(request, /*assign=*/true);
  }
  HttpResponse WithdrawRole(const HttpRequest& request) {
    return ChangeRole(request, /*assign=*/false);
  }

  HttpResponse Grant(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      const std::string compartment = request.path_params.at(1);
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(Id128 user_id, form.GetId("user"));
      CV_ASSIGN_OR_RETURN(std::string access, form.Get("access"));
      if (access != "read" && access != "write") {
        return InvalidArgumentError("access is read or write, not " + access);
      }
      CV_ASSIGN_OR_RETURN(std::optional<int64_t> expires, Expiry(form));
      CV_ASSIGN_OR_RETURN(SessionInfo session,
                          gate_->Admit(BearerToken(request),
                                       {case_id, compartment, "grant-" + access, user_id.ToHex()},
                                       ByRoles(case_id, [&](std::span<const RoleAssignment> roles) {
                                         return MayGrant(roles, compartment);
                                       })));
      CV_RETURN_IF_ERROR(p_.policy->Grant(user_id, {case_id, compartment},
                                          access == "write" ? Access::kWrite : Access::kRead,
                                          expires, session.user_id));
      return Ok({});
    }());
  }

  HttpResponse WithdrawGrant(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      const std::string compartment = request.path_params.at(1);
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(Id128 user_id, form.GetId("user"));
      CV_RETURN_IF_ERROR(gate_
                             ->Admit(BearerToken(request),
                                     {case_id, compartment, "withdraw-grant", user_id.ToHex()},
                                     ByRoles(case_id,
                                             [&](std::span<const RoleAssignment> roles) {
                                               return MayWithdrawGrant(roles, compartment);
                                             }))
                             .status());
      CV_RETURN_IF_ERROR(p_.policy->Revoke(user_id, {case_id, compartment}));
      return Ok({});
    }());
  }

  HttpResponse SetState(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(std::string name, form.Get("state"));
      const std::optional<sync::CaseState> state = sync::CaseStateFromName(name);
      if (!state) return InvalidArgumentError("no case state is called " + name);
      if (*state == sync::CaseState::kClosed) {
        return FailedPreconditionError("closing destroys the case's data: it has its own request");
      }
      CV_ASSIGN_OR_RETURN(CaseTransition move, MoveAsked(form, *state));
      CV_ASSIGN_OR_RETURN(SessionInfo session,
                          gate_->Admit(BearerToken(request), {case_id, "", "set-state", name},
                                       MoveRule(case_id, move)));
      move.moved_by = session.user_id;
      CV_RETURN_IF_ERROR(p_.roster->Move(case_id, move));
      return Ok({});
    }());
  }

  HttpResponse SetLease(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(int64_t days, form.GetInt("days"));
      if (!sync::ValidLeaseDays(days)) {
        return InvalidArgumentError(sync::kLeaseBoundsMessage);
      }
      CV_RETURN_IF_ERROR(gate_
                             ->Admit(BearerToken(request),
                                     {case_id, "", "set-lease", std::to_string(days)},
                                     ByRoles(case_id, &MayRunCase))
                             .status());
      CV_RETURN_IF_ERROR(p_.roster->SetLeaseDays(case_id, static_cast<int>(days)));
      return Ok({});
    }());
  }

  HttpResponse CloseCase(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(CaseTransition move, MoveAsked(form, sync::CaseState::kClosed));
      CV_ASSIGN_OR_RETURN(SessionInfo session,
                          gate_->Admit(BearerToken(request), {case_id, "", "close-case", ""},
                                       MoveRule(case_id, move)));
      move.moved_by = session.user_id;
      CV_RETURN_IF_ERROR(p_.roster->Move(case_id, move));
      CV_ASSIGN_OR_RETURN(ClosureReport report, p_.closure->Close(case_id, session.user_id));
      return FormReply(ApiForm().Set("chunks_destroyed", std::to_string(report.chunks_destroyed)));
    }());
  }

  HttpResponse Endorse(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      CV_ASSIGN_OR_RETURN(std::string name, form.Get("outcome"));
      const std::optional<sync::CaseState> outcome = sync::CaseStateFromName(name);
      if (!outcome || !sync::IsRapidReviewOutcome(*outcome)) {
        return InvalidArgumentError(
            "a rapid review outcome is cspr, other_learning_review or "
            "no_further_action, not " +
            name);
      }
      std::vector<std::string> agencies;
      CV_ASSIGN_OR_RETURN(
          SessionInfo session,
          gate_->Admit(BearerToken(request), {case_id, "", "endorse", name},
                       ByRoles(case_id, [&](std::span<const RoleAssignment> roles) {
                         for (const RoleAssignment& role : roles) {
                           if (role.role == CaseRole::kSafeguardingLead) {
                             agencies.push_back(role.agency);
                           }
                         }
                         if (agencies.empty()) {
                           return Decision{false, "only safeguarding leads endorse outcomes"};
                         }
                         return Decision{true, "safeguarding lead endorses the outcome"};
                       })));
      for (const std::string& agency : agencies) {
        CV_RETURN_IF_ERROR(p_.roster->Endorse(case_id, Endorsement{.endorsed_by = session.user_id,
                                                                   .agency = agency,
                                                                   .outcome = *outcome,
                                                                   .at_micros = 0}));
      }
      return Ok({});
    }());
  }

  HttpResponse PurgeDrafts(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(SessionInfo session, gate_->Admit(BearerToken(request),
                                                            {case_id, "drafts", "purge-drafts", ""},
                                                            ByRoles(case_id, &MayPurgeDrafts)));
      CV_RETURN_IF_ERROR(p_.closure->Purge({case_id, "drafts"}, session.user_id));
      return Ok({});
    }());
  }

  HttpResponse History(const HttpRequest& request) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_RETURN_IF_ERROR(gate_
                             ->Admit(BearerToken(request), {case_id, "", "view-history", ""},
                                     ByRoles(case_id,
                                             [](std::span<const RoleAssignment> roles) {
                                               if (roles.empty()) {
                                                 return Decision{false, "no role on the case"};
                                               }
                                               return Decision{true, "member of the case"};
                                             }))
                             .status());
      CV_ASSIGN_OR_RETURN(std::vector<CaseTransition> moves, p_.roster->Transitions(case_id));
      CV_ASSIGN_OR_RETURN(std::vector<Endorsement> endorsements, p_.roster->Endorsements(case_id));
      ApiForm form;
      form.Set("moves", std::to_string(moves.size()))
          .Set("endorsements", std::to_string(endorsements.size()));
      for (size_t i = 0; i < moves.size(); ++i) {
        const CaseTransition& move = moves[i];
        const std::string n = std::to_string(i);
        form.Set("move_" + n, move.moved_by.ToHex() + ":" +
                                  std::string(sync::CaseStateName(move.from)) + ":" +
                                  std::string(sync::CaseStateName(move.to)) + ":" +
                                  std::to_string(move.at_micros) + ":" + move.final_report)
            .SetHex("reason_" + n, move.sealed_reason);
      }
      for (size_t i = 0; i < endorsements.size(); ++i) {
        const Endorsement& endorsement = endorsements[i];
        form.Set("endorsement_" + std::to_string(i),
                 endorsement.endorsed_by.ToHex() + ":" + endorsement.agency + ":" +
                     std::string(sync::CaseStateName(endorsement.outcome)) + ":" +
                     std::to_string(endorsement.at_micros));
      }
      return FormReply(form);
    }());
  }

 private:
  // The move to `to` that `form` asks for: its sealed "reason" (required) and optional
  // "final_report" record id. Who makes it and from where are filled in once admitted.
  static Result<CaseTransition> MoveAsked(const ApiForm& form, sync::CaseState to) {
    CaseTransition move;
    move.to = to;
    CV_ASSIGN_OR_RETURN(move.sealed_reason, form.GetHex("reason"));
    if (move.sealed_reason.empty() || move.sealed_reason.size() > kMaxSealedReason) {
      return InvalidArgumentError("a case moves with a sealed reason of 1 to " +
                                  std::to_string(kMaxSealedReason) + " bytes");
    }
    move.final_report = form.GetOr("final_report", "");
    if (!move.final_report.empty() && !Id128::FromHex(move.final_report).ok()) {
      return InvalidArgumentError("final_report must be a record id (32 hex digits)");
    }
    return move;
  }

  // The rule for `move` (its `from` set here from the case's state): the business unit runs
  // the case, and CaseTransitions allows the move.
  CaseGate::Rule MoveRule(const Id128& case_id, CaseTransition& move) {
    return ByRoles(case_id, &MayRunCase, [this, case_id, &move]() -> Result<Decision> {
      CV_ASSIGN_OR_RETURN(std::optional<sync::CaseState> state, p_.roster->State(case_id));
      if (!state) return NotFoundError("case " + case_id.ToHex() + " was never opened");
      move.from = *state;
      TransitionFacts facts{.from = move.from,
                            .to = move.to,
                            .lead_agencies = {},
                            .endorsing_agencies = {},
                            .final_report_named = !move.final_report.empty(),
                            .reason_given = !move.sealed_reason.empty()};
      CV_ASSIGN_OR_RETURN(std::vector<RoleAssignment> roster, p_.roster->Roster(case_id));
      for (const RoleAssignment& role : roster) {
        if (role.role == CaseRole::kSafeguardingLead) facts.lead_agencies.insert(role.agency);
      }
      CV_ASSIGN_OR_RETURN(std::vector<Endorsement> endorsements, p_.roster->Endorsements(case_id));
      for (const Endorsement& endorsement : endorsements) {
        if (endorsement.outcome == move.to && facts.lead_agencies.contains(endorsement.agency)) {
          facts.endorsing_agencies.insert(endorsement.agency);
        }
      }
      const std::string problem = TransitionProblem(facts);
      if (!problem.empty()) return Decision{false, problem};
      return Decision{true, "the move is allowed"};
    });
  }

  HttpResponse ChangeRole(const HttpRequest& request, bool assign) {
    return Reply([&]() -> Result<HttpResponse> {
      CV_ASSIGN_OR_RETURN(Id128 case_id, Id128::FromHex(request.path_params.at(0)));
      CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(request.body));
      RoleAssignment role;
      CV_ASSIGN_OR_RETURN(role.user_id, form.GetId("user"));
      CV_ASSIGN_OR_RETURN(std::string role_name, form.Get("role"));
      const std::optional<CaseRole> parsed = sync::CaseRoleFromName(role_name);
      if (!parsed) return InvalidArgumentError("no role is called " + role_name);
      role.role = *parsed;
      role.agency = form.GetOr("agency", "");
      if (assign) {
        CV_ASSIGN_OR_RETURN(role.expires_micros, Expiry(form));
        if (std::string problem = AssignmentProblem(role); !problem.empty()) {
          return InvalidArgumentError(problem);
        }
      }
      CV_ASSIGN_OR_RETURN(SessionInfo session,
                          gate_->Admit(BearerToken(request),
                                       {case_id, "", assign ? "assign-role" : "withdraw-role",
                                        RoleText(role) + ":" + role.user_id.ToHex()},
                                       ByRoles(case_id, [&](std::span<const RoleAssignment> roles) {
                                         return MayAssignRole(roles, role.role, role.agency);
                                       })));
      CV_RETURN_IF_ERROR(assign
                             ? p_.roster->Assign(case_id, role, session.user_id)
                             : p_.roster->Withdraw(case_id, role.user_id, role.role, role.agency));
      return Ok({});
    }());
  }

  // The end time of `form`'s optional "hours" (OptionalHours), from now.
  Result<std::optional<int64_t>> Expiry(const ApiForm& form) {
    CV_ASSIGN_OR_RETURN(std::optional<int64_t> hours, OptionalHours(form));
    if (!hours) return hours;
    return std::optional<int64_t>(p_.env->NowMicros() + *hours * kMicrosPerHour);
  }

  // ByRoles over this API's parts.
  CaseGate::Rule ByRoles(const Id128& case_id, Authority authority,
                         std::function<Result<Decision>()> also = {}) {
    return server::ByRoles(p_, case_id, std::move(authority), std::move(also));
  }

  ServerApiParts p_;
  std::shared_ptr<CaseGate> gate_;
};

}  // namespace

void AddCaseAdministrationApi(HttpsFrontend& frontend, const ServerApiParts& parts,
                              std::shared_ptr<CaseGate> gate) {
  auto api = std::make_shared<CaseAdministrationApi>(parts, std::move(gate));
  const std::string a_case(kCasePath);
  const std::string compartment = a_case + std::string(kCompartmentPart);
  AddRoute(frontend, api, "POST", "/v1/cases", &CaseAdministrationApi::OpenCase);
  AddRoute(frontend, api, "GET", "/v1/cases", &CaseAdministrationApi::ListCases);
  AddRoute(frontend, api, "GET", a_case + "/roster", &CaseAdministrationApi::Roster);
  AddRoute(frontend, api, "POST", a_case + "/roles", &CaseAdministrationApi::AssignRole);
  AddRoute(frontend, api, "POST", a_case + "/roles/withdraw", &CaseAdministrationApi::WithdrawRole);
  AddRoute(frontend, api, "POST", a_case + "/state", &CaseAdministrationApi::SetState);
  AddRoute(frontend, api, "POST", a_case + "/lease", &CaseAdministrationApi::SetLease);
  AddRoute(frontend, api, "POST", a_case + "/close", &CaseAdministrationApi::CloseCase);
  AddRoute(frontend, api, "POST", a_case + "/endorsements", &CaseAdministrationApi::Endorse);
  AddRoute(frontend, api, "GET", a_case + "/history", &CaseAdministrationApi::History);
  AddRoute(frontend, api, "POST", a_case + "/drafts/purge", &CaseAdministrationApi::PurgeDrafts);
  AddRoute(frontend, api, "POST", compartment + "/grants", &CaseAdministrationApi::Grant);
  AddRoute(frontend, api, "POST", compartment + "/grants/withdraw",
           &CaseAdministrationApi::WithdrawGrant);
}

}  // namespace casevault::server
