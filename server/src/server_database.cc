#include "casevault/server/server_database.h"

#include "casevault/server/server_migrations.h"

namespace casevault::server {

Result<std::unique_ptr<ServerDatabase>> ServerDatabase::Open(
    Env& env, const std::string& data_dir, std::optional<std::string> sqlite_vfs) {
  CV_RETURN_IF_ERROR(env.CreateDirs(data_dir).WithContext("creating the server's data directory"));
  CV_ASSIGN_OR_RETURN(auto db, schema::SqliteDatabase::Open(data_dir + "/server.db", sqlite_vfs));
  CV_RETURN_IF_ERROR(schema::ApplyMigrations(*db, ServerMigrations(), "server database"));
  return std::unique_ptr<ServerDatabase>(new ServerDatabase(data_dir, std::move(db)));
}

}  // namespace casevault::server
