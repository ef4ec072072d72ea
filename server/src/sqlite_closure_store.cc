#include "casevault/server/sqlite_closure_store.h"

#include <algorithm>

namespace casevault::server {

Status SqliteClosureStore::RecordChunkOwners(const Id128& case_id,
                                             std::span<const sync::ChunkHash> hashes) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(schema::SqliteTransaction txn,
                      schema::SqliteTransaction::Begin(session.db()));
  CV_ASSIGN_OR_RETURN(auto insert, session.Statement("INSERT OR IGNORE INTO chunk_owners(case_id, "
                                                     "hash) VALUES(?, ?)"));
  for (const sync::ChunkHash& hash : hashes) {
    CV_RETURN_IF_ERROR(insert->BindBlob(1, case_id.bytes));
    CV_RETURN_IF_ERROR(insert->BindBlob(2, hash));
    CV_RETURN_IF_ERROR(insert->Run());
  }
  return txn.Commit();
}

Result<std::vector<sync::ChunkHash>> SqliteClosureStore::ChunksOnlyOf(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT hash FROM chunk_owners AS mine WHERE case_id = "
                                        "? AND NOT EXISTS (SELECT 1 FROM chunk_owners AS other "
                                        "WHERE other.hash = mine.hash AND other.case_id != "
                                        "mine.case_id) ORDER BY hash"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  std::vector<sync::ChunkHash> only;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const ByteView stored = select->ColumnBlob(0);
    sync::ChunkHash hash{};
    if (stored.size() != hash.size()) return CorruptionError("a stored chunk owner is damaged");
    std::copy(stored.begin(), stored.end(), hash.begin());
    only.push_back(hash);
  }
  return only;
}

Status SqliteClosureStore::ForgetChunkOwners(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto forget, session.Statement("DELETE FROM chunk_owners WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(forget->BindBlob(1, case_id.bytes));
  return forget->Run();
}

Status SqliteClosureStore::MarkClosed(const Id128& case_id, const Id128& closed_by,
                                      int64_t closed_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto mark, session.Statement("INSERT OR IGNORE INTO closed_cases(case_id, "
                                                   "closed_at, closed_by) VALUES(?, ?, ?)"));
  CV_RETURN_IF_ERROR(mark->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(mark->BindInt(2, closed_micros));
  CV_RETURN_IF_ERROR(mark->BindBlob(3, closed_by.bytes));
  return mark->Run();
}

Result<bool> SqliteClosureStore::IsClosed(const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement("SELECT 1 FROM closed_cases WHERE case_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  return select->Step();
}

Status SqliteClosureStore::MarkPurged(const sync::CompartmentRef& where, const Id128& purged_by,
                                      int64_t purged_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto mark,
                      session.Statement("INSERT OR IGNORE INTO purged_compartments(case_id, "
                                        "compartment, purged_at, purged_by) VALUES(?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(mark->BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(mark->BindText(2, where.name));
  CV_RETURN_IF_ERROR(mark->BindInt(3, purged_micros));
  CV_RETURN_IF_ERROR(mark->BindBlob(4, purged_by.bytes));
  return mark->Run();
}

Result<bool> SqliteClosureStore::IsPurged(const sync::CompartmentRef& where) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT 1 FROM purged_compartments WHERE "
                                                     "case_id = ? AND compartment = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, where.case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindText(2, where.name));
  return select->Step();
}

}  // namespace casevault::server
