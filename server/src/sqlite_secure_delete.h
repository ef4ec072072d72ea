// Deleting rows that must leave no copy in server.db or its write-ahead log: sealed drafts,
// wrapped keys and op logs destroyed when drafts are purged, a view is withdrawn or a case
// closes (private to server/src).
#pragma once

#include <functional>

#include "casevault/base/result.h"
#include "casevault/server/server_database.h"

namespace casevault::server {

// Runs `deletes` in one transaction on `session` with SQLite's secure_delete on (the freed
// cells are overwritten), then checkpoints the write-ahead log into server.db and truncates it,
// so the page images written before the delete go too. secure_delete is off again afterwards,
// whatever happened. The first error is returned. A checkpoint that finds another connection
// still busy past the busy timeout leaves those frames to a later checkpoint (SQLite reports
// that in its result row, not as an error).
Status SecureDelete(const ServerDatabase::Session& session, const std::function<Status()>& deletes);

}  // namespace casevault::server
