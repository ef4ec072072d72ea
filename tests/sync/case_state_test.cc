// The names of case states: the case record's, each round-tripping.
#include "casevault/sync/case_state.h"

#include <gtest/gtest.h>

namespace casevault::sync {
namespace {

TEST(CaseStateTest, EveryStateHasTheCaseRecordsNameAndReadsBack) {
  EXPECT_EQ(CaseStateName(CaseState::kNoFurtherAction), "no_further_action");
  for (CaseState state :
       {CaseState::kReferred, CaseState::kRapidReview, CaseState::kCspr,
        CaseState::kOtherLearningReview, CaseState::kNoFurtherAction, CaseState::kClosed}) {
    EXPECT_EQ(CaseStateFromName(CaseStateName(state)), state);
  }
  EXPECT_EQ(CaseStateFromName("open"), std::nullopt);
}

}  // namespace
}  // namespace casevault::sync
