#include "casevault/sync/case_state.h"

#include "casevault/base/enum_names.h"

namespace casevault::sync {
namespace {

constexpr EnumNames<CaseState, 6> kStateNames = {{
    {CaseState::kReferred, "referred"},
    {CaseState::kRapidReview, "rapid_review"},
    {CaseState::kCspr, "cspr"},
    {CaseState::kOtherLearningReview, "other_learning_review"},
    {CaseState::kNoFurtherAction, "no_further_action"},
    {CaseState::kClosed, "closed"},
}};

}  // namespace

std::string_view CaseStateName(CaseState state) { return NameOf(kStateNames, state); }

std::optional<CaseState> CaseStateFromName(std::string_view name) {
  return ValueNamed(kStateNames, name);
}

bool IsRapidReviewOutcome(CaseState state) {
  return state == CaseState::kCspr || state == CaseState::kOtherLearningReview ||
         state == CaseState::kNoFurtherAction;
}

}  // namespace casevault::sync
