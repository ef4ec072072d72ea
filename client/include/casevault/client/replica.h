// Replica: a device's encrypted local copy of the cases its user may see.
//
// One directory holds replica.db (SQLite, WAL) and chunks/ (encrypted file chunks by hash).
// Records are sealed with the key of their compartment's epoch, binding case, compartment,
// record id and epoch; compartment names are sealed under a per-replica index key; secured files
// are encrypted in chunks under their own file key, itself sealed under the compartment key.
// Only opaque ids, epochs, stamps and sizes are in clear, so a stolen laptop's replica reveals
// nothing without the keystore passphrase. Every save is one SQLite transaction: after a crash
// it is fully present or absent. A Replica is used from one thread at a time.
//
// Edits are made through writer(): each becomes a signed, sealed operation, stored with the
// record it changes re-merged in the same transaction, so GetRecord shows it at once, offline.
// Operations pulled by the sync engine are stored the same way. Secured files travel as chunks
// named in their record's operation; a file whose chunks have not all arrived is not shown.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/file_cipher.h"
#include "casevault/schema/record.h"
#include "casevault/schema/sqlite_database.h"
#include "casevault/schema/validation.h"
#include "casevault/sync/checkpoint.h"
#include "casevault/sync/chunk_directory.h"
#include "casevault/sync/compartment_keys.h"
#include "casevault/sync/hlc.h"
#include "casevault/sync/local_writer.h"
#include "casevault/sync/offline_read.h"
#include "casevault/sync/op_store.h"

namespace casevault::client {

// A compartment of a case: "shared" or "agency:<agency id>".
using CompartmentRef = sync::CompartmentRef;

// How a replica is opened.
struct ReplicaOptions {
  // The SQLite VFS to use (crash tests pass a SqliteFaultVfs); the default VFS when empty.
  std::optional<std::string> sqlite_vfs;
  // The partnership's agencies, against which records are validated.
  schema::ValidationContext validation = schema::DefaultPartnershipAgencies();
};

// Reports progress of a long file operation: bytes done of bytes in total.
using ProgressCallback = std::function<void(uint64_t done, uint64_t total)>;

// Details of a file being secured.
struct FileImportOptions {
  // The name shown for the file; the source file's base name when empty.
  std::string display_name;
  // The media type, e.g. "application/pdf"; "application/octet-stream" when empty.
  std::string media_type;
  // Who secured it (shown in the secured-file record); required.
  std::string uploaded_by;
  size_t chunk_size = crypto::kDefaultChunkSize;
  ProgressCallback progress;
};

// How a secured file is written back to disk.
struct FileExportOptions {
  // Replace an existing file at the destination; refused with AlreadyExists otherwise.
  bool overwrite = false;
  ProgressCallback progress;
};

// The access log this device holds its server to: the key that signs the log (given at
// enrolment) and the newest checkpoint verified (tree size 0 before the first).
struct TrustedLog {
  crypto::SigningPublicKey key;
  sync::Checkpoint checkpoint;
};

// A secured file as file transfer needs it: its record and content manifest.
struct ReplicaFile {
  Id128 record_id;
  sync::FileManifest manifest;
};

// A Replica is also the sync engine's OpStore (operations, pull cursors) and its source of
// compartment keys.
class Replica final : public sync::OpStore, public sync::CompartmentKeys {
 public:
  // Opens the replica in `dir` for `device`, creating or migrating it as needed. `env` and
  // `device` must outlive the replica. FailedPrecondition when the replica belongs to another
  // device; UnsupportedVersion when it was written by a newer CaseVault.
  static Result<std::unique_ptr<Replica>> Open(Env& env, const std::string& dir,
                                               const crypto::DeviceIdentity& device,
                                               const ReplicaOptions& options = {});
  ~Replica() override;

  // Makes edits into operations stored here (LocalWriter over this replica and its clock).
  sync::LocalWriter& writer() { return writer_; }
  // The device's hybrid logical clock; its newest stamp is saved with every operation stored, so
  // stamps keep increasing across restarts. The sync engine must use this clock.
  sync::HybridClock& clock() { return clock_; }
  // The replica's sealed chunks, for file transfer.
  sync::LocalChunks& chunks() { return chunks_; }

  // Stores the key of `compartment` for `epoch`, as wrapped to this device's X25519 key (by
  // crypto::WrapKey). AuthenticationFailed when it was wrapped for another device.
  Status AddCompartmentKey(const CompartmentRef& compartment, uint32_t epoch, ByteView wrapped_key);
  // The newest epoch whose key this replica holds; NotFound when it holds none.
  Result<uint32_t> LatestEpoch(const CompartmentRef& compartment) override;
  // The key of `compartment` at `epoch`, unwrapped on first use; NotFound when not held.
  Result<const crypto::SecretKey*> Key(const CompartmentRef& compartment, uint32_t epoch) override;

  // sync::OpStore: operations in the replica's database, each stored as its signed, sealed form.
  // Add and AddPulled also store, in the same transaction, the records the new operations change
  // (merged from all of their operations, or removed when deleted) and their files' manifests.
  Result<bool> Add(const CompartmentRef& where, const sync::StoredOp& op) override;
  Result<std::vector<bool>> AddPulled(const CompartmentRef& where,
                                      std::span<const sync::StoredOp> ops,
                                      uint64_t cursor) override;
  Status SetPositions(const CompartmentRef& where,
                      std::span<const std::pair<Id128, sync::LogPosition>> positions) override;
  Result<std::vector<sync::SignedOp>> Pending(const CompartmentRef& where) override;
  Result<std::vector<sync::StoredOp>> OpsOfRecord(const CompartmentRef& where,
                                                  const Id128& record_id) override;
  Result<std::vector<Id128>> Records(const CompartmentRef& where) override;
  Result<uint64_t> Cursor(const CompartmentRef& where) override;

  // Validates `record` and saves it as `record_id` in `compartment`, sealed under the
  // compartment's newest key, replacing any earlier version. The save has no operation: it is
  // not synced and has no history (for bulk loads and tests); edits go through writer().
  Status PutRecord(const CompartmentRef& compartment, const Id128& record_id,
                   const schema::Record& record);
  // Saves several records in one transaction (all or none), as PutRecord does each.
  Status PutRecords(const CompartmentRef& compartment,
                    std::span<const std::pair<Id128, schema::Record>> records);
  // Reads and opens record `record_id`: NotFound, or AuthenticationFailed / Corruption when
  // its stored bytes were altered or damaged.
  Result<schema::Record> GetRecord(const CompartmentRef& compartment, const Id128& record_id);
  // The ids of every record in `compartment`, in id order.
  Result<std::vector<Id128>> ListRecords(const CompartmentRef& compartment);

  // Secures the file at `source_path` into agency compartment `compartment`: streams it in
  // chunks under a fresh file key, stores each encrypted chunk once by hash, and creates a
  // secured_file record (name, type, size, agency, BLAKE2b-256 of the plaintext, who, when)
  // whose operation carries the content manifest. Returns the record id. Memory use does not
  // grow with the file size.
  Result<Id128> ImportFile(const CompartmentRef& compartment, const std::string& source_path,
                           const FileImportOptions& options = {});
  // Decrypts secured file `record_id` to `destination_path`, verifying every chunk and the
  // plaintext hash; the destination appears only when complete and verified.
  // FailedPrecondition while the file's chunks have not all arrived.
  Status ExportFile(const CompartmentRef& compartment, const Id128& record_id,
                    const std::string& destination_path, const FileExportOptions& options = {});

  // Deletes chunk files no secured file refers to, and leftovers of interrupted writes (after a
  // crash mid-import). Returns how many files it removed.
  Result<uint64_t> CollectGarbage();

  // Records that this device read `object_id` of `where` (`action`, e.g. "read-record") now, to
  // be uploaded to the server's access log at the next sync (sealed until then).
  Status RecordOfflineRead(const CompartmentRef& where, std::string_view action,
                           std::string_view object_id);
  // The reads of `where` waiting to be uploaded, oldest first, each with its queue number.
  Result<std::vector<std::pair<int64_t, sync::OfflineRead>>> PendingReads(
      const CompartmentRef& where);
  // Forgets the reads of `where` up to queue number `last` (once the server has them).
  Status ForgetReads(const CompartmentRef& where, int64_t last);

  // Stores `log` as the access log this device trusts, replacing the earlier one.
  Status SaveTrustedLog(const TrustedLog& log);
  // The access log this device trusts; nullopt before enrolment stored one.
  Result<std::optional<TrustedLog>> LoadTrustedLog();

  // Removes everything of case `case_id` from this replica (records, operations, files, keys,
  // cursors), overwriting the freed database pages and dropping the WAL, then deletes the chunk
  // files nothing refers to any more. For a closed case or a revoked device (StatusCode
  // kRevoked from the server). OK when the replica holds nothing of the case.
  Status WipeCase(const Id128& case_id);
  // Removes everything of compartment `where` from this replica in the same way (records,
  // operations, files, keys, cursors, queued reads; freed pages overwritten, WAL dropped,
  // unreferenced chunk files deleted); the case's other compartments stay. For a compartment
  // the server reports purged (the drafts at the end of the review). OK when it holds nothing.
  Status WipeCompartment(const CompartmentRef& where);

  // Records that case `case_id` synced in full with the server at `micros`, and the offline
  // lease of `lease_days` the server gave it then (the lease runs from that sync).
  Status RecordCaseSynced(const Id128& case_id, int64_t micros, int lease_days);
  // When case `case_id` last synced in full; nullopt when never.
  Result<std::optional<int64_t>> CaseSyncedAt(const Id128& case_id);
  // The offline lease of case `case_id` in days as of its last full sync;
  // sync::kDefaultLeaseDays when it never synced (or synced before leases were per case).
  Result<int> CaseLeaseDays(const Id128& case_id);
  // Every case this replica holds anything of, or has synced, in id order.
  Result<std::vector<Id128>> KnownCases();
  // Records whether the server, at the last sync, let this device's user write to `where`.
  Status SetWritable(const CompartmentRef& where, bool writable);
  // Whether the user may write to `where` as of the last sync; nullopt before any.
  Result<std::optional<bool>> Writable(const CompartmentRef& where);

  // The secured files of `where` whose chunks this replica must still send to the hub (files
  // secured here and not yet marked uploaded).
  Result<std::vector<ReplicaFile>> FilesToUpload(const CompartmentRef& where);
  // The secured files of `where` whose chunks have not all arrived.
  Result<std::vector<ReplicaFile>> FilesToDownload(const CompartmentRef& where);
  // Records that the hub holds every chunk of file `file_id`.
  Status MarkUploaded(const Id128& file_id);
  // Records that every chunk of file `file_id` is here, which makes it visible;
  // FailedPrecondition (nothing changed) when a chunk is still missing.
  Status MarkComplete(const Id128& file_id);

 private:
  struct CompartmentKeyId {
    Id128 compartment_id;
    uint32_t epoch;
    auto operator<=>(const CompartmentKeyId&) const = default;
  };

  Replica(Env& env, std::string dir, const crypto::DeviceIdentity& device,
          const ReplicaOptions& options, std::unique_ptr<schema::SqliteDatabase> db,
          sync::ChunkDirectory chunks, crypto::SecretKey index_key,
          const sync::HlcStamp& last_stamp);

  // The prepared statement for `sql`, reset when the returned lease goes.
  Result<schema::SqliteStatementCache::Lease> Statement(std::string_view sql) {
    return statements_.Use(sql);
  }
  static Result<crypto::SecretKey> LoadOrCreateIndexKey(schema::SqliteDatabase& db,
                                                        const crypto::DeviceIdentity& device);
  // Runs `sql`, a query with the compartment id as its one parameter and ids in its first column.
  Result<std::vector<Id128>> SelectIds(std::string_view sql, const Id128& compartment_id);
  // Removes compartments `compartment_ids` (and, when `case_id` is given, the case's sync
  // record) with secure_delete on, then truncates the WAL and collects unreferenced chunks.
  Status WipeCompartments(const std::vector<Id128>& compartment_ids,
                          const std::optional<Id128>& case_id);
  // The opaque id of `compartment` in this replica.
  Id128 CompartmentId(const CompartmentRef& compartment) const;
  // Records `compartment` (its sealed name) if it is new; inside the caller's transaction.
  Status EnsureCompartment(const CompartmentRef& compartment, const Id128& compartment_id);
  // The unwrapped key of `compartment_id` at `epoch`, cached after first use.
  Result<const crypto::SecretKey*> CompartmentKey(const Id128& compartment_id, uint32_t epoch);
  Result<uint32_t> LatestEpochOf(const Id128& compartment_id);
  // The newest key of a compartment and its epoch: what new writes are sealed with.
  struct SealingKey {
    uint32_t epoch;
    const crypto::SecretKey* key;
  };
  // The newest key of `compartment_id`; NotFound when none is held.
  Result<SealingKey> NewestKey(const Id128& compartment_id);
  // Seals `record` with `key` and writes it in the caller's transaction, without validating it.
  Status StoreRecord(const CompartmentRef& compartment, const Id128& compartment_id,
                     const SealingKey& key, const Id128& record_id, const schema::Record& record);
  // Records positions of stored ops in the caller's transaction.
  Status SetPositionsInTransaction(const Id128& compartment_id,
                                   std::span<const std::pair<Id128, sync::LogPosition>> positions);
  // Stores `op` in the caller's transaction; true when it was new.
  Result<bool> InsertOp(const Id128& compartment_id, const sync::StoredOp& op);
  // Saves the clock's newest stamp in the caller's transaction.
  Status SaveClock();
  // Merges the operations of each of `record_ids` and stores the result as the record GetRecord
  // returns (removing it when deleted), with its file manifest, in the caller's transaction.
  // Files first seen here are marked for upload when `local` (secured on this device).
  Status MaterializeInTransaction(const CompartmentRef& where, const Id128& compartment_id,
                                  std::span<const Id128> record_ids, bool local);
  // Stores the manifest of the file of `record_id` unless already stored, in the caller's
  // transaction.
  Status StoreFileManifest(const Id128& compartment_id, const Id128& record_id,
                           const sync::FileManifest& file, bool local);
  // Removes the file rows of `record_id` (its chunks go at the next CollectGarbage).
  Status RemoveFiles(const Id128& compartment_id, const Id128& record_id);
  // The files of `where` selected by `condition` (an SQL expression over the files table).
  Result<std::vector<ReplicaFile>> SelectFiles(const CompartmentRef& where,
                                               std::string_view condition);
  // Validates `record`, then stores it as StoreRecord does.
  Status WriteRecord(const CompartmentRef& compartment, const Id128& compartment_id,
                     const SealingKey& key, const Id128& record_id, const schema::Record& record);

  Env& env_;
  std::string dir_;
  const crypto::DeviceIdentity& device_;
  ReplicaOptions options_;
  std::unique_ptr<schema::SqliteDatabase> db_;
  // Declared after db_ so the statements are finalized before the connection closes.
  schema::SqliteStatementCache statements_;
  sync::ChunkDirectory chunks_;
  crypto::SecretKey index_key_;
  std::map<CompartmentKeyId, crypto::SecretKey> keys_;
  sync::HybridClock clock_;
  sync::LocalWriter writer_;
};

}  // namespace casevault::client
