// DeviceHome: a device's keystore, replica and settings in one directory, unlocked by the
// passphrase; the offline lease.
#include "casevault/client/device_home.h"

#include <gtest/gtest.h>

#include "casevault/base/fault_injection_env.h"
#include "casevault/crypto/random_id.h"
#include "casevault/sync/api_form.h"
#include "testing/temp_dir.h"

namespace casevault::client {
namespace {

using casevault::testing::TempDir;

constexpr int64_t kDay = int64_t{24} * 3600 * 1'000'000;

class DeviceHomeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        DeviceHome::Create(env_, home_dir_, "correct horse", crypto::KdfParams::Interactive())
            .ok());
  }

  std::unique_ptr<DeviceHome> Unlock() {
    Result<std::unique_ptr<DeviceHome>> home = DeviceHome::Unlock(env_, home_dir_, "correct horse");
    EXPECT_TRUE(home.ok()) << home.status().ToString();
    return home.ok() ? *std::move(home) : nullptr;
  }

  FaultInjectionEnv env_{Env::Default()};
  TempDir dir_;
  const std::string home_dir_ = dir_.File("home");
};

TEST_F(DeviceHomeTest, UnlocksOnlyWithThePassphraseAndKeepsTheSameDevice) {
  const std::unique_ptr<DeviceHome> first = Unlock();
  ASSERT_NE(first, nullptr);
  const Id128 device_id = first->device().device_id();
  EXPECT_FALSE(first->settings().enrolled());
  const Result<std::unique_ptr<DeviceHome>> wrong =
      DeviceHome::Unlock(env_, home_dir_, "wrong horse");
  EXPECT_EQ(wrong.status().code(), StatusCode::kWrongPassphrase);
  EXPECT_EQ(DeviceHome::Create(env_, home_dir_, "other").code(), StatusCode::kAlreadyExists);
  const Result<std::unique_ptr<DeviceHome>> missing =
      DeviceHome::Unlock(env_, dir_.File("nowhere"), "correct horse");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("casevault init"), std::string::npos);
  const std::unique_ptr<DeviceHome> again = Unlock();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->device().device_id(), device_id);
}

TEST_F(DeviceHomeTest, BeforeEnrolmentThereIsNoServerToTalkTo) {
  const std::unique_ptr<DeviceHome> home = Unlock();
  const Status server = home->Server().status();
  EXPECT_EQ(server.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(server.message().find("casevault enrol"), std::string::npos);
}

TEST_F(DeviceHomeTest, ADamagedSettingsFileIsReportedNotGuessed) {
  ASSERT_TRUE(WriteFileAtomically(env_, home_dir_ + "/settings", AsBytes("port=x\n")).ok());
  const Result<std::unique_ptr<DeviceHome>> home =
      DeviceHome::Unlock(env_, home_dir_, "correct horse");
  EXPECT_FALSE(home.ok());
  EXPECT_NE(home.status().code(), StatusCode::kWrongPassphrase);
}

TEST_F(DeviceHomeTest, ACaseOpensOfflineOnlyWithinItsLeaseFromTheLastSync) {
  const Id128 case_id = crypto::NewRandomId();
  {
    const std::unique_ptr<DeviceHome> home = Unlock();
    const Status never = home->CheckLease(case_id);
    EXPECT_EQ(never.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(never.message().find("casevault sync"), std::string::npos);
    EXPECT_EQ(home->Lease(case_id)->days, sync::kDefaultLeaseDays) << "until it syncs";
    ASSERT_TRUE(home->replica().RecordCaseSynced(case_id, env_.NowMicros(), 14).ok());
    EXPECT_TRUE(home->CheckLease(case_id).ok());
    env_.SetClockOffsetMicros(13 * kDay);
    EXPECT_TRUE(home->CheckLease(case_id).ok()) << "14 days, as the sync brought";
    env_.SetClockOffsetMicros(15 * kDay);
    const Status ended = home->CheckLease(case_id);
    EXPECT_EQ(ended.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(ended.message().find("lease of case " + case_id.ToHex() + " ended on"),
              std::string::npos)
        << ended.ToString();
    EXPECT_EQ(home->replica().RecordCaseSynced(case_id, env_.NowMicros(), 0).code(),
              StatusCode::kInvalidArgument);
    ASSERT_TRUE(home->replica().RecordCaseSynced(case_id, env_.NowMicros() - 15 * kDay, 30).ok());
    EXPECT_TRUE(home->CheckLease(case_id).ok()) << "a longer lease from the server";
  }
  const std::unique_ptr<DeviceHome> reopened = Unlock();
  const Result<CaseLease> lease = reopened->Lease(case_id);
  ASSERT_TRUE(lease.ok()) << lease.status().ToString();
  EXPECT_EQ(lease->days, 30) << "the lease is kept in the replica";
  EXPECT_EQ(*lease->ends_micros - *lease->synced_micros, 30 * kDay);
  EXPECT_TRUE(reopened->CheckLease(case_id).ok());
}

TEST_F(DeviceHomeTest, ASettingsFileFromBeforePerCaseLeasesStillOpens) {
  ASSERT_TRUE(WriteFileAtomically(env_, home_dir_ + "/settings",
                                  sync::ApiForm()
                                      .Set("host", "")
                                      .Set("port", "0")
                                      .Set("fingerprint", "")
                                      .Set("lease_days", "30")
                                      .Encode())
                  .ok());
  EXPECT_NE(Unlock(), nullptr);
}

}  // namespace
}  // namespace casevault::client
