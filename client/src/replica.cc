#include "casevault/client/replica.h"

#include "casevault/base/byte_reader.h"
#include "casevault/base/byte_writer.h"
#include "casevault/client/replica_migrations.h"
#include "casevault/crypto/hash.h"
#include "casevault/crypto/record_seal.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/schema/record_codec.h"

namespace casevault::client {

using crypto::SecretKey;
using schema::SqliteStatement;
using schema::SqliteTransaction;

namespace {

constexpr std::string_view kMetaDeviceId = "device_id";
constexpr std::string_view kMetaIndexKey = "index_key";
// The newest stamp of the device's clock: physical micros (u64) | logical (u32) | device (16).
constexpr std::string_view kMetaClock = "hlc_last";
// The trusted access log: key (32) | tree size (u64) | root (32) | time (u64).
constexpr std::string_view kMetaTrustedLog = "trusted_log";
constexpr std::string_view kCompartmentIdDomain = "casevault.replica.compartment";

Result<Bytes> ReadMeta(schema::SqliteDatabase& db, std::string_view key) {
  CV_ASSIGN_OR_RETURN(SqliteStatement select,
                      db.Prepare("SELECT value FROM replica_meta WHERE key = ?"));
  CV_RETURN_IF_ERROR(select.BindText(1, key));
  CV_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return NotFoundError("replica has no " + std::string(key));
  ByteView value = select.ColumnBlob(0);
  return Bytes(value.begin(), value.end());
}

Status WriteMeta(schema::SqliteDatabase& db, std::string_view key, ByteView value) {
  CV_ASSIGN_OR_RETURN(SqliteStatement insert,
                      db.Prepare("INSERT INTO replica_meta(key, value) VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(insert.BindText(1, key));
  CV_RETURN_IF_ERROR(insert.BindBlob(2, value));
  return insert.Run();
}

Bytes EncodeClockStamp(const sync::HlcStamp& stamp) {
  Bytes out;
  AppendU64(out, static_cast<uint64_t>(stamp.physical_micros));
  AppendU32(out, stamp.logical);
  AppendId(out, stamp.device);
  return out;
}

// The saved clock stamp, or the zero stamp for a replica that has not saved one yet.
Result<sync::HlcStamp> LoadClockStamp(schema::SqliteDatabase& db) {
  Result<Bytes> saved = ReadMeta(db, kMetaClock);
  if (saved.status().code() == StatusCode::kNotFound) return sync::HlcStamp{};
  CV_RETURN_IF_ERROR(saved.status());
  ByteReader reader(*saved, "the replica's clock");
  sync::HlcStamp stamp;
  CV_ASSIGN_OR_RETURN(const uint64_t physical, reader.ReadU64("the physical time"));
  stamp.physical_micros = static_cast<int64_t>(physical);
  CV_ASSIGN_OR_RETURN(stamp.logical, reader.ReadU32("the logical counter"));
  CV_ASSIGN_OR_RETURN(stamp.device, reader.ReadId("the device"));
  CV_RETURN_IF_ERROR(reader.ExpectEnd());
  return stamp;
}

}  // namespace

Replica::Replica(Env& env, std::string dir, const crypto::DeviceIdentity& device,
                 const ReplicaOptions& options, std::unique_ptr<schema::SqliteDatabase> db,
                 sync::ChunkDirectory chunks, SecretKey index_key, const sync::HlcStamp& last_stamp)
    : env_(env),
      dir_(std::move(dir)),
      device_(device),
      options_(options),
      db_(std::move(db)),
      statements_(*db_),
      chunks_(std::move(chunks)),
      index_key_(std::move(index_key)),
      clock_(env, device.device_id(), last_stamp),
      writer_(*this, *this, clock_, device) {}

Replica::~Replica() = default;

Result<std::unique_ptr<Replica>> Replica::Open(Env& env, const std::string& dir,
                                               const crypto::DeviceIdentity& device,
                                               const ReplicaOptions& options) {
  CV_RETURN_IF_ERROR(env.CreateDirs(dir));
  CV_ASSIGN_OR_RETURN(auto db,
                      schema::SqliteDatabase::Open(dir + "/replica.db", options.sqlite_vfs));
  CV_RETURN_IF_ERROR(schema::ApplyMigrations(*db, ReplicaMigrations(), "replica"));
  CV_ASSIGN_OR_RETURN(SecretKey index_key, LoadOrCreateIndexKey(*db, device));
  CV_ASSIGN_OR_RETURN(sync::HlcStamp last_stamp, LoadClockStamp(*db));
  CV_ASSIGN_OR_RETURN(sync::ChunkDirectory chunks,
                      sync::ChunkDirectory::Open(env, dir + "/chunks"));
  return std::unique_ptr<Replica>(new Replica(env, dir, device, options, std::move(db),
                                              std::move(chunks), std::move(index_key), last_stamp));
}

Result<SecretKey> Replica::LoadOrCreateIndexKey(schema::SqliteDatabase& db,
                                                const crypto::DeviceIdentity& device) {
  Result<Bytes> owner = ReadMeta(db, kMetaDeviceId);
  if (owner.ok()) {
    if (ByteView(*owner).size() != Id128::kSize ||
        !std::equal(owner->begin(), owner->end(), device.device_id().bytes.begin())) {
      return FailedPreconditionError("replica " + db.path() + " belongs to device " +
                                     ToHex(*owner) + ", not to this keystore's device " +
                                     device.device_id().ToHex());
    }
    CV_ASSIGN_OR_RETURN(Bytes wrapped, ReadMeta(db, kMetaIndexKey));
    auto key = crypto::UnwrapKey(device.box_keys(), wrapped);
    if (!key.ok()) return key.status().WithContext("opening the replica's index key");
    return key;
  }
  if (owner.status().code() != StatusCode::kNotFound) return owner.status();

  SecretKey key = SecretKey::Generate();
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(db));
  CV_RETURN_IF_ERROR(WriteMeta(db, kMetaDeviceId, device.device_id().bytes));
  CV_RETURN_IF_ERROR(
      WriteMeta(db, kMetaIndexKey, crypto::WrapKey(device.box_keys().public_key(), key)));
  CV_RETURN_IF_ERROR(txn.Commit());
  return key;
}

Status Replica::SaveClock() {
  CV_ASSIGN_OR_RETURN(auto save,
                      Statement("INSERT OR REPLACE INTO replica_meta(key, value) VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(save->BindText(1, kMetaClock));
  CV_RETURN_IF_ERROR(save->BindBlob(2, EncodeClockStamp(clock_.last())));
  return save->Run();
}

Id128 Replica::CompartmentId(const CompartmentRef& compartment) const {
  Bytes input(kCompartmentIdDomain.begin(), kCompartmentIdDomain.end());
  input.insert(input.end(), compartment.case_id.bytes.begin(), compartment.case_id.bytes.end());
  input.insert(input.end(), compartment.name.begin(), compartment.name.end());
  const crypto::Hash256 digest = crypto::KeyedBlake2b256(index_key_, input);
  Id128 id;
  std::copy_n(digest.begin(), Id128::kSize, id.bytes.begin());
  return id;
}

Status Replica::EnsureCompartment(const CompartmentRef& compartment, const Id128& compartment_id) {
  const Bytes sealed_name = crypto::SealRecord(
      index_key_,
      crypto::RecordAad{compartment.case_id.ToHex(), "replica-index", compartment_id.ToHex(), 0},
      AsBytes(compartment.name));
  CV_ASSIGN_OR_RETURN(auto insert,
                      Statement("INSERT OR IGNORE INTO compartments(compartment_id, case_id, "
                                "sealed_name) VALUES(?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, compartment.case_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(3, sealed_name));
  return insert->Run();
}

Status Replica::AddCompartmentKey(const CompartmentRef& compartment, uint32_t epoch,
                                  ByteView wrapped_key) {
  auto key = crypto::UnwrapKey(device_.box_keys(), wrapped_key);
  if (!key.ok()) {
    return key.status().WithContext("key for compartment " + compartment.name + " epoch " +
                                    std::to_string(epoch));
  }
  const Id128 compartment_id = CompartmentId(compartment);
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(*db_));
  CV_RETURN_IF_ERROR(EnsureCompartment(compartment, compartment_id));
  CV_ASSIGN_OR_RETURN(auto insert,
                      Statement("INSERT OR REPLACE INTO compartment_keys(compartment_id, epoch, "
                                "wrapped_key) VALUES(?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindInt(2, epoch));
  CV_RETURN_IF_ERROR(insert->BindBlob(3, wrapped_key));
  CV_RETURN_IF_ERROR(insert->Run());
  CV_RETURN_IF_ERROR(txn.Commit());
  keys_.insert_or_assign(CompartmentKeyId{compartment_id, epoch}, *std::move(key));
  return Status::Ok();
}

Result<uint32_t> Replica::LatestEpoch(const CompartmentRef& compartment) {
  auto epoch = LatestEpochOf(CompartmentId(compartment));
  if (epoch.status().code() == StatusCode::kNotFound) {
    return NotFoundError("this device holds no key for compartment " + compartment.name +
                         " of case " + compartment.case_id.ToHex() +
                         ": sync to receive it, or ask its nominated representative for access");
  }
  return epoch;
}

Result<uint32_t> Replica::LatestEpochOf(const Id128& compartment_id) {
  CV_ASSIGN_OR_RETURN(
      auto select, Statement("SELECT MAX(epoch) FROM compartment_keys WHERE compartment_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, compartment_id.bytes));
  CV_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row || select->ColumnIsNull(0)) return NotFoundError("no compartment key");
  return static_cast<uint32_t>(select->ColumnInt(0));
}

Result<const SecretKey*> Replica::Key(const CompartmentRef& compartment, uint32_t epoch) {
  return CompartmentKey(CompartmentId(compartment), epoch);
}

Result<const SecretKey*> Replica::CompartmentKey(const Id128& compartment_id, uint32_t epoch) {
  const CompartmentKeyId id{compartment_id, epoch};
  if (auto it = keys_.find(id); it != keys_.end()) return &it->second;
  CV_ASSIGN_OR_RETURN(auto select,
                      Statement("SELECT wrapped_key FROM compartment_keys WHERE compartment_id = ? "
                                "AND epoch = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(select->BindInt(2, epoch));
  CV_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) {
    return NotFoundError("this device holds no key for epoch " + std::to_string(epoch) +
                         " of the compartment: sync to receive it");
  }
  auto key = crypto::UnwrapKey(device_.box_keys(), select->ColumnBlob(0));
  if (!key.ok()) return key.status().WithContext("stored compartment key");
  return &keys_.emplace(id, *std::move(key)).first->second;
}

Result<Replica::SealingKey> Replica::NewestKey(const Id128& compartment_id) {
  CV_ASSIGN_OR_RETURN(uint32_t epoch, LatestEpochOf(compartment_id));
  CV_ASSIGN_OR_RETURN(const SecretKey* key, CompartmentKey(compartment_id, epoch));
  return SealingKey{epoch, key};
}

Status Replica::WriteRecord(const CompartmentRef& compartment, const Id128& compartment_id,
                            const SealingKey& key, const Id128& record_id,
                            const schema::Record& record) {
  CV_RETURN_IF_ERROR(schema::ValidateRecord(record, options_.validation));
  return StoreRecord(compartment, compartment_id, key, record_id, record);
}

Status Replica::StoreRecord(const CompartmentRef& compartment, const Id128& compartment_id,
                            const SealingKey& key, const Id128& record_id,
                            const schema::Record& record) {
  const Bytes envelope = crypto::SealRecord(
      *key.key, {compartment.case_id.ToHex(), compartment.name, record_id.ToHex(), key.epoch},
      schema::EncodeRecord(record));
  CV_ASSIGN_OR_RETURN(auto insert,
                      Statement("INSERT OR REPLACE INTO records(compartment_id, record_id, epoch, "
                                "envelope, updated_at) VALUES(?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, record_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindInt(3, key.epoch));
  CV_RETURN_IF_ERROR(insert->BindBlob(4, envelope));
  CV_RETURN_IF_ERROR(insert->BindInt(5, env_.NowMicros()));
  return insert->Run();
}

Status Replica::PutRecord(const CompartmentRef& compartment, const Id128& record_id,
                          const schema::Record& record) {
  const std::pair<Id128, schema::Record> one[] = {{record_id, record}};
  return PutRecords(compartment, one);
}

Status Replica::PutRecords(const CompartmentRef& compartment,
                           std::span<const std::pair<Id128, schema::Record>> records) {
  const Id128 compartment_id = CompartmentId(compartment);
  CV_RETURN_IF_ERROR(LatestEpoch(compartment).status());
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(*db_));
  CV_RETURN_IF_ERROR(EnsureCompartment(compartment, compartment_id));
  CV_ASSIGN_OR_RETURN(SealingKey key, NewestKey(compartment_id));
  for (const auto& [record_id, record] : records) {
    CV_RETURN_IF_ERROR(WriteRecord(compartment, compartment_id, key, record_id, record)
                           .WithContext("saving record " + record_id.ToHex()));
  }
  return txn.Commit();
}

Result<schema::Record> Replica::GetRecord(const CompartmentRef& compartment,
                                          const Id128& record_id) {
  const Id128 compartment_id = CompartmentId(compartment);
  CV_ASSIGN_OR_RETURN(auto select,
                      Statement("SELECT epoch, envelope FROM records WHERE compartment_id = ? AND "
                                "record_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(select->BindBlob(2, record_id.bytes));
  CV_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) {
    return NotFoundError("no record " + record_id.ToHex() + " in compartment " + compartment.name);
  }
  const auto epoch = static_cast<uint32_t>(select->ColumnInt(0));
  const ByteView stored = select->ColumnBlob(1);
  const Bytes envelope(stored.begin(), stored.end());
  CV_ASSIGN_OR_RETURN(const SecretKey* key, CompartmentKey(compartment_id, epoch));
  auto plaintext = crypto::OpenRecord(
      *key, {compartment.case_id.ToHex(), compartment.name, record_id.ToHex(), epoch}, envelope);
  if (!plaintext.ok()) return plaintext.status().WithContext("record " + record_id.ToHex());
  auto decoded = schema::DecodeRecord(*plaintext);
  if (!decoded.ok()) return decoded.status().WithContext("record " + record_id.ToHex());
  return decoded;
}

Result<std::vector<Id128>> Replica::ListRecords(const CompartmentRef& compartment) {
  return SelectIds("SELECT record_id FROM records WHERE compartment_id = ? ORDER BY record_id",
                   CompartmentId(compartment));
}

Result<std::vector<Id128>> Replica::SelectIds(std::string_view sql, const Id128& compartment_id) {
  CV_ASSIGN_OR_RETURN(auto select, Statement(sql));
  CV_RETURN_IF_ERROR(select->BindBlob(1, compartment_id.bytes));
  return schema::StepIds(*select);
}

Status Replica::WipeCase(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(auto select,
                      Statement("SELECT compartment_id FROM compartments WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  std::vector<Id128> compartment_ids;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CV_ASSIGN_OR_RETURN(Id128 id, Id128::FromBytes(select->ColumnBlob(0)));
    compartment_ids.push_back(id);
  }
  select->Reset();
  return WipeCompartments(compartment_ids, case_id);
}

Status Replica::WipeCompartment(const CompartmentRef& where) {
  return WipeCompartments({CompartmentId(where)}, std::nullopt);
}

Status Replica::WipeCompartments(const std::vector<Id128>& compartment_ids,
                                 const std::optional<Id128>& case_id) {
  // Freed pages are overwritten with zeros, so no sealed byte of the compartments stays in the
  // file.
  CV_RETURN_IF_ERROR(db_->Execute("PRAGMA secure_delete = ON;"));
  {
    CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(*db_));
    for (const Id128& compartment_id : compartment_ids) {
      for (std::string_view table : {"ops", "sync_cursors", "files", "records", "offline_reads",
                                     "compartment_keys", "compartments"}) {
        CV_ASSIGN_OR_RETURN(auto remove, Statement("DELETE FROM " + std::string(table) +
                                                   " WHERE compartment_id = ?"));
        CV_RETURN_IF_ERROR(remove->BindBlob(1, compartment_id.bytes));
        CV_RETURN_IF_ERROR(remove->Run());
      }
      std::erase_if(
          keys_, [&](const auto& entry) { return entry.first.compartment_id == compartment_id; });
    }
    if (case_id) {
      CV_ASSIGN_OR_RETURN(auto forget, Statement("DELETE FROM case_syncs WHERE case_id = ?"));
      CV_RETURN_IF_ERROR(forget->BindBlob(1, case_id->bytes));
      CV_RETURN_IF_ERROR(forget->Run());
    }
    CV_RETURN_IF_ERROR(txn.Commit());
  }
  CV_RETURN_IF_ERROR(db_->Execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA secure_delete = OFF;"));
  return CollectGarbage().status();
}

Status Replica::SaveTrustedLog(const TrustedLog& log) {
  Bytes encoded(log.key.bytes.begin(), log.key.bytes.end());
  AppendU64(encoded, log.checkpoint.tree_size);
  encoded.insert(encoded.end(), log.checkpoint.root.begin(), log.checkpoint.root.end());
  AppendU64(encoded, static_cast<uint64_t>(log.checkpoint.time_micros));
  CV_ASSIGN_OR_RETURN(auto save,
                      Statement("INSERT OR REPLACE INTO replica_meta(key, value) VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(save->BindText(1, kMetaTrustedLog));
  CV_RETURN_IF_ERROR(save->BindBlob(2, encoded));
  return save->Run();
}

Result<std::optional<TrustedLog>> Replica::LoadTrustedLog() {
  Result<Bytes> stored = ReadMeta(*db_, kMetaTrustedLog);
  if (stored.status().code() == StatusCode::kNotFound) return std::optional<TrustedLog>();
  CV_RETURN_IF_ERROR(stored.status());
  ByteReader reader(*stored, "the trusted access log");
  TrustedLog log;
  CV_ASSIGN_OR_RETURN(ByteView key, reader.ReadBytes(log.key.bytes.size(), "the log key"));
  std::copy(key.begin(), key.end(), log.key.bytes.begin());
  CV_ASSIGN_OR_RETURN(log.checkpoint.tree_size, reader.ReadU64("the tree size"));
  CV_ASSIGN_OR_RETURN(ByteView root, reader.ReadBytes(log.checkpoint.root.size(), "the root"));
  std::copy(root.begin(), root.end(), log.checkpoint.root.begin());
  CV_ASSIGN_OR_RETURN(uint64_t time, reader.ReadU64("the time"));
  log.checkpoint.time_micros = static_cast<int64_t>(time);
  CV_RETURN_IF_ERROR(reader.ExpectEnd());
  return std::optional<TrustedLog>(log);
}

namespace {

// The associated data of an offline read sealed under the index key; owns the strings the
// RecordAad views.
struct OfflineReadAad {
  OfflineReadAad(const CompartmentRef& where, const Id128& compartment_id)
      : case_hex(where.case_id.ToHex()), compartment_hex(compartment_id.ToHex()) {}
  crypto::RecordAad view() const { return {case_hex, "replica-read", compartment_hex, 0}; }

  std::string case_hex;
  std::string compartment_hex;
};

}  // namespace

Status Replica::RecordOfflineRead(const CompartmentRef& where, std::string_view action,
                                  std::string_view object_id) {
  const Id128 compartment_id = CompartmentId(where);
  Bytes plain;
  AppendLengthPrefixed(plain, AsBytes(action));
  AppendLengthPrefixed(plain, AsBytes(object_id));
  AppendU64(plain, static_cast<uint64_t>(env_.NowMicros()));
  const Bytes sealed =
      crypto::SealRecord(index_key_, OfflineReadAad(where, compartment_id).view(), plain);
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(*db_));
  CV_RETURN_IF_ERROR(EnsureCompartment(where, compartment_id));
  CV_ASSIGN_OR_RETURN(auto insert, Statement("INSERT INTO offline_reads(compartment_id, sealed) "
                                             "VALUES(?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, compartment_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, sealed));
  CV_RETURN_IF_ERROR(insert->Run());
  return txn.Commit();
}

Result<std::vector<std::pair<int64_t, sync::OfflineRead>>> Replica::PendingReads(
    const CompartmentRef& where) {
  const Id128 compartment_id = CompartmentId(where);
  CV_ASSIGN_OR_RETURN(auto select, Statement("SELECT seq, sealed FROM offline_reads WHERE "
                                             "compartment_id = ? ORDER BY seq"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, compartment_id.bytes));
  const OfflineReadAad aad(where, compartment_id);
  std::vector<std::pair<int64_t, sync::OfflineRead>> reads;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CV_ASSIGN_OR_RETURN(Bytes plain,
                        crypto::OpenRecord(index_key_, aad.view(), select->ColumnBlob(1)));
    ByteReader reader(plain, "an offline read");
    sync::OfflineRead read{where.case_id, where.name, "", "", 0};
    CV_ASSIGN_OR_RETURN(ByteView action, reader.ReadLengthPrefixed("the action"));
    CV_ASSIGN_OR_RETURN(ByteView object, reader.ReadLengthPrefixed("the object"));
    CV_ASSIGN_OR_RETURN(uint64_t time, reader.ReadU64("the time"));
    read.action.assign(AsChars(action));
    read.object_id.assign(AsChars(object));
    read.happened_at_micros = static_cast<int64_t>(time);
    reads.emplace_back(select->ColumnInt(0), std::move(read));
  }
  return reads;
}

Status Replica::ForgetReads(const CompartmentRef& where, int64_t last) {
  CV_ASSIGN_OR_RETURN(auto remove, Statement("DELETE FROM offline_reads WHERE compartment_id = ? "
                                             "AND seq <= ?"));
  CV_RETURN_IF_ERROR(remove->BindBlob(1, CompartmentId(where).bytes));
  CV_RETURN_IF_ERROR(remove->BindInt(2, last));
  return remove->Run();
}

}  // namespace casevault::client
