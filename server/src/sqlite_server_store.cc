#include "casevault/server/sqlite_server_store.h"

namespace casevault::server {

Result<std::unique_ptr<SqliteServerStore>> SqliteServerStore::Open(
    Env& env, const std::string& data_dir, std::optional<std::string> sqlite_vfs) {
  CV_ASSIGN_OR_RETURN(std::unique_ptr<ServerDatabase> database,
                      ServerDatabase::Open(env, data_dir, std::move(sqlite_vfs)));
  CV_ASSIGN_OR_RETURN(std::unique_ptr<SqliteHubStore> hub, SqliteHubStore::Open(env, *database));
  return std::unique_ptr<SqliteServerStore>(
      new SqliteServerStore(std::move(database), std::move(hub)));
}

}  // namespace casevault::server
