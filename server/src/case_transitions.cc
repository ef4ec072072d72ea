#include "casevault/server/case_transitions.h"

namespace casevault::server {

using sync::CaseState;

namespace {

// Whether the process has an edge from `from` to `to` at all.
bool IsEdge(CaseState from, CaseState to) {
  switch (from) {
    case CaseState::kReferred:
      return to == CaseState::kRapidReview || to == CaseState::kNoFurtherAction;
    case CaseState::kRapidReview:
      return sync::IsRapidReviewOutcome(to);
    case CaseState::kNoFurtherAction:
      return to == CaseState::kRapidReview || to == CaseState::kClosed;
    case CaseState::kCspr:
    case CaseState::kOtherLearningReview:
      return to == CaseState::kClosed;
    case CaseState::kClosed:
      return false;
  }
  return false;
}

// The agencies of `leads` missing from `endorsed`, comma-separated.
std::string Missing(const std::set<std::string>& leads, const std::set<std::string>& endorsed) {
  std::string missing;
  for (const std::string& agency : leads) {
    if (endorsed.contains(agency)) continue;
    if (!missing.empty()) missing += ", ";
    missing += agency;
  }
  return missing;
}

// Why the statutory partners' endorsement of `facts.to` is not complete; empty when it is.
std::string EndorsementProblem(const TransitionFacts& facts) {
  const std::string outcome(sync::CaseStateName(facts.to));
  if (const std::string missing = Missing(facts.lead_agencies, facts.endorsing_agencies);
      !missing.empty()) {
    return "the rapid review outcome " + outcome + " is not endorsed yet by the safeguarding " +
           "lead of " + missing;
  }
  if (facts.endorsing_agencies.size() < kStatutoryPartners) {
    std::string problem = "the rapid review outcome " + outcome + " needs the endorsement of ";
    problem += std::to_string(kStatutoryPartners);
    problem += " statutory partners (local authority, police, health); it has ";
    problem += std::to_string(facts.endorsing_agencies.size());
    return problem;
  }
  return "";
}

}  // namespace

std::string TransitionProblem(const TransitionFacts& facts) {
  const std::string from(sync::CaseStateName(facts.from));
  const std::string to(sync::CaseStateName(facts.to));
  if (!IsEdge(facts.from, facts.to)) {
    return "a case cannot move from " + from + " to " + to;
  }
  if (!facts.reason_given) return "moving a case to " + to + " needs a reason";
  if (facts.from == CaseState::kRapidReview) return EndorsementProblem(facts);
  if (facts.to == CaseState::kClosed && facts.from != CaseState::kNoFurtherAction &&
      !facts.final_report_named) {
    return "closing a " + from + " case needs its final report named";
  }
  return "";
}

}  // namespace casevault::server
