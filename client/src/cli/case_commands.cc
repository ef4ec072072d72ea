// case create|list|show|state|lease|close: running cases on the server.
#include "casevault/client/case_administration.h"
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/display_format.h"
#include "casevault/client/cli/text_table.h"
#include "casevault/crypto/random_id.h"

namespace casevault::client::cli {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ",") + item;
  return text.empty() ? "-" : text;
}

Result<std::string> LastSync(DeviceHome& home, const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(std::optional<int64_t> synced, home.replica().CaseSyncedAt(case_id));
  return synced ? DisplayTime(*synced) : std::string("never");
}

Status CaseCreate(CommandContext& context) {
  Id128 case_id = crypto::NewRandomId();
  if (context.args().Has("--case")) {
    CV_ASSIGN_OR_RETURN(case_id, context.args().RequiredId("--case"));
  }
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_RETURN_IF_ERROR(CaseAdministration(*server).OpenCase(case_id));
  const std::string id = case_id.ToHex();
  return context.Output(
      JsonWriter().BeginObject().Field("case", id).Field("state", "referred").EndObject(),
      "case " + id + " opened (state referred); you run it as its business unit\n" +
          "next: casevault agreement sign --case " + id + "\n" +
          "      casevault interest declare --case " + id + "\n" +
          "      casevault member add --case " + id + " --user ID --role ROLE ...\n" +
          "      casevault sync\n");
}

// The cases this device holds, when the server cannot be reached.
Status ListOffline(CommandContext& context, DeviceHome& home, const Status& unreachable) {
  CV_ASSIGN_OR_RETURN(std::vector<Id128> cases, home.replica().KnownCases());
  JsonWriter json;
  json.BeginObject().Field("offline", true).Key("cases").BeginArray();
  TextTable table({"CASE", "LAST SYNC"});
  for (const Id128& case_id : cases) {
    CV_ASSIGN_OR_RETURN(std::string last, LastSync(home, case_id));
    table.AddRow({case_id.ToHex(), last});
    json.BeginObject().Field("case", case_id.ToHex()).Field("last_sync", last).EndObject();
  }
  if (!context.json()) {
    std::fprintf(context.err(), "casevault: %s\nthe cases on this device, as of their last sync:\n",
                 unreachable.message().c_str());
  }
  return context.Output(json.EndArray().EndObject(),
                        table.empty() ? "no cases on this device\n" : table.Render());
}

Status CaseList(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  Result<std::vector<CaseSummary>> cases = CaseAdministration(*server).ListCases();
  if (cases.status().code() == StatusCode::kUnavailable) {
    return ListOffline(context, *home, cases.status());
  }
  CV_RETURN_IF_ERROR(cases.status());
  JsonWriter json;
  json.BeginObject().Field("offline", false).Key("cases").BeginArray();
  TextTable table({"CASE", "STATE", "ROLES", "GRANTS", "COMPARTMENTS", "LAST SYNC"});
  for (const CaseSummary& summary : *cases) {
    CV_ASSIGN_OR_RETURN(std::string last, LastSync(*home, summary.case_id));
    table.AddRow({summary.case_id.ToHex(), summary.state, Joined(summary.roles),
                  Joined(summary.grants), Joined(summary.compartments), last});
    json.BeginObject()
        .Field("case", summary.case_id.ToHex())
        .Field("state", summary.state)
        .Field("roles", summary.roles)
        .Field("grants", summary.grants)
        .Field("compartments", summary.compartments)
        .Field("last_sync", last)
        .EndObject();
  }
  return context.Output(
      json.EndArray().EndObject(),
      table.empty() ? "you hold no role or grant on any case yet\n" : table.Render());
}

Status CaseShow(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_ASSIGN_OR_RETURN(CaseRoster roster, CaseAdministration(*server).Roster(case_id));
  JsonWriter json;
  json.BeginObject().Field("case", case_id.ToHex()).Field("state", roster.state);
  json.Key("roster").BeginArray();
  TextTable table({"NAME", "ORGANISATION", "USER", "HOLDS", "COMPARTMENT", "UNTIL"});
  for (const RosterLine& line : roster.lines) {
    const std::string until = line.expires_micros ? DisplayTime(*line.expires_micros) : "-";
    table.AddRow({line.name, line.organisation, line.user_id.ToHex(), line.held,
                  line.compartment.empty() ? "-" : line.compartment, until});
    json.BeginObject()
        .Field("user", line.user_id.ToHex())
        .Field("name", line.name)
        .Field("organisation", line.organisation)
        .Field("holds", line.held)
        .Field("compartment", line.compartment)
        .Field("until", line.expires_micros ? until : "")
        .EndObject();
  }
  return context.Output(json.EndArray().EndObject(), "case " + case_id.ToHex() + "\nstate: " +
                                                         roster.state + "\n\n" + table.Render());
}

Status CaseState(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(std::string name, context.args().Required("--state"));
  std::optional<sync::CaseState> state = sync::CaseStateFromName(name);
  if (!state || *state == sync::CaseState::kClosed) {
    return InvalidArgumentError(
        "--state is referred, rapid_review, cspr, other_learning_review or no_further_action "
        "(close a case with `casevault case close`)");
  }
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_RETURN_IF_ERROR(CaseAdministration(*server).SetState(case_id, *state));
  return context.Output(
      JsonWriter().BeginObject().Field("case", case_id.ToHex()).Field("state", name).EndObject(),
      "case " + case_id.ToHex() + " is now " + name + "\n");
}

Status SetCaseLease(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(
      std::optional<int> days,
      context.args().OptionalInt("--days", sync::kMinLeaseDays, sync::kMaxLeaseDays));
  if (!days) return InvalidArgumentError("give --days (1 to 90)");
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_RETURN_IF_ERROR(CaseAdministration(*server).SetLeaseDays(case_id, *days));
  std::string text = "the offline lease of case ";
  text.append(case_id.ToHex())
      .append(" is now ")
      .append(std::to_string(*days))
      .append(
          " days: each device applies it from its next sync, and the case then stops\n"
          "opening on a device that has not synced for that long\n");
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("case", case_id.ToHex())
                            .Field("lease_days", *days)
                            .EndObject(),
                        text);
}

Status CaseClose(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  CV_ASSIGN_OR_RETURN(uint64_t destroyed, CaseAdministration(*server).CloseCase(case_id));
  CV_RETURN_IF_ERROR(home->replica().WipeCase(case_id));
  return context.Output(
      JsonWriter()
          .BeginObject()
          .Field("case", case_id.ToHex())
          .Field("chunks_destroyed", destroyed)
          .EndObject(),
      "case " + case_id.ToHex() + " closed: the server destroyed its keys, records and " +
          std::to_string(destroyed) +
          " file chunks (its access log stays);\nit was removed from this device, and every "
          "other device removes it at its next sync\n");
}

}  // namespace

std::vector<Command> CaseCommands() {
  return {
      {"case create",
       "open a new case (business unit staff)",
       "case create [--case ID]",
       R"(Opens a case on the server with you as its business unit (only business unit staff may).
Its id is new unless --case gives one. Then sign the agreements, assign the roles, and sync:
your first sync creates the case's keys.
)",
       {"--case"},
       0,
       CaseCreate},
      {"case list",
       "list the cases you hold a role or grant on",
       "case list",
       R"(Lists your cases with your roles, grants and the compartments they open, and when each last
synced here. When the server cannot be reached, lists the cases on this device instead.
)",
       {},
       0,
       CaseList},
      {"case show",
       "show a case's state and who holds which role",
       "case show --case ID",
       "Shows the case's state and its roster: every role and grant, who holds it, until when.\n",
       {"--case"},
       0,
       CaseShow},
      {"case state",
       "move a case to another state (business unit)",
       "case state --case ID --state STATE",
       R"(Moves the case to referred, rapid_review, cspr, other_learning_review or
no_further_action (which makes it read-only).
)",
       {"--case", "--state"},
       0,
       CaseState},
      {"case lease",
       "set how long the case stays open offline (business unit)",
       "case lease --case ID --days N",
       R"(Sets the case's offline lease (1 to 90 days; 14 by default): on each device, the case
stops opening when it has not synced with the server for that long, until it syncs again.
Devices learn the new lease at their next sync.
)",
       {"--case", "--days"},
       0,
       SetCaseLease},
      {"case close",
       "close a case and destroy it everywhere (business unit)",
       "case close --case ID",
       R"(Ends the review: the server destroys the case's keys, records, grants and file chunks (its
access-log entries stay), this device removes its copy at once and every other device at its
next sync. It cannot be undone.
)",
       {"--case"},
       0,
       CaseClose},
  };
}

}  // namespace casevault::client::cli
