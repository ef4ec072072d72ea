// casevault-server's endpoints over real HTTPS on loopback: a CaseVaultServer in this process,
// clients through client::HttpsTransport (or raw cpp-httplib for malformed requests).
#include "casevault/server/server_api.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "casevault/base/fault_injection_env.h"
#include "casevault/client/compartment_sync.h"
#include "casevault/client/https_transport.h"
#include "casevault/client/key_exchange.h"
#include "casevault/client/log_audit.h"
#include "casevault/client/replica.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/schema/sqlite_database.h"
#include "casevault/schema/sqlite_fault_vfs.h"
#include "casevault/server/case_vault_server.h"
#include "casevault/sync/api_form.h"
#include "casevault/sync/checkpoint.h"
#include "casevault/sync/login.h"
#include "casevault/sync/merkle_tree.h"
#include "loopback_server.h"
#include "testing/file_scan.h"
#include "testing/temp_dir.h"

namespace casevault::server {
namespace {

using casevault::testing::AnyFileContains;
using casevault::testing::TempDir;
using sync::CompartmentRef;

constexpr int64_t kHour = int64_t{3600} * 1'000'000;

// A person with one enrolled device, its HTTPS transport and its replica.
struct Person {
  User user;
  crypto::DeviceIdentity device = crypto::DeviceIdentity::Generate();
  std::unique_ptr<client::HttpsTransport> transport;
  std::unique_ptr<client::Replica> replica;
};

class ServerApiTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(std::nullopt); }
  void TearDown() override {
    people_.clear();
    if (server_) server_->Stop();
  }

  // Starts a server in a fresh data directory (through SQLite VFS `vfs` when given).
  void StartServer(std::optional<std::string> vfs) {
    Result<LoopbackServer> started =
        StartLoopbackServer(env_, dir_.File("server"), events_, std::move(vfs));
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(started->server);
    port_ = started->port;
    if (!server_->roster().State(case_id_)->has_value()) OpenCase(case_id_);
  }

  // Opens case `case_id` on the server, as a business unit user of its own.
  void OpenCase(const Id128& case_id) {
    Result<User> opener = server_->identity().CreateUser("case opener", "partnership", true);
    ASSERT_TRUE(opener.ok()) << opener.status().ToString();
    const Status opened = server_->roster().Open(case_id, opener->user_id);
    ASSERT_TRUE(opened.ok()) << opened.ToString();
  }

  client::ServerAddress Address() const { return {"127.0.0.1", port_, server_->fingerprint()}; }

  // Creates a user, opens a replica for a new device of theirs and enrols it over HTTPS (the
  // replica then trusts the server's access-log key).
  Person& Enrol(const std::string& name, const std::string& organisation) {
    auto person = std::make_unique<Person>();
    person->user = *server_->identity().CreateUser(name, organisation);
    const std::string code = *server_->identity().CreateEnrolmentCode(person->user.user_id);
    person->transport = *client::HttpsTransport::Create(Address(), person->device, env_);
    person->replica = *client::Replica::Open(env_, dir_.File("replica-" + name), person->device);
    Result<client::Enrolment> enrolment = person->transport->Enrol(code);
    EXPECT_TRUE(enrolment.ok()) << enrolment.status().ToString();
    if (enrolment.ok()) {
      EXPECT_EQ(enrolment->user_id, person->user.user_id);
      EXPECT_EQ(enrolment->log_key, server_->log_key().public_key());
      EXPECT_TRUE(client::TrustServerLog(*person->replica, *enrolment).ok());
      for (const char* kind : {"confidentiality", "interest"}) {
        EXPECT_TRUE(person->transport->RecordAgreement(case_id_, kind).ok());
      }
    }
    devices_[person->device.device_id()] = person->device.signing_keys().public_key();
    people_.push_back(std::move(person));
    return *people_.back();
  }

  // Gives `person`'s replica the key of `where`.
  void GiveKey(Person& person, const CompartmentRef& where) {
    auto [it, added] = keys_.try_emplace(where, crypto::SecretKey::Generate());
    ASSERT_TRUE(
        person.replica
            ->AddCompartmentKey(where, 1,
                                crypto::WrapKey(person.device.box_keys().public_key(), it->second))
            .ok());
  }

  Result<client::CompartmentSyncReport> Sync(Person& person, const CompartmentRef& where) {
    return client::SyncCompartment(*person.replica, *person.transport, where, devices_);
  }

  // The access log's entries whose action is `action`.
  std::vector<AccessEntry> Logged(const std::string& action) {
    std::vector<AccessEntry> found;
    Result<std::vector<AccessEntry>> entries = server_->access_log().Entries(0, 100'000);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    if (!entries.ok()) return found;
    for (const AccessEntry& entry : *entries) {
      if (entry.action == action) found.push_back(entry);
    }
    return found;
  }

  // `count` ops to push (random ids, a small envelope): the server neither reads nor verifies
  // them.
  static std::vector<sync::SignedOp> NewOps(size_t count) {
    std::vector<sync::SignedOp> ops(count);
    for (sync::SignedOp& op : ops) {
      op.op_id = crypto::NewRandomId();
      op.author_device = crypto::NewRandomId();
      op.epoch = 1;
      op.envelope = Bytes(32, 0x5a);
    }
    return ops;
  }

  // The ops `where` holds on the server, in order (read past the API, so nothing is logged).
  std::vector<Id128> StoredOpIds(const CompartmentRef& where) {
    std::vector<Id128> ids;
    Result<sync::PullPage> page = server_->hub().Pull(where, 0, 1000);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (page.ok()) {
      for (const sync::LogEntry& entry : page->entries) ids.push_back(entry.op.op_id);
    }
    return ids;
  }

  // Checks that the access log's entries are numbered 0 to size - 1 without a gap and that its
  // root is the root of those entries' tree.
  void ExpectLogTreeConsistent() {
    const uint64_t size = *server_->access_log().size();
    Result<std::vector<AccessEntry>> entries = server_->access_log().Entries(0, size + 1);
    ASSERT_TRUE(entries.ok()) << entries.status().ToString();
    ASSERT_EQ(entries->size(), size) << "every index up to the size holds an entry";
    sync::MemoryMerkleTree tree;
    for (const AccessEntry& entry : *entries) tree.Append(*EncodeAccessEntry(entry));
    EXPECT_EQ(*server_->access_log().Root(), *sync::MerkleRoot(tree, size));
  }

  // A raw HTTPS client that trusts the dev certificate blindly (for malformed requests).
  std::unique_ptr<httplib::SSLClient> RawClient() {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port_);
    client->enable_server_certificate_verification(false);
    client->set_tcp_nodelay(true);
    return client;
  }

  Env& env_ = Env::Default();
  TempDir dir_;
  MemoryEventLog events_;
  std::unique_ptr<CaseVaultServer> server_;
  int port_ = 0;
  std::vector<std::unique_ptr<Person>> people_;
  std::map<Id128, crypto::SigningPublicKey> devices_;
  std::map<CompartmentRef, crypto::SecretKey> keys_;
  const Id128 case_id_ = crypto::NewRandomId();
  const CompartmentRef shared_{case_id_, "shared"};
  const CompartmentRef police_{case_id_, "agency:police"};
};

TEST_F(ServerApiTest, GrantedPeopleSyncRecordsAndFilesThroughTheServer) {
  Person& office = Enrol("business unit", "partnership");
  Person& reviewer = Enrol("lead reviewer", "independent");
  for (Person* person : {&office, &reviewer}) {
    GiveKey(*person, shared_);
    ASSERT_TRUE(server_->policy()
                    .Grant(person->user.user_id, shared_, Access::kWrite, std::nullopt, Id128{})
                    .ok());
  }
  schema::Record terms(schema::RecordType::kTermsOfReference);
  ASSERT_TRUE(terms.Set("title", std::string("Terms of reference")).ok());
  ASSERT_TRUE(terms.Set("overview", std::string("Scope.\n")).ok());
  Result<Id128> id = office.replica->writer().Create(shared_, terms);
  ASSERT_TRUE(id.ok());

  Result<client::CompartmentSyncReport> pushed = Sync(office, shared_);
  ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
  EXPECT_EQ(pushed->ops.pushed, 1u);
  Result<client::CompartmentSyncReport> pulled = Sync(reviewer, shared_);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->ops.pulled, 1u);
  EXPECT_EQ(*reviewer.replica->GetRecord(shared_, *id), terms);

  const std::vector<AccessEntry> pulls = Logged("pull");
  ASSERT_FALSE(pulls.empty());
  EXPECT_TRUE(pulls.back().allowed);
  EXPECT_EQ(pulls.back().user_id, reviewer.user.user_id);
  EXPECT_EQ(pulls.back().device_id, reviewer.device.device_id());
  EXPECT_EQ(pulls.back().case_id, case_id_);
}

TEST_F(ServerApiTest, ASecuredFileTravelsToAGrantedPractitionerOverHttps) {
  Person& police = Enrol("police representative", "police");
  Person& practitioner = Enrol("practitioner", "police");
  GiveKey(police, police_);
  GiveKey(practitioner, police_);
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  ASSERT_TRUE(server_->policy()
                  .Grant(practitioner.user.user_id, police_, Access::kRead, std::nullopt,
                         police.user.user_id)
                  .ok());
  Bytes content(150'000);
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<uint8_t>(i * 7);
  ASSERT_TRUE(WriteFileAtomically(env_, dir_.File("notes.bin"), content).ok());
  client::FileImportOptions import;
  import.uploaded_by = "police representative";
  import.chunk_size = 64 * 1024;
  Result<Id128> file = police.replica->ImportFile(police_, dir_.File("notes.bin"), import);
  ASSERT_TRUE(file.ok()) << file.status().ToString();

  Result<client::CompartmentSyncReport> sent = Sync(police, police_);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->files_sent, 1u);
  Result<client::CompartmentSyncReport> received = Sync(practitioner, police_);
  ASSERT_TRUE(received.ok()) << received.status().ToString();
  EXPECT_EQ(received->files_received, 1u);
  ASSERT_TRUE(practitioner.replica->ExportFile(police_, *file, dir_.File("copy.bin")).ok());
  EXPECT_EQ(*ReadFileToBytes(env_, dir_.File("copy.bin")), content);
  EXPECT_EQ(Logged("get-chunk").size(), 3u) << "each chunk fetched is logged";
}

TEST_F(ServerApiTest, WithoutAGrantAnAgencyCompartmentIsRefusedAndTheRefusalLogged) {
  Person& police = Enrol("police representative", "police");
  Person& office = Enrol("business unit", "partnership");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  GiveKey(police, police_);
  GiveKey(office, police_);

  Result<sync::PullPage> allowed = police.transport->Pull(police_, 0, 10);
  EXPECT_TRUE(allowed.ok()) << allowed.status().ToString();
  Result<sync::PullPage> refused = office.transport->Pull(police_, 0, 10);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("access log"), std::string::npos);

  const std::vector<AccessEntry> pulls = Logged("pull");
  ASSERT_EQ(pulls.size(), 2u);
  EXPECT_TRUE(pulls[0].allowed);
  EXPECT_EQ(pulls[0].user_id, police.user.user_id);
  EXPECT_FALSE(pulls[1].allowed);
  EXPECT_EQ(pulls[1].user_id, office.user.user_id);
  EXPECT_EQ(pulls[1].compartment, "agency:police");
  EXPECT_EQ(pulls[1].reason, "no role or grant opens agency:police");
}

TEST_F(ServerApiTest, AReadOnlyGrantPullsButCannotPushAndAnExpiredGrantOpensNothing) {
  Person& practitioner = Enrol("practitioner", "police");
  ASSERT_TRUE(server_->policy()
                  .Grant(practitioner.user.user_id, police_, Access::kRead, std::nullopt, {})
                  .ok());
  EXPECT_TRUE(practitioner.transport->Pull(police_, 0, 10).ok());
  EXPECT_EQ(practitioner.transport->Push(police_, {}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_FALSE(Logged("push").back().allowed);
  EXPECT_EQ(Logged("push").back().reason,
            "read-only access to agency:police (read grant on agency:police)");

  ASSERT_TRUE(
      server_->policy()
          .Grant(practitioner.user.user_id, police_, Access::kRead, env_.NowMicros() - kHour, {})
          .ok());
  EXPECT_EQ(practitioner.transport->Pull(police_, 0, 10).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Logged("pull").back().reason, "grant on agency:police expired");
}

TEST_F(ServerApiTest, APushIsLoggedAndStoredInOneDurableCommitAndARepeatStoresNothingTwice) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  const std::vector<sync::SignedOp> ops = NewOps(3);
  const std::vector<Id128> ids = {ops[0].op_id, ops[1].op_id, ops[2].op_id};

  const uint64_t commits = server_->group_commit().commits();
  Result<std::vector<sync::LogPosition>> pushed = police.transport->Push(police_, ops);
  ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
  EXPECT_EQ(server_->group_commit().commits(), commits + 1) << "its entry and its ops together";
  ASSERT_EQ(pushed->size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) EXPECT_EQ((*pushed)[i].seq, i + 1);
  EXPECT_EQ(StoredOpIds(police_), ids);
  ASSERT_EQ(Logged("push").size(), 1u);
  const AccessEntry entry = Logged("push").back();
  EXPECT_TRUE(entry.allowed);
  EXPECT_EQ(entry.user_id, police.user.user_id);
  EXPECT_EQ(entry.device_id, police.device.device_id());
  EXPECT_EQ(entry.compartment, "agency:police");
  EXPECT_EQ(entry.object_id, "3 operations");

  // Sent again (its reply lost): logged again, the ops kept once at their places.
  Result<std::vector<sync::LogPosition>> again = police.transport->Push(police_, ops);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(server_->group_commit().commits(), commits + 2);
  for (uint64_t i = 0; i < 3; ++i) EXPECT_EQ((*again)[i].seq, i + 1);
  EXPECT_EQ(StoredOpIds(police_), ids);
  EXPECT_EQ(Logged("push").size(), 2u);
  ExpectLogTreeConsistent();
}

TEST_F(ServerApiTest, ARefusedPushLogsItsRefusalAloneAndStoresNothing) {
  Person& reader = Enrol("practitioner", "police");
  ASSERT_TRUE(
      server_->policy().Grant(reader.user.user_id, police_, Access::kRead, std::nullopt, {}).ok());
  const uint64_t commits = server_->group_commit().commits();
  Result<std::vector<sync::LogPosition>> refused = reader.transport->Push(police_, NewOps(2));
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_EQ(server_->group_commit().commits(), commits + 1) << "the refusal's entry alone";
  ASSERT_EQ(Logged("push").size(), 1u);
  EXPECT_FALSE(Logged("push").back().allowed);
  EXPECT_EQ(Logged("push").back().user_id, reader.user.user_id);
  EXPECT_TRUE(StoredOpIds(police_).empty());
  ExpectLogTreeConsistent();
}

TEST_F(ServerApiTest, APushTheHubRefusesIsLoggedAndStoresNothing) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  std::vector<sync::SignedOp> ops = NewOps(2);
  ops[1].op_id = Id128{};
  const uint64_t commits = server_->group_commit().commits();
  Result<std::vector<sync::LogPosition>> refused = police.transport->Push(police_, ops);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument) << refused.status().ToString();
  EXPECT_EQ(server_->group_commit().commits(), commits + 1) << "the entry alone";
  ASSERT_EQ(Logged("push").size(), 1u);
  EXPECT_TRUE(Logged("push").back().allowed);
  EXPECT_TRUE(StoredOpIds(police_).empty());
  ExpectLogTreeConsistent();
}

TEST_F(ServerApiTest, AServerWithAnotherCertificateIsRefusedBeforeAnyRequest) {
  const User user = *server_->identity().CreateUser("reviewer", "independent");
  const std::string code = *server_->identity().CreateEnrolmentCode(user.user_id);
  const crypto::DeviceIdentity device = crypto::DeviceIdentity::Generate();
  client::ServerAddress wrong = Address();
  wrong.fingerprint = std::string(64, 'a');
  auto transport = *client::HttpsTransport::Create(wrong, device, env_);
  Result<client::Enrolment> enrolled = transport->Enrol(code);
  EXPECT_EQ(enrolled.status().code(), StatusCode::kAuthenticationFailed);
  EXPECT_NE(enrolled.status().message().find("pinned fingerprint"), std::string::npos)
      << enrolled.status().ToString();
  // The code was never sent, so it still works with the right fingerprint.
  auto right = *client::HttpsTransport::Create(Address(), device, env_);
  EXPECT_TRUE(right->Enrol(code).ok());
  EXPECT_EQ(
      client::HttpsTransport::Create({"127.0.0.1", port_, "xyz"}, device, env_).status().code(),
      StatusCode::kInvalidArgument);
}

TEST_F(ServerApiTest, EnrolmentCodesWorkOnceAndRepeatedFailuresAreThrottled) {
  const User user = *server_->identity().CreateUser("reviewer", "independent");
  const std::string code = *server_->identity().CreateEnrolmentCode(user.user_id);
  const crypto::DeviceIdentity first = crypto::DeviceIdentity::Generate();
  const crypto::DeviceIdentity second = crypto::DeviceIdentity::Generate();
  ASSERT_TRUE((*client::HttpsTransport::Create(Address(), first, env_))->Enrol(code).ok());
  auto again = *client::HttpsTransport::Create(Address(), second, env_);
  EXPECT_EQ(again->Enrol(code).status().code(), StatusCode::kAuthenticationFailed) << "a used code";
  for (int attempt = 0; attempt < 4; ++attempt) {
    EXPECT_EQ(again->Enrol(std::string(64, '0')).status().code(),
              StatusCode::kAuthenticationFailed);
  }
  const std::string fresh = *server_->identity().CreateEnrolmentCode(user.user_id);
  EXPECT_EQ(again->Enrol(fresh).status().code(), StatusCode::kResourceExhausted)
      << "after 5 failures in a minute even a good code waits";
}

TEST_F(ServerApiTest, ForgedOrRevokedSessionsAreRefusedAndLogged) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  ASSERT_TRUE(police.transport->Pull(police_, 0, 10).ok());

  std::unique_ptr<httplib::SSLClient> client = RawClient();
  httplib::SSLClient& raw = *client;
  const std::string path =
      "/v1/cases/" + case_id_.ToHex() + "/compartments/agency:police/ops?after=0";
  httplib::Result forged = raw.Get(path, {{"Authorization", "Bearer " + std::string(64, 'f')}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  EXPECT_EQ(forged->get_header_value("X-CaseVault-Error"), "AuthenticationFailed");
  httplib::Result missing = raw.Get(path);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  const std::vector<AccessEntry> pulls = Logged("pull");
  ASSERT_EQ(pulls.size(), 3u);
  EXPECT_FALSE(pulls[1].allowed);
  EXPECT_EQ(pulls[1].reason, "no valid session");
  EXPECT_EQ(pulls[1].user_id, Id128{});

  ASSERT_TRUE(server_->identity().RevokeDevice(police.device.device_id()).ok());
  Result<sync::PullPage> revoked = police.transport->Pull(police_, 0, 10);
  EXPECT_EQ(revoked.status().code(), StatusCode::kRevoked) << revoked.status().ToString();
  EXPECT_NE(revoked.status().message().find("revoked"), std::string::npos);
}

TEST_F(ServerApiTest, MalformedAndOversizedRequestsGetClearErrorsAndTheServerKeepsServing) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  std::unique_ptr<httplib::SSLClient> client = RawClient();
  httplib::SSLClient& raw = *client;

  httplib::Result junk = raw.Post("/v1/login", "not a form", "text/plain");
  ASSERT_TRUE(junk);
  EXPECT_EQ(junk->status, 400);
  EXPECT_EQ(junk->get_header_value("X-CaseVault-Error"), "InvalidArgument");
  EXPECT_FALSE(junk->body.empty());

  const std::string ops_path = "/v1/cases/" + case_id_.ToHex() + "/compartments/agency:police/ops";
  httplib::Result bad_ops = raw.Post(ops_path, "CVHO\x01garbage", "application/octet-stream");
  ASSERT_TRUE(bad_ops);
  EXPECT_EQ(bad_ops->status, 400);

  httplib::Result nowhere = raw.Get("/v1/cases/xyz/compartments/shared/ops");
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 404);

  const std::string huge(33 * 1024 * 1024, 'x');
  httplib::Result oversized = raw.Post(ops_path, huge, "application/octet-stream");
  if (oversized) {
    EXPECT_EQ(oversized->status, 413);
  }

  EXPECT_TRUE(police.transport->Pull(police_, 0, 10).ok()) << "still serving";
}

TEST_F(ServerApiTest, TheLogsCheckpointAndProofsVerifyOnTheClientSide) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(police.transport->Pull(police_, 0, 10).ok());

  std::unique_ptr<httplib::SSLClient> client = RawClient();
  httplib::SSLClient& raw = *client;
  Result<Bytes> token_reply = [&]() -> Result<Bytes> {
    // A session for the raw client: log in as the police device would.
    httplib::Result challenge = raw.Post(
        "/v1/login/challenge",
        std::string(
            AsChars(sync::ApiForm().Set("device_id", police.device.device_id().ToHex()).Encode())),
        "text/plain");
    if (!challenge || challenge->status != 200) return InternalError("no challenge");
    CV_ASSIGN_OR_RETURN(sync::ApiForm form, sync::ApiForm::Decode(AsBytes(challenge->body)));
    CV_ASSIGN_OR_RETURN(Bytes nonce, form.GetHex("challenge"));
    const crypto::Signature signature = police.device.signing_keys().Sign(
        sync::LoginSigningInput(nonce, police.device.device_id()));
    httplib::Result login =
        raw.Post("/v1/login",
                 std::string(AsChars(sync::ApiForm()
                                         .Set("device_id", police.device.device_id().ToHex())
                                         .SetHex("challenge", nonce)
                                         .SetHex("signature", signature)
                                         .Encode())),
                 "text/plain");
    if (!login || login->status != 200) return InternalError("no login");
    return Bytes(login->body.begin(), login->body.end());
  }();
  ASSERT_TRUE(token_reply.ok()) << token_reply.status().ToString();
  const std::string token = *sync::ApiForm::Decode(*token_reply)->Get("token");
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};

  httplib::Result checkpoint_reply = raw.Get("/v1/log/checkpoint", auth);
  ASSERT_TRUE(checkpoint_reply && checkpoint_reply->status == 200);
  const sync::ApiForm form = *sync::ApiForm::Decode(AsBytes(checkpoint_reply->body));
  sync::Checkpoint checkpoint;
  checkpoint.tree_size = static_cast<uint64_t>(*form.GetInt("size"));
  const Bytes root = *form.GetHex("root", 32);
  std::copy(root.begin(), root.end(), checkpoint.root.begin());
  checkpoint.time_micros = *form.GetInt("time");
  EXPECT_EQ(checkpoint.tree_size, 7u) << "2 agreements and 5 pulls";
  EXPECT_TRUE(sync::VerifyCheckpoint(checkpoint, *form.GetHex("signature", 64),
                                     server_->log_key().public_key())
                  .ok());

  httplib::Result inclusion = raw.Get("/v1/log/inclusion?index=2&size=7", auth);
  ASSERT_TRUE(inclusion && inclusion->status == 200);
  const sync::ApiForm proof_form = *sync::ApiForm::Decode(AsBytes(inclusion->body));
  const Bytes entry = *proof_form.GetHex("entry");
  const Bytes proof_bytes = *proof_form.GetHex("proof");
  std::vector<sync::MerkleHash> proof(proof_bytes.size() / 32);
  for (size_t i = 0; i < proof.size(); ++i) {
    std::copy_n(proof_bytes.begin() + static_cast<std::ptrdiff_t>(32 * i), 32, proof[i].begin());
  }
  EXPECT_TRUE(
      sync::VerifyInclusion(sync::MerkleLeafHash(entry), 2, 7, proof, checkpoint.root).ok());
  EXPECT_EQ(DecodeAccessEntry(entry)->action, "pull");
  Bytes altered = entry;
  altered.back() ^= 1;
  EXPECT_FALSE(
      sync::VerifyInclusion(sync::MerkleLeafHash(altered), 2, 7, proof, checkpoint.root).ok());
}

TEST_F(ServerApiTest, KeysAreCreatedOnceSharedWithNewMembersAndRotatedAfterARevocation) {
  Person& office = Enrol("business unit", "partnership");
  Person& reviewer = Enrol("lead reviewer", "independent");
  for (Person* person : {&office, &reviewer}) {
    ASSERT_TRUE(server_->policy()
                    .Grant(person->user.user_id, shared_, Access::kWrite, std::nullopt, {})
                    .ok());
  }
  Result<client::KeySyncReport> created =
      client::SyncKeys(*office.replica, *office.transport, shared_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->epoch, 1u);
  EXPECT_EQ(created->devices.size(), 2u);
  Result<client::KeySyncReport> joined =
      client::SyncKeys(*reviewer.replica, *reviewer.transport, shared_);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_FALSE(joined->created) << "epoch 1 exists: the reviewer takes it";
  EXPECT_EQ(joined->epoch, 1u);

  schema::Record terms(schema::RecordType::kTermsOfReference);
  ASSERT_TRUE(terms.Set("title", std::string("Terms of reference")).ok());
  ASSERT_TRUE(terms.Set("overview", std::string("Scope.\n")).ok());
  const Id128 id = *office.replica->writer().Create(shared_, terms);
  ASSERT_TRUE(
      client::SyncCompartment(*office.replica, *office.transport, shared_, created->devices).ok());
  ASSERT_TRUE(
      client::SyncCompartment(*reviewer.replica, *reviewer.transport, shared_, joined->devices)
          .ok());
  EXPECT_EQ(*reviewer.replica->GetRecord(shared_, id), terms);

  // A panel member granted later gets the key from the next writer's sync.
  Person& panel = Enrol("panel member", "health");
  ASSERT_TRUE(
      server_->policy().Grant(panel.user.user_id, shared_, Access::kRead, std::nullopt, {}).ok());
  Result<client::KeySyncReport> before =
      client::SyncKeys(*panel.replica, *panel.transport, shared_);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->epoch, 0u) << "nobody has shared it yet, and a reader cannot create one";
  Result<client::KeySyncReport> shared =
      client::SyncKeys(*office.replica, *office.transport, shared_);
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(shared->shared, 1u);
  Result<client::KeySyncReport> after = client::SyncKeys(*panel.replica, *panel.transport, shared_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->epoch, 1u);
  ASSERT_TRUE(
      client::SyncCompartment(*panel.replica, *panel.transport, shared_, after->devices).ok());
  EXPECT_EQ(*panel.replica->GetRecord(shared_, id), terms);

  // The panel member's laptop is lost: revoked, then the next writer rotates the key.
  ASSERT_TRUE(server_->identity().RevokeDevice(panel.device.device_id()).ok());
  Result<client::KeySyncReport> rotated =
      client::SyncKeys(*reviewer.replica, *reviewer.transport, shared_);
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_TRUE(rotated->rotated);
  EXPECT_EQ(rotated->epoch, 2u);
  const std::vector<Id128> holders = *server_->keys().Holders(shared_, 2);
  EXPECT_EQ(holders.size(), 2u);
  EXPECT_EQ(std::count(holders.begin(), holders.end(), panel.device.device_id()), 0);
  EXPECT_EQ(client::SyncKeys(*office.replica, *office.transport, shared_)->epoch, 2u);
  EXPECT_EQ(client::SyncKeys(*panel.replica, *panel.transport, shared_).status().code(),
            StatusCode::kRevoked)
      << "the lost laptop is told to remove its copies";

  // The server never held a key: no file of its data directory contains one.
  for (uint32_t epoch : {1u, 2u}) {
    const crypto::SecretKey* key = *office.replica->Key(shared_, epoch);
    EXPECT_FALSE(AnyFileContains(dir_.File("server"), key->view())) << "epoch " << epoch;
  }
}

TEST_F(ServerApiTest, AnEpochIsCreatedOnceAndOnlyItsHoldersShareItWithMembers) {
  Person& office = Enrol("business unit", "partnership");
  Person& outsider = Enrol("outsider", "none");
  ASSERT_TRUE(
      server_->policy().Grant(office.user.user_id, shared_, Access::kWrite, std::nullopt, {}).ok());
  const Bytes copy =
      crypto::WrapKey(office.device.box_keys().public_key(), crypto::SecretKey::Generate());
  const std::pair<Id128, Bytes> mine[] = {{office.device.device_id(), copy}};
  ASSERT_TRUE(office.transport->UploadKeys(shared_, 1, true, mine).ok());
  EXPECT_EQ(office.transport->UploadKeys(shared_, 1, true, mine).code(),
            StatusCode::kFailedPrecondition)
      << "a second creation of epoch 1";
  EXPECT_EQ(office.transport->UploadKeys(shared_, 3, true, mine).code(),
            StatusCode::kFailedPrecondition)
      << "epochs are created in order";
  const std::pair<Id128, Bytes> theirs[] = {{outsider.device.device_id(), copy}};
  EXPECT_EQ(office.transport->UploadKeys(shared_, 1, false, theirs).code(),
            StatusCode::kPermissionDenied)
      << "a copy for a device of nobody granted";
  EXPECT_EQ(outsider.transport->MyKeys(shared_).status().code(), StatusCode::kPermissionDenied);
  EXPECT_FALSE(Logged("get-keys").back().allowed);
}

TEST_F(ServerApiTest, ClosingACaseDestroysItsDataOnTheServerAndItsDevicesWipeTheirCopies) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  Result<client::KeySyncReport> keys =
      client::SyncKeys(*police.replica, *police.transport, police_);
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  ASSERT_TRUE(WriteFileAtomically(env_, dir_.File("minutes.txt"), Bytes(100'000, 'm')).ok());
  client::FileImportOptions import;
  import.uploaded_by = "police representative";
  import.chunk_size = 64 * 1024;
  const Id128 file = *police.replica->ImportFile(police_, dir_.File("minutes.txt"), import);
  ASSERT_TRUE(
      client::SyncCompartment(*police.replica, *police.transport, police_, keys->devices).ok());
  const uint64_t logged = *server_->access_log().size();

  Result<ClosureReport> closed = server_->closure().Close(case_id_, Id128{});
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  EXPECT_EQ(closed->chunks_destroyed, 2u);
  EXPECT_EQ(*server_->keys().LatestEpoch(police_), 0u) << "every sealed key copy destroyed";
  EXPECT_TRUE(server_->policy().Members(police_)->empty());
  EXPECT_EQ(*server_->access_log().size(), logged) << "the log keeps every entry";

  Result<client::CompartmentSyncReport> refused =
      client::SyncCompartment(*police.replica, *police.transport, police_, keys->devices);
  EXPECT_EQ(refused.status().code(), StatusCode::kRevoked) << refused.status().ToString();
  EXPECT_EQ(Logged("pull").back().reason, "case closed");
  EXPECT_FALSE(Logged("pull").back().allowed);

  ASSERT_TRUE(police.replica->GetRecord(police_, file).ok());
  ASSERT_TRUE(police.replica->WipeCase(case_id_).ok());
  EXPECT_EQ(police.replica->GetRecord(police_, file).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(police.replica->LatestEpoch(police_).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(police.replica->Pending(police_)->empty());
  size_t chunk_files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(dir_.File("replica-police representative"))) {
    chunk_files +=
        entry.is_regular_file() && entry.path().string().find("/chunks/") != std::string::npos;
  }
  EXPECT_EQ(chunk_files, 0u);
  EXPECT_TRUE(police.replica->WipeCase(case_id_).ok()) << "wiping again is harmless";
}

TEST_F(ServerApiTest, ADeviceCatchesAServerThatRewritesOrTruncatesItsAccessLog) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(police.transport->Pull(police_, 0, 10).ok());
  Result<sync::Checkpoint> first = client::AuditAccessLog(*police.replica, *police.transport);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->tree_size, 5u) << "2 agreements and 3 pulls";
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(police.transport->Pull(police_, 0, 10).ok());
  Result<sync::Checkpoint> second = client::AuditAccessLog(*police.replica, *police.transport);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->tree_size, 9u);

  // The server's operator cuts the log back to 2 entries and restarts it.
  police.transport.reset();  // hang up, so the stop need not wait for the idle connection
  server_->Stop();
  server_.reset();
  {
    auto db = schema::SqliteDatabase::Open(dir_.File("server") + "/server.db");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Execute("DELETE FROM access_entries WHERE idx >= 2; "
                              "DELETE FROM merkle_nodes WHERE ((idx + 1) << level) > 2;")
                    .ok());
  }
  StartServer(std::nullopt);
  auto transport = *client::HttpsTransport::Create(Address(), police.device, env_);
  const Status truncated = client::AuditAccessLog(*police.replica, *transport).status();
  EXPECT_EQ(truncated.code(), StatusCode::kAuthenticationFailed);
  EXPECT_NE(truncated.message().find("shrank"), std::string::npos) << truncated.ToString();

  // It then grows the log past its old size with other entries: the history no longer matches.
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(transport->Pull(police_, 0, 10).ok());
  const Status rewritten = client::AuditAccessLog(*police.replica, *transport).status();
  EXPECT_EQ(rewritten.code(), StatusCode::kAuthenticationFailed);
  EXPECT_NE(rewritten.message().find("rewritten"), std::string::npos) << rewritten.ToString();
  EXPECT_EQ(police.replica->LoadTrustedLog()->value().checkpoint, *second)
      << "the device keeps the evidence it trusted";
}

TEST_F(ServerApiTest, NoAccessBeforeTheConfidentialityAgreementAndTheDeclarationOfInterest) {
  Person& police = Enrol("police representative", "police");
  const CompartmentRef other_case{crypto::NewRandomId(), "agency:police"};
  OpenCase(other_case.case_id);
  ASSERT_TRUE(server_->policy()
                  .Grant(police.user.user_id, other_case, Access::kWrite, std::nullopt, {})
                  .ok());
  Result<sync::PullPage> refused = police.transport->Pull(other_case, 0, 10);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Logged("pull").back().reason, "confidentiality agreement not signed");
  ASSERT_TRUE(police.transport->RecordAgreement(other_case.case_id, "confidentiality").ok());
  EXPECT_EQ(police.transport->Pull(other_case, 0, 10).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Logged("pull").back().reason, "declaration of interest not recorded");
  ASSERT_TRUE(police.transport->RecordAgreement(other_case.case_id, "interest").ok());
  EXPECT_TRUE(police.transport->Pull(other_case, 0, 10).ok());
  EXPECT_TRUE(Logged("pull").back().allowed);
  EXPECT_EQ(Logged("declare-interest").size(), 2u) << "one for each case";
  EXPECT_EQ(police.transport->RecordAgreement(other_case.case_id, "other").code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ServerApiTest, ReadsMadeOfflineReachTheAccessLogWithBothTimes) {
  Person& police = Enrol("police representative", "police");
  const Id128 record = crypto::NewRandomId();
  const int64_t before = env_.NowMicros();
  ASSERT_TRUE(police.replica->RecordOfflineRead(police_, "read-record", record.ToHex()).ok());
  ASSERT_TRUE(police.replica->RecordOfflineRead(police_, "export-file", "f1").ok());
  ASSERT_EQ(police.replica->PendingReads(police_)->size(), 2u);

  Result<size_t> uploaded = client::UploadOfflineReads(*police.replica, *police.transport, police_);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status().ToString();
  EXPECT_EQ(*uploaded, 2u);
  EXPECT_TRUE(police.replica->PendingReads(police_)->empty());
  const std::vector<AccessEntry> reads = Logged("read-record");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].object_id, record.ToHex());
  EXPECT_EQ(reads[0].device_id, police.device.device_id());
  EXPECT_EQ(reads[0].user_id, police.user.user_id);
  EXPECT_EQ(reads[0].compartment, "agency:police");
  EXPECT_EQ(reads[0].reason, "read offline");
  ASSERT_TRUE(reads[0].happened_at_micros.has_value());
  EXPECT_GE(*reads[0].happened_at_micros, before);
  EXPECT_GE(reads[0].time_micros, *reads[0].happened_at_micros);
  EXPECT_EQ(Logged("export-file").size(), 1u);
  EXPECT_EQ(*client::UploadOfflineReads(*police.replica, *police.transport, police_), 0u);
}

TEST_F(ServerApiTest, AnUploadOfOfflineReadsRepeatedSucceedsAndLogsEachReadOnce) {
  Person& police = Enrol("police representative", "police");
  const std::vector<sync::OfflineRead> reads = {
      {police_.case_id, police_.name, "read-record", "r1", env_.NowMicros()},
      {police_.case_id, police_.name, "read-record", "r2", env_.NowMicros() + 1}};
  ASSERT_TRUE(police.transport->UploadReads(police_, reads).ok());
  const Status again = police.transport->UploadReads(police_, reads);
  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_EQ(Logged("read-record").size(), 2u) << "each read once";

  const std::vector<sync::OfflineRead> later = {
      {police_.case_id, police_.name, "read-record", "r1", env_.NowMicros() + 2}};
  ASSERT_TRUE(police.transport->UploadReads(police_, later).ok());
  EXPECT_EQ(Logged("read-record").size(), 3u) << "a later read of the same record is its own";
}

// The access log made to fail refuses the request it would have logged.
class ServerApiFaultTest : public ServerApiTest {
 protected:
  void SetUp() override {
    vfs_ = *schema::SqliteFaultVfs::Register("server-api-faults", faults_);
    StartServer(vfs_->name());
  }
  void TearDown() override {
    ServerApiTest::TearDown();
    server_.reset();
  }

  FaultInjectionEnv faults_{Env::Default()};
  std::unique_ptr<schema::SqliteFaultVfs> vfs_;
};

TEST_F(ServerApiFaultTest, WhenTheAccessLogCannotBeWrittenTheRequestFailsAndNothingIsServed) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  ASSERT_TRUE(police.transport->Pull(police_, 0, 10).ok());
  const uint64_t logged = *server_->access_log().size();

  faults_.SetFreeSpace(0);
  Result<sync::PullPage> refused = police.transport->Pull(police_, 0, 10);
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("access log"), std::string::npos);
  faults_.ClearFaults();
  EXPECT_EQ(*server_->access_log().size(), logged);
  const std::vector<Event> events = events_.events();
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const Event& event) {
    return event.name == "access_log.append_failed";
  }));
  EXPECT_TRUE(police.transport->Pull(police_, 0, 10).ok()) << "serving again once it can log";
}

TEST_F(ServerApiFaultTest, WhenAPushCannotBeCommittedNeitherItsEntryNorItsOpsAreStored) {
  Person& police = Enrol("police representative", "police");
  ASSERT_TRUE(
      server_->policy().Grant(police.user.user_id, police_, Access::kWrite, std::nullopt, {}).ok());
  ASSERT_TRUE(police.transport->Push(police_, NewOps(1)).ok());
  const uint64_t logged = *server_->access_log().size();
  const uint64_t commits = server_->group_commit().commits();

  // The disk is full: the unit is written, its commit fails.
  faults_.SetFreeSpace(0);
  const std::vector<sync::SignedOp> ops = NewOps(2);
  Result<std::vector<sync::LogPosition>> failed = police.transport->Push(police_, ops);
  faults_.ClearFaults();
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable) << failed.status().ToString();
  EXPECT_NE(failed.status().message().find("access log"), std::string::npos);
  EXPECT_EQ(server_->group_commit().commits(), commits);
  EXPECT_EQ(*server_->access_log().size(), logged) << "no entry";
  EXPECT_EQ(StoredOpIds(police_).size(), 1u) << "no op";
  const std::vector<Event> events = events_.events();
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const Event& event) {
    return event.name == "access_log.append_failed";
  }));

  // Sent again once the disk has room: stored after the first push, the log without a gap.
  Result<std::vector<sync::LogPosition>> retried = police.transport->Push(police_, ops);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ((*retried)[0].seq, 2u);
  EXPECT_EQ((*retried)[1].seq, 3u);
  EXPECT_EQ(*server_->access_log().size(), logged + 1);
  ExpectLogTreeConsistent();
}

}  // namespace
}  // namespace casevault::server
