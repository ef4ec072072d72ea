#include "server_store_contract.h"

#include <cstdlib>

#include "casevault/crypto/random_id.h"

namespace casevault::server::testing {

std::unique_ptr<ServerStore> ServerStoreContract::MakeStore(const std::string& dir) {
  Result<std::unique_ptr<ServerStore>> store = GetParam().make(dir);
  if (!store.ok()) {
    ADD_FAILURE() << "making the " << GetParam().name
                  << " store failed: " << store.status().ToString();
    std::abort();
  }
  return *std::move(store);
}

User ServerStoreContract::AddUser(const std::string& name, bool business_unit) {
  const User user{crypto::NewRandomId(), name, "Agency of " + name, business_unit};
  const Status added = store_->identities().AddUser(user, 1);
  EXPECT_TRUE(added.ok()) << added.ToString();
  return user;
}

void ServerStoreContract::CreateCase(const Id128& case_id, const Id128& founder,
                                     int64_t now_micros) {
  const Status created =
      store_->cases().CreateCase(case_id, sync::CaseState::kReferred,
                                 Role(founder, sync::CaseRole::kBusinessUnit), now_micros);
  EXPECT_TRUE(created.ok()) << created.ToString();
}

RoleAssignment ServerStoreContract::Role(const Id128& user_id, sync::CaseRole role,
                                         const std::string& agency,
                                         std::optional<int64_t> expires_micros) {
  RoleAssignment assignment;
  assignment.user_id = user_id;
  assignment.role = role;
  assignment.agency = agency;
  assignment.expires_micros = expires_micros;
  return assignment;
}

}  // namespace casevault::server::testing
