// CaseTransitions: which moves between case states the review process allows, and what each
// needs first (DOMAIN.md, "The process in one page"), as pure rules over what the server knows.
//
//   referred       -> rapid_review                   the triage starts a rapid review
//   referred       -> no_further_action              the triage finds the criteria unmet
//   rapid_review   -> cspr | other_learning_review   the outcome, endorsed by the safeguarding
//                     | no_further_action            lead of every statutory partner on the case
//                                                    (at least three agencies)
//   no_further_action -> rapid_review                reopened on new information
//   no_further_action -> closed                      the decision is the case's last word
//   cspr | other_learning_review -> closed           only with the final report named
// Every move needs a reason; a state never moves to itself.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "casevault/sync/case_state.h"

namespace casevault::server {

// How many statutory partners (local authority, police, health) endorse a rapid review outcome.
inline constexpr size_t kStatutoryPartners = 3;

// What the server knows when someone asks to move a case.
struct TransitionFacts {
  sync::CaseState from = sync::CaseState::kReferred;
  sync::CaseState to = sync::CaseState::kReferred;
  // The agencies with a safeguarding lead on the case.
  std::set<std::string> lead_agencies;
  // The agencies whose safeguarding lead endorsed `to` as the rapid review's outcome.
  std::set<std::string> endorsing_agencies;
  // Whether the request names the review's final report (needed to close a review).
  bool final_report_named = false;
  // Whether the request gives a reason.
  bool reason_given = false;
};

// Empty when the move `facts` describes is allowed; otherwise what stops it, in words a person
// can act on (e.g. which agencies have not endorsed the outcome yet).
std::string TransitionProblem(const TransitionFacts& facts);

}  // namespace casevault::server
