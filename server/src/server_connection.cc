#include "casevault/server/server_connection.h"

namespace casevault::server {

Result<std::unique_ptr<ServerConnection>> ServerConnection::Open(
    const std::string& path, std::optional<std::string> sqlite_vfs) {
  CV_ASSIGN_OR_RETURN(auto db, schema::SqliteDatabase::Open(path, std::move(sqlite_vfs)));
  return std::unique_ptr<ServerConnection>(new ServerConnection(std::move(db)));
}

}  // namespace casevault::server
