// CaseGate: the door of every request that names a case. It authenticates the session, refuses
// a closed case, asks the caller's rule for a decision, and appends that decision to the
// access log, allowed or refused, before anything is served. It fails closed: a decision that
// cannot be logged refuses the request (Unavailable).
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

 private:
  Identity& identity_;
  CaseClosure& closure_;
  AccessLog& access_log_;
  EventLog& events_;
  Env& env_;
};

}  // namespace casevault::server
