// SyncCases against a real casevault-server on loopback HTTPS: every case a user may see, and
// the wipes that closing a case, withdrawing a role and revoking a device cause.
#include "casevault/client/case_sync.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "casevault/base/fault_injection_env.h"
#include "casevault/client/case_administration.h"
#include "casevault/client/case_move_reason.h"
#include "casevault/crypto/random_id.h"
#include "server/loopback_server.h"
#include "testing/file_scan.h"
#include "testing/temp_dir.h"

namespace casevault::client {
namespace {

using casevault::testing::AnyFileContains;
using casevault::testing::TempDir;
using sync::CaseRole;
using sync::CaseState;

constexpr char kPassphrase[] = "correct horse";
constexpr int64_t kHour = int64_t{3600} * 1'000'000;
constexpr int64_t kDay = 24 * kHour;

// "YYYY-MM-DD" for the day (UTC) of `micros` since the epoch.
std::string UtcDay(int64_t micros) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(micros)))};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

class CaseSyncTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(0); }
  void TearDown() override {
    office_.reset();
    reviewer_.reset();
    if (server_.server) server_.server->Stop();
  }

  void Start(int port) {
    Result<server::LoopbackServer> started =
        server::StartLoopbackServer(env_, dir_.File("server"), events_, std::nullopt, port);
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = *std::move(started);
  }

  // A device home for a new user, on `env`'s clock, enrolled.
  std::unique_ptr<DeviceHome> Enrolled(const std::string& name, bool business_unit,
                                       Env& env = Env::Default()) {
    const std::string dir = dir_.File(name);
    EXPECT_TRUE(DeviceHome::Create(env, dir, kPassphrase, crypto::KdfParams::Interactive()).ok());
    std::unique_ptr<DeviceHome> home = *DeviceHome::Unlock(env, dir, kPassphrase);
    const server::User user = *server_.server->identity().CreateUser(name, "org", business_unit);
    const std::string code = *server_.server->identity().CreateEnrolmentCode(user.user_id);
    EXPECT_TRUE(home->Enrol(server_.address(), code).ok());
    return home;
  }

  void Agree(DeviceHome& home) {
    for (const char* kind : {"confidentiality", "interest"}) {
      ASSERT_TRUE((*home.Server())->RecordAgreement(case_id_, kind).ok());
    }
  }

  // The business unit opens the case, makes the reviewer (whose device runs on laptop_clock_)
  // its lead reviewer and syncs (which creates the key of `shared`, needed before anyone writes
  // there).
  void StaffTheCase() {
    office_ = Enrolled("business unit", true);
    reviewer_ = Enrolled("lead reviewer", false, laptop_clock_);
    CaseAdministration admin(**office_->Server());
    ASSERT_TRUE(admin.OpenCase(case_id_).ok());
    Agree(*office_);
    Agree(*reviewer_);
    ASSERT_TRUE(admin
                    .AssignRole(case_id_, reviewer_->settings().user_id, CaseRole::kReviewer, "",
                                std::nullopt)
                    .ok());
    Result<CaseSyncReport> keyed = SyncCases(*office_);
    ASSERT_TRUE(keyed.ok()) << keyed.status().ToString();
  }

  Result<Id128> WriteTerms(DeviceHome& home, const std::string& overview) {
    schema::Record terms(schema::RecordType::kTermsOfReference);
    CV_RETURN_IF_ERROR(terms.Set("title", std::string("Terms of reference")));
    CV_RETURN_IF_ERROR(terms.Set("overview", overview));
    return home.replica().writer().Create(shared_, terms);
  }

  Env& env_ = Env::Default();
  FaultInjectionEnv laptop_clock_{Env::Default()};
  TempDir dir_;
  MemoryEventLog events_;
  server::LoopbackServer server_;
  std::unique_ptr<DeviceHome> office_;
  std::unique_ptr<DeviceHome> reviewer_;
  const Id128 case_id_ = crypto::NewRandomId();
  const CompartmentRef shared_{case_id_, "shared"};
  const CompartmentRef drafts_{case_id_, "drafts"};
};

TEST_F(CaseSyncTest, EveryCaseTheUserMaySeeSyncsAndStartsItsLease) {
  StaffTheCase();
  Result<Id128> terms = WriteTerms(*office_, "Scope of the review.\n");
  ASSERT_TRUE(terms.ok()) << terms.status().ToString();
  std::vector<std::string> lines;
  CaseSyncOptions options;
  options.progress = [&](std::string_view line) { lines.emplace_back(line); };
  Result<CaseSyncReport> sent = SyncCases(*office_, options);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  ASSERT_EQ(sent->cases.size(), 1u);
  EXPECT_TRUE(sent->cases[0].error.ok()) << sent->cases[0].error.ToString();
  ASSERT_EQ(sent->cases[0].compartments.size(), 2u);
  EXPECT_EQ(sent->cases[0].compartments[0].compartment, "drafts");
  EXPECT_EQ(sent->cases[0].compartments[1].compartment, "shared");
  EXPECT_EQ(sent->cases[0].compartments[1].report.ops.pushed, 1u);
  EXPECT_FALSE(sent->cases[0].compartments[1].keys_rotated);
  EXPECT_GT(sent->audited_log_size, 0u);
  EXPECT_FALSE(lines.empty());
  EXPECT_TRUE(office_->CheckLease(case_id_).ok());

  EXPECT_EQ(reviewer_->CheckLease(case_id_).code(), StatusCode::kFailedPrecondition);
  Result<CaseSyncReport> received = SyncCases(*reviewer_);
  ASSERT_TRUE(received.ok()) << received.status().ToString();
  EXPECT_EQ(received->cases[0].compartments[1].report.ops.pulled, 1u);
  Result<schema::Record> record = reviewer_->replica().GetRecord(shared_, *terms);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(std::get<std::string>(*record->Get("overview")), "Scope of the review.\n");
  EXPECT_TRUE(reviewer_->CheckLease(case_id_).ok());
  EXPECT_EQ(*reviewer_->replica().Writable(shared_), std::optional<bool>(true))
      << "the sync records that the reviewer may write to the shared workspace";
  EXPECT_EQ(*reviewer_->replica().Writable({case_id_, "agency:police"}), std::nullopt);
}

TEST_F(CaseSyncTest, TheLeaseTheBusinessUnitSetsOnTheServerAppliesFromTheNextSyncWhichRenewsIt) {
  StaffTheCase();
  CaseAdministration admin(**office_->Server());
  ASSERT_TRUE(admin.SetLeaseDays(case_id_, 3).ok());
  EXPECT_EQ(reviewer_->Lease(case_id_)->days, sync::kDefaultLeaseDays) << "before any sync";
  ASSERT_TRUE(SyncCases(*reviewer_).ok());
  Result<CaseLease> lease = reviewer_->Lease(case_id_);
  ASSERT_TRUE(lease.ok()) << lease.status().ToString();
  EXPECT_EQ(lease->days, 3);
  const int64_t ends = *lease->ends_micros;
  EXPECT_EQ(ends - *lease->synced_micros, 3 * kDay);

  laptop_clock_.SetClockOffsetMicros(3 * kDay - kHour);
  EXPECT_TRUE(reviewer_->CheckLease(case_id_).ok()) << "within the three days";
  laptop_clock_.SetClockOffsetMicros(3 * kDay + kHour);
  const Status ended = reviewer_->CheckLease(case_id_);
  EXPECT_EQ(ended.code(), StatusCode::kFailedPrecondition) << ended.ToString();
  EXPECT_NE(ended.message().find("lease of case " + case_id_.ToHex() + " ended on " + UtcDay(ends)),
            std::string::npos)
      << ended.ToString();
  EXPECT_NE(ended.message().find("UTC (3 days after its last sync)"), std::string::npos)
      << ended.ToString();

  ASSERT_TRUE(admin.SetLeaseDays(case_id_, 10).ok());
  ASSERT_TRUE(SyncCases(*reviewer_).ok()) << "connected again";
  EXPECT_TRUE(reviewer_->CheckLease(case_id_).ok());
  lease = reviewer_->Lease(case_id_);
  EXPECT_EQ(lease->days, 10) << "the new lease came with the sync";
  EXPECT_GE(*lease->synced_micros, ends) << "and runs from it";
}

TEST_F(CaseSyncTest, AWithdrawnRoleAndAClosedCaseAreWipedFromTheDevice) {
  StaffTheCase();
  ASSERT_TRUE(WriteTerms(*office_, "Scope.\n").ok());
  ASSERT_TRUE(SyncCases(*office_).ok());
  ASSERT_TRUE(SyncCases(*reviewer_).ok());
  ASSERT_EQ(reviewer_->replica().KnownCases()->size(), 1u);

  CaseAdministration admin(**office_->Server());
  ASSERT_TRUE(
      admin.WithdrawRole(case_id_, reviewer_->settings().user_id, CaseRole::kReviewer, "").ok());
  Result<CaseSyncReport> withdrawn = SyncCases(*reviewer_);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status().ToString();
  ASSERT_EQ(withdrawn->cases.size(), 1u);
  EXPECT_TRUE(withdrawn->cases[0].wiped);
  EXPECT_EQ(withdrawn->cases[0].wipe_reason, "you no longer hold a role or grant on it");
  EXPECT_TRUE(reviewer_->replica().KnownCases()->empty());

  Result<Bytes> why = SealMoveReason(office_->replica(), case_id_, CaseState::kNoFurtherAction,
                                     "Criteria for a review not met");
  ASSERT_TRUE(why.ok()) << why.status().ToString();
  ASSERT_TRUE(admin.SetState(case_id_, CaseState::kNoFurtherAction, {*why, ""}).ok());
  Result<Bytes> closing =
      SealMoveReason(office_->replica(), case_id_, CaseState::kClosed, "Decision recorded");
  ASSERT_TRUE(closing.ok());
  ASSERT_TRUE(admin.CloseCase(case_id_, {*closing, ""}).ok());
  Result<CaseSyncReport> closed = SyncCases(*office_);
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  ASSERT_EQ(closed->cases.size(), 1u);
  EXPECT_TRUE(closed->cases[0].wiped);
  EXPECT_EQ(closed->cases[0].wipe_reason, "the case was closed");
  EXPECT_TRUE(office_->replica().KnownCases()->empty());
  EXPECT_EQ(office_->replica().GetRecord(shared_, crypto::NewRandomId()).status().code(),
            StatusCode::kNotFound);
}

TEST_F(CaseSyncTest, ARevokedDeviceWipesEveryCaseItHolds) {
  StaffTheCase();
  ASSERT_TRUE(WriteTerms(*office_, "Scope.\n").ok());
  ASSERT_TRUE(SyncCases(*office_).ok());
  ASSERT_TRUE(SyncCases(*reviewer_).ok());
  ASSERT_TRUE(server_.server->identity().RevokeDevice(reviewer_->device().device_id()).ok());
  Result<CaseSyncReport> revoked = SyncCases(*reviewer_);
  EXPECT_EQ(revoked.status().code(), StatusCode::kRevoked);
  EXPECT_NE(revoked.status().message().find("every case was removed"), std::string::npos);
  EXPECT_TRUE(reviewer_->replica().KnownCases()->empty());
  EXPECT_TRUE(SyncCases(*office_).ok()) << "the others carry on";
}

TEST_F(CaseSyncTest, WhileTheServerIsDownEditsAreKeptAndTheNextSyncSendsThem) {
  StaffTheCase();
  const int port = server_.port;
  server_.server->Stop();
  server_.server.reset();
  ASSERT_TRUE(WriteTerms(*office_, "Written while the server was down.\n").ok());
  std::vector<std::string> lines;
  CaseSyncOptions options;
  options.attempts = 3;
  options.first_backoff_micros = 1'000;
  options.progress = [&](std::string_view line) { lines.emplace_back(line); };
  const Result<CaseSyncReport> down = SyncCases(*office_, options);
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(std::count_if(
                lines.begin(), lines.end(),
                [](const std::string& line) { return line.find("retrying") != std::string::npos; }),
            2)
      << "three attempts, two retries";
  ASSERT_EQ(office_->replica().Pending(shared_)->size(), 1u);

  Start(port);
  Result<CaseSyncReport> back = SyncCases(*office_);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->cases[0].compartments.size(), 2u);
  EXPECT_EQ(back->cases[0].compartments[1].compartment, "shared");
  EXPECT_EQ(back->cases[0].compartments[1].report.ops.pushed, 1u);
  EXPECT_TRUE(office_->replica().Pending(shared_)->empty());
}

TEST_F(CaseSyncTest, SyncingOneCompartmentAsksTheServerWhichRefusesWhatTheUserMayNotOpen) {
  StaffTheCase();
  CaseSyncOptions options;
  options.only = CompartmentRef{case_id_, "agency:police"};
  const Result<CaseSyncReport> refused = SyncCases(*reviewer_, options);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(refused.status().message().find("recorded in the access log"), std::string::npos);
  options.only = shared_;
  Result<CaseSyncReport> allowed = SyncCases(*reviewer_, options);
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  ASSERT_EQ(allowed->cases.size(), 1u);
  EXPECT_EQ(allowed->cases[0].compartments[0].compartment, "shared");
}

TEST_F(CaseSyncTest, PurgedDraftsAndCommentsLeaveNoTraceOnAnyReplicaOrTheServer) {
  StaffTheCase();
  ASSERT_TRUE(SyncCases(*reviewer_).ok());
  const std::string draft_text = "Draft paragraph 4.2: the health visitor saw the child twice.";
  const std::string comment_text = "Police: the second visit was on a Tuesday, not a Monday.";
  schema::Record draft(schema::RecordType::kReportDraft);
  ASSERT_TRUE(draft.Set("title", std::string("Report of the review")).ok());
  ASSERT_TRUE(draft.Set("version", int64_t{1}).ok());
  ASSERT_TRUE(draft.Set("body", draft_text).ok());
  Result<Id128> draft_id = reviewer_->replica().writer().Create(drafts_, draft);
  ASSERT_TRUE(draft_id.ok()) << draft_id.status().ToString();
  ASSERT_TRUE(SyncCases(*reviewer_).ok());
  ASSERT_TRUE(SyncCases(*office_).ok());
  schema::Record comment(schema::RecordType::kFactualAccuracyComment);
  ASSERT_TRUE(comment.Set("agency", std::string("police")).ok());
  ASSERT_TRUE(comment.Set("draft", *draft_id).ok());
  ASSERT_TRUE(comment.Set("paragraph", std::string("4.2")).ok());
  ASSERT_TRUE(comment.Set("comment", comment_text).ok());
  ASSERT_TRUE(comment.Set("status", std::string("open")).ok());
  ASSERT_TRUE(office_->replica().writer().Create(drafts_, comment).ok());
  ASSERT_TRUE(SyncCases(*office_).ok());
  ASSERT_TRUE(SyncCases(*reviewer_).ok());
  ASSERT_TRUE(reviewer_->replica().GetRecord(drafts_, *draft_id).ok());
  ASSERT_TRUE(office_->replica().GetRecord(drafts_, *draft_id).ok());
  ASSERT_TRUE(AnyFileContains(dir_.File("lead reviewer"), draft_id->bytes))
      << "the scan below would prove nothing: a replica keeps record ids";

  const std::string id_hex = draft_id->ToHex();
  ASSERT_TRUE(reviewer_->replica().RecordOfflineRead(drafts_, "read-record", id_hex).ok());
  const uint64_t log_before = *server_.server->access_log().size();
  ASSERT_TRUE(CaseAdministration(**office_->Server()).PurgeDrafts(case_id_).ok());
  for (DeviceHome* home : {office_.get(), reviewer_.get()}) {
    std::vector<std::string> lines;
    CaseSyncOptions options;
    options.progress = [&](std::string_view line) { lines.emplace_back(line); };
    Result<CaseSyncReport> synced = SyncCases(*home, options);
    ASSERT_TRUE(synced.ok()) << synced.status().ToString();
    EXPECT_TRUE(synced->cases[0].error.ok()) << synced->cases[0].error.ToString();
    EXPECT_NE(std::find(lines.begin(), lines.end(),
                        "drafts: purged on the server, removed from this device"),
              lines.end());
    EXPECT_EQ(home->replica().GetRecord(drafts_, *draft_id).status().code(), StatusCode::kNotFound);
  }
  office_.reset();
  reviewer_.reset();
  for (const std::string& dir :
       {dir_.File("business unit"), dir_.File("lead reviewer"), dir_.File("server")}) {
    EXPECT_FALSE(AnyFileContains(dir, AsBytes(draft_text))) << dir;
    EXPECT_FALSE(AnyFileContains(dir, AsBytes(comment_text))) << dir;
    EXPECT_FALSE(AnyFileContains(dir, draft_id->bytes)) << dir;
  }
  // The server's access log keeps the draft's id as the object of the logged read (who saw what
  // outlives the purge); nothing else does.
  for (const std::string& dir : {dir_.File("business unit"), dir_.File("lead reviewer")}) {
    EXPECT_FALSE(AnyFileContains(dir, AsBytes(id_hex))) << dir;
  }
  const std::vector<server::AccessEntry> logged =
      *server_.server->access_log().Entries(log_before, 10'000);
  EXPECT_TRUE(std::any_of(logged.begin(), logged.end(), [](const server::AccessEntry& entry) {
    return entry.action == "purge-drafts" && entry.compartment == "drafts" && entry.allowed;
  }));
  EXPECT_TRUE(std::any_of(logged.begin(), logged.end(), [&](const server::AccessEntry& entry) {
    return entry.action == "read-record" && entry.object_id == id_hex && entry.happened_at_micros;
  })) << "the read made offline before the purge reached the log before the wipe";
}

}  // namespace
}  // namespace casevault::client
