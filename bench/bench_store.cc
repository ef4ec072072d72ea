// bench_store: raw SQLite and raw libsodium against CaseVault's encrypted replica, on the same
// inputs, in one run, so that the machine's own limit is measured next to what the replica does.
//
// Figures:
// - Records: N rows of a 1 KiB random blob inserted into a fresh SQLite database (WAL and
//   synchronous=FULL, as the replica opens its database; one transaction, one prepared
//   statement) and read back by primary key (each select its own read transaction, and all in
//   one), against Replica::PutRecords of N meeting notes whose encoding is 1 KiB (in
//   transactions of 1000 records, and in one) and Replica::GetRecord of each. The replica's work
//   adds validation, encoding, XChaCha20-Poly1305 sealing and its own statement handling to the
//   same SQLite insert.
// - Files: a random file read in 64 KiB chunks, secretstream-pushed and written to one file
//   (raw), the same plus the hashing an import must do (BLAKE2b of the plaintext and of each
//   sealed chunk), against Replica::ImportFile; raw secretstream pull, and pull plus the same
//   hashing, against ExportFile. One instrumented pass then repeats the import's steps with the
//   same calls and prints where its time goes (stderr).
// - Memory: the peak RSS of a child process, forked before the parent allocates anything large,
//   that opens a replica and imports a 1 GiB file.
//
// stdout holds only `metric <name> <value> <unit>` and `ratio <name> <value>` lines; progress
// and notes go to stderr. A metric is the median of timed runs that alternate raw and project;
// a ratio is the median of the project/raw rate ratios of each repetition's runs, except
// file_import_peak_rss_vs_budget_64mib, the peak RSS over its 64 MiB budget (target <= 1).
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
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
#include "casevault/crypto/file_cipher.h"
#include "casevault/crypto/hash.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/crypto/secret_bytes.h"
#include "casevault/schema/record.h"
#include "casevault/schema/record_codec.h"
#include "casevault/schema/sqlite_database.h"

namespace casevault::bench {
namespace {

using crypto::SecretKey;

constexpr size_t kRecordSize = 1024;
constexpr size_t kBatchRecords = 1000;
constexpr size_t kChunkSize = crypto::kDefaultChunkSize;
constexpr double kRssBudgetMib = 64;
constexpr size_t kStreamHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kStreamAbytes = crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr size_t kHashBytes = crypto_generichash_BYTES;

constexpr const char* kProgram = "bench_store";

struct Config {
  size_t records = 20000;           // rows / records written and read per run
  int record_repetitions = 5;       // timed runs per record figure; the median is reported
  uint64_t file_mib = 256;          // size of the imported and exported file
  int file_repetitions = 3;         // timed runs per file figure
  uint64_t memory_file_mib = 1024;  // size of the file imported by the peak-RSS child
};

// --- Replicas --------------------------------------------------------------------------------

// The device and compartments every replica of the run uses.
struct Vault {
  crypto::DeviceIdentity device = crypto::DeviceIdentity::Generate();
  Id128 case_id = crypto::NewRandomId();
  client::CompartmentRef shared{case_id, "shared"};
  client::CompartmentRef police{case_id, "agency:police"};
};

// A fresh replica in `dir` holding a key, wrapped to the vault's device, for each compartment.
std::unique_ptr<client::Replica> OpenReplica(const Vault& vault, const std::string& dir) {
  Result<std::unique_ptr<client::Replica>> replica =
      client::Replica::Open(Env::Default(), dir, vault.device);
  Check(replica.status(), "open replica " + dir);
  for (const client::CompartmentRef* compartment : {&vault.shared, &vault.police}) {
    const Bytes wrapped =
        crypto::WrapKey(vault.device.box_keys().public_key(), SecretKey::Generate());
    Check((*replica)->AddCompartmentKey(*compartment, 1, wrapped), "AddCompartmentKey");
  }
  return *std::move(replica);
}

// --- Measuring -------------------------------------------------------------------------------

// One run: does its own setup, times only the measured work and returns its seconds.
using Trial = std::function<double()>;

// A trial and the metric its runs are reported as.
struct Figure {
  std::string metric;
  Trial trial;
};

// A ratio line: the rate of figure `project` over that of figure `raw`, paired by repetition.
struct RatioLine {
  std::string name;
  size_t project;
  size_t raw;
};

// How rates are printed: units per second times `scale`, named `unit`.
struct Unit {
  const char* name;
  double scale;
};

// Runs every trial once to warm up, then `repetitions` times in alternating order (forwards,
// then backwards), so that each repetition's runs are close in time. Prints each figure's
// median rate of `units` per run and each ratio.
void Measure(const std::string& what, const std::vector<Figure>& figures,
             const std::vector<RatioLine>& ratios, double units, const Unit& unit,
             int repetitions) {
  std::fprintf(stderr, "measuring %s...\n", what.c_str());
  for (const Figure& figure : figures) figure.trial();
  std::vector<RateRun> runs;
  for (const Figure& figure : figures) {
    runs.push_back([&figure, units, &unit] { return units / figure.trial() * unit.scale; });
  }
  const std::vector<std::vector<double>> rates = AlternatingRates(runs, repetitions);
  for (size_t f = 0; f < figures.size(); ++f) {
    PrintMedianMetric(figures[f].metric, rates[f], unit.name);
  }
  for (const RatioLine& ratio : ratios) {
    PrintMedianRatio(ratio.name, PairedRatios(rates[ratio.project], rates[ratio.raw]));
  }
  std::fflush(stdout);
}

// --- Records ---------------------------------------------------------------------------------

// What both sides write: the same record ids, with a random kRecordSize blob per row for raw
// SQLite and a meeting note whose encoding is kRecordSize bytes per record for the replica.
struct RecordInputs {
  Id128 raw_compartment_id = crypto::NewRandomId();
  std::vector<Bytes> blobs;
  std::vector<std::pair<Id128, schema::Record>> records;

  explicit RecordInputs(size_t count) {
    const size_t notes_size = TextSizeForRecordSize(kRecordSize, MeetingNote);
    for (size_t i = 0; i < count; ++i) {
      blobs.push_back(RandomBytes(kRecordSize));
      records.emplace_back(crypto::NewRandomId(), MeetingNote(notes_size));
    }
  }
};

// A raw SQLite connection (sqlite3 C API) opened as the replica opens its database: WAL,
// synchronous=FULL. Holds a table shaped like the replica's records table (without its foreign
// key to the compartments table).
class RawRecordDb {
 public:
  explicit RawRecordDb(const std::string& path)
      : db_(path,
            "CREATE TABLE IF NOT EXISTS records(compartment_id BLOB NOT NULL, record_id BLOB NOT "
            "NULL, epoch INTEGER NOT NULL, envelope BLOB NOT NULL, updated_at INTEGER NOT NULL, "
            "PRIMARY KEY(compartment_id, record_id))") {}

  // Inserts one row per blob of `in` in one transaction through one prepared statement;
  // returns the seconds from preparing the statement to the end of the commit.
  double InsertAll(const RecordInputs& in) {
    return TimeIt([&] {
      const RawStatement insert = db_.Prepare(
          "INSERT INTO records(compartment_id, record_id, epoch, envelope, updated_at) "
          "VALUES(?, ?, ?, ?, ?)");
      db_.Exec("BEGIN IMMEDIATE");
      for (size_t i = 0; i < in.blobs.size(); ++i) {
        sqlite3_stmt* stmt = insert.get();
        sqlite3_bind_blob(stmt, 1, in.raw_compartment_id.bytes.data(), Id128::kSize, SQLITE_STATIC);
        sqlite3_bind_blob(stmt, 2, in.records[i].first.bytes.data(), Id128::kSize, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, 1);
        sqlite3_bind_blob(stmt, 4, in.blobs[i].data(), static_cast<int>(in.blobs[i].size()),
                          SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 5, Env::Default().NowMicros());
        db_.StepDone(stmt, "insert");
      }
      db_.Exec("COMMIT");
    });
  }

  // Reads every row of `in` back by primary key through one prepared statement, each select in
  // its own read transaction or, when `one_transaction`, all in one; returns the seconds taken.
  double ReadAll(const RecordInputs& in, bool one_transaction) {
    return TimeIt([&] {
      const RawStatement select = db_.Prepare(
          "SELECT epoch, envelope FROM records WHERE compartment_id = ? AND record_id = ?");
      if (one_transaction) db_.Exec("BEGIN");
      for (const auto& [record_id, record] : in.records) {
        sqlite3_stmt* stmt = select.get();
        sqlite3_bind_blob(stmt, 1, in.raw_compartment_id.bytes.data(), Id128::kSize, SQLITE_STATIC);
        sqlite3_bind_blob(stmt, 2, record_id.bytes.data(), Id128::kSize, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_ROW) Fail("raw select found no row");
        const auto* envelope = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, 1));
        Consume(envelope[sqlite3_column_bytes(stmt, 1) - 1]);
        sqlite3_reset(stmt);
      }
      if (one_transaction) db_.Exec("COMMIT");
    });
  }

 private:
  RawSqlite db_;
};

// Saves every record of `in` into the shared compartment of `replica`, `batch` records per
// PutRecords call (one transaction each); returns the seconds taken.
double PutAll(const Vault& vault, client::Replica& replica, const RecordInputs& in, size_t batch) {
  const std::span<const std::pair<Id128, schema::Record>> all(in.records);
  return TimeIt([&] {
    for (size_t at = 0; at < all.size(); at += batch) {
      Check(replica.PutRecords(vault.shared, all.subspan(at, std::min(batch, all.size() - at))),
            "PutRecords");
    }
  });
}

// Reads every record of `in` back from `replica` with GetRecord; returns the seconds taken.
double GetAll(const Vault& vault, client::Replica& replica, const RecordInputs& in) {
  return TimeIt([&] {
    for (const auto& [record_id, record] : in.records) {
      Result<schema::Record> got = replica.GetRecord(vault.shared, record_id);
      Check(got.status(), "GetRecord");
      Consume(static_cast<uint8_t>(got->fields().size()));
    }
  });
}

// Measures and prints the record write and read figures.
void RunRecordFigures(const Config& config, const Vault& vault, const TempDir& dir) {
  std::fprintf(stderr, "preparing %zu records of %zu bytes...\n", config.records, kRecordSize);
  const RecordInputs in(config.records);
  int run = 0;
  // Each write run starts from an empty database or replica, removed afterwards.
  auto raw_insert = [&] {
    const std::string path = dir.File("raw-" + std::to_string(run++));
    std::filesystem::create_directory(path);
    double seconds = 0;
    {
      RawRecordDb db(path + "/records.db");
      dir.Settle();
      seconds = db.InsertAll(in);
    }
    RemoveTree(path);
    return seconds;
  };
  auto replica_put = [&](size_t batch) {
    return [&, batch] {
      const std::string path = dir.File("replica-" + std::to_string(run++));
      std::unique_ptr<client::Replica> replica = OpenReplica(vault, path);
      dir.Settle();
      const double seconds = PutAll(vault, *replica, in, batch);
      replica.reset();
      RemoveTree(path);
      return seconds;
    };
  };
  Measure("record writes (raw SQLite one transaction; replica in batches of 1000 and in one)",
          {{"raw_sqlite_insert_1k", raw_insert},
           {"replica_put_records_1k_batch1000", replica_put(kBatchRecords)},
           {"replica_put_records_1k_one_batch", replica_put(in.records.size())}},
          {{"put_records_batch1000_vs_raw_sqlite", 1, 0},
           {"put_records_one_batch_vs_raw_sqlite", 2, 0}},
          static_cast<double>(in.records.size()), {"records/s", 1}, config.record_repetitions);

  RawRecordDb raw(dir.File("raw-read.db"));
  raw.InsertAll(in);
  const std::unique_ptr<client::Replica> replica = OpenReplica(vault, dir.File("replica-read"));
  PutAll(vault, *replica, in, in.records.size());
  dir.Settle();
  Measure("record reads by id",
          {{"raw_sqlite_select_1k", [&] { return raw.ReadAll(in, false); }},
           {"raw_sqlite_select_1k_one_txn", [&] { return raw.ReadAll(in, true); }},
           {"replica_get_record_1k", [&] { return GetAll(vault, *replica, in); }}},
          {{"get_record_vs_raw_sqlite", 2, 0}, {"get_record_vs_raw_sqlite_one_txn", 2, 1}},
          static_cast<double>(in.records.size()), {"records/s", 1}, config.record_repetitions);
}

// --- Files -----------------------------------------------------------------------------------

// Raw: read(2) 64 KiB chunks of `from`, secretstream-push each (the last one tagged final,
// found by reading one chunk ahead) and write(2) the header and each sealed chunk to `to`. When
// `hash`, also does the hashing an import must: BLAKE2b-256 of the whole plaintext and of each
// sealed chunk.
void RawSealFile(const SecretKey& key, const std::string& from, const std::string& to, bool hash) {
  const Fd input(from, O_RDONLY);
  const Fd output(to, O_WRONLY | O_CREAT | O_TRUNC);
  crypto_secretstream_xchacha20poly1305_state state;
  uint8_t header[kStreamHeaderBytes];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key.view().data());
  WriteAll(output.get(), header, sizeof header);
  crypto_generichash_state plaintext_hash;
  crypto_generichash_init(&plaintext_hash, nullptr, 0, kHashBytes);
  uint8_t digest[kHashBytes];
  Bytes current(kChunkSize), next(kChunkSize), sealed(kChunkSize + kStreamAbytes);
  size_t current_size = ReadFull(input.get(), current.data(), current.size());
  for (;;) {
    size_t next_size = 0;
    if (current_size == kChunkSize) next_size = ReadFull(input.get(), next.data(), next.size());
    const bool is_final = next_size == 0;
    if (hash) crypto_generichash_update(&plaintext_hash, current.data(), current_size);
    unsigned long long sealed_size = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, sealed.data(), &sealed_size, current.data(), current_size, nullptr, 0,
        is_final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                 : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    if (hash) {
      crypto_generichash(digest, sizeof digest, sealed.data(), sealed_size, nullptr, 0);
      Consume(digest[0]);
    }
    WriteAll(output.get(), sealed.data(), sealed_size);
    if (is_final) break;
    std::swap(current, next);
    current_size = next_size;
  }
  if (hash) {
    crypto_generichash_final(&plaintext_hash, digest, sizeof digest);
    Consume(digest[0]);
  }
}

// Raw: the inverse of RawSealFile, refusing a stream without its final chunk. When `hash`, also
// does the hashing an export must: BLAKE2b-256 of each sealed chunk (checking its address) and
// of the whole plaintext.
void RawOpenFile(const SecretKey& key, const std::string& from, const std::string& to, bool hash) {
  const Fd input(from, O_RDONLY);
  const Fd output(to, O_WRONLY | O_CREAT | O_TRUNC);
  uint8_t header[kStreamHeaderBytes];
  crypto_secretstream_xchacha20poly1305_state state;
  if (ReadFull(input.get(), header, sizeof header) != sizeof header ||
      crypto_secretstream_xchacha20poly1305_init_pull(&state, header, key.view().data()) != 0) {
    Fail("raw sealed file has a bad header");
  }
  crypto_generichash_state plaintext_hash;
  crypto_generichash_init(&plaintext_hash, nullptr, 0, kHashBytes);
  uint8_t digest[kHashBytes];
  Bytes sealed(kChunkSize + kStreamAbytes), plaintext(kChunkSize);
  for (uint8_t tag = 0; tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL;) {
    const size_t sealed_size = ReadFull(input.get(), sealed.data(), sealed.size());
    if (hash) {
      crypto_generichash(digest, sizeof digest, sealed.data(), sealed_size, nullptr, 0);
      Consume(digest[0]);
    }
    unsigned long long plaintext_size = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, plaintext.data(), &plaintext_size, &tag,
                                                   sealed.data(), sealed_size, nullptr, 0) != 0) {
      Fail("raw sealed file failed authentication or is truncated");
    }
    if (hash) crypto_generichash_update(&plaintext_hash, plaintext.data(), plaintext_size);
    WriteAll(output.get(), plaintext.data(), plaintext_size);
  }
  if (hash) {
    crypto_generichash_final(&plaintext_hash, digest, sizeof digest);
    Consume(digest[0]);
  }
}

// How Replica::ImportFile is told to secure a file in this benchmark.
client::FileImportOptions ImportOptions() {
  client::FileImportOptions options;
  options.uploaded_by = "bench_store";
  return options;
}

// The stages of an import, in the order ImportFile and ChunkDirectory::Put run them.
enum Stage {
  kRead,
  kHashPlaintext,
  kSeal,
  kHashChunk,
  kChunkLookup,
  kChunkWrite,
  kChunkFsync,
  kChunkRename,
  kDirSync,
  kSqliteCommit,
  kStageCount,
};
constexpr std::array<const char*, kStageCount> kStageNames = {
    "read source (64 KiB read(2))",
    "BLAKE2b of plaintext",
    "seal chunk (XChaCha20-Poly1305)",
    "BLAKE2b of sealed chunk",
    "chunk lookup (stat, mkdir)",
    "chunk create + write",
    "chunk fsync",
    "chunk close + rename",
    "directory fsyncs",
    "SQLite chunk rows + commit",
};

// Accumulates wall time per stage: each Charge bills the time since the previous one.
class StageClock {
 public:
  // Bills the time since the previous Charge (or construction) to `stage`.
  void Charge(Stage stage) {
    const Clock::time_point now = Clock::now();
    seconds_[stage] += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }
  const std::array<double, kStageCount>& seconds() const { return seconds_; }

 private:
  Clock::time_point last_ = Clock::now();
  std::array<double, kStageCount> seconds_{};
};

// Repeats ImportFile's steps on `source` with the calls it makes (Env files, FileCipher,
// Blake2bHasher, Blake2b256, ChunkDirectory::Put's create / append / fsync / close / rename, one
// directory fsync per touched directory, the chunk rows in one SQLite transaction) into a
// scratch chunk directory and database under `work`; returns the seconds of each stage.
std::array<double, kStageCount> ImportStageSeconds(const std::string& source,
                                                   const std::string& work) {
  Env& env = Env::Default();
  const std::string chunk_dir = work + "/chunks";
  Check(env.CreateDirs(chunk_dir), "mkdir " + chunk_dir);
  Result<std::unique_ptr<schema::SqliteDatabase>> db =
      schema::SqliteDatabase::Open(work + "/replica.db");
  Check(db.status(), "open stage database");
  Check((*db)->Execute("CREATE TABLE file_chunks(file_id BLOB NOT NULL, chunk_index INTEGER NOT "
                       "NULL, chunk_hash BLOB NOT NULL, PRIMARY KEY(file_id, chunk_index));"
                       "CREATE INDEX file_chunks_by_hash ON file_chunks(chunk_hash);"),
        "create stage table");
  Result<std::unique_ptr<SequentialFile>> input = env.NewSequentialFile(source);
  Check(input.status(), "open " + source);
  const SecretKey file_key = SecretKey::Generate();
  const Id128 file_id = crypto::NewRandomId();
  const crypto::FileCipher cipher(file_key, file_id, kChunkSize);
  crypto::Blake2bHasher plaintext_hash;
  std::vector<crypto::Hash256> chunk_hashes;
  std::set<std::string> unsynced_dirs;
  Bytes current(kChunkSize), next(kChunkSize), sealed;

  auto read = [&](Bytes& buffer) {
    Result<size_t> size = (*input)->Read(buffer);
    Check(size.status(), "read " + source);
    return *size;
  };

  StageClock clock;
  size_t current_size = read(current);
  for (uint64_t index = 0;; ++index) {
    const size_t next_size = current_size == kChunkSize ? read(next) : 0;
    const bool is_final = next_size == 0;
    const ByteView chunk = ByteView(current).first(current_size);
    clock.Charge(kRead);
    plaintext_hash.Update(chunk);
    clock.Charge(kHashPlaintext);
    Check(cipher.SealChunk(index, is_final, chunk, sealed), "SealChunk");
    clock.Charge(kSeal);
    const crypto::Hash256 hash = crypto::Blake2b256(sealed);
    chunk_hashes.push_back(hash);
    clock.Charge(kHashChunk);
    const std::string hex = ToHex(hash);
    const std::string subdir = chunk_dir + "/" + hex.substr(0, 2);
    const std::string path = subdir + "/" + hex;
    if (env.FileExists(path)) Fail("duplicate chunk");
    if (!env.FileExists(subdir)) {
      Check(env.CreateDirs(subdir), "mkdir " + subdir);
      unsynced_dirs.insert(chunk_dir);
    }
    clock.Charge(kChunkLookup);
    Result<std::unique_ptr<WritableFile>> file = env.NewWritableFile(path + ".tmp");
    Check(file.status(), "create chunk");
    Check((*file)->Append(sealed), "write chunk");
    clock.Charge(kChunkWrite);
    Check((*file)->Sync(), "fsync chunk");
    clock.Charge(kChunkFsync);
    Check((*file)->Close(), "close chunk");
    Check(env.RenameFile(path + ".tmp", path), "rename chunk");
    unsynced_dirs.insert(subdir);
    clock.Charge(kChunkRename);
    if (is_final) break;
    std::swap(current, next);
    current_size = next_size;
  }
  Consume(plaintext_hash.Finish()[0]);
  clock.Charge(kHashPlaintext);
  for (const std::string& dir : unsynced_dirs) Check(env.SyncDir(dir), "fsync " + dir);
  clock.Charge(kDirSync);
  Result<schema::SqliteTransaction> txn = schema::SqliteTransaction::Begin(**db);
  Check(txn.status(), "begin");
  Result<schema::SqliteStatement> insert =
      (*db)->Prepare("INSERT INTO file_chunks(file_id, chunk_index, chunk_hash) VALUES(?, ?, ?)");
  Check(insert.status(), "prepare chunk insert");
  for (size_t index = 0; index < chunk_hashes.size(); ++index) {
    Check(insert->BindBlob(1, file_id.bytes), "bind");
    Check(insert->BindInt(2, static_cast<int64_t>(index)), "bind");
    Check(insert->BindBlob(3, chunk_hashes[index]), "bind");
    Check(insert->Run(), "insert chunk row");
  }
  Check(txn->Commit(), "commit");
  clock.Charge(kSqliteCommit);
  return clock.seconds();
}

// Prints, on stderr, each import stage's seconds and share, next to ImportFile's median time.
void PrintImportStages(const std::array<double, kStageCount>& seconds, double import_seconds,
                       uint64_t chunks) {
  double total = 0;
  for (double s : seconds) total += s;
  std::fprintf(stderr, "import stages (one instrumented pass, %llu chunks of 64 KiB):\n",
               static_cast<unsigned long long>(chunks));
  for (size_t stage = 0; stage < kStageCount; ++stage) {
    std::fprintf(stderr, "  %-34s %8.3f s  %5.1f%%  %8.1f us/chunk\n", kStageNames[stage],
                 seconds[stage], 100 * seconds[stage] / total,
                 1e6 * seconds[stage] / static_cast<double>(chunks));
  }
  std::fprintf(stderr, "  %-34s %8.3f s  (ImportFile median %.3f s)\n", "total", total,
               import_seconds);
}

// Measures and prints the file import / export figures on a file of config.file_mib MiB.
void RunFileFigures(const Config& config, const Vault& vault, const TempDir& dir) {
  const uint64_t size = config.file_mib << 20;
  const double bytes = static_cast<double>(size);
  const std::string plain = dir.File("plain"), raw_sealed = dir.File("raw.sealed"),
                    hashed_sealed = dir.File("hashed.sealed"), raw_opened = dir.File("raw.opened"),
                    hashed_opened = dir.File("hashed.opened"), exported = dir.File("exported");
  std::fprintf(stderr, "writing a %llu MiB random file...\n",
               static_cast<unsigned long long>(config.file_mib));
  WriteRandomFile(plain, size);
  const SecretKey raw_key = SecretKey::Generate();

  // Each import goes into a fresh replica; the last one stays open for the exports.
  std::unique_ptr<client::Replica> replica;
  std::string replica_dir;
  Id128 record_id;
  int imports = 0;
  std::vector<double> import_seconds;
  auto raw_seal = [&](const std::string& to, bool hash) {
    return [&, to, hash] {
      RemoveIfExists(to);
      dir.Settle();
      return TimeIt([&] { RawSealFile(raw_key, plain, to, hash); });
    };
  };
  auto import = [&] {
    replica.reset();
    if (!replica_dir.empty()) RemoveTree(replica_dir);
    replica_dir = dir.File("import-" + std::to_string(imports++));
    replica = OpenReplica(vault, replica_dir);
    dir.Settle();
    const double seconds = TimeIt([&] {
      Result<Id128> id = replica->ImportFile(vault.police, plain, ImportOptions());
      Check(id.status(), "ImportFile");
      record_id = *id;
    });
    import_seconds.push_back(seconds);
    return seconds;
  };
  Measure("file import (raw secretstream push; push + BLAKE2b of plaintext and chunks; replica)",
          {{"raw_secretstream_push_file", raw_seal(raw_sealed, false)},
           {"raw_seal_and_hash_file", raw_seal(hashed_sealed, true)},
           {"replica_import_file", import}},
          {{"file_import_vs_secretstream", 2, 0}, {"file_import_vs_seal_and_hash", 2, 1}}, bytes,
          {"MB/s", 1e-6}, config.file_repetitions);
  RemoveIfExists(hashed_sealed);

  auto raw_open = [&](const std::string& to, bool hash) {
    return [&, to, hash] {
      RemoveIfExists(to);
      dir.Settle();
      return TimeIt([&] { RawOpenFile(raw_key, raw_sealed, to, hash); });
    };
  };
  auto do_export = [&] {
    RemoveIfExists(exported);
    dir.Settle();
    return TimeIt(
        [&] { Check(replica->ExportFile(vault.police, record_id, exported), "ExportFile"); });
  };
  Measure("file export (raw secretstream pull; pull + BLAKE2b of chunks and plaintext; replica)",
          {{"raw_secretstream_pull_file", raw_open(raw_opened, false)},
           {"raw_open_and_hash_file", raw_open(hashed_opened, true)},
           {"replica_export_file", do_export}},
          {{"file_export_vs_secretstream", 2, 0}, {"file_export_vs_open_and_hash", 2, 1}}, bytes,
          {"MB/s", 1e-6}, config.file_repetitions);
  std::fprintf(stderr, "checking round trips...\n");
  CheckSameContent(plain, raw_opened);
  CheckSameContent(plain, hashed_opened);
  CheckSameContent(plain, exported);
  RemoveIfExists(hashed_opened);
  replica.reset();
  RemoveTree(replica_dir);

  const std::string stage_dir = dir.File("stages");
  dir.Settle();
  import_seconds.erase(import_seconds.begin());  // the warm-up run
  PrintImportStages(ImportStageSeconds(plain, stage_dir), Median(import_seconds),
                    (size + kChunkSize - 1) / kChunkSize);
  RemoveTree(stage_dir);
}

// --- Peak memory -----------------------------------------------------------------------------

// The child's RSS at its start and the peak over its life, in MiB.
struct RssFigures {
  double start_mib;
  double peak_mib;
};

// The largest resident set size of this process so far, in KiB.
long MaxRssKib() {
  struct rusage usage {};
  if (::getrusage(RUSAGE_SELF, &usage) != 0) FailErrno("getrusage");
  return usage.ru_maxrss;
}

// Forks a child that opens a fresh replica in `replica_dir` for `vault` and imports `source`;
// returns its RSS at start (what it shares with this process at the fork) and its peak. Call
// it before this process holds large buffers: a forked child starts with the parent's resident
// memory.
RssFigures ImportPeakRss(const Vault& vault, const std::string& source,
                         const std::string& replica_dir) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) FailErrno("pipe");
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid < 0) FailErrno("fork");
  if (pid == 0) {
    ::close(pipe_fds[0]);
    const long start_kib = MaxRssKib();
    try {
      const std::unique_ptr<client::Replica> replica = OpenReplica(vault, replica_dir);
      Check(replica->ImportFile(vault.police, source, ImportOptions()).status(), "ImportFile");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_store child: %s\n", e.what());
      ::_exit(1);
    }
    const bool sent = ::write(pipe_fds[1], &start_kib, sizeof start_kib) == sizeof start_kib;
    ::_exit(sent ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  long start_kib = 0;
  const bool received = ReadFull(pipe_fds[0], reinterpret_cast<uint8_t*>(&start_kib),
                                 sizeof start_kib) == sizeof start_kib;
  ::close(pipe_fds[0]);
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) != pid) FailErrno("wait4");
  if (!received || !WIFEXITED(status) || WEXITSTATUS(status) != 0) Fail("RSS child failed");
  // ru_maxrss is in KiB.
  return {static_cast<double>(start_kib) / 1024, static_cast<double>(usage.ru_maxrss) / 1024};
}

// Measures and prints the peak RSS of importing a file of config.memory_file_mib MiB.
void RunMemoryFigure(const Config& config, const Vault& vault, const TempDir& dir) {
  const std::string source = dir.File("memory-source"), replica_dir = dir.File("memory-replica");
  std::fprintf(stderr, "writing a %llu MiB random file for the peak-RSS child...\n",
               static_cast<unsigned long long>(config.memory_file_mib));
  WriteRandomFile(source, config.memory_file_mib << 20);
  std::fprintf(stderr, "importing it in a child process...\n");
  const RssFigures rss = ImportPeakRss(vault, source, replica_dir);
  RemoveIfExists(source);
  RemoveTree(replica_dir);
  dir.Settle();
  const std::string size_name = config.memory_file_mib == 1024
                                    ? std::string("1gib")
                                    : std::to_string(config.memory_file_mib) + "mib";
  PrintMetric("file_import_peak_rss_" + size_name, rss.peak_mib, "MiB");
  PrintMetric("file_import_start_rss_" + size_name, rss.start_mib, "MiB");
  PrintRatio("file_import_peak_rss_vs_budget_64mib", rss.peak_mib / kRssBudgetMib);
  std::fflush(stdout);
  std::fprintf(
      stderr, "  peak RSS %.1f MiB (%.1f MiB at the child's start): %s the %.0f MiB budget\n",
      rss.peak_mib, rss.start_mib, rss.peak_mib < kRssBudgetMib ? "under" : "OVER", kRssBudgetMib);
}

// Measures and prints every figure; the peak-RSS child is forked first, while this process is
// still small.
void Run(const Config& config) {
  if (sodium_init() < 0) Fail("sodium_init failed");
  const TempDir dir(kProgram);
  const Vault vault;
  RunMemoryFigure(config, vault, dir);
  RunRecordFigures(config, vault, dir);
  RunFileFigures(config, vault, dir);
}

constexpr const char* kUsage =
    "usage: bench_store [--quick] [--file-mib N] [--memory-file-mib N] [--help]\n"
    "\n"
    "Measures raw SQLite and raw libsodium next to CaseVault's encrypted replica on the same\n"
    "inputs and prints `metric <name> <value> <unit>` and `ratio <name> <value>` lines on\n"
    "stdout.\n"
    "\n"
    "  --quick               smoke run: 2000 records, 3 repetitions, a 16 MiB file, a 64 MiB\n"
    "                        file for the peak-RSS child\n"
    "  --file-mib N          size of the imported / exported file in MiB (default 256)\n"
    "  --memory-file-mib N   size of the file imported by the peak-RSS child (default 1024)\n"
    "  --help                this text\n";

// Parses the command line into `config`; returns false (after printing why) to stop, with the
// exit code in `exit_code`.
bool ParseArgs(int argc, char** argv, Config& config, int& exit_code) {
  bool file_mib_given = false, memory_mib_given = false;
  return ParseCommandLine(
      argc, argv, kProgram, kUsage,
      [&] {
        config.records = 2000;
        config.record_repetitions = 3;
        if (!file_mib_given) config.file_mib = 16;
        if (!memory_mib_given) config.memory_file_mib = 64;
      },
      [&](std::string_view arg, int& i) {
        if (arg == "--file-mib") {
          file_mib_given = true;
          return TakeMibValue(kProgram, argc, argv, i, config.file_mib);
        }
        if (arg == "--memory-file-mib") {
          memory_mib_given = true;
          return TakeMibValue(kProgram, argc, argv, i, config.memory_file_mib);
        }
        return ArgStatus::kUnknown;
      },
      exit_code);
}

}  // namespace
}  // namespace casevault::bench

int main(int argc, char** argv) {
  return casevault::bench::BenchMain(argc, argv, casevault::bench::kProgram,
                                     casevault::bench::ParseArgs, casevault::bench::Run);
}
