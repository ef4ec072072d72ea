// case create|list|show|state|lease|endorse|history|close: running cases on the server.
#include "casevault/client/case_administration.h"
#include "casevault/client/case_move_reason.h"
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/display_format.h"
#include "casevault/client/cli/text_table.h"
#include "casevault/crypto/random_id.h"
#include "casevault/sync/case_state.h"

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

// The move `context` asks for to `to`: its --reason sealed for the case's members and, when
// given, its --final-report, which must be a report draft this device holds.
Result<CaseMove> AskedMove(CommandContext& context, DeviceHome& home, const Id128& case_id,
                           sync::CaseState to) {
  CV_ASSIGN_OR_RETURN(std::string reason, context.args().Required("--reason"));
  CaseMove move;
  CV_ASSIGN_OR_RETURN(move.sealed_reason, SealMoveReason(home.replica(), case_id, to, reason));
  if (context.args().Has("--final-report")) {
    CV_ASSIGN_OR_RETURN(Id128 report, context.args().RequiredId("--final-report"));
    Result<schema::Record> record = home.replica().GetRecord({case_id, "shared"}, report);
    if (!record.ok() || record->type() != schema::RecordType::kReportDraft) {
      return InvalidArgumentError(
          "--final-report must name a report_draft record of the case's "
          "shared compartment on this device (see `casevault record "
          "list`; sync first if it is new)");
    }
    move.final_report = report.ToHex();
  }
  return move;
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
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(CaseMove move, AskedMove(context, *home, case_id, *state));
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  CV_RETURN_IF_ERROR(CaseAdministration(*server).SetState(case_id, *state, move));
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

Status CaseEndorse(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(std::string name, context.args().Required("--outcome"));
  const std::optional<sync::CaseState> outcome = sync::CaseStateFromName(name);
  if (!outcome || !sync::IsRapidReviewOutcome(*outcome)) {
    return InvalidArgumentError("--outcome is cspr, other_learning_review or no_further_action");
  }
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_RETURN_IF_ERROR(CaseAdministration(*server).Endorse(case_id, *outcome));
  return context.Output(
      JsonWriter().BeginObject().Field("case", case_id.ToHex()).Field("endorsed", name).EndObject(),
      "you endorsed " + name + " as the rapid review's outcome for your agency\n");
}

Status CaseHistoryCommand(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  CV_ASSIGN_OR_RETURN(CaseHistory history, CaseAdministration(*server).History(case_id));
  JsonWriter json;
  json.BeginObject().Field("case", case_id.ToHex()).Key("moves").BeginArray();
  TextTable moves({"when", "by", "from", "to", "reason"});
  for (const CaseMoveRecord& move : history.moves) {
    Result<std::string> reason =
        OpenMoveReason(home->replica(), case_id, move.to, move.sealed_reason);
    const std::string shown = reason.ok() ? *reason : "(sealed: sync this case to read it)";
    const std::string from(sync::CaseStateName(move.from));
    const std::string to(sync::CaseStateName(move.to));
    moves.AddRow({DisplayTime(move.at_micros), move.moved_by.ToHex(), from, to, shown});
    json.BeginObject()
        .Field("at", DisplayTime(move.at_micros))
        .Field("by", move.moved_by.ToHex())
        .Field("from", from)
        .Field("to", to)
        .Field("reason", shown)
        .Field("final_report", move.final_report)
        .EndObject();
  }
  json.EndArray().Key("endorsements").BeginArray();
  TextTable endorsements({"when", "by", "agency", "outcome"});
  for (const EndorsementRecord& endorsement : history.endorsements) {
    const std::string outcome(sync::CaseStateName(endorsement.outcome));
    endorsements.AddRow({DisplayTime(endorsement.at_micros), endorsement.endorsed_by.ToHex(),
                         endorsement.agency, outcome});
    json.BeginObject()
        .Field("at", DisplayTime(endorsement.at_micros))
        .Field("by", endorsement.endorsed_by.ToHex())
        .Field("agency", endorsement.agency)
        .Field("outcome", outcome)
        .EndObject();
  }
  return context.Output(json.EndArray().EndObject(),
                        "moves of case " + case_id.ToHex() + ":\n" + moves.Render() +
                            "\nendorsements of the rapid review outcome:\n" +
                            endorsements.Render());
}

Status CaseClose(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(CaseMove move, AskedMove(context, *home, case_id, sync::CaseState::kClosed));
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  CV_ASSIGN_OR_RETURN(uint64_t destroyed, CaseAdministration(*server).CloseCase(case_id, move));
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
       "case state --case ID --state STATE --reason TEXT",
       R"(Moves the case along the review process, recording who and why:
  referred -> rapid_review or no_further_action (the triage's decision)
  rapid_review -> cspr, other_learning_review or no_further_action, once the safeguarding lead
    of every statutory partner on the case (at least three) endorsed that outcome
    (`casevault case endorse`)
  no_further_action -> rapid_review (reopened on new information)
no_further_action makes the case read-only. The reason is sealed on this device for the
case's members: the server keeps it but cannot read it. Sync the case first.
)",
       {"--case", "--state", "--reason"},
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
      {"case endorse",
       "endorse the rapid review's outcome (safeguarding lead)",
       "case endorse --case ID --outcome cspr|other_learning_review|no_further_action",
       R"(Records that you, as safeguarding lead of your agency, endorse this outcome of the rapid
review. The business unit can move the case to it once every statutory partner has.
)",
       {"--case", "--outcome"},
       0,
       CaseEndorse},
      {"case history",
       "show a case's moves between states, who made them and why",
       "case history --case ID",
       R"(Lists every move of the case's state (when, who, from, to, and the reason, opened with
this device's key of the case's shared compartment) and the endorsements of the rapid
review's outcome.
)",
       {"--case"},
       0,
       CaseHistoryCommand},
      {"case close",
       "close a case and destroy it everywhere (business unit)",
       "case close --case ID --reason TEXT [--final-report RECORD]",
       R"(Ends the review: the server destroys the case's keys, records, grants and file chunks (its
access-log entries stay), this device removes its copy at once and every other device at its
next sync. It cannot be undone. A case with no further action closes with a reason; a review
(cspr, other_learning_review) also needs --final-report, the id of its final report_draft.
)",
       {"--case", "--reason", "--final-report"},
       0,
       CaseClose},
  };
}

}  // namespace casevault::client::cli
