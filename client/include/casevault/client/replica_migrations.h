// The numbered storage schema of the replica database (replica.db).
//
// Only opaque ids, epochs, stamps and sizes are in clear; every name, record and file key is
// sealed. Version 1 is the first released layout; each later version is a step from the one
// before, applied by Replica::Open. Exposed so tests can build a replica of an older version.
#pragma once

#include <span>

#include "casevault/schema/sqlite_database.h"

namespace casevault::client {

// Every migration of the replica database, in ascending version order.
std::span<const schema::SqliteMigration> ReplicaMigrations();

}  // namespace casevault::client
