// The names of case roles: each round-trips, and nothing else is a name.
#include "casevault/sync/case_role.h"

#include <gtest/gtest.h>

namespace casevault::sync {
namespace {

TEST(CaseRoleTest, EveryRoleHasANameThatReadsBackAndOnlyAgencyRolesNameAnAgency) {
  for (CaseRole role :
       {CaseRole::kBusinessUnit, CaseRole::kSafeguardingLead, CaseRole::kNominatedRepresentative,
        CaseRole::kReviewer, CaseRole::kPanelMember, CaseRole::kPractitioner, CaseRole::kViewer}) {
    EXPECT_NE(CaseRoleName(role), "unknown");
    EXPECT_EQ(CaseRoleFromName(CaseRoleName(role)), role);
  }
  EXPECT_EQ(CaseRoleFromName("Reviewer"), std::nullopt);
  EXPECT_EQ(CaseRoleFromName(""), std::nullopt);
  EXPECT_TRUE(RoleIsForAgency(CaseRole::kNominatedRepresentative));
  EXPECT_FALSE(RoleIsForAgency(CaseRole::kBusinessUnit));
}

}  // namespace
}  // namespace casevault::sync
