// The casevault-server program as a separate process: administrator commands, serving, a
// graceful stop on SIGTERM, and no acknowledged operation lost to a kill -9.
#include "testing/server_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "casevault/client/case_administration.h"
#include "casevault/client/https_transport.h"
#include "casevault/crypto/random_id.h"
#include "casevault/server/server_command.h"
#include "casevault/sync/hub_messages.h"
#include "testing/stream_text.h"
#include "testing/temp_dir.h"

namespace casevault::server {
namespace {

using casevault::testing::TempDir;

// Runs RunServerCommand in this process, capturing what it prints.
struct CommandRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

CommandRun RunCommand(const std::vector<std::string>& args) {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  CommandRun run;
  run.exit_code = RunServerCommand(args, Env::Default(), out, err);
  run.out = testing::ReadAndClose(out);
  run.err = testing::ReadAndClose(err);
  return run;
}

// The first capture of `pattern` in `text`, or "".
std::string Find(const std::string& text, const std::string& pattern) {
  std::smatch match;
  return std::regex_search(text, match, std::regex(pattern)) ? match[1].str() : "";
}

// casevault-server serving `data_dir` in a child process.
class ServerProcess : public testing::ServerProcess {
 public:
  explicit ServerProcess(const std::string& data_dir)
      : testing::ServerProcess(CASEVAULT_SERVER_PATH, data_dir) {}
};

sync::SignedOp OpNumber(int n) {
  sync::SignedOp op;
  op.op_id = crypto::NewRandomId();
  op.author_device = crypto::NewRandomId();
  op.epoch = 1;
  op.envelope = Bytes(200, static_cast<uint8_t>(n));
  return op;
}

class ServerProcessTest : public ::testing::Test {
 protected:
  // Adds a business unit user who opens the case of `where` and, as its nominated
  // representative for the agency of `where`, may write to it; enrols `device` for them through
  // `server`.
  void EnrolWriter(const ServerProcess& server, const crypto::DeviceIdentity& device,
                   const sync::CompartmentRef& where) {
    const CommandRun added =
        RunCommand({"user", "add", "--data-dir", data_dir_, "--name", "Business unit",
                    "--organisation", "Partnership", "--business-unit"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    const std::string user = Find(added.out, "user ([0-9a-f]{32})");
    const std::string code = Find(added.out, "enrolment code ([0-9a-f]{64})");
    auto transport = *client::HttpsTransport::Create(server.address(), device, Env::Default());
    Result<client::Enrolment> enrolled = transport->Enrol(code);
    ASSERT_TRUE(enrolled.ok()) << enrolled.status().ToString();
    client::CaseAdministration admin(*transport);
    ASSERT_TRUE(admin.OpenCase(where.case_id).ok());
    for (const char* kind : {"confidentiality", "interest"}) {
      ASSERT_TRUE(transport->RecordAgreement(where.case_id, kind).ok());
    }
    const std::string agency = where.name.substr(std::string_view("agency:").size());
    for (sync::CaseRole role :
         {sync::CaseRole::kSafeguardingLead, sync::CaseRole::kNominatedRepresentative}) {
      const Status assigned =
          admin.AssignRole(where.case_id, enrolled->user_id, role, agency, std::nullopt);
      ASSERT_TRUE(assigned.ok()) << assigned.ToString();
    }
  }

  TempDir dir_;
  const std::string data_dir_ = dir_.File("server");
  const crypto::DeviceIdentity device_ = crypto::DeviceIdentity::Generate();
  const sync::CompartmentRef where_{crypto::NewRandomId(), "agency:police"};
};

TEST(ServerCommandTest, HelpUsageAndBadInputHaveTheirExitCodes) {
  EXPECT_EQ(RunCommand({"--help"}).exit_code, 0);
  EXPECT_NE(RunCommand({"--help"}).out.find("revoke-device"), std::string::npos);
  EXPECT_EQ(RunCommand({}).exit_code, 2);
  EXPECT_EQ(RunCommand({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(RunCommand({"serve", "--bogus"}).exit_code, 2);
  TempDir dir;
  const CommandRun missing = RunCommand({"user", "add", "--data-dir", dir.path(), "--name", "X"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--organisation"), std::string::npos) << missing.err;
  const CommandRun unknown_device =
      RunCommand({"revoke-device", "--data-dir", dir.path(), "--device", std::string(32, 'a')});
  EXPECT_EQ(unknown_device.exit_code, 1);
  EXPECT_NE(unknown_device.err.find("no device"), std::string::npos) << unknown_device.err;
  const CommandRun no_threads =
      RunCommand({"serve", "--data-dir", dir.path(), "--dev-tls", "--threads", "0"});
  EXPECT_EQ(no_threads.exit_code, 2);
  EXPECT_NE(no_threads.err.find("--threads"), std::string::npos) << no_threads.err;
  const CommandRun closed =
      RunCommand({"case", "close", "--data-dir", dir.path(), "--case", std::string(32, 'c')});
  EXPECT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_NE(closed.out.find("closed; 0 file chunks destroyed"), std::string::npos) << closed.out;
  EXPECT_EQ(RunCommand({"revoke-grant", "--data-dir", dir.path(), "--user", std::string(32, 'a'),
                        "--case", std::string(32, 'b'), "--compartment", "agency:../x"})
                .exit_code,
            2);
  EXPECT_EQ(RunCommand({"grant", "--data-dir", dir.path()}).exit_code, 2)
      << "grants are made by people on the case, not by the server administrator";
}

TEST_F(ServerProcessTest, SigtermStopsTheServerCleanlyAndItRestartsWithTheSameCertificate) {
  std::string fingerprint;
  {
    ServerProcess server(data_dir_);
    ASSERT_TRUE(server.running());
    fingerprint = server.address().fingerprint;
    EnrolWriter(server, device_, where_);
    const int status = server.Kill(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status)) << status;
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_NE(server.RestOfOutput().find("stopped (SIGTERM)"), std::string::npos);
  }
  ServerProcess again(data_dir_);
  ASSERT_TRUE(again.running());
  EXPECT_EQ(again.address().fingerprint, fingerprint) << "clients keep their pin";
}

TEST_F(ServerProcessTest, AKillDashNineMidPushLosesNoAcknowledgedOperation) {
  std::vector<sync::SignedOp> acknowledged;
  {
    ServerProcess server(data_dir_);
    ASSERT_TRUE(server.running());
    EnrolWriter(server, device_, where_);
    auto transport = *client::HttpsTransport::Create(server.address(), device_, Env::Default());
    // Push batches while another thread kills the server with SIGKILL, in the middle of one.
    std::atomic<int> batches_acknowledged = 0;
    std::thread killer([&server, &batches_acknowledged] {
      while (batches_acknowledged < 10) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      server.Kill(SIGKILL);
    });
    for (int batch = 0; batch < 100'000; ++batch) {
      std::vector<sync::SignedOp> ops;
      for (int i = 0; i < 20; ++i) ops.push_back(OpNumber(batch));
      Result<std::vector<sync::LogPosition>> placed = transport->Push(where_, ops);
      if (!placed.ok()) {
        EXPECT_EQ(placed.status().code(), StatusCode::kUnavailable) << placed.status().ToString();
        break;
      }
      acknowledged.insert(acknowledged.end(), ops.begin(), ops.end());
      ++batches_acknowledged;
    }
    killer.join();
  }
  ASSERT_FALSE(acknowledged.empty());

  ServerProcess restarted(data_dir_);
  ASSERT_TRUE(restarted.running());
  auto transport = *client::HttpsTransport::Create(restarted.address(), device_, Env::Default());
  std::map<Id128, sync::SignedOp> held;
  for (uint64_t after = 0;;) {
    Result<sync::PullPage> page = transport->Pull(where_, after, 1000);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const sync::LogEntry& entry : page->entries) held[entry.op.op_id] = entry.op;
    if (page->entries.empty() || !page->more) break;
    after = page->entries.back().position.seq;
  }
  for (const sync::SignedOp& op : acknowledged) {
    auto it = held.find(op.op_id);
    ASSERT_NE(it, held.end()) << "acknowledged op " << op.op_id.ToHex() << " was lost";
    EXPECT_EQ(it->second, op);
  }

  // Every push made, acknowledged or not, is in the case's access log for the administrator.
  const CommandRun log =
      RunCommand({"log", "show", "--data-dir", data_dir_, "--case", where_.case_id.ToHex()});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_NE(log.out.find("device " + device_.device_id().ToHex() + "  push agency:police"),
            std::string::npos)
      << log.out;
  EXPECT_NE(log.out.find("allowed: write as nominated_representative of police"),
            std::string::npos);
  EXPECT_NE(log.out.find("open-case"), std::string::npos);
}

}  // namespace
}  // namespace casevault::server
