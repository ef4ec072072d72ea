// StaffedCaseTest: a real server over loopback HTTPS with a case staffed in every role, for
// tests that check each role's allowed and refused paths and the access log's record of them.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "casevault/client/case_administration.h"
#include "casevault/client/https_transport.h"
#include "casevault/crypto/random_id.h"
#include "casevault/server/case_vault_server.h"
#include "loopback_server.h"
#include "testing/temp_dir.h"

namespace casevault::server::testing {

using casevault::testing::TempDir;
using sync::CaseRole;
using sync::CaseState;
using sync::CompartmentRef;

inline constexpr int64_t kHour = int64_t{3600} * 1'000'000;

// A person with one enrolled device and its transport.
struct Person {
  User user;
  crypto::DeviceIdentity device = crypto::DeviceIdentity::Generate();
  std::unique_ptr<client::HttpsTransport> transport;
  std::unique_ptr<client::CaseAdministration> admin;
};

// Pushes one (opaque) operation to `where` as `person`.
inline Status PushAnOp(Person& person, const CompartmentRef& where) {
  sync::SignedOp op;
  op.op_id = crypto::NewRandomId();
  op.author_device = person.device.device_id();
  op.epoch = 1;
  op.envelope = Bytes(64, 7);
  const std::vector<sync::SignedOp> ops = {op};
  return person.transport->Push(where, ops).status();
}

class StaffedCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<LoopbackServer> started = StartLoopbackServer(env_, dir_.File("server"), events_);
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(started->server);
    port_ = started->port;
  }
  void TearDown() override {
    people_.clear();
    server_->Stop();
  }

  // Creates a user (business unit staff when `business_unit`), enrols a device of theirs over
  // HTTPS and, when `agree`, records both agreements for the case.
  Person& Enrol(const std::string& name, bool business_unit = false, bool agree = true) {
    auto person = std::make_unique<Person>();
    person->user = *server_->identity().CreateUser(name, "org", business_unit);
    const std::string code = *server_->identity().CreateEnrolmentCode(person->user.user_id);
    const client::ServerAddress address{"127.0.0.1", port_, server_->fingerprint()};
    person->transport = *client::HttpsTransport::Create(address, person->device, env_);
    person->admin = std::make_unique<client::CaseAdministration>(*person->transport);
    EXPECT_TRUE(person->transport->Enrol(code).ok());
    if (agree) Agree(*person);
    people_.push_back(std::move(person));
    return *people_.back();
  }

  void Agree(Person& person) {
    for (const char* kind : {"confidentiality", "interest"}) {
      EXPECT_TRUE(person.transport->RecordAgreement(case_id_, kind).ok());
    }
  }

  // `by` gives `to` `role` (for `agency`); the assignment must be allowed.
  void Assign(Person& by, const Person& to, CaseRole role, const std::string& agency = "",
              std::optional<int> hours = std::nullopt) {
    const Status assigned = by.admin->AssignRole(case_id_, to.user.user_id, role, agency, hours);
    ASSERT_TRUE(assigned.ok()) << assigned.ToString();
  }

  // The access log's entries from index `from` on.
  std::vector<AccessEntry> LoggedSince(uint64_t from) {
    Result<std::vector<AccessEntry>> entries = server_->access_log().Entries(from, 10'000);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? *entries : std::vector<AccessEntry>();
  }

  uint64_t LogSize() { return *server_->access_log().size(); }

  // A move's reason as a client sends it: sealed bytes the server keeps without reading.
  static client::CaseMove Because(std::string final_report = "") {
    return {.sealed_reason = {0x5e, 0xa1, 0xed}, .final_report = std::move(final_report)};
  }

  // The reason the access log gave for the newest entry.
  std::string LastReason() { return LoggedSince(LogSize() - 1)[0].reason; }

  // Runs `call` as `person` and checks it was allowed (OK) or refused (PermissionDenied), and
  // that the access log gained exactly one entry of theirs for `action`, with that decision.
  void ExpectDecision(const std::string& who, Person& person, const std::string& action,
                      bool allowed, const std::function<Status(Person&)>& call) {
    const uint64_t before = LogSize();
    const Status status = call(person);
    if (allowed) {
      EXPECT_TRUE(status.ok()) << who << " " << action << ": " << status.ToString();
    } else {
      EXPECT_EQ(status.code(), StatusCode::kPermissionDenied)
          << who << " " << action << ": " << status.ToString();
      EXPECT_NE(status.message().find("recorded in the access log"), std::string::npos);
    }
    const std::vector<AccessEntry> logged = LoggedSince(before);
    ASSERT_EQ(logged.size(), 1u) << who << " " << action;
    EXPECT_EQ(logged[0].user_id, person.user.user_id) << who << " " << action;
    EXPECT_EQ(logged[0].device_id, person.device.device_id()) << who << " " << action;
    EXPECT_EQ(logged[0].case_id, case_id_) << who << " " << action;
    EXPECT_EQ(logged[0].action, action) << who << " " << action;
    EXPECT_EQ(logged[0].allowed, allowed) << who << " " << action << ": " << logged[0].reason;
    EXPECT_FALSE(logged[0].reason.empty());
  }

  // A case opened by business unit staff, with a safeguarding lead and a nominated
  // representative for police and health, a reviewer, a panel member, a police practitioner,
  // a viewer for two hours, and an outsider with no role; everyone has signed the agreements.
  void StaffTheCase() {
    bu_ = &Enrol("business unit", true);
    ASSERT_TRUE(bu_->admin->OpenCase(case_id_).ok());
    lead_police_ = &Enrol("police lead");
    lead_health_ = &Enrol("health lead");
    rep_police_ = &Enrol("police representative");
    rep_health_ = &Enrol("health representative");
    reviewer_ = &Enrol("lead reviewer");
    panel_ = &Enrol("panel member");
    practitioner_ = &Enrol("police practitioner");
    viewer_ = &Enrol("family member");
    outsider_ = &Enrol("outsider");
    Assign(*bu_, *lead_police_, CaseRole::kSafeguardingLead, "police");
    Assign(*bu_, *lead_health_, CaseRole::kSafeguardingLead, "health");
    Assign(*lead_police_, *rep_police_, CaseRole::kNominatedRepresentative, "police");
    Assign(*lead_health_, *rep_health_, CaseRole::kNominatedRepresentative, "health");
    Assign(*bu_, *reviewer_, CaseRole::kReviewer);
    Assign(*bu_, *panel_, CaseRole::kPanelMember);
    Assign(*rep_police_, *practitioner_, CaseRole::kPractitioner, "police");
    Assign(*bu_, *viewer_, CaseRole::kViewer, "", 2);
    target_ = *server_->identity().CreateUser("someone", "org");
  }

  Env& env_ = Env::Default();
  TempDir dir_;
  MemoryEventLog events_;
  std::unique_ptr<CaseVaultServer> server_;
  int port_ = 0;
  std::vector<std::unique_ptr<Person>> people_;
  const Id128 case_id_ = crypto::NewRandomId();
  const CompartmentRef shared_{case_id_, "shared"};
  const CompartmentRef police_{case_id_, "agency:police"};
  const CompartmentRef drafts_{case_id_, "drafts"};
  Person* bu_ = nullptr;
  Person* lead_police_ = nullptr;
  Person* lead_health_ = nullptr;
  Person* rep_police_ = nullptr;
  Person* rep_health_ = nullptr;
  Person* reviewer_ = nullptr;
  Person* panel_ = nullptr;
  Person* practitioner_ = nullptr;
  Person* viewer_ = nullptr;
  Person* outsider_ = nullptr;
  User target_;
};

}  // namespace casevault::server::testing
