#include "casevault/server/server_database.h"

#include "casevault/server/server_migrations.h"

namespace casevault::server {

Result<std::unique_ptr<ServerDatabase>> ServerDatabase::Open(
    Env& env, const std::string& data_dir, std::optional<std::string> sqlite_vfs) {
  CV_RETURN_IF_ERROR(env.CreateDirs(data_dir).WithContext("creating the server's data directory"));
  const std::string path = data_dir + "/server.db";
  CV_ASSIGN_OR_RETURN(auto main, ServerConnection::Open(path, sqlite_vfs));
  CV_RETURN_IF_ERROR(
      schema::ApplyMigrations(main->Lock().db(), ServerMigrations(), "server database"));
  CV_ASSIGN_OR_RETURN(auto writer, ServerConnection::Open(path, sqlite_vfs));
  return std::unique_ptr<ServerDatabase>(
      new ServerDatabase(data_dir, std::move(main), std::move(writer)));
}

}  // namespace casevault::server
