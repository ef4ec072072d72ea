// HttpsTransport against a real casevault-server on loopback HTTPS: a kept-alive connection the
// server closed while idle, a stopped server, a server with another certificate, and (through
// CuttingProxy) requests and replies lost on the connection.
#include "casevault/client/https_transport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "casevault/base/event_log.h"
#include "casevault/crypto/random_id.h"
#include "casevault/server/case_vault_server.h"
#include "cutting_proxy.h"
#include "testing/temp_dir.h"

namespace casevault::client {
namespace {

using casevault::testing::TempDir;
using sync::CompartmentRef;

// The server closes a connection left idle this long (5 s by default).
constexpr int kKeepAliveSeconds = 1;

class HttpsTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = StartServer("server", 0);
    ASSERT_NE(server_, nullptr);
    user_ = *server_->identity().CreateUser("police representative", "police");
    ASSERT_TRUE(server_->roster().Open(police_.case_id, user_.user_id).ok());
    ASSERT_TRUE(server_->policy()
                    .Grant(user_.user_id, police_, server::Access::kWrite, std::nullopt, {})
                    .ok());
    transport_ = Connect(port_);
    const std::string code = *server_->identity().CreateEnrolmentCode(user_.user_id);
    ASSERT_TRUE(transport_->Enrol(code).ok());
    for (const char* kind : {"confidentiality", "interest"}) {
      ASSERT_TRUE(transport_->RecordAgreement(police_.case_id, kind).ok());
    }
  }

  void TearDown() override {
    transport_.reset();
    if (server_) server_->Stop();
  }

  // A server with its own data directory `name` (and so its own certificate) on `port` (0: a
  // free one, then kept in port_); nullptr after a failed assertion.
  std::unique_ptr<server::CaseVaultServer> StartServer(const std::string& name, int port) {
    server::ServerOptions options;
    options.data_dir = dir_.File(name);
    options.port = port;
    options.dev_tls = true;
    options.keep_alive_seconds = kKeepAliveSeconds;
    auto opened = server::CaseVaultServer::Open(env_, options, events_);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (!opened.ok()) return nullptr;
    Result<int> started = (*opened)->Start();
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    if (!started.ok()) return nullptr;
    if (port == 0) port_ = *started;
    return *std::move(opened);
  }

  // A transport of this test's device to `port`, pinned to the first server's certificate.
  std::unique_ptr<HttpsTransport> Connect(int port) {
    return *HttpsTransport::Create({"127.0.0.1", port, server_->fingerprint()}, device_, env_);
  }

  // Waits until the server has closed every connection idle since now.
  static void WaitPastKeepAlive() {
    std::this_thread::sleep_for(std::chrono::milliseconds(kKeepAliveSeconds * 1000 + 1500));
  }

  // How many access log entries `count` selects.
  size_t Logged(const std::function<bool(const server::AccessEntry&)>& count) {
    Result<std::vector<server::AccessEntry>> entries = server_->access_log().Entries(0, 100'000);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    if (!entries.ok()) return 0;
    return static_cast<size_t>(std::count_if(entries->begin(), entries->end(), count));
  }

  // How many access log entries have action `action`.
  size_t Logged(const std::string& action) {
    return Logged([&](const server::AccessEntry& entry) { return entry.action == action; });
  }

  // Reads made offline, `count` of them, in the police compartment.
  std::vector<sync::OfflineRead> OfflineReads(size_t count) {
    std::vector<sync::OfflineRead> reads;
    for (size_t i = 0; i < count; ++i) {
      reads.push_back({police_.case_id, police_.name, "read-record", crypto::NewRandomId().ToHex(),
                       env_.NowMicros()});
    }
    return reads;
  }

  Env& env_ = Env::Default();
  TempDir dir_;
  MemoryEventLog events_;
  std::unique_ptr<server::CaseVaultServer> server_;
  int port_ = 0;
  server::User user_;
  const crypto::DeviceIdentity device_ = crypto::DeviceIdentity::Generate();
  const CompartmentRef police_{crypto::NewRandomId(), "agency:police"};
  std::unique_ptr<HttpsTransport> transport_;
};

TEST_F(HttpsTransportTest, AConnectionTheServerClosedWhileIdleIsReplacedForTheNextRequest) {
  ASSERT_TRUE(transport_->Pull(police_, 0, 10).ok());
  WaitPastKeepAlive();
  Result<sync::PullPage> pulled = transport_->Pull(police_, 0, 10);
  EXPECT_TRUE(pulled.ok()) << pulled.status().ToString();
  WaitPastKeepAlive();
  const Status uploaded = transport_->UploadReads(police_, OfflineReads(2));
  EXPECT_TRUE(uploaded.ok()) << uploaded.ToString();
  EXPECT_EQ(Logged("read-record"), 2u);
}

TEST_F(HttpsTransportTest, ARequestToAStoppedServerIsUnavailableWithAClearMessage) {
  ASSERT_TRUE(transport_->Pull(police_, 0, 10).ok());
  server_->Stop();
  Result<sync::PullPage> pulled = transport_->Pull(police_, 0, 10);
  EXPECT_EQ(pulled.status().code(), StatusCode::kUnavailable) << pulled.status().ToString();
  EXPECT_NE(pulled.status().message().find("cannot reach the server at 127.0.0.1:" +
                                           std::to_string(port_)),
            std::string::npos)
      << pulled.status().ToString();
  EXPECT_NE(pulled.status().message().find("your changes are kept, sync again later"),
            std::string::npos);
}

TEST_F(HttpsTransportTest, TheNewConnectionIsPinnedToTheServersCertificateToo) {
  ASSERT_TRUE(transport_->Pull(police_, 0, 10).ok());
  server_->Stop();  // returns once the idle connection has timed out and been closed
  std::unique_ptr<server::CaseVaultServer> impostor = StartServer("impostor", port_);
  ASSERT_NE(impostor, nullptr);
  ASSERT_NE(impostor->fingerprint(), server_->fingerprint());
  Result<sync::PullPage> pulled = transport_->Pull(police_, 0, 10);
  EXPECT_EQ(pulled.status().code(), StatusCode::kAuthenticationFailed)
      << pulled.status().ToString();
  EXPECT_NE(pulled.status().message().find("pinned fingerprint"), std::string::npos);
  impostor->Stop();
}

// Through the proxy: the transport reaches the server over a connection the test can cut.
class HttpsTransportCutTest : public HttpsTransportTest {
 protected:
  void SetUp() override {
    HttpsTransportTest::SetUp();
    if (HasFatalFailure()) return;
    Result<std::unique_ptr<CuttingProxy>> proxy = CuttingProxy::Start(port_);
    ASSERT_TRUE(proxy.ok()) << proxy.status().ToString();
    proxy_ = *std::move(proxy);
    cut_ = Connect(proxy_->port());
    ASSERT_TRUE(cut_->Pull(police_, 0, 10).ok()) << "connected and logged in";
    ASSERT_EQ(proxy_->connections(), 1u);
  }

  void TearDown() override {
    cut_.reset();
    proxy_.reset();
    HttpsTransportTest::TearDown();
  }

  std::unique_ptr<CuttingProxy> proxy_;
  std::unique_ptr<HttpsTransport> cut_;
};

TEST_F(HttpsTransportCutTest, AnUploadNeverMeetsAConnectionTheServerClosedWhileIdle) {
  // Uploaded reads are never sent twice, so they must not go out on a dead connection.
  WaitPastKeepAlive();
  const Status uploaded = cut_->UploadReads(police_, OfflineReads(2));
  EXPECT_TRUE(uploaded.ok()) << uploaded.ToString();
  EXPECT_EQ(proxy_->connections(), 2u);
  EXPECT_EQ(Logged("read-record"), 2u);
}

TEST_F(HttpsTransportCutTest, ARequestLostBeforeTheServerIsSentOnceMoreOnANewConnection) {
  const size_t pulls = Logged("pull");
  proxy_->CutNext(CuttingProxy::Cut::kRequest, 1);
  Result<sync::PullPage> pulled = cut_->Pull(police_, 0, 10);
  EXPECT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(proxy_->cuts(), 1u);
  EXPECT_EQ(proxy_->connections(), 2u);
  EXPECT_EQ(Logged("pull"), pulls + 1) << "the server saw the pull once";
}

TEST_F(HttpsTransportCutTest, ARequestIsSentAtMostTwice) {
  proxy_->CutNext(CuttingProxy::Cut::kRequest, 2);
  Result<sync::PullPage> pulled = cut_->Pull(police_, 0, 10);
  EXPECT_EQ(pulled.status().code(), StatusCode::kUnavailable) << pulled.status().ToString();
  EXPECT_EQ(proxy_->cuts(), 2u);
  EXPECT_EQ(proxy_->connections(), 2u);
  EXPECT_TRUE(cut_->Pull(police_, 0, 10).ok()) << "the next request connects again";
}

TEST_F(HttpsTransportCutTest, AReplyLostAfterTheServerActedIsResentOnlyWhenThatIsSafe) {
  const size_t pulls = Logged("pull");
  proxy_->CutNext(CuttingProxy::Cut::kReply, 1);
  Result<sync::PullPage> pulled = cut_->Pull(police_, 0, 10);
  EXPECT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(proxy_->connections(), 2u);
  EXPECT_EQ(Logged("pull"), pulls + 2) << "the server served the pull twice, as asked";

  proxy_->CutNext(CuttingProxy::Cut::kReply, 1);
  const Status uploaded = cut_->UploadReads(police_, OfflineReads(2));
  EXPECT_TRUE(uploaded.ok()) << uploaded.ToString();
  EXPECT_EQ(proxy_->connections(), 3u) << "sent again: the server logs each read once";
  EXPECT_EQ(Logged("read-record"), 2u) << "each read logged once";
}

TEST_F(HttpsTransportCutTest, ReadsUploadedAgainAfterTheirReplyWasCutAreLoggedOnce) {
  const std::vector<sync::OfflineRead> reads = OfflineReads(3);
  proxy_->CutNext(CuttingProxy::Cut::kReply, 2);
  const Status lost = cut_->UploadReads(police_, reads);
  EXPECT_EQ(lost.code(), StatusCode::kUnavailable) << lost.ToString();
  EXPECT_EQ(proxy_->cuts(), 2u) << "both replies were cut after the server logged the reads";
  EXPECT_EQ(Logged("read-record"), 3u);

  const Status retried = cut_->UploadReads(police_, reads);
  EXPECT_TRUE(retried.ok()) << retried.ToString();
  EXPECT_EQ(Logged("read-record"), 3u) << "each read is in the log exactly once";
}

TEST_F(HttpsTransportCutTest, AnErrorStatusIsNeverResent) {
  const CompartmentRef other{police_.case_id, "agency:health"};
  Result<sync::PullPage> refused = cut_->Pull(other, 0, 10);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_EQ(proxy_->connections(), 1u);
  EXPECT_EQ(Logged([&](const server::AccessEntry& entry) {
              return entry.compartment == other.name && !entry.allowed;
            }),
            1u)
      << "refused once";
}

}  // namespace
}  // namespace casevault::client
