#include "casevault/server/case_gate.h"

namespace casevault::server {

Result<SessionInfo> CaseGate::Admit(const std::string& token, CaseAction action, const Rule& rule) {
  CV_ASSIGN_OR_RETURN(Decided decided, Decide(token, std::move(action), rule));
  return Log(std::move(decided));
}

Result<CaseGate::Decided> CaseGate::Decide(const std::string& token, CaseAction action,
                                           const Rule& rule) {
  AccessEntry entry;
  entry.time_micros = env_.NowMicros();
  entry.case_id = action.case_id;
  entry.compartment = std::move(action.compartment);
  entry.action = std::move(action.action);
  entry.object_id = std::move(action.object_id);
  Result<SessionInfo> session = identity_.Authenticate(token);
  if (session.ok()) {
    entry.user_id = session->user_id;
    entry.device_id = session->device_id;
  }
  CV_ASSIGN_OR_RETURN(bool closed, closure_.IsClosed(action.case_id));
  Status refusal;
  if (closed) {
    entry.reason = "case closed";
    refusal = RevokedError("case " + action.case_id.ToHex() +
                           " is closed and its data destroyed: remove it from this device");
  } else if (!session.ok()) {
    entry.reason = "no valid session";
    refusal = session.status();
  } else {
    CV_ASSIGN_OR_RETURN(Decision decision, rule(*session));
    entry.allowed = decision.allowed;
    entry.reason = decision.reason;
    if (!decision.allowed) {
      refusal = PermissionDeniedError("refused: " + decision.reason +
                                      " (this refusal is recorded in the access log)");
    }
  }
  if (!refusal.ok()) return Decided{std::move(entry), std::move(refusal)};
  return Decided{std::move(entry), std::move(session)};
}

Result<SessionInfo> CaseGate::Log(Decided decided) {
  Result<uint64_t> logged = access_log_.Append(decided.entry);
  if (!logged.ok()) return RefuseUnlogged(logged.status());
  return std::move(decided.answer);
}

Status CaseGate::RefuseUnlogged(const Status& failure) {
  events_.Record(Event{.time_micros = env_.NowMicros(),
                       .level = EventLevel::kError,
                       .name = "access_log.append_failed",
                       .fields = {{"code", std::string(StatusCodeName(failure.code()))}}});
  return UnavailableError(
      "the access log cannot be written, so the request is refused; try again later");
}

}  // namespace casevault::server
