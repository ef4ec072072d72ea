// CaseClosure: closed cases, and the crypto-shredding that closing a case performs.
//
// When a review ends, its case is closed: from then on every request about it is refused as
// Revoked (clients remove their copy), and the server destroys what it held for it: every
// sealed copy of its compartment keys, its operation logs, its grants, the drafts shared with
// its viewers and the file chunks only it used. Its access-log entries stay, so the log still
// proves who saw what. The case is marked closed before anything is destroyed, so a close
// interrupted by a crash is finished by running it again, and nothing is served in between. Closed
// cases and chunk owners are kept in a ClosureStore; op logs and chunks in the ServerHubStore.
#pragma once

#include <span>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/access_policy.h"
#include "casevault/server/closure_store.h"
#include "casevault/server/draft_view_store.h"
#include "casevault/server/server_hub_store.h"
#include "casevault/server/wrapped_keys.h"

namespace casevault::server {

// What a close destroyed.
struct ClosureReport {
  uint64_t chunks_destroyed = 0;
};

class CaseClosure {
 public:
  // Works on the server's stores; all must outlive it.
  CaseClosure(ClosureStore& store, ServerHubStore& hub_store, DraftViewStore& draft_views,
              WrappedKeys& keys, AccessPolicy& policy, Env& env)
      : store_(store),
        hub_store_(hub_store),
        draft_views_(draft_views),
        keys_(keys),
        policy_(policy),
        env_(env) {}

  // Records that chunks `hashes` belong to case `case_id` (called when a member uploads them or
  // finds them already on the server).
  Status RecordChunks(const Id128& case_id, std::span<const sync::ChunkHash> hashes);
  // Whether case `case_id` is closed.
  Result<bool> IsClosed(const Id128& case_id);
  // Closes case `case_id` (again, when a close was interrupted): see above.
  Result<ClosureReport> Close(const Id128& case_id, const Id128& closed_by);
  // Purges compartment `where` (again, when a purge was interrupted): marks it purged first,
  // then destroys every sealed copy of its keys and its op log, and, for `drafts`, every draft
  // shared with a viewer. File chunks stay until the case closes (chunk owners are kept per
  // case); drafts and comments are records, not files.
  Status Purge(const sync::CompartmentRef& where, const Id128& purged_by);
  // Whether compartment `where` is purged.
  Result<bool> IsPurged(const sync::CompartmentRef& where);

 private:
  ClosureStore& store_;
  ServerHubStore& hub_store_;
  DraftViewStore& draft_views_;
  WrappedKeys& keys_;
  AccessPolicy& policy_;
  Env& env_;
};

}  // namespace casevault::server
