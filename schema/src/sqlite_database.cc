#include "casevault/schema/sqlite_database.h"

#include <string>

namespace casevault::schema {

Status SqliteStatus(int code, std::string_view what, std::string_view detail) {
  if (code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE) return Status::Ok();
  std::string message(what);
  message += ": ";
  message += detail.empty() ? sqlite3_errstr(code) : detail;
  switch (code & 0xff) {
    case SQLITE_FULL:
      return NoSpaceError(message + " (the disk is full: free some space)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return CorruptionError(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return FailedPreconditionError(message + " (another CaseVault process is using it)");
    case SQLITE_CANTOPEN:
      return IoError(message + " (cannot open the database file)");
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return PermissionDeniedError(message);
    case SQLITE_NOMEM:
      return ResourceExhaustedError(message);
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
      return InvalidArgumentError(message);
    case SQLITE_IOERR:
      return IoError(message);
    default:
      return InternalError(message);
  }
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

Status SqliteStatement::BindInt(int index, int64_t value) {
  return SqliteStatus(sqlite3_bind_int64(stmt_, index, value), "bind");
}

Status SqliteStatement::BindBlob(int index, ByteView value) {
  // A zero-length blob with a null pointer would bind NULL; keep it an empty blob.
  static const uint8_t kEmpty = 0;
  const void* data = value.empty() ? &kEmpty : value.data();
  return SqliteStatus(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT),
                      "bind");
}

Status SqliteStatement::BindText(int index, std::string_view value) {
  return SqliteStatus(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      "bind");
}

Status SqliteStatement::BindNull(int index) {
  return SqliteStatus(sqlite3_bind_null(stmt_, index), "bind");
}

Result<bool> SqliteStatement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(rc, "database statement", sqlite3_errmsg(db_));
}

Status SqliteStatement::Run() {
  Result<bool> stepped = Step();
  while (stepped.ok() && *stepped) stepped = Step();
  Reset();
  return stepped.status();
}

void SqliteStatement::Reset() { sqlite3_reset(stmt_); }

int64_t SqliteStatement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

ByteView SqliteStatement::ColumnBlob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  return {static_cast<const uint8_t*>(data), static_cast<size_t>(size)};
}

std::string_view SqliteStatement::ColumnText(int column) const {
  const unsigned char* data = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return {reinterpret_cast<const char*>(data), static_cast<size_t>(size)};
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<std::vector<Id128>> StepIds(SqliteStatement& statement) {
  std::vector<Id128> ids;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return ids;
    Result<Id128> id = Id128::FromBytes(statement.ColumnBlob(0));
    if (!id.ok()) return CorruptionError("a stored id is damaged: " + id.status().message());
    ids.push_back(*id);
  }
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                             std::optional<std::string> vfs) {
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &handle,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 vfs ? vfs->c_str() : nullptr);
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(handle, path));
  if (rc != SQLITE_OK) {
    return SqliteStatus(rc, "opening database " + path,
                        handle != nullptr ? sqlite3_errmsg(handle) : "");
  }
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, 5000);
  Status status =
      db->Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!status.ok()) return status.WithContext("opening database " + path);
  return db;
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(db_); }

Status SqliteDatabase::Execute(std::string_view sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  Status status = SqliteStatus(rc, "database " + path_, error != nullptr ? error : "");
  sqlite3_free(error);
  return status;
}

Result<SqliteStatement> SqliteDatabase::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteStatus(rc, "database " + path_, sqlite3_errmsg(db_));
  }
  return SqliteStatement(db_, stmt);
}

Result<int64_t> SqliteDatabase::UserVersion() {
  CV_ASSIGN_OR_RETURN(SqliteStatement stmt, Prepare("PRAGMA user_version"));
  CV_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return InternalError("PRAGMA user_version returned no row");
  return stmt.ColumnInt(0);
}

Result<SqliteStatementCache::Lease> SqliteStatementCache::Use(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    CV_ASSIGN_OR_RETURN(SqliteStatement prepared, db_.Prepare(sql));
    it = statements_.emplace(std::string(sql), std::move(prepared)).first;
  }
  return Lease(&it->second);
}

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteDatabase& db) {
  CV_RETURN_IF_ERROR(db.Execute("BEGIN IMMEDIATE"));
  return SqliteTransaction(&db);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept : db_(other.db_) {
  other.db_ = nullptr;
}

SqliteTransaction::~SqliteTransaction() {
  if (db_ != nullptr) db_->Execute("ROLLBACK").IgnoreError();
}

Status SqliteTransaction::Commit() {
  SqliteDatabase* db = db_;
  db_ = nullptr;
  Status status = db->Execute("COMMIT");
  // A failed COMMIT can leave the transaction open; make sure nothing of it survives.
  if (!status.ok()) db->Execute("ROLLBACK").IgnoreError();
  return status;
}

Status ApplyMigrations(SqliteDatabase& db, std::span<const SqliteMigration> migrations,
                       std::string_view what) {
  CV_ASSIGN_OR_RETURN(int64_t version, db.UserVersion());
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (version > latest) {
    return UnsupportedVersionError(std::string(what) + " " + db.path() + " has schema version " +
                                   std::to_string(version) + "; this build knows up to " +
                                   std::to_string(latest) + ": upgrade CaseVault");
  }
  for (const SqliteMigration& migration : migrations) {
    if (migration.version <= version) continue;
    CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(db));
    CV_RETURN_IF_ERROR(db.Execute(migration.sql)
                           .WithContext("migrating " + std::string(what) + " to version " +
                                        std::to_string(migration.version)));
    CV_RETURN_IF_ERROR(db.Execute("PRAGMA user_version=" + std::to_string(migration.version)));
    CV_RETURN_IF_ERROR(txn.Commit());
  }
  return Status::Ok();
}

}  // namespace casevault::schema
