#include "casevault/client/case_administration.h"

#include <charconv>

#include "reply_fields.h"

namespace casevault::client {
namespace {

using sync::ApiForm;

std::string CasePath(const Id128& case_id) { return "/v1/cases/" + case_id.ToHex(); }

std::string CompartmentPath(const sync::CompartmentRef& where) {
  return CasePath(where.case_id) + "/compartments/" + where.name;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start < text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

void SetHours(ApiForm& form, std::optional<int> hours) {
  if (hours) form.Set("hours", std::to_string(*hours));
}

// Parses "<user>:<a>:<b>[:<rest>]" roster values: the user and the next fields.
Result<RosterLine> ParseRosterValue(const std::string& value, bool grant) {
  const size_t first = value.find(':');
  const size_t second = first == std::string::npos ? first : value.find(':', first + 1);
  const size_t third = second == std::string::npos ? second : value.find(':', second + 1);
  const bool complete = second != std::string::npos && (!grant || third != std::string::npos);
  auto user = Id128::FromHex(value.substr(0, first));
  if (!complete || !user.ok()) return InvalidArgumentError("malformed roster line: " + value);
  RosterLine line;
  line.user_id = *user;
  line.held = value.substr(first + 1, second - first - 1);
  const std::string expiry =
      grant ? value.substr(second + 1, third - second - 1) : value.substr(second + 1);
  if (grant) line.compartment = value.substr(third + 1);
  if (expiry != "-") {
    int64_t micros = 0;
    const auto [end, error] = std::from_chars(expiry.data(), expiry.data() + expiry.size(), micros);
    if (error != std::errc() || end != expiry.data() + expiry.size()) {
      return InvalidArgumentError("malformed roster end time: " + expiry);
    }
    line.expires_micros = micros;
  }
  return line;
}

}  // namespace

Status CaseAdministration::OpenCase(const Id128& case_id) {
  return transport_.CallForm("POST", "/v1/cases", ApiForm().Set("case_id", case_id.ToHex()))
      .status();
}

Result<std::vector<CaseSummary>> CaseAdministration::ListCases() {
  CV_ASSIGN_OR_RETURN(ApiForm reply, transport_.CallForm("GET", "/v1/cases", ApiForm()));
  CV_ASSIGN_OR_RETURN(int64_t count, reply.GetInt("count"));
  std::vector<CaseSummary> cases;
  for (int64_t i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    CaseSummary summary;
    CV_ASSIGN_OR_RETURN(summary.case_id, reply.GetId("case_" + n));
    CV_ASSIGN_OR_RETURN(summary.state, reply.Get("state_" + n));
    summary.roles = SplitList(reply.GetOr("roles_" + n, ""));
    summary.grants = SplitList(reply.GetOr("grants_" + n, ""));
    summary.compartments = SplitList(reply.GetOr("compartments_" + n, ""));
    CV_ASSIGN_OR_RETURN(int64_t lease_days, reply.GetInt("lease_days_" + n));
    if (!sync::ValidLeaseDays(lease_days)) {
      return InvalidArgumentError("the server gave case " + summary.case_id.ToHex() +
                                  " an impossible offline lease");
    }
    summary.lease_days = static_cast<int>(lease_days);
    summary.purged = SplitList(reply.GetOr("purged_" + n, ""));
    cases.push_back(std::move(summary));
  }
  return cases;
}

Result<CaseRoster> CaseAdministration::Roster(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(ApiForm reply,
                      transport_.CallForm("GET", CasePath(case_id) + "/roster", ApiForm()));
  CaseRoster roster;
  CV_ASSIGN_OR_RETURN(roster.state, reply.Get("state"));
  CV_ASSIGN_OR_RETURN(int64_t roles, reply.GetInt("roles"));
  CV_ASSIGN_OR_RETURN(int64_t grants, reply.GetInt("grants"));
  for (int64_t i = 0; i < roles + grants; ++i) {
    const bool grant = i >= roles;
    const std::string key =
        grant ? "grant_" + std::to_string(i - roles) : "role_" + std::to_string(i);
    CV_ASSIGN_OR_RETURN(std::string value, reply.Get(key));
    CV_ASSIGN_OR_RETURN(RosterLine line, ParseRosterValue(value, grant));
    line.name = reply.GetOr("name_" + line.user_id.ToHex(), "");
    line.organisation = reply.GetOr("organisation_" + line.user_id.ToHex(), "");
    roster.lines.push_back(std::move(line));
  }
  return roster;
}

Status CaseAdministration::AssignRole(const Id128& case_id, const Id128& user_id,
                                      sync::CaseRole role, const std::string& agency,
                                      std::optional<int> hours) {
  ApiForm form;
  form.Set("user", user_id.ToHex()).Set("role", sync::CaseRoleName(role)).Set("agency", agency);
  SetHours(form, hours);
  return transport_.CallForm("POST", CasePath(case_id) + "/roles", form).status();
}

Status CaseAdministration::WithdrawRole(const Id128& case_id, const Id128& user_id,
                                        sync::CaseRole role, const std::string& agency) {
  return transport_
      .CallForm("POST", CasePath(case_id) + "/roles/withdraw",
                ApiForm()
                    .Set("user", user_id.ToHex())
                    .Set("role", sync::CaseRoleName(role))
                    .Set("agency", agency))
      .status();
}

Status CaseAdministration::Grant(const sync::CompartmentRef& where, const Id128& user_id,
                                 bool write, std::optional<int> hours) {
  ApiForm form;
  form.Set("user", user_id.ToHex()).Set("access", write ? "write" : "read");
  SetHours(form, hours);
  return transport_.CallForm("POST", CompartmentPath(where) + "/grants", form).status();
}

Status CaseAdministration::WithdrawGrant(const sync::CompartmentRef& where, const Id128& user_id) {
  return transport_
      .CallForm("POST", CompartmentPath(where) + "/grants/withdraw",
                ApiForm().Set("user", user_id.ToHex()))
      .status();
}

namespace {

// The form of a move: its reason and, when named, its final report.
ApiForm MoveForm(const CaseMove& move) {
  ApiForm form;
  form.SetHex("reason", move.sealed_reason);
  if (!move.final_report.empty()) form.Set("final_report", move.final_report);
  return form;
}

// The case state named `name` in a server reply.
Result<sync::CaseState> StateNamed(std::string_view name) {
  const std::optional<sync::CaseState> state = sync::CaseStateFromName(name);
  if (!state) return CorruptionError("the server named an unknown case state");
  return *state;
}

}  // namespace

Status CaseAdministration::SetState(const Id128& case_id, sync::CaseState state,
                                    const CaseMove& move) {
  return transport_
      .CallForm("POST", CasePath(case_id) + "/state",
                MoveForm(move).Set("state", sync::CaseStateName(state)))
      .status();
}

Status CaseAdministration::SetLeaseDays(const Id128& case_id, int days) {
  return transport_
      .CallForm("POST", CasePath(case_id) + "/lease", ApiForm().Set("days", std::to_string(days)))
      .status();
}

Result<uint64_t> CaseAdministration::CloseCase(const Id128& case_id, const CaseMove& move) {
  CV_ASSIGN_OR_RETURN(ApiForm reply,
                      transport_.CallForm("POST", CasePath(case_id) + "/close", MoveForm(move)));
  CV_ASSIGN_OR_RETURN(int64_t destroyed, reply.GetInt("chunks_destroyed"));
  return static_cast<uint64_t>(destroyed);
}

Status CaseAdministration::Endorse(const Id128& case_id, sync::CaseState outcome) {
  return transport_
      .CallForm("POST", CasePath(case_id) + "/endorsements",
                ApiForm().Set("outcome", sync::CaseStateName(outcome)))
      .status();
}

Result<CaseHistory> CaseAdministration::History(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(ApiForm reply,
                      transport_.CallForm("GET", CasePath(case_id) + "/history", ApiForm()));
  CaseHistory history;
  CV_ASSIGN_OR_RETURN(int64_t moves, reply.GetInt("moves"));
  for (int64_t i = 0; i < moves; ++i) {
    const std::string n = std::to_string(i);
    CV_ASSIGN_OR_RETURN(std::string line, reply.Get("move_" + n));
    const std::vector<std::string> parts = SplitFields(line, 5);
    if (parts.size() != 5) return CorruptionError("the server sent a malformed case move");
    CaseMoveRecord& move = history.moves.emplace_back();
    CV_ASSIGN_OR_RETURN(move.moved_by, Id128::FromHex(parts[0]));
    CV_ASSIGN_OR_RETURN(move.from, StateNamed(parts[1]));
    CV_ASSIGN_OR_RETURN(move.to, StateNamed(parts[2]));
    CV_ASSIGN_OR_RETURN(move.at_micros, ParseInt(parts[3]));
    move.final_report = parts[4];
    CV_ASSIGN_OR_RETURN(move.sealed_reason, reply.GetHex("reason_" + n));
  }
  CV_ASSIGN_OR_RETURN(int64_t endorsements, reply.GetInt("endorsements"));
  for (int64_t i = 0; i < endorsements; ++i) {
    CV_ASSIGN_OR_RETURN(std::string line, reply.Get("endorsement_" + std::to_string(i)));
    const std::vector<std::string> parts = SplitFields(line, 4);
    if (parts.size() != 4) return CorruptionError("the server sent a malformed endorsement");
    EndorsementRecord& endorsement = history.endorsements.emplace_back();
    CV_ASSIGN_OR_RETURN(endorsement.endorsed_by, Id128::FromHex(parts[0]));
    endorsement.agency = parts[1];
    CV_ASSIGN_OR_RETURN(endorsement.outcome, StateNamed(parts[2]));
    CV_ASSIGN_OR_RETURN(endorsement.at_micros, ParseInt(parts[3]));
  }
  return history;
}

Status CaseAdministration::PurgeDrafts(const Id128& case_id) {
  return transport_.CallForm("POST", CasePath(case_id) + "/drafts/purge", ApiForm()).status();
}

}  // namespace casevault::client
