// The names of case states (the case record's, each round-tripping) and which states are a rapid
// review's outcomes.
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

TEST(CaseStateTest, OnlyCsprOtherLearningReviewAndNoFurtherActionAreRapidReviewOutcomes) {
  EXPECT_TRUE(IsRapidReviewOutcome(CaseState::kCspr));
  EXPECT_TRUE(IsRapidReviewOutcome(CaseState::kOtherLearningReview));
  EXPECT_TRUE(IsRapidReviewOutcome(CaseState::kNoFurtherAction));
  EXPECT_FALSE(IsRapidReviewOutcome(CaseState::kReferred));
  EXPECT_FALSE(IsRapidReviewOutcome(CaseState::kRapidReview));
  EXPECT_FALSE(IsRapidReviewOutcome(CaseState::kClosed));
}

}  // namespace
}  // namespace casevault::sync
