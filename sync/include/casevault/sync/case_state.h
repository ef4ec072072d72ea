// CaseState: where a case stands in the review process (DOMAIN.md, the case record's state),
// as the server enforces it.
#pragma once

#include <optional>
#include <string_view>

namespace casevault::sync {

enum class CaseState {
  kReferred,             // notified; the rapid review has not started
  kRapidReview,          // the rapid review is under way
  kCspr,                 // a child safeguarding practice review was commissioned
  kOtherLearningReview,  // another kind of learning review
  kNoFurtherAction,      // decided: no review; the case is read-only
  kClosed,               // the review ended and the case's data was destroyed
};

// The state's wire name, as in the case record: "referred", "rapid_review", "cspr",
// "other_learning_review", "no_further_action" or "closed".
std::string_view CaseStateName(CaseState state);
// The state called `name`; nullopt for any other text.
std::optional<CaseState> CaseStateFromName(std::string_view name);

// Whether `state` is an outcome of a rapid review (cspr, other_learning_review or
// no_further_action), which the safeguarding leads of the statutory partners endorse.
bool IsRapidReviewOutcome(CaseState state);

}  // namespace casevault::sync
