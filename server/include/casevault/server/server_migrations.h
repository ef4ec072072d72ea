// The numbered storage schema of the server database (server.db).
//
// The hub's op logs hold only what the hub may see of an op (ids, epoch, the sealed envelope
// and the author's signature); the access log holds ids, action names, results and reasons,
// never record content. Version 1 is the first released layout; each later version is a step
// from the one before, applied by ServerDatabase::Open. Exposed so tests can inspect and build
// databases of a given version.
#pragma once

#include <span>

#include "casevault/schema/sqlite_database.h"

namespace casevault::server {

// Every migration of the server database, in ascending version order.
std::span<const schema::SqliteMigration> ServerMigrations();

}  // namespace casevault::server
