// The GrantStore contract (see server_store_contract.h).
#include <algorithm>
#include <vector>

#include "casevault/crypto/random_id.h"
#include "server_store_contract.h"

namespace casevault::server::testing {
namespace {

TEST_P(GrantStoreContract, AGrantIsReplacedAndListedUntilItsEnd) {
  GrantStore& grants = store_->grants();
  const User unit = AddUser("Business unit", true);
  const User reader = AddUser("Reader");
  const Id128 case_id = crypto::NewRandomId();
  CreateCase(case_id, unit.user_id);
  const sync::CompartmentRef shared{case_id, "shared"};

  ASSERT_TRUE(grants.PutGrant(reader.user_id, shared, Access::kRead, 100, unit.user_id, 2).ok());
  Result<std::optional<GrantRecord>> held = grants.GrantOf(reader.user_id, shared);
  ASSERT_TRUE(held.ok() && held->has_value()) << held.status().ToString();
  EXPECT_EQ((*held)->user_id, reader.user_id);
  EXPECT_EQ((*held)->compartment, "shared");
  EXPECT_EQ((*held)->access, Access::kRead);
  EXPECT_EQ((*held)->expires_micros, 100);
  EXPECT_EQ(grants.Grants(case_id, 99)->size(), 1u);
  EXPECT_EQ(*grants.CasesOf(reader.user_id, 99), std::vector<Id128>{case_id});

  EXPECT_TRUE(grants.Grants(case_id, 100)->empty()) << "ended at its end time";
  EXPECT_TRUE(grants.CasesOf(reader.user_id, 100)->empty());
  held = grants.GrantOf(reader.user_id, shared);
  ASSERT_TRUE(held.ok() && held->has_value()) << "an expired grant is still told";
  EXPECT_EQ((*held)->expires_micros, 100);

  ASSERT_TRUE(
      grants.PutGrant(reader.user_id, shared, Access::kWrite, std::nullopt, unit.user_id, 3).ok());
  Result<std::vector<GrantRecord>> listed = grants.Grants(case_id, 1'000'000);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u) << "replaced, not added";
  EXPECT_EQ((*listed)[0].access, Access::kWrite);
  EXPECT_EQ((*listed)[0].expires_micros, std::nullopt);
  EXPECT_EQ(*grants.GrantOf(crypto::NewRandomId(), shared), std::nullopt);
}

TEST_P(GrantStoreContract, AGrantNeedsAKnownUserAndAnOpenCase) {
  GrantStore& grants = store_->grants();
  const User unit = AddUser("Business unit", true);
  const Id128 case_id = crypto::NewRandomId();
  CreateCase(case_id, unit.user_id);
  const sync::CompartmentRef shared{case_id, "shared"};
  EXPECT_EQ(
      grants.PutGrant(crypto::NewRandomId(), shared, Access::kRead, {}, unit.user_id, 2).code(),
      StatusCode::kNotFound);
  EXPECT_EQ(grants
                .PutGrant(unit.user_id, {crypto::NewRandomId(), "shared"}, Access::kRead, {},
                          unit.user_id, 2)
                .code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(store_->cases().CloseCase(case_id, 3).ok());
  EXPECT_EQ(grants.PutGrant(unit.user_id, shared, Access::kRead, {}, unit.user_id, 4).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(grants.Grants(case_id, 4)->empty());
}

TEST_P(GrantStoreContract, GrantsAreRemovedOneByOneOrCaseByCase) {
  GrantStore& grants = store_->grants();
  const User unit = AddUser("Business unit", true);
  const User reader = AddUser("Reader");
  const Id128 closing = crypto::NewRandomId();
  const Id128 staying = crypto::NewRandomId();
  CreateCase(closing, unit.user_id);
  CreateCase(staying, unit.user_id);
  for (const Id128& case_id : {closing, staying}) {
    for (const char* name : {"shared", "agency:police"}) {
      ASSERT_TRUE(
          grants.PutGrant(reader.user_id, {case_id, name}, Access::kRead, {}, unit.user_id, 2)
              .ok());
    }
  }
  EXPECT_EQ(*grants.RemoveGrant(reader.user_id, {closing, "agency:police"}), true);
  EXPECT_EQ(*grants.RemoveGrant(reader.user_id, {closing, "agency:police"}), false);
  EXPECT_EQ(grants.Grants(closing, 2)->size(), 1u);

  ASSERT_TRUE(grants.DeleteCase(closing).ok());
  EXPECT_TRUE(grants.Grants(closing, 2)->empty());
  EXPECT_EQ(*grants.GrantOf(reader.user_id, {closing, "shared"}), std::nullopt);
  EXPECT_EQ(grants.Grants(staying, 2)->size(), 2u) << "other cases keep theirs";
  EXPECT_EQ(*grants.CasesOf(reader.user_id, 2), std::vector<Id128>{staying});
}

TEST_P(GrantStoreContract, GrantsAndCasesAreListedInOrder) {
  GrantStore& grants = store_->grants();
  const User unit = AddUser("Business unit", true);
  std::vector<Id128> users = {AddUser("A").user_id, AddUser("B").user_id, AddUser("C").user_id};
  std::vector<Id128> cases = {crypto::NewRandomId(), crypto::NewRandomId()};
  for (const Id128& case_id : cases) CreateCase(case_id, unit.user_id);
  for (const Id128& user : users) {
    for (const char* name : {"shared", "agency:police", "agency:health"}) {
      ASSERT_TRUE(grants.PutGrant(user, {cases[0], name}, Access::kRead, {}, unit.user_id, 2).ok());
    }
  }
  ASSERT_TRUE(
      grants.PutGrant(users[0], {cases[1], "shared"}, Access::kRead, {}, unit.user_id, 2).ok());

  Result<std::vector<GrantRecord>> listed = grants.Grants(cases[0], 2);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 9u);
  EXPECT_TRUE(std::is_sorted(listed->begin(), listed->end(), [](const auto& a, const auto& b) {
    return a.user_id != b.user_id ? a.user_id < b.user_id : a.compartment < b.compartment;
  }));
  std::sort(cases.begin(), cases.end());
  EXPECT_EQ(*grants.CasesOf(users[0], 2), cases);
}

}  // namespace
}  // namespace casevault::server::testing
