#include "casevault/server/identity.h"

#include <gtest/gtest.h>

#include "casevault/base/fault_injection_env.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/server/sqlite_server_store.h"
#include "casevault/sync/login.h"
#include "testing/temp_dir.h"

namespace casevault::server {
namespace {

constexpr int64_t kMinute = int64_t{60} * 1'000'000;

class IdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteServerStore::Open(env_, dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = *std::move(store);
    identity_ = std::make_unique<Identity>(store_->identities(), env_);
    user_ = *identity_->CreateUser("Lead reviewer", "Independent");
  }

  // Enrols device_ for user_.
  void EnrolDevice() {
    const std::string code = *identity_->CreateEnrolmentCode(user_.user_id);
    ASSERT_TRUE(identity_
                    ->Enrol(code, device_.device_id(), device_.signing_keys().public_key(),
                            device_.box_keys().public_key(), "laptop")
                    .ok());
  }

  // Logs device_ in.
  Result<IssuedToken> LogIn() {
    CV_ASSIGN_OR_RETURN(Bytes challenge, identity_->Challenge(device_.device_id()));
    return identity_->Login(
        device_.device_id(), challenge,
        device_.signing_keys().Sign(sync::LoginSigningInput(challenge, device_.device_id())),
        "laptop");
  }

  FaultInjectionEnv env_{Env::Default()};
  casevault::testing::TempDir dir_;
  std::unique_ptr<SqliteServerStore> store_;
  std::unique_ptr<Identity> identity_;
  User user_;
  const crypto::DeviceIdentity device_ = crypto::DeviceIdentity::Generate();
};

TEST_F(IdentityTest, ASessionTokenExpiresAndARefreshReplacesIt) {
  EnrolDevice();
  Result<IssuedToken> token = LogIn();
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  Result<SessionInfo> session = identity_->Authenticate(token->token);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user_id, user_.user_id);
  EXPECT_EQ(session->device_id, device_.device_id());

  Result<IssuedToken> refreshed = identity_->Refresh(token->token);
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(identity_->Authenticate(token->token).status().code(),
            StatusCode::kAuthenticationFailed)
      << "the replaced token stops working";
  EXPECT_TRUE(identity_->Authenticate(refreshed->token).ok());

  env_.SetClockOffsetMicros(16 * kMinute);
  EXPECT_EQ(identity_->Authenticate(refreshed->token).status().code(),
            StatusCode::kAuthenticationFailed);
  EXPECT_EQ(identity_->Refresh(refreshed->token).status().code(),
            StatusCode::kAuthenticationFailed);
}

TEST_F(IdentityTest, AChallengeWorksOnceForItsDeviceAndExpires) {
  EnrolDevice();
  Bytes challenge = *identity_->Challenge(device_.device_id());
  const crypto::Signature signature =
      device_.signing_keys().Sign(sync::LoginSigningInput(challenge, device_.device_id()));
  ASSERT_TRUE(identity_->Login(device_.device_id(), challenge, signature, "a").ok());
  EXPECT_EQ(identity_->Login(device_.device_id(), challenge, signature, "a").status().code(),
            StatusCode::kAuthenticationFailed)
      << "a replayed login";

  challenge = *identity_->Challenge(device_.device_id());
  env_.SetClockOffsetMicros(2 * kMinute);
  EXPECT_EQ(identity_
                ->Login(device_.device_id(), challenge,
                        device_.signing_keys().Sign(
                            sync::LoginSigningInput(challenge, device_.device_id())),
                        "b")
                .status()
                .code(),
            StatusCode::kAuthenticationFailed)
      << "an expired challenge";
}

TEST_F(IdentityTest, ASignatureByAnotherKeyOrForAnotherDeviceIsRefused) {
  EnrolDevice();
  const crypto::DeviceIdentity thief = crypto::DeviceIdentity::Generate();
  const Bytes challenge = *identity_->Challenge(device_.device_id());
  EXPECT_EQ(identity_
                ->Login(device_.device_id(), challenge,
                        thief.signing_keys().Sign(
                            sync::LoginSigningInput(challenge, device_.device_id())),
                        "c")
                .status()
                .code(),
            StatusCode::kAuthenticationFailed);
  EXPECT_EQ(identity_->Challenge(thief.device_id()).status().code(), StatusCode::kNotFound);
}

TEST_F(IdentityTest, AnExpiredEnrolmentCodeIsRefusedAndAnEnrolledDeviceCannotEnrolAgain) {
  const std::string code = *identity_->CreateEnrolmentCode(user_.user_id);
  env_.SetClockOffsetMicros(8 * 24 * 60 * kMinute);
  EXPECT_EQ(identity_
                ->Enrol(code, device_.device_id(), device_.signing_keys().public_key(),
                        device_.box_keys().public_key(), "d")
                .status()
                .code(),
            StatusCode::kAuthenticationFailed);
  env_.SetClockOffsetMicros(0);
  EnrolDevice();
  const std::string second = *identity_->CreateEnrolmentCode(user_.user_id);
  EXPECT_EQ(identity_
                ->Enrol(second, device_.device_id(), device_.signing_keys().public_key(),
                        device_.box_keys().public_key(), "d")
                .status()
                .code(),
            StatusCode::kAlreadyExists);
}

TEST_F(IdentityTest, RevokingADeviceEndsItsSessionsAndRefusesItsLogins) {
  EnrolDevice();
  const IssuedToken token = *LogIn();
  ASSERT_TRUE(identity_->RevokeDevice(device_.device_id()).ok());
  EXPECT_EQ(identity_->Authenticate(token.token).status().code(),
            StatusCode::kAuthenticationFailed);
  EXPECT_EQ(LogIn().status().code(), StatusCode::kRevoked);
  EXPECT_TRUE(identity_->GetDevice(device_.device_id())->revoked);
  ASSERT_EQ(identity_->DevicesOf(user_.user_id)->size(), 1u);
}

TEST_F(IdentityTest, NamesMustBePresentAndBounded) {
  EXPECT_EQ(identity_->CreateUser("", "org").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(identity_->CreateUser(std::string(257, 'a'), "org").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(identity_->GetUser(Id128{}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(identity_->GetUser(user_.user_id)->name, "Lead reviewer");
}

}  // namespace
}  // namespace casevault::server
