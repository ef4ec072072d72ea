// The IdentityStore contract (see server_store_contract.h).
#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "casevault/crypto/random_id.h"
#include "server_store_contract.h"

namespace casevault::server::testing {
namespace {

crypto::Sha256Digest CodeHash(std::string_view code) { return crypto::Sha256(AsBytes(code)); }

// Public keys made of `seed` bytes; the store never checks them.
crypto::SigningPublicKey SigningKey(uint8_t seed) {
  crypto::SigningPublicKey key;
  key.bytes.fill(seed);
  return key;
}
crypto::BoxPublicKey BoxKey(uint8_t seed) {
  crypto::BoxPublicKey key;
  key.bytes.fill(seed);
  return key;
}

TEST_P(IdentityStoreContract, AUserIsStoredOnceAndFoundByItsId) {
  const User lead = AddUser("Lead reviewer", true);
  Result<User> found = store_->identities().GetUser(lead.user_id);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->user_id, lead.user_id);
  EXPECT_EQ(found->name, "Lead reviewer");
  EXPECT_EQ(found->organisation, "Agency of Lead reviewer");
  EXPECT_TRUE(found->business_unit);
  EXPECT_FALSE(store_->identities().GetUser(AddUser("Panel").user_id)->business_unit);

  const User same_id{lead.user_id, "Someone else", "Elsewhere", false};
  EXPECT_EQ(store_->identities().AddUser(same_id, 2).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->identities().GetUser(lead.user_id)->name, "Lead reviewer");
  EXPECT_EQ(store_->identities().GetUser(crypto::NewRandomId()).status().code(),
            StatusCode::kNotFound);
}

TEST_P(IdentityStoreContract, ACodeEnrolsOneDeviceUntilItExpires) {
  IdentityStore& identities = store_->identities();
  const User user = AddUser("Reviewer");
  EXPECT_EQ(identities.SetEnrolmentCode(crypto::NewRandomId(), CodeHash("x"), 100).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(identities.SetEnrolmentCode(user.user_id, CodeHash("first"), 100).ok());

  const Id128 laptop = crypto::NewRandomId();
  Result<Device> enrolled =
      identities.EnrolWithCode(CodeHash("first"), laptop, SigningKey(1), BoxKey(2), 100);
  ASSERT_TRUE(enrolled.ok()) << "usable until its expiry, inclusive: "
                             << enrolled.status().ToString();
  EXPECT_EQ(enrolled->device_id, laptop);
  EXPECT_EQ(enrolled->user_id, user.user_id);
  EXPECT_FALSE(enrolled->revoked);
  Result<Device> stored = identities.GetDevice(laptop);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->user_id, user.user_id);
  EXPECT_EQ(stored->signing_key.bytes, SigningKey(1).bytes);
  EXPECT_EQ(stored->box_key.bytes, BoxKey(2).bytes);

  EXPECT_EQ(
      identities
          .EnrolWithCode(CodeHash("first"), crypto::NewRandomId(), SigningKey(3), BoxKey(4), 50)
          .status()
          .code(),
      StatusCode::kNotFound)
      << "a used code";
  ASSERT_TRUE(identities.SetEnrolmentCode(user.user_id, CodeHash("second"), 200).ok());
  const Id128 phone = crypto::NewRandomId();
  EXPECT_EQ(identities.EnrolWithCode(CodeHash("second"), phone, SigningKey(3), BoxKey(4), 201)
                .status()
                .code(),
            StatusCode::kNotFound)
      << "an expired code";
  EXPECT_EQ(identities.EnrolWithCode(CodeHash("never made"), phone, SigningKey(3), BoxKey(4), 1)
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(identities.GetDevice(phone).status().code(), StatusCode::kNotFound);
}

TEST_P(IdentityStoreContract, ANewCodeReplacesTheUnusedOne) {
  IdentityStore& identities = store_->identities();
  const User user = AddUser("Reviewer");
  ASSERT_TRUE(identities.SetEnrolmentCode(user.user_id, CodeHash("old"), 100).ok());
  ASSERT_TRUE(identities.SetEnrolmentCode(user.user_id, CodeHash("new"), 100).ok());
  EXPECT_EQ(
      identities.EnrolWithCode(CodeHash("old"), crypto::NewRandomId(), SigningKey(1), BoxKey(1), 10)
          .status()
          .code(),
      StatusCode::kNotFound);
  EXPECT_TRUE(
      identities.EnrolWithCode(CodeHash("new"), crypto::NewRandomId(), SigningKey(1), BoxKey(1), 10)
          .ok());
}

TEST_P(IdentityStoreContract, AnEnrolledDeviceIdIsRefusedAndTheCodeStaysUsable) {
  IdentityStore& identities = store_->identities();
  const User first = AddUser("First");
  const User second = AddUser("Second");
  const Id128 laptop = crypto::NewRandomId();
  ASSERT_TRUE(identities.SetEnrolmentCode(first.user_id, CodeHash("a"), 100).ok());
  ASSERT_TRUE(identities.EnrolWithCode(CodeHash("a"), laptop, SigningKey(1), BoxKey(1), 1).ok());

  ASSERT_TRUE(identities.SetEnrolmentCode(second.user_id, CodeHash("b"), 100).ok());
  EXPECT_EQ(
      identities.EnrolWithCode(CodeHash("b"), laptop, SigningKey(2), BoxKey(2), 2).status().code(),
      StatusCode::kAlreadyExists);
  EXPECT_EQ(identities.GetDevice(laptop)->user_id, first.user_id) << "the device is unchanged";
  Result<Device> other =
      identities.EnrolWithCode(CodeHash("b"), crypto::NewRandomId(), SigningKey(2), BoxKey(2), 3);
  ASSERT_TRUE(other.ok()) << "the code was not used up: " << other.status().ToString();
  EXPECT_EQ(other->user_id, second.user_id);
}

TEST_P(IdentityStoreContract, DevicesAreListedPerUserAndARevocationLasts) {
  IdentityStore& identities = store_->identities();
  const User user = AddUser("Reviewer");
  const User other = AddUser("Other");
  std::vector<Id128> devices;
  for (int i = 0; i < 3; ++i) {
    const std::string code = "code " + std::to_string(i);
    devices.push_back(crypto::NewRandomId());
    ASSERT_TRUE(identities.SetEnrolmentCode(user.user_id, CodeHash(code), 100).ok());
    ASSERT_TRUE(
        identities.EnrolWithCode(CodeHash(code), devices.back(), SigningKey(1), BoxKey(1), 1).ok());
  }
  ASSERT_TRUE(identities.SetEnrolmentCode(other.user_id, CodeHash("other"), 100).ok());
  ASSERT_TRUE(
      identities
          .EnrolWithCode(CodeHash("other"), crypto::NewRandomId(), SigningKey(1), BoxKey(1), 1)
          .ok());
  std::sort(devices.begin(), devices.end());

  ASSERT_TRUE(identities.RevokeDevice(devices[1], 10).ok());
  ASSERT_TRUE(identities.RevokeDevice(devices[1], 20).ok()) << "revoking again";
  Result<std::vector<Device>> listed = identities.DevicesOf(user.user_id);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*listed)[i].device_id, devices[i]);
    EXPECT_EQ((*listed)[i].user_id, user.user_id);
    EXPECT_EQ((*listed)[i].revoked, i == 1);
  }
  EXPECT_TRUE(identities.GetDevice(devices[1])->revoked);
  EXPECT_EQ(identities.RevokeDevice(crypto::NewRandomId(), 10).code(), StatusCode::kNotFound);
  EXPECT_TRUE(identities.DevicesOf(crypto::NewRandomId())->empty());
}

TEST_P(IdentityStoreContract, OneCodeUsedFromEightThreadsEnrolsOneDevice) {
  IdentityStore& identities = store_->identities();
  const User user = AddUser("Reviewer");
  ASSERT_TRUE(identities.SetEnrolmentCode(user.user_id, CodeHash("shared"), 100).ok());
  std::atomic<int> enrolled = 0, refused = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      const Result<Device> result = identities.EnrolWithCode(
          CodeHash("shared"), crypto::NewRandomId(), SigningKey(1), BoxKey(1), 1);
      if (result.ok()) ++enrolled;
      if (result.status().code() == StatusCode::kNotFound) ++refused;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(enrolled, 1);
  EXPECT_EQ(refused, 7);
  EXPECT_EQ(identities.DevicesOf(user.user_id)->size(), 1u);
}

}  // namespace
}  // namespace casevault::server::testing
