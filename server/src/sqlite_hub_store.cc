#include "casevault/server/sqlite_hub_store.h"

#include <algorithm>
#include <limits>

#include "sqlite_secure_delete.h"

namespace casevault::server {

using schema::SqliteStatement;
using schema::SqliteTransaction;
using sync::CompartmentRef;
using sync::LogPosition;
using sync::SignedOp;

namespace {

std::string Describe(const CompartmentRef& where) {
  return "case " + where.case_id.ToHex() + " compartment \"" + where.name + "\"";
}

// Binds `where` to parameters 1 (case id) and 2 (compartment name).
Status BindCompartment(SqliteStatement& statement, const CompartmentRef& where) {
  CV_RETURN_IF_ERROR(statement.BindBlob(1, where.case_id.bytes));
  return statement.BindText(2, where.name);
}

// Where the current row of `statement` puts its op: seq in column 0, hub time in column 1.
LogPosition PositionAt(const SqliteStatement& statement) {
  return LogPosition{.seq = static_cast<uint64_t>(statement.ColumnInt(0)),
                     .hub_time_micros = statement.ColumnInt(1)};
}

// The position of the op with `op_id` in the log of `where`, if the log holds one.
Result<std::optional<LogPosition>> HeldPosition(const ServerDatabase::Session& session,
                                                const CompartmentRef& where, const Id128& op_id) {
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT seq, hub_time FROM ops WHERE case_id = ? AND "
                                        "compartment = ? AND op_id = ?"));
  CV_RETURN_IF_ERROR(BindCompartment(*select, where));
  CV_RETURN_IF_ERROR(select->BindBlob(3, op_id.bytes));
  CV_ASSIGN_OR_RETURN(const bool found, select->Step());
  if (!found) return std::optional<LogPosition>();
  return std::optional<LogPosition>(PositionAt(*select));
}

// The position of the last entry of the log of `where`; seq 0 and the earliest time when empty.
Result<LogPosition> LastPosition(const ServerDatabase::Session& session,
                                 const CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT seq, hub_time FROM ops WHERE case_id "
                                                     "= ? AND compartment = ? ORDER BY seq DESC "
                                                     "LIMIT 1"));
  CV_RETURN_IF_ERROR(BindCompartment(*select, where));
  CV_ASSIGN_OR_RETURN(const bool found, select->Step());
  if (!found) {
    return LogPosition{.seq = 0, .hub_time_micros = std::numeric_limits<int64_t>::min()};
  }
  return PositionAt(*select);
}

Status InsertOp(const ServerDatabase::Session& session, const CompartmentRef& where,
                const SignedOp& op, const LogPosition& position) {
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT INTO ops(case_id, compartment, seq, op_id, "
                                        "author_device, epoch, envelope, signature, hub_time) "
                                        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(BindCompartment(*insert, where));
  CV_RETURN_IF_ERROR(insert->BindInt(3, static_cast<int64_t>(position.seq)));
  CV_RETURN_IF_ERROR(insert->BindBlob(4, op.op_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(5, op.author_device.bytes));
  CV_RETURN_IF_ERROR(insert->BindInt(6, op.epoch));
  CV_RETURN_IF_ERROR(insert->BindBlob(7, op.envelope));
  CV_RETURN_IF_ERROR(insert->BindBlob(8, op.signature));
  CV_RETURN_IF_ERROR(insert->BindInt(9, position.hub_time_micros));
  return insert->Run();
}

// Copies the id in `column` of the current row; Corruption when it is not 16 bytes.
Result<Id128> ColumnId(const SqliteStatement& row, int column, std::string_view what) {
  Result<Id128> id = Id128::FromBytes(row.ColumnBlob(column));
  if (!id.ok()) return CorruptionError("a stored " + std::string(what) + " is not 16 bytes");
  return id;
}

// The entry in the current row of the pull query.
Result<sync::LogEntry> ReadEntry(const SqliteStatement& row) {
  sync::LogEntry entry{.position = PositionAt(row), .op = {}};
  CV_ASSIGN_OR_RETURN(entry.op.op_id, ColumnId(row, 2, "op id"));
  CV_ASSIGN_OR_RETURN(entry.op.author_device, ColumnId(row, 3, "author device"));
  const int64_t epoch = row.ColumnInt(4);
  if (epoch < 0 || epoch > std::numeric_limits<uint32_t>::max()) {
    return CorruptionError("stored epoch " + std::to_string(epoch) + " is out of range");
  }
  entry.op.epoch = static_cast<uint32_t>(epoch);
  const ByteView envelope = row.ColumnBlob(5);
  entry.op.envelope.assign(envelope.begin(), envelope.end());
  const ByteView signature = row.ColumnBlob(6);
  if (signature.size() != entry.op.signature.size()) {
    return CorruptionError("a stored signature has " + std::to_string(signature.size()) +
                           " bytes, not 64");
  }
  std::copy(signature.begin(), signature.end(), entry.op.signature.begin());
  return entry;
}

}  // namespace

Result<std::unique_ptr<SqliteHubStore>> SqliteHubStore::Open(
    Env& env, const std::string& data_dir, std::optional<std::string> sqlite_vfs) {
  CV_ASSIGN_OR_RETURN(std::unique_ptr<ServerDatabase> database,
                      ServerDatabase::Open(env, data_dir, std::move(sqlite_vfs)));
  ServerDatabase& shared = *database;
  CV_ASSIGN_OR_RETURN(std::unique_ptr<SqliteHubStore> store, Open(env, shared));
  store->owned_database_ = std::move(database);
  return store;
}

Result<std::unique_ptr<SqliteHubStore>> SqliteHubStore::Open(Env& env, ServerDatabase& database) {
  CV_ASSIGN_OR_RETURN(sync::ChunkDirectory chunks,
                      sync::ChunkDirectory::Open(env, database.data_dir() + "/chunks"));
  return std::unique_ptr<SqliteHubStore>(new SqliteHubStore(database, std::move(chunks)));
}

Result<std::vector<LogPosition>> SqliteHubStore::AppendBatch(const CompartmentRef& where,
                                                             std::span<const SignedOp> ops,
                                                             int64_t hub_time_micros) {
  return AppendBatchWith(where, ops, hub_time_micros,
                         [](const ServerConnection::Session&) { return Status::Ok(); });
}

Result<std::vector<LogPosition>> SqliteHubStore::AppendBatchWith(const CompartmentRef& where,
                                                                 std::span<const SignedOp> ops,
                                                                 int64_t hub_time_micros,
                                                                 const GroupCommit::Work& with) {
  std::vector<LogPosition> positions;
  positions.reserve(ops.size());
  const Status appended =
      database_.group_commit().Run([&](const ServerConnection::Session& session) -> Status {
        CV_RETURN_IF_ERROR(with(session));
        CV_ASSIGN_OR_RETURN(LogPosition last, LastPosition(session, where));
        for (const SignedOp& op : ops) {
          // Reads within the transaction see the ops appended earlier in this batch, and by
          // the units before it in its group.
          CV_ASSIGN_OR_RETURN(const std::optional<LogPosition> held,
                              HeldPosition(session, where, op.op_id));
          if (held) {
            positions.push_back(*held);
            continue;
          }
          last = LogPosition{.seq = last.seq + 1,
                             .hub_time_micros = std::max(hub_time_micros, last.hub_time_micros)};
          CV_RETURN_IF_ERROR(InsertOp(session, where, op, last));
          positions.push_back(last);
        }
        return Status::Ok();
      });
  if (!appended.ok()) {
    return appended.WithContext("appending " + std::to_string(ops.size()) + " ops to " +
                                Describe(where));
  }
  return positions;
}

Result<sync::PullPage> SqliteHubStore::Read(const CompartmentRef& where, uint64_t after_seq,
                                            size_t max_entries) {
  sync::PullPage page;
  // Seqs are SQLite integers, so no entry lies beyond the largest one.
  constexpr uint64_t kMaxSeq = std::numeric_limits<int64_t>::max();
  if (after_seq >= kMaxSeq) return page;
  // One row beyond the page tells whether more follow.
  const int64_t limit = static_cast<int64_t>(std::min<uint64_t>(max_entries, kMaxSeq - 1)) + 1;
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT seq, hub_time, op_id, author_device, epoch, "
                                        "envelope, signature FROM ops WHERE case_id = ? AND "
                                        "compartment = ? AND seq > ? ORDER BY seq LIMIT ?"));
  CV_RETURN_IF_ERROR(BindCompartment(*select, where));
  CV_RETURN_IF_ERROR(select->BindInt(3, static_cast<int64_t>(after_seq)));
  CV_RETURN_IF_ERROR(select->BindInt(4, limit));
  for (;;) {
    CV_ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    if (page.entries.size() == max_entries) {
      page.more = true;
      break;
    }
    Result<sync::LogEntry> entry = ReadEntry(*select);
    if (!entry.ok()) {
      return entry.status().WithContext("reading the log of " + Describe(where) + " at seq " +
                                        std::to_string(select->ColumnInt(0)));
    }
    page.entries.push_back(*std::move(entry));
  }
  return page;
}

Result<bool> SqliteHubStore::HasChunk(const sync::ChunkHash& hash) {
  std::lock_guard lock(chunks_mu_);
  return chunks_.Contains(hash);
}

Status SqliteHubStore::PutChunk(const sync::ChunkHash& hash, ByteView sealed) {
  std::lock_guard lock(chunks_mu_);
  CV_ASSIGN_OR_RETURN(const sync::ChunkHash stored, chunks_.Put(sealed));
  if (stored != hash) {
    return InternalError("chunk " + ToHex(hash) + " was given bytes that hash to " + ToHex(stored) +
                         "; the hub must verify chunks before storing them");
  }
  return chunks_.Sync();
}

Status SqliteHubStore::RemoveChunk(const sync::ChunkHash& hash) {
  std::lock_guard lock(chunks_mu_);
  return chunks_.Remove(hash);
}

Result<Bytes> SqliteHubStore::GetChunk(const sync::ChunkHash& hash) {
  std::lock_guard lock(chunks_mu_);
  Bytes chunk;
  Status status = chunks_.Get(hash, chunk);
  if (status.code() == StatusCode::kNotFound) {
    return NotFoundError("chunk " + ToHex(hash) + " is not on the hub: upload it first");
  }
  CV_RETURN_IF_ERROR(status);
  return chunk;
}

Status SqliteHubStore::DeleteCase(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  return SecureDelete(session,
                      [&]() -> Status {
                        CV_ASSIGN_OR_RETURN(auto remove_ops,
                                            session.Statement("DELETE FROM ops WHERE case_id = ?"));
                        CV_RETURN_IF_ERROR(remove_ops->BindBlob(1, case_id.bytes));
                        return remove_ops->Run();
                      })
      .WithContext("deleting the op logs of case " + case_id.ToHex());
}

Status SqliteHubStore::DeleteCompartment(const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  return SecureDelete(session,
                      [&]() -> Status {
                        CV_ASSIGN_OR_RETURN(auto remove_ops,
                                            session.Statement("DELETE FROM ops WHERE case_id = ? "
                                                              "AND compartment = ?"));
                        CV_RETURN_IF_ERROR(remove_ops->BindBlob(1, where.case_id.bytes));
                        CV_RETURN_IF_ERROR(remove_ops->BindText(2, where.name));
                        return remove_ops->Run();
                      })
      .WithContext("deleting the op log of " + where.name + " of case " + where.case_id.ToHex());
}

}  // namespace casevault::server
