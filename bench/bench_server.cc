// bench_server: casevault-server over loopback HTTPS next to raw cpp-httplib measured in the
// same run; the access log's appends; its proofs at 1,000,000 entries.
//
// Figures:
// - Clients: 1, 8 and 64 concurrent clients, each a thread with its own keep-alive TLS
//   connection, sending requests one after another for a fixed time (each run's connections
//   are made, and logged in, before it starts and closed after it).
//   Raw limit: an httplib::SSLServer serving the CaseVault server's own development
//   certificate (TCP_NODELAY, keep-alive request limit raised, 72 threads) with one POST
//   endpoint echoing its body; each client an httplib::SSLClient (keep-alive, TCP_NODELAY,
//   certificate verification off) posting a body as large as a one-op push.
//   CaseVault: a CaseVaultServer in this process; each client an enrolled device of its own
//   user, who opened a case of its own as its business unit and writes to its `shared`
//   compartment (that case's confidentiality agreement and declaration of interest recorded),
//   with its own client::HttpsTransport, repeating one Push of B signed, sealed ops (made before
//   the run) and one Pull that brings them back. Push and pull each count as one request. B = 1 is
//   compared with the echo; B = 100 gives ops/s for batches. Between these runs, raw SQLite
//   single-row commits with the server's settings on the same disk: what each of the server's
//   fsync'd commits costs at the time (a push makes one, its entry and its ops together; a pull
//   one).
// - Access log appends: AccessLog::Append (one transaction each) and AppendBatch (100 entries
//   per transaction) on a fresh database, against raw SQLite inserts of the same encodings with
//   the server's settings (WAL, synchronous=FULL), one row and 100 rows per transaction.
// - Proofs: a fresh access log of 1,000,000 entries built with AppendBatch in batches of
//   10,000; InclusionProof and ConsistencyProof at that size for random indices and old sizes,
//   each timed alone, and their verification; the same proofs from a MemoryMerkleTree of the
//   same entries (the floor: hashes already in memory), which must equal the log's.
//
// stdout holds only `metric <name> <value> <unit>` and `ratio <name> <value>` lines; progress
// and notes go to stderr. A metric is the median of the timed repetitions (raw and project runs
// alternate in order); a ratio is the median of each repetition's own ratio, except the proof
// ratios, the p99 of every sample over the 1 ms budget (target < 1).
#include <httplib.h>
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "bench_raw_sqlite.h"
#include "bench_records.h"
#include "bench_util.h"
#include "casevault/base/bytes.h"
#include "casevault/base/env.h"
#include "casevault/base/event_log.h"
#include "casevault/base/id.h"
#include "casevault/client/https_transport.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/secret_bytes.h"
#include "casevault/server/access_entry.h"
#include "casevault/server/access_log.h"
#include "casevault/server/access_policy.h"
#include "casevault/server/case_vault_server.h"
#include "casevault/server/server_database.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/hub_messages.h"
#include "casevault/sync/merkle_tree.h"
#include "casevault/sync/operation.h"
#include "casevault/sync/signed_op.h"

namespace casevault::bench {
namespace {

using sync::CompartmentRef;

constexpr const char* kProgram = "bench_server";
constexpr const char* kHost = "127.0.0.1";

constexpr size_t kOpBodySize = 1024;  // EncodeOperation of each pushed op
constexpr std::array<size_t, 3> kClientCounts = {1, 8, 64};
constexpr size_t kMaxClients = 64;
constexpr size_t kRawThreads = kMaxClients + 8;  // the raw server's thread pool
constexpr size_t kSmallBatch = 1;                // ops per push, compared with the echo
constexpr size_t kLargeBatch = 100;              // ops per push, for ops/s
constexpr size_t kAppendBatch = 100;             // access log entries per AppendBatch
constexpr size_t kBuildBatch = 10'000;           // entries per AppendBatch of the build
constexpr time_t kTimeoutSeconds = 30;           // raw clients' timeouts, as HttpsTransport's
// See StartGate: longer than the 1 s after which Linux resends a connection request that a full
// listen queue dropped (cpp-httplib listens with a short queue).
constexpr auto kReadyQuiet = std::chrono::milliseconds(1200);
// Between the starts of client threads, so that their connections do not arrive all at once.
constexpr auto kClientStagger = std::chrono::milliseconds(2);
constexpr double kRequestTarget = 0.5;       // CaseVault requests/s over raw requests/s
constexpr double kProofBudgetMicros = 1000;  // target for producing one proof
constexpr int kMaxAttempts = 4;              // runs of a repetition before giving up (see OpPool)

struct Config {
  double run_seconds = 1.0;  // each timed run of clients (and of raw commits)
  // Each run at kLargeBatch: shorter, since the writes of long ones slow this VM's later fsyncs.
  double batch_run_seconds = 0.35;
  int repetitions = 7;               // timed runs per side, client count and batch
  size_t single_appends = 1000;      // entries appended one per transaction per run
  size_t batched_appends = 20'000;   // entries appended kAppendBatch per transaction per run
  uint64_t log_entries = 1'000'000;  // size of the log the proofs are made in
  size_t proof_samples = 1000;       // proofs of each kind timed
};

// --- Statistics ------------------------------------------------------------------------------

// The `q` quantile (0 < q <= 1, nearest rank) of `values`, which must not be empty.
double Percentile(std::vector<double> values, double q) {
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  const size_t index = std::max<size_t>(rank, 1) - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                   values.end());
  return values[index];
}

// Microseconds since `start`.
double MicrosSince(Clock::time_point start) { return 1e6 * SecondsSince(start); }

// --- Running clients -------------------------------------------------------------------------

// Lines up the client threads of one run. Each client prepares its inputs and calls Prepared,
// which waits until every client is prepared, then connects (and logs in) and waits in
// ReadyAndAwaitStart. Start waits until every client is prepared, then until no client is still
// connecting, or until some client is ready and none has made progress for kReadyQuiet (a
// client the server has not let in by then, since casevault-server serves a fixed number of
// connections at a time, stays out of the run), and starts the run.
class StartGate {
 public:
  // For `clients` client threads, numbered from 0.
  explicit StartGate(size_t clients) : states_(clients, State::kPreparing) {}

  // In client thread `client`, once its inputs are made: waits until no client is still
  // preparing, so that no connection sits idle while others make their inputs (the server
  // closes a connection idle for 5 s, and HttpsTransport's next request on it then fails).
  void Prepared(size_t client) {
    std::unique_lock lock(mu_);
    Move(client, State::kConnecting);
    changed_.wait(lock, [&] { return Count(State::kPreparing) == 0; });
  }

  // In client thread `client`, once connected: waits until the run starts and returns its end;
  // nullopt at once when the run has already started (the client then stays out of it).
  std::optional<Clock::time_point> ReadyAndAwaitStart(size_t client) {
    std::unique_lock lock(mu_);
    if (started_) return std::nullopt;
    Move(client, State::kReady);
    changed_.wait(lock, [&] { return started_; });
    return deadline_;
  }

  // When client thread `client` ends, normally or not: it no longer holds up the start.
  void Ended(size_t client) {
    const std::lock_guard lock(mu_);
    if (states_[client] != State::kReady) Move(client, State::kGone);
  }

  // In the main thread: waits as described above, then starts a run of `seconds`.
  void Start(double seconds) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return Count(State::kPreparing) == 0; });
    for (uint64_t seen = progress_; Count(State::kConnecting) > 0; seen = progress_) {
      const bool progressed =
          changed_.wait_for(lock, kReadyQuiet, [&] { return progress_ != seen; });
      if (!progressed && Count(State::kReady) > 0) break;
    }
    started_ = true;
    deadline_ = Clock::now() +
                std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    changed_.notify_all();
  }

 private:
  enum class State { kPreparing, kConnecting, kReady, kGone };

  // Moves `client` to `state` and wakes the waiters (mu_ held).
  void Move(size_t client, State state) {
    states_[client] = state;
    ++progress_;
    changed_.notify_all();
  }

  // How many clients are in `state` (mu_ held).
  size_t Count(State state) const {
    return static_cast<size_t>(std::count(states_.begin(), states_.end(), state));
  }

  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<State> states_;
  uint64_t progress_ = 0;  // changes of state so far
  bool started_ = false;
  Clock::time_point deadline_;
};

// What one client did in one run.
struct ClientTally {
  size_t requests = 0;             // requests answered before the run's end
  size_t ops = 0;                  // ops whose push was answered before the run's end
  std::vector<double> latency_us;  // every request answered before the run's end
  std::vector<double> push_us;     // the pushes among them (CaseVault clients)
  std::vector<double> pull_us;     // the pulls among them (CaseVault clients)
  double cycles_per_s = 0;         // push-pull cycles per second while it had ops (CaseVault)
  bool ran_out = false;            // it used up its ops before the end (CaseVault)
};

// Runs `request`, and counts it in `tally` (and its latency in `kind` when not null) when it
// is answered by `deadline`; returns whether it was.
bool TimedRequest(ClientTally& tally, std::vector<double>* kind, Clock::time_point deadline,
                  const std::function<void()>& request) {
  const Clock::time_point start = Clock::now();
  request();
  if (Clock::now() > deadline) return false;
  const double micros = MicrosSince(start);
  ++tally.requests;
  tally.latency_us.push_back(micros);
  if (kind != nullptr) kind->push_back(micros);
  return true;
}

// Client thread `client`'s work in a run: prepare, gate.Prepared(client), connect,
// gate.ReadyAndAwaitStart(client), then requests until the run's end.
using ClientWork = std::function<void(size_t client, StartGate& gate, ClientTally& tally)>;

// What a run of clients did.
struct RunResult {
  double requests_per_s = 0;
  double ops_per_s = 0;
  double p50_us = 0, p99_us = 0;            // over every request of the run
  double push_p50_us = 0, push_p99_us = 0;  // CaseVault only
  double pull_p50_us = 0, pull_p99_us = 0;  // CaseVault only
  double served = 0;                        // clients with a request answered in the run
  std::vector<ClientTally> tallies;
};

// Runs `work` on `clients` threads for a run of `seconds`; rethrows the first client failure.
RunResult RunClients(size_t clients, double seconds, const ClientWork& work) {
  StartGate gate(clients);
  RunResult result;
  result.tallies.resize(clients);
  std::vector<std::exception_ptr> failures(clients);
  std::vector<std::thread> threads;
  threads.reserve(clients);
  for (size_t c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      try {
        work(c, gate, result.tallies[c]);
      } catch (...) {
        failures[c] = std::current_exception();
      }
      gate.Ended(c);
    });
    std::this_thread::sleep_for(kClientStagger);
  }
  gate.Start(seconds);
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  std::vector<double> all, pushes, pulls;
  for (const ClientTally& tally : result.tallies) {
    result.requests_per_s += static_cast<double>(tally.requests) / seconds;
    result.ops_per_s += static_cast<double>(tally.ops) / seconds;
    if (tally.requests > 0) ++result.served;
    all.insert(all.end(), tally.latency_us.begin(), tally.latency_us.end());
    pushes.insert(pushes.end(), tally.push_us.begin(), tally.push_us.end());
    pulls.insert(pulls.end(), tally.pull_us.begin(), tally.pull_us.end());
  }
  if (all.empty()) Fail("no request was answered in a run of " + std::to_string(clients));
  result.p50_us = Percentile(all, 0.5);
  result.p99_us = Percentile(all, 0.99);
  if (!pushes.empty() && !pulls.empty()) {
    result.push_p50_us = Percentile(pushes, 0.5);
    result.push_p99_us = Percentile(pushes, 0.99);
    result.pull_p50_us = Percentile(pulls, 0.5);
    result.pull_p99_us = Percentile(pulls, 0.99);
  }
  return result;
}

// --- Raw limit: cpp-httplib echo -------------------------------------------------------------

// cpp-httplib's SSLServer with the given certificate and key, serving one POST endpoint,
// /echo, that returns its body; listens on a free loopback port on a thread of its own.
class RawEchoServer {
 public:
  RawEchoServer(const std::string& cert_path, const std::string& key_path)
      : server_(cert_path.c_str(), key_path.c_str()) {
    if (!server_.is_valid()) Fail("raw server: cannot use " + cert_path + " and " + key_path);
    server_.set_tcp_nodelay(true);
    server_.set_keep_alive_max_count(1'000'000);
    server_.set_keep_alive_timeout(60);
    server_.new_task_queue = [] { return new httplib::ThreadPool(kRawThreads); };
    server_.Post("/echo", [](const httplib::Request& request, httplib::Response& response) {
      response.set_content(request.body, "application/octet-stream");
    });
    port_ = server_.bind_to_any_port(kHost);
    if (port_ <= 0) Fail("raw server: cannot listen on loopback");
    serving_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  RawEchoServer(const RawEchoServer&) = delete;
  RawEchoServer& operator=(const RawEchoServer&) = delete;
  ~RawEchoServer() {
    server_.stop();
    serving_.join();
  }

  // The port it listens on.
  int port() const { return port_; }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread serving_;
};

// Raw client `client` of `port`: posts `body` once to connect, then repeatedly through the run,
// checking each echo's size.
void RawClient(size_t client, int port, const std::string& body, StartGate& gate,
               ClientTally& tally) {
  httplib::SSLClient https(kHost, port);
  https.enable_server_certificate_verification(false);
  https.set_tcp_nodelay(true);
  https.set_keep_alive(true);
  https.set_connection_timeout(kTimeoutSeconds, 0);
  https.set_read_timeout(kTimeoutSeconds, 0);
  https.set_write_timeout(kTimeoutSeconds, 0);
  auto post = [&] {
    const httplib::Result reply = https.Post("/echo", body, "application/octet-stream");
    if (!reply) Fail("raw echo: " + httplib::to_string(reply.error()));
    if (reply->status != 200 || reply->body.size() != body.size()) {
      Fail("raw echo: HTTP " + std::to_string(reply->status));
    }
  };
  gate.Prepared(client);
  post();
  const std::optional<Clock::time_point> deadline = gate.ReadyAndAwaitStart(client);
  if (!deadline) return;
  while (Clock::now() < *deadline) TimedRequest(tally, nullptr, *deadline, post);
}

// --- CaseVault clients -----------------------------------------------------------------------

// One enrolled device: its user's own case, the compartment key, and how far it has pulled.
struct Device {
  crypto::DeviceIdentity identity = crypto::DeviceIdentity::Generate();
  CompartmentRef where{crypto::NewRandomId(), "shared"};
  crypto::SecretKey key = crypto::SecretKey::Generate();
  uint64_t cursor = 0;  // the last seq pulled from `where`
};

// A create op of a terms of reference record by `device`, its body `overview_size` characters
// of overview plus a title.
sync::Operation MakeOp(const Device& device, size_t overview_size) {
  sync::Operation op;
  op.op_id = crypto::NewRandomId();
  op.record_id = crypto::NewRandomId();
  op.author_device = device.identity.device_id();
  op.stamp = sync::HlcStamp{Env::Default().NowMicros(), 0, op.author_device};
  op.kind = sync::OpKind::kCreate;
  op.record_type = schema::RecordType::kTermsOfReference;
  op.writes = {sync::FieldWrite{"title", std::string("Terms of reference"), {}},
               sync::FieldWrite{"overview", RandomText(overview_size), {}}};
  return op;
}

// The overview length that makes EncodeOperation of MakeOp's op kOpBodySize bytes.
size_t OverviewSizeForOpBody() {
  const Device probe;
  size_t text = kOpBodySize;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const size_t encoded = sync::EncodeOperation(MakeOp(probe, text)).size();
    if (encoded == kOpBodySize) return text;
    text = text + kOpBodySize - encoded;
  }
  Fail("cannot size an op body to " + std::to_string(kOpBodySize) + " bytes");
}

// `count` fresh ops by `device`, sealed under its key for its compartment and signed.
std::vector<sync::SignedOp> MakeSignedOps(const Device& device, size_t count,
                                          size_t overview_size) {
  std::vector<sync::SignedOp> ops(count);
  for (sync::SignedOp& op : ops) {
    op = sync::SealAndSign(MakeOp(device, overview_size), device.where, 1, device.key,
                           device.identity.signing_keys());
  }
  return ops;
}

// How many ops each client of a CaseVault run makes before it (untimed):
// pushes are idempotent by op id, so every push needs fresh ops. Three times the fastest client
// rate seen so far at this client count and batch; a run in which a client still runs out is
// run again with more (kMaxAttempts runs at most).
class OpPool {
 public:
  // Ops per client for a run of `seconds` at `batch` ops per push.
  size_t OpsPerClient(double seconds, size_t batch) const {
    const auto cycles = static_cast<size_t>(std::ceil(3 * fastest_cycles_per_s_ * seconds));
    return batch * std::max<size_t>(cycles, 32);
  }
  // Takes the client rates of `run` into account.
  void Learn(const RunResult& run) {
    for (const ClientTally& tally : run.tallies) {
      fastest_cycles_per_s_ = std::max(fastest_cycles_per_s_, tally.cycles_per_s);
    }
  }

 private:
  double fastest_cycles_per_s_ = 0;
};

// CaseVault client `client`: makes `pool_ops` ops, logs `device` in over its own HttpsTransport,
// then pushes `batch` of them at a time and pulls them back until the run's end. The ops are made
// before connecting, and every client's before any client connects (see StartGate::Prepared),
// so the logged-in connection does not sit idle meanwhile: the server closes a connection idle
// for 5 s, and HttpsTransport would then open a new one (a fresh TLS handshake) inside the
// first timed push.
void CaseVaultClient(size_t client, const client::ServerAddress& address, Device& device,
                     size_t batch, size_t pool_ops, size_t overview_size, StartGate& gate,
                     ClientTally& tally) {
  const std::vector<sync::SignedOp> pool = MakeSignedOps(device, pool_ops, overview_size);
  gate.Prepared(client);
  std::unique_ptr<client::HttpsTransport> transport =
      Take(client::HttpsTransport::Create(address, device.identity, Env::Default()),
           "HttpsTransport::Create");
  Check(transport->Login(), "Login");
  const std::optional<Clock::time_point> ready = gate.ReadyAndAwaitStart(client);
  if (!ready) return;
  const Clock::time_point deadline = *ready;
  const Clock::time_point start = Clock::now();
  size_t next = 0, cycles = 0;
  while (Clock::now() < deadline) {
    if (next + batch > pool.size()) {
      tally.ran_out = true;
      break;
    }
    const std::span<const sync::SignedOp> ops = std::span(pool).subspan(next, batch);
    next += batch;
    std::vector<sync::LogPosition> positions;
    if (TimedRequest(tally, &tally.push_us, deadline,
                     [&] { positions = Take(transport->Push(device.where, ops), "Push"); })) {
      tally.ops += batch;
    }
    if (positions.size() != batch || positions.front().seq != device.cursor + 1) {
      Fail("push: unexpected positions");
    }
    sync::PullPage page;
    TimedRequest(tally, &tally.pull_us, deadline, [&] {
      page = Take(transport->Pull(device.where, device.cursor, sync::Hub::kMaxPullEntries), "Pull");
    });
    if (page.entries.size() != batch || page.entries.front().op.op_id != ops.front().op_id) {
      Fail("pull: did not bring back the ops just pushed");
    }
    device.cursor = page.entries.back().position.seq;
    ++cycles;
  }
  tally.cycles_per_s = static_cast<double>(cycles) / SecondsSince(start);
}

// The CaseVault server under test, its enrolled devices and the raw echo server on its
// certificate.
struct Servers {
  // Starts a CaseVaultServer in `data_dir`, enrols kMaxClients devices over HTTPS (one user
  // each, the business unit of a case of its own, writing to its `shared` compartment, with
  // the case's agreements recorded), and starts the raw server.
  explicit Servers(const std::string& data_dir) {
    server::ServerOptions options;
    options.data_dir = data_dir;
    options.host = kHost;
    options.port = 0;
    options.dev_tls = true;
    server = Take(server::CaseVaultServer::Open(Env::Default(), options, events),
                  "CaseVaultServer::Open");
    address = {kHost, Take(server->Start(), "CaseVaultServer::Start"), server->fingerprint()};
    devices.resize(kMaxClients);
    for (size_t i = 0; i < kMaxClients; ++i) {
      devices[i] = std::make_unique<Device>();
      Device& device = *devices[i];
      const server::User user = Take(
          server->identity().CreateUser("reviewer " + std::to_string(i), "bench"), "CreateUser");
      const std::string code =
          Take(server->identity().CreateEnrolmentCode(user.user_id), "CreateEnrolmentCode");
      // Enrolled over HTTPS; the transport (and its connection) goes before the runs.
      Take(Take(client::HttpsTransport::Create(address, device.identity, Env::Default()),
                "HttpsTransport::Create")
               ->Enrol(code),
           "Enrol");
      // Opening the case makes its user the business unit, who writes to `shared`.
      Check(server->roster().Open(device.where.case_id, user.user_id), "Open");
      for (const auto agreement : {server::AccessPolicy::Agreement::kConfidentiality,
                                   server::AccessPolicy::Agreement::kInterest}) {
        Check(server->policy().RecordAgreement(user.user_id, device.where.case_id, agreement),
              "RecordAgreement");
      }
    }
    raw = std::make_unique<RawEchoServer>(data_dir + "/dev-cert.pem", data_dir + "/dev-key.pem");
  }

  MemoryEventLog events;
  std::unique_ptr<server::CaseVaultServer> server;
  client::ServerAddress address;
  std::vector<std::unique_ptr<Device>> devices;
  std::unique_ptr<RawEchoServer> raw;
};

// --- Raw SQLite ------------------------------------------------------------------------------

// A raw SQLite connection (sqlite3 C API) opened as the server opens its database (WAL,
// synchronous=FULL), holding one table of encoded entries keyed by index.
class RawLogDb {
 public:
  explicit RawLogDb(const std::string& path)
      : db_(path, "CREATE TABLE entries(idx INTEGER PRIMARY KEY, entry BLOB NOT NULL)"),
        insert_(db_.Prepare("INSERT INTO entries(idx, entry) VALUES(?, ?)")) {}

  // Inserts `entries` as the next rows, `per_transaction` rows to each transaction.
  void Insert(std::span<const Bytes> entries, size_t per_transaction) {
    for (size_t i = 0; i < entries.size(); i += per_transaction) {
      db_.Exec("BEGIN IMMEDIATE");
      for (size_t j = i; j < std::min(entries.size(), i + per_transaction); ++j) {
        sqlite3_stmt* stmt = insert_.get();
        sqlite3_bind_int64(stmt, 1, static_cast<sqlite3_int64>(next_++));
        sqlite3_bind_blob(stmt, 2, entries[j].data(), static_cast<int>(entries[j].size()),
                          SQLITE_STATIC);
        db_.StepDone(stmt, "insert");
      }
      db_.Exec("COMMIT");
    }
  }

 private:
  RawSqlite db_;
  RawStatement insert_;
  uint64_t next_ = 0;
};

// Per-commit microseconds of single-row transactions of `entry` into `db` for `seconds`: what
// each fsync'd commit of the server costs on this disk at the time.
std::vector<double> CommitLatencies(RawLogDb& db, const Bytes& entry, double seconds) {
  std::vector<double> micros;
  const Clock::time_point start = Clock::now();
  while (SecondsSince(start) < seconds) {
    const Clock::time_point commit = Clock::now();
    db.Insert(std::span(&entry, 1), 1);
    micros.push_back(MicrosSince(commit));
  }
  return micros;
}

// --- Client figures --------------------------------------------------------------------------

// The runs of one side at one client count.
struct Side {
  std::vector<RunResult> runs;

  // The values `field` picks from each run.
  std::vector<double> Collect(double RunResult::*field) const {
    std::vector<double> values;
    for (const RunResult& run : runs) values.push_back(run.*field);
    return values;
  }
};

// One raw run at `clients` clients posting `body`.
RunResult RawRun(Servers& servers, size_t clients, double seconds, const std::string& body) {
  const int port = servers.raw->port();
  return RunClients(clients, seconds, [&](size_t c, StartGate& gate, ClientTally& tally) {
    RawClient(c, port, body, gate, tally);
  });
}

// One CaseVault run at `clients` clients pushing `batch` ops per push; runs again with more
// ops while a client runs out (see OpPool).
RunResult CaseVaultRun(Servers& servers, size_t clients, size_t batch, double seconds,
                       size_t overview_size, OpPool& pool) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    const size_t pool_ops = pool.OpsPerClient(seconds, batch);
    RunResult run =
        RunClients(clients, seconds, [&](size_t c, StartGate& gate, ClientTally& tally) {
          CaseVaultClient(c, servers.address, *servers.devices[c], batch, pool_ops, overview_size,
                          gate, tally);
        });
    pool.Learn(run);
    const bool ran_out = std::any_of(run.tallies.begin(), run.tallies.end(),
                                     [](const ClientTally& tally) { return tally.ran_out; });
    if (!ran_out) return run;
    std::fprintf(stderr, "    a client used up its %zu ops; running again with more\n", pool_ops);
  }
  Fail("clients kept running out of ops");
}

// The figures at one client count: raw echo, CaseVault at kSmallBatch and at kLargeBatch.
struct ClientFigures {
  size_t clients = 0;
  Side raw, small, large;
  std::vector<double> commit_p50_us;  // raw SQLite single-row commits, one run per repetition
};

// Prints a run's figures on stderr.
void PrintRun(const char* side, const RunResult& run) {
  std::fprintf(stderr,
               "    %-14s %8.0f req/s %8.0f ops/s  p50 %7.0f us  p99 %7.0f us  served %2.0f", side,
               run.requests_per_s, run.ops_per_s, run.p50_us, run.p99_us, run.served);
  if (run.push_p50_us > 0) {
    std::fprintf(stderr, "  push p50/p99 %.0f/%.0f us, pull %.0f/%.0f us", run.push_p50_us,
                 run.push_p99_us, run.pull_p50_us, run.pull_p99_us);
  }
  std::fputc('\n', stderr);
}

// Measures the warm-up and the timed repetitions at `clients` clients, alternating the order of
// the raw run, the two CaseVault runs and a run of raw single-row commits of `entry` into
// `commits` (how long the server's commits take meanwhile).
ClientFigures MeasureClients(const Config& config, Servers& servers, size_t clients,
                             const std::string& body, size_t overview_size, RawLogDb& commits,
                             const Bytes& entry) {
  ClientFigures figures;
  figures.clients = clients;
  OpPool small_pool, large_pool;
  std::vector<std::function<void(bool timed)>> runs = {
      [&](bool timed) {
        RunResult run = RawRun(servers, clients, config.run_seconds, body);
        PrintRun("raw echo", run);
        if (timed) figures.raw.runs.push_back(std::move(run));
      },
      [&](bool timed) {
        RunResult run = CaseVaultRun(servers, clients, kSmallBatch, config.run_seconds,
                                     overview_size, small_pool);
        PrintRun("casevault B=1", run);
        if (timed) figures.small.runs.push_back(std::move(run));
      },
      [&](bool timed) {
        RunResult run = CaseVaultRun(servers, clients, kLargeBatch, config.batch_run_seconds,
                                     overview_size, large_pool);
        PrintRun("casevault B=100", run);
        if (timed) figures.large.runs.push_back(std::move(run));
      },
      [&](bool timed) {
        const double p50 = Percentile(CommitLatencies(commits, entry, config.run_seconds), 0.5);
        std::fprintf(stderr, "    %-14s p50 %7.0f us\n", "sqlite commit", p50);
        if (timed) figures.commit_p50_us.push_back(p50);
      },
  };
  std::fprintf(stderr, "%zu clients: warming up...\n", clients);
  for (auto& run : runs) run(false);
  for (int rep = 0; rep < config.repetitions; ++rep) {
    std::fprintf(stderr, "%zu clients: repetition %d of %d...\n", clients, rep + 1,
                 config.repetitions);
    for (size_t i = 0; i < runs.size(); ++i) runs[rep % 2 == 0 ? i : runs.size() - 1 - i](true);
  }
  return figures;
}

// Prints the figures at one client count.
void PrintClientFigures(const ClientFigures& f) {
  const std::string n = "_" + std::to_string(f.clients) + "_clients";
  PrintMedianMetric("raw_echo_requests" + n, f.raw.Collect(&RunResult::requests_per_s),
                    "requests/s");
  PrintMedianMetric("raw_echo_p50" + n, f.raw.Collect(&RunResult::p50_us), "us");
  PrintMedianMetric("raw_echo_p99" + n, f.raw.Collect(&RunResult::p99_us), "us");
  PrintMedianMetric("casevault_requests" + n, f.small.Collect(&RunResult::requests_per_s),
                    "requests/s");
  PrintMedianMetric("casevault_ops" + n, f.small.Collect(&RunResult::ops_per_s), "ops/s");
  PrintMedianMetric("casevault_p50" + n, f.small.Collect(&RunResult::p50_us), "us");
  PrintMedianMetric("casevault_p99" + n, f.small.Collect(&RunResult::p99_us), "us");
  PrintMedianMetric("casevault_push_p50" + n, f.small.Collect(&RunResult::push_p50_us), "us");
  PrintMedianMetric("casevault_pull_p50" + n, f.small.Collect(&RunResult::pull_p50_us), "us");
  PrintMedianMetric("casevault_clients_served" + n, f.small.Collect(&RunResult::served), "clients");
  PrintMedianMetric("casevault_ops_batch100" + n, f.large.Collect(&RunResult::ops_per_s), "ops/s");
  PrintMedianMetric("casevault_p99_batch100" + n, f.large.Collect(&RunResult::p99_us), "us");
  PrintMedianMetric("raw_sqlite_commit_p50" + n, f.commit_p50_us, "us");
  char target[32];
  std::snprintf(target, sizeof target, " (target >= %.1f)", kRequestTarget);
  PrintMedianRatio("casevault_requests_vs_raw" + n,
                   PairedRatios(f.small.Collect(&RunResult::requests_per_s),
                                f.raw.Collect(&RunResult::requests_per_s)),
                   target);
}

// --- Access log appends ----------------------------------------------------------------------

// Entry `i` of the logs the benchmark writes: an allowed push by one of a few users' devices
// on one of a few cases, like the entries the server appends for each request.
server::AccessEntry SampleEntry(uint64_t i) {
  static const std::array<Id128, 4> kIds = {crypto::NewRandomId(), crypto::NewRandomId(),
                                            crypto::NewRandomId(), crypto::NewRandomId()};
  server::AccessEntry entry;
  entry.time_micros = int64_t{1'800'000'000'000'000} + static_cast<int64_t>(i);
  entry.user_id = kIds[i % 4];
  entry.device_id = kIds[(i + 1) % 4];
  entry.case_id = kIds[(i + 2) % 4];
  entry.compartment = "shared";
  entry.action = "push";
  entry.object_id = std::to_string(i % 100 + 1) + " operations";
  entry.allowed = true;
  entry.reason = "write grant on shared";
  return entry;
}

// The encodings of SampleEntry(first) ... SampleEntry(first + count - 1).
std::vector<Bytes> EncodedEntries(uint64_t first, size_t count) {
  std::vector<Bytes> encoded(count);
  for (size_t i = 0; i < count; ++i) {
    encoded[i] = Take(server::EncodeAccessEntry(SampleEntry(first + i)), "EncodeAccessEntry");
  }
  return encoded;
}

// The access log append figures: rates per repetition.
struct AppendFigures {
  std::vector<double> raw_single, log_single, raw_batched, log_batched;  // entries/s
  double entry_bytes = 0;
};

// Appends to a fresh access log and a fresh raw database in `dir`, alternating order: one entry
// per transaction, then kAppendBatch per transaction.
AppendFigures MeasureAppends(const Config& config, const TempDir& dir) {
  AppendFigures figures;
  const std::unique_ptr<server::ServerDatabase> database =
      Take(server::ServerDatabase::Open(Env::Default(), dir.File("appends")), "open log");
  server::AccessLog log(*database);
  RawLogDb raw(dir.File("raw-appends.db"));
  uint64_t appended = 0;
  const std::vector<Bytes> single = EncodedEntries(0, config.single_appends);
  const std::vector<Bytes> batched = EncodedEntries(0, config.batched_appends);
  figures.entry_bytes = static_cast<double>(single.front().size());
  std::vector<server::AccessEntry> batch(kAppendBatch);

  auto log_single = [&] {
    dir.Settle();
    const double seconds = TimeIt([&] {
      for (size_t i = 0; i < config.single_appends; ++i) {
        Take(log.Append(SampleEntry(appended++)), "Append");
      }
    });
    return static_cast<double>(config.single_appends) / seconds;
  };
  auto log_batched = [&] {
    dir.Settle();
    const double seconds = TimeIt([&] {
      for (size_t i = 0; i < config.batched_appends; i += kAppendBatch) {
        for (server::AccessEntry& entry : batch) entry = SampleEntry(appended++);
        Take(log.AppendBatch(batch), "AppendBatch");
      }
    });
    return static_cast<double>(config.batched_appends) / seconds;
  };
  auto raw_single = [&] {
    dir.Settle();
    return static_cast<double>(single.size()) / TimeIt([&] { raw.Insert(single, 1); });
  };
  auto raw_batched = [&] {
    dir.Settle();
    return static_cast<double>(batched.size()) / TimeIt([&] { raw.Insert(batched, kAppendBatch); });
  };
  std::fprintf(stderr, "access log appends: warming up...\n");
  log_single();
  raw_single();
  const std::vector<std::function<void()>> runs = {
      [&] { figures.raw_single.push_back(raw_single()); },
      [&] { figures.log_single.push_back(log_single()); },
      [&] { figures.raw_batched.push_back(raw_batched()); },
      [&] { figures.log_batched.push_back(log_batched()); },
  };
  for (int rep = 0; rep < config.repetitions; ++rep) {
    std::fprintf(stderr, "access log appends: repetition %d of %d...\n", rep + 1,
                 config.repetitions);
    for (size_t i = 0; i < runs.size(); ++i) runs[rep % 2 == 0 ? i : runs.size() - 1 - i]();
  }
  return figures;
}

// Prints the access log append figures.
void PrintAppendFigures(const AppendFigures& f) {
  PrintMetric("access_entry_bytes", f.entry_bytes, "bytes");
  PrintMedianMetric("raw_sqlite_rows_1_per_txn", f.raw_single, "rows/s");
  PrintMedianMetric("access_log_appends_1_per_txn", f.log_single, "entries/s");
  PrintMedianRatio("access_log_append_vs_raw_sqlite", PairedRatios(f.log_single, f.raw_single));
  PrintMedianMetric("raw_sqlite_rows_100_per_txn", f.raw_batched, "rows/s");
  PrintMedianMetric("access_log_appends_100_per_txn", f.log_batched, "entries/s");
  PrintMedianRatio("access_log_batch100_vs_raw_sqlite", PairedRatios(f.log_batched, f.raw_batched));
}

// --- Proofs ----------------------------------------------------------------------------------

// Timings of the proof figures, in microseconds per sample.
struct ProofFigures {
  double build_entries_per_s = 0;
  std::vector<double> inclusion, consistency;                // AccessLog, from SQLite
  std::vector<double> memory_inclusion, memory_consistency;  // MemoryMerkleTree
  std::vector<double> verify_inclusion, verify_consistency;
};

// Builds a fresh access log of config.log_entries entries in `dir` and the same tree in memory,
// checks their roots agree, then times proofs at that size and their verification.
ProofFigures MeasureProofs(const Config& config, const TempDir& dir) {
  ProofFigures figures;
  const std::unique_ptr<server::ServerDatabase> database =
      Take(server::ServerDatabase::Open(Env::Default(), dir.File("proofs")), "open log");
  server::AccessLog log(*database);
  sync::MemoryMerkleTree memory;
  const uint64_t n = config.log_entries;
  std::fprintf(stderr, "proofs: building a log of %llu entries in batches of %zu...\n",
               static_cast<unsigned long long>(n), kBuildBatch);
  std::vector<server::AccessEntry> batch;
  double build_seconds = 0;
  for (uint64_t first = 0; first < n; first += kBuildBatch) {
    batch.resize(static_cast<size_t>(std::min<uint64_t>(kBuildBatch, n - first)));
    for (size_t i = 0; i < batch.size(); ++i) batch[i] = SampleEntry(first + i);
    build_seconds += TimeIt([&] { Take(log.AppendBatch(batch), "AppendBatch"); });
    for (const server::AccessEntry& entry : batch) {
      memory.Append(Take(server::EncodeAccessEntry(entry), "EncodeAccessEntry"));
    }
  }
  figures.build_entries_per_s = static_cast<double>(n) / build_seconds;
  const sync::MerkleHash root = Take(log.Root(), "Root");
  if (Take(log.size(), "size") != n || root != memory.Root()) {
    Fail("the access log's tree differs from the same entries' tree in memory");
  }

  const size_t samples = config.proof_samples;
  std::vector<uint64_t> indices(samples), old_sizes(samples);
  for (size_t i = 0; i < samples; ++i) {
    indices[i] = randombytes_uniform(static_cast<uint32_t>(n));
    old_sizes[i] = 1 + randombytes_uniform(static_cast<uint32_t>(n - 1));
  }
  auto timed = [](std::vector<double>& into, const std::function<void()>& work) {
    const Clock::time_point start = Clock::now();
    work();
    into.push_back(MicrosSince(start));
  };
  std::fprintf(stderr, "proofs: %zu of each kind at %llu entries...\n", samples,
               static_cast<unsigned long long>(n));
  for (int pass = 0; pass < 2; ++pass) {  // the first pass warms the caches and is dropped
    ProofFigures run;
    for (size_t i = 0; i < samples; ++i) {
      const uint64_t index = indices[i];
      std::vector<sync::MerkleHash> proof, expected;
      timed(run.inclusion, [&] { proof = Take(log.InclusionProof(index, n), "InclusionProof"); });
      timed(run.memory_inclusion,
            [&] { expected = Take(sync::InclusionProof(memory, index, n), "InclusionProof"); });
      if (proof != expected) Fail("inclusion proofs differ");
      const sync::MerkleHash leaf = sync::MerkleLeafHash(
          Take(server::EncodeAccessEntry(Take(log.Entry(index), "Entry")), "EncodeAccessEntry"));
      timed(run.verify_inclusion,
            [&] { Check(sync::VerifyInclusion(leaf, index, n, proof, root), "VerifyInclusion"); });
    }
    for (size_t i = 0; i < samples; ++i) {
      const uint64_t old_size = old_sizes[i];
      std::vector<sync::MerkleHash> proof, expected;
      timed(run.consistency,
            [&] { proof = Take(log.ConsistencyProof(old_size, n), "ConsistencyProof"); });
      timed(run.memory_consistency, [&] {
        expected = Take(sync::ConsistencyProof(memory, old_size, n), "ConsistencyProof");
      });
      if (proof != expected) Fail("consistency proofs differ");
      const sync::MerkleHash old_root = Take(sync::MerkleRoot(memory, old_size), "MerkleRoot");
      timed(run.verify_consistency, [&] {
        Check(sync::VerifyConsistency(old_size, n, old_root, root, proof), "VerifyConsistency");
      });
    }
    run.build_entries_per_s = figures.build_entries_per_s;
    if (pass == 1) figures = std::move(run);
  }
  return figures;
}

// Prints `values`' p50 and p99 as `name`_p50 and `name`_p99 metrics in microseconds.
void PrintPercentiles(const std::string& name, const std::vector<double>& values) {
  PrintMetric(name + "_p50", Percentile(values, 0.5), "us");
  PrintMetric(name + "_p99", Percentile(values, 0.99), "us");
}

// Prints the proof figures.
void PrintProofFigures(const Config& config, const ProofFigures& f) {
  PrintMetric("proof_log_entries", static_cast<double>(config.log_entries), "entries");
  PrintMetric("access_log_build_batch10000", f.build_entries_per_s, "entries/s");
  PrintPercentiles("inclusion_proof", f.inclusion);
  PrintPercentiles("consistency_proof", f.consistency);
  PrintPercentiles("raw_memory_inclusion_proof", f.memory_inclusion);
  PrintPercentiles("raw_memory_consistency_proof", f.memory_consistency);
  PrintPercentiles("verify_inclusion", f.verify_inclusion);
  PrintPercentiles("verify_consistency", f.verify_consistency);
  std::fprintf(stderr, "  proof ratios: p99 of %zu samples over the %.0f us budget (target < 1)\n",
               config.proof_samples, kProofBudgetMicros);
  PrintRatio("inclusion_proof_p99_vs_budget_1ms",
             Percentile(f.inclusion, 0.99) / kProofBudgetMicros);
  PrintRatio("consistency_proof_p99_vs_budget_1ms",
             Percentile(f.consistency, 0.99) / kProofBudgetMicros);
}

// --- Where the time goes ---------------------------------------------------------------------

// Prints, on stderr, each CaseVault request's latency next to what it waits for: the echo's
// round trip and the fsync'd commit it makes (a push one, its access log entry and its ops in
// one unit; a pull one, its entry), each as long as a raw single-row commit measured between the
// same runs.
void PrintBreakdown(const std::vector<ClientFigures>& clients, const AppendFigures& appends) {
  std::fprintf(stderr,
               "where the time goes (medians): an access log append alone takes %.0f us, a raw "
               "SQLite single-row commit %.0f us (measured after the client runs)\n",
               1e6 / Median(appends.log_single), 1e6 / Median(appends.raw_single));
  for (const ClientFigures& f : clients) {
    const double echo = Median(f.raw.Collect(&RunResult::p50_us));
    const double push = Median(f.small.Collect(&RunResult::push_p50_us));
    const double pull = Median(f.small.Collect(&RunResult::pull_p50_us));
    const double commit = Median(f.commit_p50_us);
    std::fprintf(stderr,
                 "  %2zu clients: commit %.0f us; push p50 %.0f us = echo %.0f + 1 commit + %.0f "
                 "us; pull p50 %.0f us = echo + 1 commit + %.0f us\n",
                 f.clients, commit, push, echo, push - echo - commit, pull, pull - echo - commit);
    std::fprintf(stderr,
                 "      the server makes its commits one at a time, each shared by every request "
                 "waiting for one (group commit): 2 per push-pull cycle of each of the %zu "
                 "clients allow at most %.0f requests/s\n",
                 f.clients, 2 * static_cast<double>(f.clients) * 1e6 / (2 * commit));
  }
}

// The bytes of the regular files under `path`.
uintmax_t TreeBytes(const std::string& path) {
  uintmax_t total = 0;
  for (const auto& item : std::filesystem::recursive_directory_iterator(path)) {
    if (item.is_regular_file()) total += item.file_size();
  }
  return total;
}

// --- Main ------------------------------------------------------------------------------------

// Runs every part and prints its figures.
void Run(const Config& config) {
  if (sodium_init() < 0) Fail("sodium_init failed");
  const TempDir dir(kProgram);
  std::fprintf(stderr, "starting casevault-server and enrolling %zu devices over HTTPS...\n",
               kMaxClients);
  std::vector<ClientFigures> clients;
  {
    Servers servers(dir.File("server"));
    const size_t overview_size = OverviewSizeForOpBody();
    const Device& probe = *servers.devices[0];
    const std::vector<sync::SignedOp> one = MakeSignedOps(probe, 1, overview_size);
    const std::string body(AsChars(sync::EncodeOps(one)));
    std::fprintf(stderr,
                 "each raw echo posts %zu bytes, the size of a one-op push (op body %zu bytes, "
                 "signed op %zu bytes); raw server: %zu threads; casevault-server: as shipped\n",
                 body.size(), kOpBodySize, sync::EncodeSignedOp(one[0]).size(), kRawThreads);
    RawLogDb commits(dir.File("raw-commits.db"));
    const Bytes entry = EncodedEntries(0, 1).front();
    for (const size_t count : kClientCounts) {
      clients.push_back(
          MeasureClients(config, servers, count, body, overview_size, commits, entry));
    }
    std::fprintf(stderr, "the server's data directory after the client runs: %.0f MB\n",
                 static_cast<double>(TreeBytes(dir.File("server"))) / 1e6);
  }
  for (const ClientFigures& f : clients) PrintClientFigures(f);
  std::fflush(stdout);

  const AppendFigures appends = MeasureAppends(config, dir);
  PrintAppendFigures(appends);
  std::fflush(stdout);

  const ProofFigures proofs = MeasureProofs(config, dir);
  PrintProofFigures(config, proofs);
  std::fflush(stdout);

  PrintBreakdown(clients, appends);
}

constexpr const char* kUsage =
    "usage: bench_server [--quick] [--help]\n"
    "\n"
    "Runs 1, 8 and 64 concurrent clients against casevault-server over loopback HTTPS (push\n"
    "and pull of signed, sealed 1 KiB ops) next to a raw cpp-httplib HTTPS echo server, times\n"
    "access log appends against raw SQLite, and times inclusion and consistency proofs in a\n"
    "log of 1,000,000 entries. Prints `metric <name> <value> <unit>` and `ratio <name> <value>`\n"
    "lines on stdout.\n"
    "\n"
    "  --quick   smoke run: 0.3 s runs, 3 repetitions, a log of 100,000 entries\n"
    "  --help    this text\n";

// Parses the command line into `config`; returns false (after printing why) to stop, with the
// exit code in `exit_code`.
bool ParseArgs(int argc, char** argv, Config& config, int& exit_code) {
  return ParseCommandLine(
      argc, argv, kProgram, kUsage,
      [&] {
        config.run_seconds = 0.3;
        config.batch_run_seconds = 0.3;
        config.repetitions = 3;
        config.single_appends = 300;
        config.batched_appends = 5000;
        config.log_entries = 100'000;
      },
      nullptr, exit_code);
}

}  // namespace
}  // namespace casevault::bench

int main(int argc, char** argv) {
  return casevault::bench::BenchMain(argc, argv, casevault::bench::kProgram,
                                     casevault::bench::ParseArgs, casevault::bench::Run);
}
