// The AgreementStore contract (see server_store_contract.h).
#include <vector>

#include "casevault/crypto/random_id.h"
#include "server_store_contract.h"

namespace casevault::server::testing {
namespace {

TEST_P(AgreementStoreContract, EachAgreementIsListedOncePerPersonAndCase) {
  AgreementStore& agreements = store_->agreements();
  const User reviewer = AddUser("Reviewer");
  const User other = AddUser("Other");
  const Id128 case_id = crypto::NewRandomId();
  EXPECT_TRUE(agreements.Recorded(reviewer.user_id, case_id)->empty());

  ASSERT_TRUE(agreements.Record(reviewer.user_id, case_id, Agreement::kInterest, 1).ok());
  EXPECT_EQ(*agreements.Recorded(reviewer.user_id, case_id),
            std::vector<Agreement>{Agreement::kInterest});
  ASSERT_TRUE(agreements.Record(reviewer.user_id, case_id, Agreement::kConfidentiality, 2).ok());
  ASSERT_TRUE(agreements.Record(reviewer.user_id, case_id, Agreement::kConfidentiality, 3).ok())
      << "recording again";
  EXPECT_EQ(*agreements.Recorded(reviewer.user_id, case_id),
            (std::vector<Agreement>{Agreement::kConfidentiality, Agreement::kInterest}));

  EXPECT_TRUE(agreements.Recorded(other.user_id, case_id)->empty()) << "another person";
  EXPECT_TRUE(agreements.Recorded(reviewer.user_id, crypto::NewRandomId())->empty())
      << "another case";
  EXPECT_EQ(agreements.Record(crypto::NewRandomId(), case_id, Agreement::kInterest, 4).code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace casevault::server::testing
