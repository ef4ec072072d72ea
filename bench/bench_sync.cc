// bench_sync: two encrypted SQLite replicas syncing through the in-process hub, against the raw
// per-operation limit (seal + sign + verify + SQLite insert) measured in the same run.
//
// Figures (each repetition on fresh replicas A and B and a fresh MemoryHubStore; no sockets):
// - Full sync: A creates N terms of reference records whose encoding is 1 KiB through
//   LocalWriter::Create (each its own transaction), A syncs (push, then the pull that brings its
//   own ops back), B syncs (pull, verify, then store the ops and the records they change in one
//   transaction). Rates for the local creates, the push, B's pull and the end-to-end sync (A's sync
//   + B's sync), and the raw limit: a plain loop over the same N payloads doing SealRecord, Ed25519
//   sign, verify and an INSERT into a WAL table, all in one transaction.
// - Edit round: A updates the overview of 100 records (each its own transaction), A syncs, B
//   syncs: milliseconds from A's sync to B showing the edits (the round the target is set for:
//   100 edits made offline reach B), and from the first edit.
// - Concurrent round: A and B each update the overview of the same 100 records offline (each
//   overview is one line, so the edits overlap and must conflict), then A, B and A sync:
//   milliseconds, and checks that every record is in conflict on both sides with byte-identical
//   merged states.
// - Commit latency: one INSERT per durable transaction in a raw WAL database, the floor of every
//   local write (LocalWriter commits each op on its own).
// Wire sizes (the encoded SignedOp) and, on stderr, where the time goes: the OpStore and
// Transport calls of every timed run, and per-op costs of the crypto and merge steps measured
// alone.
//
// stdout holds only `metric <name> <value> <unit>` and `ratio <name> <value>` lines; progress
// and notes go to stderr. A metric is the median of the timed repetitions (the raw loop and the
// replicas alternate in order); a ratio is the median of each repetition's own ratio, except
// edit_round_100_vs_budget_50ms, the edit round's median over its 50 ms budget (target < 1).
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_raw_sqlite.h"
#include "bench_records.h"
#include "bench_util.h"
#include "casevault/base/bytes.h"
#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/client/replica.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/record_seal.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/crypto/secret_bytes.h"
#include "casevault/crypto/signing.h"
#include "casevault/schema/record.h"
#include "casevault/schema/record_codec.h"
#include "casevault/sync/forwarding_transport.h"
#include "casevault/sync/hlc.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/hub_store.h"
#include "casevault/sync/local_writer.h"
#include "casevault/sync/record_merge.h"
#include "casevault/sync/signed_op.h"
#include "casevault/sync/sync_engine.h"

namespace casevault::bench {
namespace {

using sync::CompartmentRef;

constexpr size_t kRecordSize = 1024;     // bytes of a record's encoding
constexpr size_t kRoundRecords = 100;    // records edited per edit or concurrent round
constexpr double kEditBudgetMs = 50;     // target for the 100-edit round
constexpr double kFullSyncTarget = 0.5;  // target for full sync over the raw limit

constexpr const char* kProgram = "bench_sync";

struct Config {
  size_t records = 10000;  // records created and synced per repetition
  int repetitions = 3;     // timed repetitions, each on fresh replicas
  int rounds = 3;          // edit rounds and concurrent rounds per repetition
};

// --- Inputs ----------------------------------------------------------------------------------

// `record` with its overview replaced by fresh random text of the same length (one line, so two
// such edits of one record overlap and conflict).
schema::Record WithNewOverview(const schema::Record& record, size_t overview_size) {
  schema::Record edited = record;
  Check(edited.Set("overview", RandomText(overview_size)), "set overview");
  return edited;
}

// What every repetition writes: the same records, their encodings (the raw loop's payloads) and
// the edited versions used by the rounds. Record index i < rounds * kRoundRecords is edited by
// the edit rounds (edits_a); the next rounds * kRoundRecords by the concurrent rounds (edits_a
// on A, edits_b on B).
struct Inputs {
  crypto::SecretKey shared_key = crypto::SecretKey::Generate();
  std::vector<schema::Record> records;
  std::vector<Bytes> payloads;
  std::vector<schema::Record> edits_a;
  std::vector<schema::Record> edits_b;

  Inputs(size_t count, int rounds) {
    const size_t overview_size = TextSizeForRecordSize(kRecordSize, TermsOfReference);
    for (size_t i = 0; i < count; ++i) {
      records.push_back(TermsOfReference(overview_size));
      payloads.push_back(schema::EncodeRecord(records.back()));
    }
    for (size_t i = 0; i < 2 * static_cast<size_t>(rounds) * kRoundRecords; ++i) {
      edits_a.push_back(WithNewOverview(records[i], overview_size));
      edits_b.push_back(WithNewOverview(records[i], overview_size));
    }
  }
};

// --- Stage accounting ------------------------------------------------------------------------

// The OpStore and Transport calls whose time is measured inside every timed run.
enum Stage {
  kStoreAdd,
  kStoreOpsOfRecord,
  kStorePending,
  kStoreSetPositions,
  kStoreAddPulled,
  kStoreCursor,
  kHubPush,
  kHubPull,
  kStageCount,
};
constexpr std::array<const char*, kStageCount> kStageNames = {
    "OpStore::Add (insert, merge, seal record, commit)",
    "OpStore::OpsOfRecord (select, decode, open)",
    "OpStore::Pending (select, decode)",
    "OpStore::SetPositions (update + commit)",
    "OpStore::AddPulled (insert, merge, seal records, commit)",
    "OpStore::Cursor / Records",
    "Hub::Push (in memory)",
    "Hub::Pull (in memory, copies)",
};

// A part of the scenario and the stage time spent inside it, summed over the timed runs.
struct Section {
  const char* name;
  const char* unit;  // what `units` counts
  const char* rest;  // what the time outside the measured stages is spent on
  double seconds = 0;
  double units = 0;
  std::array<double, kStageCount> stages{};
};

// Accumulates the seconds of each stage, and charges them to sections.
class Meter {
 public:
  // Runs `call`, charging its time to `stage`; returns its result.
  template <typename Call>
  auto Time(Stage stage, Call&& call) {
    const Clock::time_point start = Clock::now();
    auto result = call();
    seconds_[stage] += SecondsSince(start);
    return result;
  }

  // Runs `work` and adds its wall time, `units` and the stage time spent inside it to
  // `section`; returns the seconds it took.
  double Run(Section& section, size_t units, const std::function<void()>& work) {
    const std::array<double, kStageCount> before = seconds_;
    const double seconds = TimeIt(work);
    section.seconds += seconds;
    section.units += static_cast<double>(units);
    for (size_t s = 0; s < kStageCount; ++s) section.stages[s] += seconds_[s] - before[s];
    return seconds;
  }

 private:
  std::array<double, kStageCount> seconds_{};
};

// The replica as the writer and engine see it, timing each OpStore call; keys pass through.
class TimedStore final : public sync::OpStore, public sync::CompartmentKeys {
 public:
  // Forwards to `replica`, charging `meter`; both must outlive this.
  TimedStore(client::Replica& replica, Meter& meter) : replica_(replica), meter_(meter) {}

  Result<bool> Add(const CompartmentRef& where, const sync::StoredOp& op) override {
    return meter_.Time(kStoreAdd, [&] { return replica_.Add(where, op); });
  }
  Result<std::vector<bool>> AddPulled(const CompartmentRef& where,
                                      std::span<const sync::StoredOp> ops,
                                      uint64_t cursor) override {
    return meter_.Time(kStoreAddPulled, [&] { return replica_.AddPulled(where, ops, cursor); });
  }
  Status SetPositions(const CompartmentRef& where,
                      std::span<const std::pair<Id128, sync::LogPosition>> positions) override {
    return meter_.Time(kStoreSetPositions, [&] { return replica_.SetPositions(where, positions); });
  }
  Result<std::vector<sync::SignedOp>> Pending(const CompartmentRef& where) override {
    return meter_.Time(kStorePending, [&] { return replica_.Pending(where); });
  }
  Result<std::vector<sync::StoredOp>> OpsOfRecord(const CompartmentRef& where,
                                                  const Id128& record_id) override {
    return meter_.Time(kStoreOpsOfRecord, [&] { return replica_.OpsOfRecord(where, record_id); });
  }
  Result<std::vector<Id128>> Records(const CompartmentRef& where) override {
    return meter_.Time(kStoreCursor, [&] { return replica_.Records(where); });
  }
  Result<uint64_t> Cursor(const CompartmentRef& where) override {
    return meter_.Time(kStoreCursor, [&] { return replica_.Cursor(where); });
  }
  Result<uint32_t> LatestEpoch(const CompartmentRef& where) override {
    return replica_.LatestEpoch(where);
  }
  Result<const crypto::SecretKey*> Key(const CompartmentRef& where, uint32_t epoch) override {
    return replica_.Key(where, epoch);
  }

 private:
  client::Replica& replica_;
  Meter& meter_;
};

// The hub as the engines see it, timing pushes and pulls; chunk calls pass through.
class TimedTransport final : public sync::ForwardingTransport {
 public:
  // Forwards to `hub`, charging `meter`; both must outlive this.
  TimedTransport(sync::Hub& hub, Meter& meter) : ForwardingTransport(hub), meter_(meter) {}

  Result<std::vector<sync::LogPosition>> Push(const CompartmentRef& where,
                                              std::span<const sync::SignedOp> ops) override {
    return meter_.Time(kHubPush, [&] { return target_.Push(where, ops); });
  }
  Result<sync::PullPage> Pull(const CompartmentRef& where, uint64_t after_seq,
                              size_t max_entries) override {
    return meter_.Time(kHubPull, [&] { return target_.Pull(where, after_seq, max_entries); });
  }

 private:
  Meter& meter_;
};

// Where the time of the timed runs goes, section by section.
struct Breakdown {
  static constexpr const char* kOpWork = "op build, EncodeOperation, seal, sign, HLC";
  static constexpr const char* kVerify = "VerifyAndOpen of each pulled op, engine bookkeeping";
  static constexpr const char* kEdit = "merge of the record's ops, diff, op build, seal, sign";

  Section create{"A: LocalWriter::Create, one transaction each", "op", kOpWork};
  Section push{"A: Sync (push, then pull back its own ops)", "op", kVerify};
  Section pull{"B: Sync (pull)", "op", kVerify};
  Section edit_updates{"edit round: A LocalWriter::Update x100", "op", kEdit};
  Section edit_push{"edit round: A Sync", "op", kVerify};
  Section edit_pull{"edit round: B Sync", "op", kVerify};
  Section concurrent_updates{"concurrent round: A and B Update x100 each", "op", kEdit};
  Section concurrent_syncs{"concurrent round: A, B, A Sync (per op pushed)", "op", kVerify};

  // Every section, in scenario order.
  std::vector<const Section*> All() const {
    return {
        &create,          &push, &pull, &edit_updates, &edit_push, &edit_pull, &concurrent_updates,
        &concurrent_syncs};
  }
};

// Prints, on stderr, each section's time per unit split into its measured stages and the rest.
void PrintBreakdown(const Breakdown& breakdown) {
  std::fprintf(stderr, "where the time goes (sum of every timed run; us per unit):\n");
  for (const Section* section : breakdown.All()) {
    if (section->units == 0) continue;
    const double per_unit = 1e6 / section->units;
    std::fprintf(stderr, "  %s: %.1f us/%s (%.0f %ss, %.3f s)\n", section->name,
                 section->seconds * per_unit, section->unit, section->units, section->unit,
                 section->seconds);
    double staged = 0;
    for (size_t s = 0; s < kStageCount; ++s) {
      if (section->stages[s] == 0) continue;
      staged += section->stages[s];
      std::fprintf(stderr, "    %-46s %9.1f us  %5.1f%%\n", kStageNames[s],
                   section->stages[s] * per_unit, 100 * section->stages[s] / section->seconds);
    }
    const double rest = section->seconds - staged;
    std::fprintf(stderr, "    %-46s %9.1f us  %5.1f%%\n",
                 ("rest: " + std::string(section->rest)).c_str(), rest * per_unit,
                 100 * rest / section->seconds);
  }
}

// --- Replicas --------------------------------------------------------------------------------

// One device: its identity, encrypted replica (seen through a TimedStore, with the replica's
// clock), writer and sync engine.
struct Laptop {
  crypto::DeviceIdentity device = crypto::DeviceIdentity::Generate();
  std::unique_ptr<client::Replica> replica;
  std::unique_ptr<TimedStore> store;
  std::unique_ptr<sync::LocalWriter> writer;
  std::unique_ptr<sync::SyncEngine> engine;
};

// Two laptops holding the shared compartment's key, and the in-process hub between them. The
// hub is declared before the laptops, whose engines refer to it, so that it outlives them.
struct Scene {
  // Opens fresh replicas in `dir_a` and `dir_b`, each given `shared_key` wrapped to its device.
  Scene(const std::string& dir_a, const std::string& dir_b, const crypto::SecretKey& shared_key,
        Meter& meter)
      : transport(hub, meter) {
    devices = {{a.device.device_id(), a.device.signing_keys().public_key()},
               {b.device.device_id(), b.device.signing_keys().public_key()}};
    for (auto [laptop, dir] : {std::pair{&a, &dir_a}, std::pair{&b, &dir_b}}) {
      laptop->replica =
          Take(client::Replica::Open(Env::Default(), *dir, laptop->device), "open " + *dir);
      Check(laptop->replica->AddCompartmentKey(
                shared, 1, crypto::WrapKey(laptop->device.box_keys().public_key(), shared_key)),
            "AddCompartmentKey");
      laptop->store = std::make_unique<TimedStore>(*laptop->replica, meter);
      laptop->writer = std::make_unique<sync::LocalWriter>(
          *laptop->store, *laptop->store, laptop->replica->clock(), laptop->device);
      laptop->engine = std::make_unique<sync::SyncEngine>(*laptop->store, transport, *laptop->store,
                                                          laptop->replica->clock(), devices);
    }
  }
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;

  // Syncs `laptop`; fails on an error or a rejected op.
  sync::SyncReport Sync(Laptop& laptop) {
    sync::SyncReport report = Take(laptop.engine->Sync(shared), "Sync");
    if (!report.rejected.empty()) Fail("sync rejected: " + report.rejected[0].reason.ToString());
    return report;
  }

  // The hub's log entries after `after_seq`, up to `count` of them, read directly (untimed).
  std::vector<sync::LogEntry> HubEntries(uint64_t after_seq, size_t count) {
    std::vector<sync::LogEntry> entries;
    while (entries.size() < count) {
      sync::PullPage page =
          Take(hub.Pull(shared, after_seq + entries.size(), count - entries.size()), "hub pull");
      if (page.entries.empty()) break;
      for (sync::LogEntry& entry : page.entries) entries.push_back(std::move(entry));
    }
    return entries;
  }

  const CompartmentRef shared{crypto::NewRandomId(), "shared"};
  // Device id -> signing key of A and B, the devices allowed to write.
  std::map<Id128, crypto::SigningPublicKey> devices;
  sync::MemoryHubStore hub_store;
  sync::Hub hub{hub_store, Env::Default()};
  TimedTransport transport;
  Laptop a;
  Laptop b;
};

// --- Raw limit -------------------------------------------------------------------------------

// The raw databases' one table: signed, sealed ops keyed by op id.
constexpr char kRawOpsSchema[] =
    "CREATE TABLE ops(op_id BLOB PRIMARY KEY, envelope BLOB NOT NULL, signature BLOB NOT NULL)";

// The raw per-op limit on the first `count` payloads of `in`, in a fresh database at `path`:
// per op SealRecord (bound to case, compartment, "op:<id>", epoch), Ed25519 sign of the
// envelope, verify of that signature and one INSERT, all in one transaction. Returns the
// seconds from preparing the statement to the end of the commit.
double RawLimitSeconds(const Inputs& in, size_t count, const std::string& path,
                       const TempDir& dir) {
  const crypto::SigningKeyPair signer = crypto::SigningKeyPair::Generate();
  const std::string case_id = crypto::NewRandomId().ToHex();
  std::vector<Id128> op_ids;
  std::vector<std::string> object_ids;
  for (size_t i = 0; i < count; ++i) {
    op_ids.push_back(crypto::NewRandomId());
    object_ids.push_back("op:" + op_ids.back().ToHex());
  }
  RawSqlite db(path, kRawOpsSchema);
  dir.Settle();
  return TimeIt([&] {
    const RawStatement insert =
        db.Prepare("INSERT INTO ops(op_id, envelope, signature) VALUES(?, ?, ?)");
    db.Exec("BEGIN IMMEDIATE");
    for (size_t i = 0; i < count; ++i) {
      const Bytes envelope =
          crypto::SealRecord(in.shared_key, {case_id, "shared", object_ids[i], 1}, in.payloads[i]);
      const crypto::Signature signature = signer.Sign(envelope);
      Check(crypto::VerifySignature(signer.public_key(), envelope, signature), "raw verify");
      sqlite3_stmt* stmt = insert.get();
      sqlite3_bind_blob(stmt, 1, op_ids[i].bytes.data(), Id128::kSize, SQLITE_STATIC);
      sqlite3_bind_blob(stmt, 2, envelope.data(), static_cast<int>(envelope.size()), SQLITE_STATIC);
      sqlite3_bind_blob(stmt, 3, signature.data(), static_cast<int>(signature.size()),
                        SQLITE_STATIC);
      db.StepDone(stmt, "raw insert");
    }
    db.Exec("COMMIT");
  });
}

// The seconds per commit of `commits` transactions of one INSERT each (a 1 KiB blob) into a
// fresh raw database at `path`: what one durable local write costs on this disk.
double RawCommitSeconds(size_t commits, const std::string& path, const TempDir& dir) {
  RawSqlite db(path, kRawOpsSchema);
  const RawStatement insert =
      db.Prepare("INSERT INTO ops(op_id, envelope, signature) VALUES(?, ?, ?)");
  const Bytes blob = RandomBytes(kRecordSize);
  dir.Settle();
  const double seconds = TimeIt([&] {
    for (size_t i = 0; i < commits; ++i) {
      const Id128 op_id = crypto::NewRandomId();
      db.Exec("BEGIN IMMEDIATE");
      sqlite3_stmt* stmt = insert.get();
      sqlite3_bind_blob(stmt, 1, op_id.bytes.data(), Id128::kSize, SQLITE_TRANSIENT);
      sqlite3_bind_blob(stmt, 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
      sqlite3_bind_blob(stmt, 3, blob.data(), 64, SQLITE_STATIC);
      db.StepDone(stmt, "raw insert");
      db.Exec("COMMIT");
    }
  });
  return seconds / static_cast<double>(commits);
}

// --- Scenario --------------------------------------------------------------------------------

// The timings and checks of one repetition.
struct RepetitionResult {
  double raw = 0;
  double commit = 0;  // seconds per single-row raw commit
  double create = 0;
  double push = 0;
  double pull = 0;
  std::vector<double> edit_ms, edit_sync_ms, concurrent_ms, concurrent_sync_ms;
  size_t conflicted = 0;  // records of the concurrent rounds in conflict on both sides
  size_t identical = 0;   // records of the concurrent rounds with identical states on both sides
};

// Fails unless `laptop`'s materialized record `ids[i]` equals `expected[i]` for every i.
void CheckMaterialized(Laptop& laptop, const CompartmentRef& where, std::span<const Id128> ids,
                       std::span<const schema::Record> expected) {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (Take(laptop.replica->GetRecord(where, ids[i]), "GetRecord") != expected[i]) {
      Fail("record " + ids[i].ToHex() + " differs after sync");
    }
  }
}

// Updates record ids[i] on `laptop` to edits[i] for every i.
void UpdateAll(Laptop& laptop, const CompartmentRef& where, std::span<const Id128> ids,
               std::span<const schema::Record> edits) {
  for (size_t i = 0; i < ids.size(); ++i) {
    Check(laptop.writer->Update(where, ids[i], edits[i]), "Update");
  }
}

// Phase 1: A creates the first `count` records, A syncs, B syncs; times each
// step into `result` and `breakdown` and checks B holds every record. Returns the record ids.
std::vector<Id128> FullSync(Scene& scene, const Inputs& in, size_t count, const TempDir& dir,
                            Meter& meter, Breakdown& breakdown, RepetitionResult& result) {
  std::vector<Id128> ids;
  ids.reserve(count);
  dir.Settle();
  result.create = meter.Run(breakdown.create, count, [&] {
    for (size_t i = 0; i < count; ++i) {
      ids.push_back(Take(scene.a.writer->Create(scene.shared, in.records[i]), "Create"));
    }
  });
  dir.Settle();
  sync::SyncReport pushed, pulled;
  result.push = meter.Run(breakdown.push, count, [&] { pushed = scene.Sync(scene.a); });
  result.pull = meter.Run(breakdown.pull, count, [&] { pulled = scene.Sync(scene.b); });
  if (pushed.pushed != count || pulled.pulled != count || pulled.changed_records.size() != count) {
    Fail("full sync moved " + std::to_string(pushed.pushed) + " / " +
         std::to_string(pulled.pulled) + " ops for " + std::to_string(count) + " records");
  }
  CheckMaterialized(scene.b, scene.shared, ids, std::span(in.records).first(count));
  return ids;
}

// Phase 2, round `round`: A updates kRoundRecords records, A syncs, B syncs.
void EditRound(Scene& scene, const Inputs& in, std::span<const Id128> ids, int round,
               const TempDir& dir, Meter& meter, Breakdown& breakdown, RepetitionResult& result) {
  const size_t first = static_cast<size_t>(round) * kRoundRecords;
  const std::span<const Id128> edited = ids.subspan(first, kRoundRecords);
  const std::span<const schema::Record> edits = std::span(in.edits_a).subspan(first, kRoundRecords);
  dir.Settle();
  const Clock::time_point start = Clock::now();
  meter.Run(breakdown.edit_updates, kRoundRecords,
            [&] { UpdateAll(scene.a, scene.shared, edited, edits); });
  const Clock::time_point sync_start = Clock::now();
  sync::SyncReport pulled;
  meter.Run(breakdown.edit_push, kRoundRecords, [&] { scene.Sync(scene.a); });
  meter.Run(breakdown.edit_pull, kRoundRecords, [&] { pulled = scene.Sync(scene.b); });
  result.edit_ms.push_back(1e3 * SecondsSince(start));
  result.edit_sync_ms.push_back(1e3 * SecondsSince(sync_start));
  CheckMaterialized(scene.b, scene.shared, edited, edits);
}

// Syncs `laptop`, charging `breakdown` per op pushed.
void SyncAndCount(Scene& scene, Laptop& laptop, Meter& meter, Breakdown& breakdown) {
  sync::SyncReport report;
  meter.Run(breakdown.concurrent_syncs, 0, [&] { report = scene.Sync(laptop); });
  breakdown.concurrent_syncs.units += static_cast<double>(report.pushed);
}

// Phase 3, round `round`: A and B update the same kRoundRecords records offline, then A, B and
// A sync; counts the records in conflict on both sides and with identical
// states.
void ConcurrentRound(Scene& scene, const Inputs& in, std::span<const Id128> ids, int round,
                     int rounds, const TempDir& dir, Meter& meter, Breakdown& breakdown,
                     RepetitionResult& result) {
  const size_t first = static_cast<size_t>(rounds + round) * kRoundRecords;
  const std::span<const Id128> edited = ids.subspan(first, kRoundRecords);
  dir.Settle();
  const Clock::time_point start = Clock::now();
  meter.Run(breakdown.concurrent_updates, 2 * kRoundRecords, [&] {
    UpdateAll(scene.a, scene.shared, edited, std::span(in.edits_a).subspan(first, kRoundRecords));
    UpdateAll(scene.b, scene.shared, edited, std::span(in.edits_b).subspan(first, kRoundRecords));
  });
  const Clock::time_point sync_start = Clock::now();
  SyncAndCount(scene, scene.a, meter, breakdown);
  SyncAndCount(scene, scene.b, meter, breakdown);
  SyncAndCount(scene, scene.a, meter, breakdown);
  result.concurrent_ms.push_back(1e3 * SecondsSince(start));
  result.concurrent_sync_ms.push_back(1e3 * SecondsSince(sync_start));

  for (const Id128& id : edited) {
    const sync::RecordState on_a = Take(scene.a.writer->State(scene.shared, id), "State");
    const sync::RecordState on_b = Take(scene.b.writer->State(scene.shared, id), "State");
    auto in_conflict = [](const sync::RecordState& state) {
      const auto overview = state.fields.find("overview");
      return overview != state.fields.end() && overview->second.conflict &&
             overview->second.versions.size() == 2;
    };
    if (in_conflict(on_a) && in_conflict(on_b)) ++result.conflicted;
    if (sync::EncodeRecordState(on_a) == sync::EncodeRecordState(on_b) &&
        Take(scene.a.replica->GetRecord(scene.shared, id), "GetRecord") ==
            Take(scene.b.replica->GetRecord(scene.shared, id), "GetRecord")) {
      ++result.identical;
    }
  }
}

// --- Per-op costs measured alone -------------------------------------------------------------

// Runs `work` over `count` items three times and prints the fastest pass's time per item on
// stderr (the fastest, so that other load on the machine inflates it least).
void PrintPerItem(const char* what, size_t count, const std::function<void(size_t)>& work) {
  double best = 0;
  for (int pass = 0; pass < 3; ++pass) {
    const double seconds = TimeIt([&] {
      for (size_t i = 0; i < count; ++i) work(i);
    });
    best = pass == 0 ? seconds : std::min(best, seconds);
  }
  std::fprintf(stderr, "    %-58s %8.1f us\n", what, 1e6 * best / static_cast<double>(count));
}

// Prints, on stderr, the per-op cost of each crypto and merge step a sync runs, each measured
// alone on the `count` create ops the hub holds and on B's stored records `ids`.
void PrintPerOpCosts(Scene& scene, const Inputs& in, std::span<const Id128> ids) {
  const size_t count = ids.size();
  const std::vector<sync::LogEntry> entries = scene.HubEntries(0, count);
  const sync::EpochKeyLookup key = [&](uint32_t) -> Result<const crypto::SecretKey*> {
    return &in.shared_key;
  };
  std::vector<sync::Operation> ops;
  for (const sync::LogEntry& entry : entries) {
    ops.push_back(Take(sync::VerifyAndOpen(entry.op, scene.shared, scene.devices, key), "open"));
  }
  const crypto::SigningKeyPair& signer = scene.a.device.signing_keys();
  std::fprintf(
      stderr, "  per-op costs, each step measured alone over %zu create ops (best of 3):\n", count);
  PrintPerItem("EncodeOperation", count,
               [&](size_t i) { Consume(sync::EncodeOperation(ops[i]).back()); });
  PrintPerItem("SealAndSign (encode + SealRecord + signing input + sign)", count, [&](size_t i) {
    Consume(sync::SealAndSign(ops[i], scene.shared, 1, in.shared_key, signer).signature[0]);
  });
  PrintPerItem("  of which Ed25519 sign of the signing input", count, [&](size_t i) {
    Consume(signer.Sign(sync::SignedOpSigningInput(entries[i].op, scene.shared))[0]);
  });
  PrintPerItem("VerifyAndOpen (signing input + verify + open + decode)", count, [&](size_t i) {
    Check(sync::VerifyAndOpen(entries[i].op, scene.shared, scene.devices, key).status(), "open");
  });
  PrintPerItem("  of which Ed25519 verify", count, [&](size_t i) {
    Check(crypto::VerifySignature(signer.public_key(),
                                  sync::SignedOpSigningInput(entries[i].op, scene.shared),
                                  entries[i].op.signature),
          "verify");
  });
  PrintPerItem("EncodeSignedOp (what a replica stores per op)", count,
               [&](size_t i) { Consume(sync::EncodeSignedOp(entries[i].op).back()); });
  PrintPerItem("B OpsOfRecord of a 1-op record (select, decode, open)", count, [&](size_t i) {
    Consume(static_cast<uint8_t>(
        Take(scene.b.replica->OpsOfRecord(scene.shared, ids[i]), "OpsOfRecord").size()));
  });
  PrintPerItem("MergeRecord + ToRecord of a 1-op record", count, [&](size_t i) {
    const sync::MergeInput input[] = {{&ops[i], entries[i].position.hub_time_micros}};
    Consume(static_cast<uint8_t>(
        Take(sync::MergeRecord(ops[i].record_id, input).ToRecord(), "ToRecord").fields().size()));
  });
  PrintPerItem("EncodeRecord + SealRecord of the merged record", count, [&](size_t i) {
    const std::string record_hex = ids[i].ToHex();
    const std::string case_hex = scene.shared.case_id.ToHex();
    Consume(crypto::SealRecord(in.shared_key, {case_hex, "shared", record_hex, 1},
                               schema::EncodeRecord(in.records[i]))
                .back());
  });
}

// The mean size of EncodeSignedOp over `entries`, which must not be empty.
double MeanWireBytes(const std::vector<sync::LogEntry>& entries) {
  double total = 0;
  for (const sync::LogEntry& entry : entries) total += sync::EncodeSignedOp(entry.op).size();
  return total / static_cast<double>(entries.size());
}

// The sizes one op carries.
struct WireSizes {
  double payload = 0;      // EncodeRecord of a created record
  double create_op = 0;    // EncodeSignedOp of a create op
  double create_body = 0;  // EncodeOperation of a create op (its envelope's plaintext)
  double edit_op = 0;      // EncodeSignedOp of an edit (set-fields) op
};

// The wire sizes of the hub's first `count` entries (the creates) and the next kRoundRecords
// (the first edit round's updates).
WireSizes MeasureWireSizes(Scene& scene, const Inputs& in, size_t count) {
  WireSizes sizes;
  const std::vector<sync::LogEntry> creates = scene.HubEntries(0, count);
  const std::vector<sync::LogEntry> edits = scene.HubEntries(count, kRoundRecords);
  if (creates.size() != count || edits.size() != kRoundRecords) Fail("hub log is short");
  double payload = 0, body = 0;
  for (size_t i = 0; i < count; ++i) {
    payload += in.payloads[i].size();
    body += creates[i].op.envelope.size() - crypto::kRecordEnvelopeOverhead;
  }
  sizes.payload = payload / static_cast<double>(count);
  sizes.create_body = body / static_cast<double>(count);
  sizes.create_op = MeanWireBytes(creates);
  sizes.edit_op = MeanWireBytes(edits);
  return sizes;
}

// Removes the SQLite database at `path` with its WAL and shared-memory files.
void RemoveDatabase(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// One repetition on fresh replicas under `dir` named by `tag`: the raw limit and the scenario
// on the first `count` records, in the order given by `raw_first`. When `sizes` is set, also
// measures wire sizes into it and prints per-op costs.
RepetitionResult Repetition(const Config& config, const Inputs& in, size_t count,
                            const std::string& tag, bool raw_first, const TempDir& dir,
                            Breakdown& breakdown, WireSizes* sizes) {
  RepetitionResult result;
  const std::string raw_path = dir.File("raw-" + tag + ".db");
  auto raw = [&] {
    result.raw = RawLimitSeconds(in, count, raw_path, dir);
    RemoveDatabase(raw_path);
    result.commit = RawCommitSeconds(kRoundRecords, raw_path, dir);
    RemoveDatabase(raw_path);
  };
  if (raw_first) raw();
  {
    Meter meter;
    Scene scene(dir.File("a-" + tag), dir.File("b-" + tag), in.shared_key, meter);
    const std::vector<Id128> ids = FullSync(scene, in, count, dir, meter, breakdown, result);
    for (int round = 0; round < config.rounds; ++round) {
      EditRound(scene, in, ids, round, dir, meter, breakdown, result);
    }
    for (int round = 0; round < config.rounds; ++round) {
      ConcurrentRound(scene, in, ids, round, config.rounds, dir, meter, breakdown, result);
    }
    if (sizes != nullptr) {
      *sizes = MeasureWireSizes(scene, in, count);
      PrintPerOpCosts(scene, in, ids);
    }
  }
  if (!raw_first) raw();
  RemoveTree(dir.File("a-" + tag));
  RemoveTree(dir.File("b-" + tag));
  return result;
}

// --- Reporting -------------------------------------------------------------------------------

// The values `field` picks from each of `results`.
std::vector<double> Collect(const std::vector<RepetitionResult>& results,
                            const std::function<double(const RepetitionResult&)>& field) {
  std::vector<double> values;
  for (const RepetitionResult& result : results) values.push_back(field(result));
  return values;
}

// Every value of the list `field` picks from each of `results`.
std::vector<double> Flatten(const std::vector<RepetitionResult>& results,
                            std::vector<double> RepetitionResult::*field) {
  std::vector<double> values;
  for (const RepetitionResult& result : results) {
    values.insert(values.end(), (result.*field).begin(), (result.*field).end());
  }
  return values;
}

// Runs the warm-up and the timed repetitions, then prints every figure.
void Run(const Config& config) {
  if (sodium_init() < 0) Fail("sodium_init failed");
  const TempDir dir(kProgram);
  std::fprintf(stderr, "preparing %zu terms of reference records of %zu bytes...\n", config.records,
               kRecordSize);
  const Inputs in(config.records, config.rounds);
  std::fprintf(stderr,
               "raw limit per op: SealRecord of the 1 KiB record encoding (XChaCha20-Poly1305, "
               "bound to case, compartment, op id, epoch) + Ed25519 sign of the envelope + "
               "verify + one INSERT of envelope and signature into a WAL (synchronous=FULL) "
               "table; the %zu inserts share one transaction\n",
               config.records);
  std::fprintf(
      stderr,
      "the hub is in process (no encoding, sockets or TLS); end-to-end sync = A's Sync "
      "(push + pull of its own ops back) + B's Sync (which stores the records); op signing is "
      "in local_create, not in the sync\n");

  const size_t warm_count =
      std::max(2 * static_cast<size_t>(config.rounds) * kRoundRecords, config.records / 10);
  std::fprintf(stderr, "warming up on %zu records...\n", warm_count);
  Breakdown warm_breakdown;
  Repetition(config, in, warm_count, "warm", true, dir, warm_breakdown, nullptr);

  Breakdown breakdown;
  WireSizes sizes;
  std::vector<RepetitionResult> results;
  for (int rep = 0; rep < config.repetitions; ++rep) {
    std::fprintf(stderr, "repetition %d of %d...\n", rep + 1, config.repetitions);
    const bool last = rep + 1 == config.repetitions;
    results.push_back(Repetition(config, in, config.records, std::to_string(rep), rep % 2 == 0, dir,
                                 breakdown, last ? &sizes : nullptr));
  }

  const auto n = static_cast<double>(config.records);
  auto rate = [n](double seconds) { return n / seconds; };
  PrintMedianMetric("local_create_1k",
                    Collect(results, [&](const RepetitionResult& r) { return rate(r.create); }),
                    "records/s");
  PrintMedianMetric("sync_push_1k",
                    Collect(results, [&](const RepetitionResult& r) { return rate(r.push); }),
                    "records/s");
  PrintMedianMetric("sync_pull_1k",
                    Collect(results, [&](const RepetitionResult& r) { return rate(r.pull); }),
                    "records/s");
  PrintMedianMetric(
      "sync_end_to_end_1k",
      Collect(results, [&](const RepetitionResult& r) { return rate(r.push + r.pull); }),
      "records/s");
  PrintMedianMetric("raw_seal_sign_verify_insert_1k",
                    Collect(results, [&](const RepetitionResult& r) { return rate(r.raw); }),
                    "records/s");
  const std::vector<double> ratios =
      Collect(results, [](const RepetitionResult& r) { return r.raw / (r.push + r.pull); });
  char target[32];
  std::snprintf(target, sizeof target, " (target >= %.1f)", kFullSyncTarget);
  PrintMedianRatio("full_sync_vs_raw_limit", ratios, target);

  PrintMetric("record_payload_bytes", sizes.payload, "bytes");
  PrintMetric("op_body_bytes", sizes.create_body, "bytes");
  PrintMetric("wire_bytes_per_op", sizes.create_op, "bytes");
  PrintMetric("wire_bytes_per_edit_op", sizes.edit_op, "bytes");

  const std::vector<double> edit_ms = Flatten(results, &RepetitionResult::edit_sync_ms);
  PrintMedianMetric("raw_sqlite_commit_1row",
                    Collect(results, [](const RepetitionResult& r) { return 1e6 * r.commit; }),
                    "us");
  PrintMedianMetric("edit_round_100", edit_ms, "ms");
  PrintMedianMetric("edit_round_100_from_first_edit", Flatten(results, &RepetitionResult::edit_ms),
                    "ms");
  PrintRatio("edit_round_100_vs_budget_50ms", Median(edit_ms) / kEditBudgetMs);
  PrintMedianMetric("concurrent_round_100", Flatten(results, &RepetitionResult::concurrent_ms),
                    "ms");
  PrintMedianMetric("concurrent_round_100_sync_only",
                    Flatten(results, &RepetitionResult::concurrent_sync_ms), "ms");

  const double checked =
      static_cast<double>(results.size() * static_cast<size_t>(config.rounds) * kRoundRecords);
  double conflicted = 0, identical = 0;
  for (const RepetitionResult& r : results) {
    conflicted += static_cast<double>(r.conflicted);
    identical += static_cast<double>(r.identical);
  }
  PrintMetric("concurrent_conflicted_both_sides", 100 * conflicted / checked, "%");
  PrintMetric("concurrent_identical_states", 100 * identical / checked, "%");
  std::fflush(stdout);
  std::fprintf(stderr,
               "  concurrent rounds: %.0f of %.0f records in conflict on both sides, %.0f with "
               "identical merged states and materialized records\n",
               conflicted, checked, identical);
  PrintBreakdown(breakdown);
}

constexpr const char* kUsage =
    "usage: bench_sync [--quick] [--help]\n"
    "\n"
    "Syncs two encrypted SQLite replicas through the in-process hub (full sync of N records of\n"
    "1 KiB, 100-edit rounds, 100 concurrent edits) next to the raw seal + sign + verify +\n"
    "insert limit, and prints `metric <name> <value> <unit>` and `ratio <name> <value>` lines\n"
    "on stdout.\n"
    "\n"
    "  --quick   smoke run: 1000 records, 1 repetition\n"
    "  --help    this text\n";

// Parses the command line into `config`; returns false (after printing why) to stop, with the
// exit code in `exit_code`.
bool ParseArgs(int argc, char** argv, Config& config, int& exit_code) {
  return ParseCommandLine(
      argc, argv, kProgram, kUsage,
      [&] {
        config.records = 1000;
        config.repetitions = 1;
      },
      nullptr, exit_code);
}

}  // namespace
}  // namespace casevault::bench

int main(int argc, char** argv) {
  return casevault::bench::BenchMain(argc, argv, casevault::bench::kProgram,
                                     casevault::bench::ParseArgs, casevault::bench::Run);
}
