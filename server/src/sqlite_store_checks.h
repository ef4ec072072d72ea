// What the Sqlite stores check inside their own transactions, under a ServerDatabase session:
// that a user exists, and what state a case is in.
#pragma once

#include <optional>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/server_database.h"
#include "casevault/sync/case_state.h"

namespace casevault::server {

// OK when user `user_id` exists; NotFound otherwise.
Status CheckUserExists(const ServerDatabase::Session& session, const Id128& user_id);

// The state of case `case_id`; nullopt when it was never created. Corruption for a state this
// build does not know.
Result<std::optional<sync::CaseState>> CaseStateUnder(const ServerDatabase::Session& session,
                                                      const Id128& case_id);

// OK when case `case_id` was created and is not closed: NotFound, or FailedPrecondition.
Status CheckCaseOpen(const ServerDatabase::Session& session, const Id128& case_id);

}  // namespace casevault::server
