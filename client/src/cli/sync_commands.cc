// sync, log show, log verify: the exchange with the server, and its access log.
#include "casevault/client/case_log.h"
#include "casevault/client/case_sync.h"
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/display_format.h"
#include "casevault/client/cli/progress_bar.h"
#include "casevault/client/log_audit.h"
#include "common_options.h"

namespace casevault::client::cli {
namespace {

std::string Count(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string CompartmentLine(const CompartmentOutcome& outcome) {
  const CompartmentSyncReport& report = outcome.report;
  std::string line = "  " + outcome.compartment + ": " +
                     Count(report.ops.pushed, "change", "changes") + " sent, " +
                     Count(report.ops.pulled, "change", "changes") + " received (" +
                     Count(report.ops.changed_records.size(), "record", "records") + " changed)";
  if (report.files_sent + report.files_received > 0) {
    line += ", " + Count(report.files_sent, "file", "files") + " up, " +
            Count(report.files_received, "file", "files") + " down";
  }
  if (!report.files_waiting.empty()) {
    line += ", " + Count(report.files_waiting.size(), "file", "files") + " still to come";
  }
  if (!report.ops.rejected.empty()) {
    line += ", " + Count(report.ops.rejected.size(), "change", "changes") + " refused as invalid";
  }
  if (outcome.reads_uploaded > 0) {
    line += ", " + Count(outcome.reads_uploaded, "read", "reads") + " logged";
  }
  if (outcome.keys_rotated) line += ", keys rotated";
  return line + "\n";
}

std::string SummaryText(const CaseSyncReport& report) {
  std::string text;
  for (const CaseOutcome& outcome : report.cases) {
    const std::string id = outcome.case_id.ToHex();
    if (outcome.wiped) {
      text += "case " + id + " removed from this device: " + outcome.wipe_reason + "\n";
      continue;
    }
    text += "case " + id + " (" + outcome.state + ")\n";
    for (const CompartmentOutcome& compartment : outcome.compartments) {
      text += CompartmentLine(compartment);
    }
    if (!outcome.error.ok()) text += "  did not sync in full: " + outcome.error.message() + "\n";
  }
  if (report.cases.empty()) text += "you hold no role or grant on any case yet\n";
  return text + "access log verified: " + std::to_string(report.audited_log_size) + " entries\n";
}

void WriteSummaryJson(JsonWriter& json, const CaseSyncReport& report) {
  json.BeginObject().Key("cases").BeginArray();
  for (const CaseOutcome& outcome : report.cases) {
    json.BeginObject()
        .Field("case", outcome.case_id.ToHex())
        .Field("state", outcome.state)
        .Field("wiped", outcome.wiped)
        .Field("wipe_reason", outcome.wipe_reason)
        .Field("error", outcome.error.message());
    json.Key("compartments").BeginArray();
    for (const CompartmentOutcome& compartment : outcome.compartments) {
      const CompartmentSyncReport& sync = compartment.report;
      json.BeginObject()
          .Field("compartment", compartment.compartment)
          .Field("sent", sync.ops.pushed)
          .Field("received", sync.ops.pulled)
          .Field("records_changed", sync.ops.changed_records.size())
          .Field("rejected", sync.ops.rejected.size())
          .Field("files_sent", sync.files_sent)
          .Field("files_received", sync.files_received)
          .Field("files_waiting", sync.files_waiting.size())
          .Field("reads_uploaded", compartment.reads_uploaded)
          .Field("keys_rotated", compartment.keys_rotated)
          .EndObject();
    }
    json.EndArray().EndObject();
  }
  json.EndArray().Field("audited_log_size", report.audited_log_size).EndObject();
}

Status Sync(CommandContext& context) {
  std::optional<sync::CompartmentRef> only;
  if (context.args().Has("--case")) {
    CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
    CV_ASSIGN_OR_RETURN(only, CompartmentOption(context.args(), case_id, "shared"));
  } else if (context.args().Has("--compartment")) {
    return InvalidArgumentError("--compartment needs --case");
  }
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  // On a terminal, what the sync is doing shows on one line that the summary replaces;
  // otherwise each step is a line on standard error, for logs.
  const bool terminal = context.ErrIsTerminal();
  ProgressBar bar(terminal ? context.err() : nullptr);
  CaseSyncOptions options;
  options.only = only;
  options.progress = [&](std::string_view line) {
    if (terminal) {
      bar.Say(line);
    } else {
      std::fprintf(context.err(), "%.*s\n", static_cast<int>(line.size()), line.data());
    }
  };
  if (terminal) {
    options.file_progress = [&](uint64_t done, uint64_t total, uint64_t bytes) {
      bar.Update(
          "file", done, total,
          std::to_string(done) + "/" + std::to_string(total) + " chunks, " + DisplaySize(bytes));
    };
  }
  Result<CaseSyncReport> report = SyncCases(*home, options);
  bar.Clear();
  CV_RETURN_IF_ERROR(report.status());
  JsonWriter json;
  WriteSummaryJson(json, *report);
  CV_RETURN_IF_ERROR(context.Output(json, SummaryText(*report)));
  for (const CaseOutcome& outcome : report->cases) {
    if (!outcome.error.ok()) {
      return Status(outcome.error.code(), "case " + outcome.case_id.ToHex() +
                                              " did not sync in full: " + outcome.error.message());
    }
  }
  return Status::Ok();
}

Status LogShow(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  CV_ASSIGN_OR_RETURN(std::vector<LoggedAccess> entries, ReadCaseLog(*server, case_id));
  JsonWriter json;
  json.BeginObject().Field("case", case_id.ToHex()).Key("entries").BeginArray();
  std::string text;
  for (const LoggedAccess& entry : entries) {
    json.BeginObject()
        .Field("index", entry.index)
        .Field("time", DisplayTime(entry.time_micros))
        .Field("user", entry.user_id.ToHex())
        .Field("device", entry.device_id.ToHex())
        .Field("compartment", entry.compartment)
        .Field("action", entry.action)
        .Field("object", entry.object_id)
        .Field("allowed", entry.allowed)
        .Field("reason", entry.reason)
        .Field("happened", entry.happened_at_micros ? DisplayTime(*entry.happened_at_micros) : "")
        .EndObject();
    text += DisplayTime(entry.time_micros) + "  user " + entry.user_id.ToHex() + "  " +
            entry.action + (entry.compartment.empty() ? "" : " " + entry.compartment) +
            (entry.object_id.empty() ? "" : " " + entry.object_id) + "  " +
            (entry.allowed ? "allowed" : "REFUSED") + ": " + entry.reason +
            (entry.happened_at_micros
                 ? " (read offline at " + DisplayTime(*entry.happened_at_micros) + ")"
                 : "") +
            "\n";
  }
  json.EndArray().EndObject();
  text += std::to_string(entries.size()) + " entries\n";
  return context.Output(json, text);
}

Status LogVerify(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  CV_ASSIGN_OR_RETURN(std::optional<TrustedLog> before, home->replica().LoadTrustedLog());
  const uint64_t before_size = before ? before->checkpoint.tree_size : 0;
  CV_ASSIGN_OR_RETURN(sync::Checkpoint checkpoint, AuditAccessLog(home->replica(), *server));
  return context.Output(
      JsonWriter()
          .BeginObject()
          .Field("verified", true)
          .Field("size", checkpoint.tree_size)
          .Field("previous_size", before_size)
          .Field("root", ToHex(checkpoint.root))
          .Field("signed_at", DisplayTime(checkpoint.time_micros))
          .EndObject(),
      "access log verified: " + std::to_string(checkpoint.tree_size) +
          " entries, checkpoint signed by the server's log key at " +
          DisplayTime(checkpoint.time_micros) + "\n" +
          (before_size > 0 ? "it extends the " + std::to_string(before_size) +
                                 "-entry log this device verified before: nothing was "
                                 "removed or rewritten\n"
                           : "this device had not verified the log before; it now holds "
                             "the server to this checkpoint\n"));
}

}  // namespace

std::vector<Command> SyncCommands() {
  return {
      {"sync",
       "exchange changes and files with the server",
       "sync [--case ID [--compartment NAME]]",
       R"(Syncs every case you may see: brings the compartment keys up to date (creating, sharing or
rotating them), sends your changes and secured files, receives the others', uploads the reads
made here, and audits the server's access log. A case that synced in full starts a fresh
offline lease. A closed case, or one you no longer hold a role or grant on, is removed from
this device; a revoked device removes every case. The server unreachable: retried with
backoff, then exit 5 with nothing lost. Progress goes to standard error (a bar for files on a
terminal); the summary of what came and went to standard output.
With --case, syncs only that case's --compartment (default shared), whether or not you may
open it: the server decides, and refuses (exit 3, logged) what you may not.
)",
       {"--case", "--compartment"},
       0,
       Sync},
      {"log show",
       "list a case's access-log entries",
       "log show --case ID",
       R"(Lists who did what on the case, from which device, when, and whether the server allowed
it: every entry for the business unit and the safeguarding leads, your own entries for other
members (exit 3 for someone with no role or grant on the case). Reads made offline show when
they happened. The request itself is logged.
)",
       {"--case"},
       0,
       LogShow},
      {"log verify",
       "prove the server's access log was not rewritten",
       "log verify",
       R"(Fetches the server's newest signed checkpoint of its access log, checks its signature with
the log key the server gave at enrolment and, against the checkpoint this device verified
before, the consistency proof: a log that dropped or rewrote an entry is caught (exit 1).
)",
       {},
       0,
       LogVerify},
  };
}

}  // namespace casevault::client::cli
