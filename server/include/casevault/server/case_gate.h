// CaseGate: the door of every request that names a case. It authenticates the session, refuses
// a closed case, asks the caller's rule for a decision, and appends that decision to the
// access log, allowed or refused, before anything is served. It fails closed: a decision that
// cannot be logged refuses the request (Unavailable).
//
// Admit does it all, the entry in a group commit of its own. A request whose one write is a
// unit of the same GroupCommit (a push) can Decide first and, once allowed, append the entry in
// that unit (AccessLog::AppendInUnit), so the two share one durable commit; a refusal, or a
// request that ends before its write, is logged alone with Log.
#pragma once

#include <functional>
#include <string>

#include "casevault/base/env.h"
#include "casevault/base/event_log.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/access_log.h"
#include "casevault/server/case_authority.h"
#include "casevault/server/case_closure.h"
#include "casevault/server/identity.h"

namespace casevault::server {

// What a request asks to do, as the access log records it.
struct CaseAction {
  Id128 case_id;
  std::string compartment;  // empty for actions on the case as a whole
  std::string action;
  std::string object_id;
};

class CaseGate {
 public:
  // The rule deciding an authenticated request.
  using Rule = std::function<Result<Decision>(const SessionInfo& session)>;

  // Works with these parts, which must outlive it.
  CaseGate(Identity& identity, CaseClosure& closure, AccessLog& access_log, EventLog& events,
           Env& env)
      : identity_(identity),
        closure_(closure),
        access_log_(access_log),
        events_(events),
        env_(env) {}

  // Admits `action` by the holder of session token `token` when `rule` allows it: returns the
  // session. Otherwise the refusal: the session's error (Unauthenticated, Revoked), Revoked for
  // a closed case, PermissionDenied with the rule's reason; Unavailable when the log append
  // fails. A storage error from the rule is returned as it is, and nothing is served.
  Result<SessionInfo> Admit(const std::string& token, CaseAction action, const Rule& rule);

  // A decision taken and not yet logged.
  struct Decided {
    AccessEntry entry;           // what the access log must hold before any answer
    Result<SessionInfo> answer;  // the session when allowed; otherwise the refusal (as Admit's)
  };
  // Decides as Admit does, without appending anything: the entry and the answer. A storage
  // error from the closure or the rule is returned as it is, and nothing is served.
  Result<Decided> Decide(const std::string& token, CaseAction action, const Rule& rule);
  // Appends `decided.entry` in a group commit of its own and returns its answer; Unavailable,
  // and nothing may be served, when the append fails.
  Result<SessionInfo> Log(Decided decided);
  // For a request whose entry was to be stored in one unit with its write and was not
  // (`failure`, the unit's error): records the failure and returns the fail-closed refusal,
  // Unavailable, as Log does.
  Status RefuseUnlogged(const Status& failure);

 private:
  Identity& identity_;
  CaseClosure& closure_;
  AccessLog& access_log_;
  EventLog& events_;
  Env& env_;
};

}  // namespace casevault::server
