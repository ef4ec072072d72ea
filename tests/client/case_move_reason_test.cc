#include "casevault/client/case_move_reason.h"

#include <gtest/gtest.h>

#include <string>

#include "replica_fixture.h"

namespace casevault::client {
namespace {

using sync::CaseState;

class CaseMoveReasonTest : public testing::ReplicaTest {};

TEST_F(CaseMoveReasonTest, AMemberOpensTheReasonButTheSealedFormHidesIt) {
  const std::string reason = "Rapid review panel endorsed a full review";
  Result<Bytes> sealed = SealMoveReason(*replica_, case_id_, CaseState::kCspr, reason);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(std::string(sealed->begin(), sealed->end()).find("panel"), std::string::npos);
  Result<std::string> opened = OpenMoveReason(*replica_, case_id_, CaseState::kCspr, *sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, reason);
}

TEST_F(CaseMoveReasonTest, AReasonOpensOnlyForItsOwnCaseAndMove) {
  Result<Bytes> sealed = SealMoveReason(*replica_, case_id_, CaseState::kCspr, "why");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(
      OpenMoveReason(*replica_, case_id_, CaseState::kNoFurtherAction, *sealed).status().code(),
      StatusCode::kAuthenticationFailed);
  Bytes altered = *sealed;
  altered.back() ^= 1;
  EXPECT_EQ(OpenMoveReason(*replica_, case_id_, CaseState::kCspr, altered).status().code(),
            StatusCode::kAuthenticationFailed);
  EXPECT_EQ(OpenMoveReason(*replica_, case_id_, CaseState::kCspr, Bytes{0, 0}).status().code(),
            StatusCode::kTruncated);
}

TEST_F(CaseMoveReasonTest, NoReasonOrNoKeyIsRefusedWithWhatToDo) {
  EXPECT_EQ(SealMoveReason(*replica_, case_id_, CaseState::kCspr, "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      SealMoveReason(*replica_, case_id_, CaseState::kCspr, std::string(2001, 'x')).status().code(),
      StatusCode::kInvalidArgument);
  const Status no_key =
      SealMoveReason(*replica_, crypto::NewRandomId(), CaseState::kCspr, "why").status();
  EXPECT_EQ(no_key.code(), StatusCode::kNotFound);
  EXPECT_NE(no_key.message().find("casevault sync"), std::string::npos);
}

}  // namespace
}  // namespace casevault::client
