// deadlines: the due dates of a case, or the overdue and due-soon ones of every case, from the
// records on this device (offline). Reading a case's deadlines is recorded for its access log.
#include <time.h>

#include "casevault/client/case_deadlines.h"
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/text_table.h"

namespace casevault::client::cli {
namespace {

using schema::BankHolidayCalendar;
using schema::DeadlinePolicy;
using schema::DeadlineStatus;

// The files in the device's directory that replace the bundled calendar and default lengths.
constexpr std::string_view kLocalCalendarFile = "bank_holidays.txt";
constexpr std::string_view kLocalSettingsFile = "deadlines.conf";

// The calendar and policy a listing uses, and where they came from.
struct DeadlineSetup {
  BankHolidayCalendar calendar = BankHolidayCalendar::EnglandAndWales();
  std::string calendar_source = "bundled England and Wales";
  DeadlinePolicy policy;
  std::string policy_source = "defaults";
  schema::Date today;
};

// `option`'s file, else `local_name` in the device's directory when it exists; nullopt for none.
Result<std::optional<std::string>> SettingFile(CommandContext& context, std::string_view option,
                                               std::string_view local_name) {
  if (std::optional<std::string> given = context.args().Value(option)) return given;
  CV_ASSIGN_OR_RETURN(std::string home, context.HomeDir());
  std::string local = home + "/";
  local += local_name;
  if (!context.env().FileExists(local)) return std::optional<std::string>();
  return std::optional<std::string>(std::move(local));
}

// Today's date in the local time zone.
schema::Date LocalToday(Env& env) {
  const time_t now = static_cast<time_t>(env.NowMicros() / 1'000'000);
  struct tm local {};
  localtime_r(&now, &local);
  return schema::Date{local.tm_year + 1900, static_cast<uint8_t>(local.tm_mon + 1),
                      static_cast<uint8_t>(local.tm_mday)};
}

Result<DeadlineSetup> Setup(CommandContext& context) {
  DeadlineSetup setup;
  if (std::optional<std::string> today = context.args().Value("--today")) {
    Result<schema::Date> parsed = schema::Date::Parse(*today);
    if (!parsed.ok()) return InvalidArgumentError("--today: " + parsed.status().message());
    setup.today = *parsed;
  } else {
    setup.today = LocalToday(context.env());
  }
  CV_ASSIGN_OR_RETURN(std::optional<std::string> calendar,
                      SettingFile(context, "--calendar", kLocalCalendarFile));
  if (calendar) {
    CV_ASSIGN_OR_RETURN(setup.calendar, BankHolidayCalendar::Load(context.env(), *calendar));
    setup.calendar_source = *calendar;
  }
  CV_ASSIGN_OR_RETURN(std::optional<std::string> settings,
                      SettingFile(context, "--settings", kLocalSettingsFile));
  if (settings) {
    CV_ASSIGN_OR_RETURN(setup.policy, DeadlinePolicy::Load(context.env(), *settings));
    setup.policy_source = *settings;
  }
  return setup;
}

std::string DueText(const CaseDeadline& deadline) {
  return deadline.due ? deadline.due->ToString() : "-";
}

std::string ForText(const CaseDeadline& deadline) {
  return deadline.subject.empty() ? deadline.purpose
                                  : deadline.purpose + " [" + deadline.subject + "]";
}

// What the last column says: the record meeting it, what it waits for, or what would meet it.
std::string NoteText(const CaseDeadline& deadline) {
  if (!deadline.met_by.empty()) return deadline.met_by;
  if (deadline.status == DeadlineStatus::kWaiting) {
    std::string note = "not yet due (waiting for ";
    note += deadline.waiting_for;
    note += ")";
    return note;
  }
  return "needs " + deadline.satisfied_by;
}

bool Flagged(const CaseDeadline& deadline) {
  return deadline.status == DeadlineStatus::kOverdue || deadline.status == DeadlineStatus::kDueSoon;
}

void WriteDeadlineJson(JsonWriter& json, const CaseDeadline& deadline) {
  json.Field("id", deadline.id).Field("purpose", deadline.purpose);
  json.Field("subject", deadline.subject);
  json.Key("due");
  if (deadline.due) {
    json.String(deadline.due->ToString());
  } else {
    json.Null();
  }
  json.Field("status", schema::DeadlineStatusName(deadline.status));
  json.Field("met_by", deadline.met_by);
  json.Field("met_by_record", deadline.met_by_record ? deadline.met_by_record->ToHex() : "");
  json.Field("waiting_for", deadline.waiting_for);
  json.Field("satisfied_by", deadline.satisfied_by);
}

// The deadlines of the case, once it may be opened here; the read goes to its access log.
Result<std::vector<CaseDeadline>> ReadDeadlines(CommandContext& context, DeviceHome& home,
                                                const Id128& case_id, const DeadlineSetup& setup) {
  CV_RETURN_IF_ERROR(context.OpenCase(case_id));
  CV_ASSIGN_OR_RETURN(
      std::vector<CaseDeadline> deadlines,
      ListCaseDeadlines(home.replica(), case_id, setup.today, setup.policy, setup.calendar));
  CV_RETURN_IF_ERROR(home.replica().RecordOfflineRead({case_id, "shared"}, "read-deadlines", ""));
  return deadlines;
}

std::string SetupLine(const DeadlineSetup& setup) {
  std::string line = "on ";
  line += setup.today.ToString();
  line += "; calendar: ";
  line += setup.calendar_source;
  line += " (";
  line += std::to_string(setup.calendar.first_year());
  line += "-";
  line += std::to_string(setup.calendar.last_year());
  line += "); lengths: ";
  line += setup.policy_source;
  line += "\n";
  return line;
}

Status ListOneCase(CommandContext& context, DeviceHome& home, const Id128& case_id,
                   const DeadlineSetup& setup) {
  CV_ASSIGN_OR_RETURN(std::vector<CaseDeadline> deadlines,
                      ReadDeadlines(context, home, case_id, setup));
  JsonWriter json;
  json.BeginObject()
      .Field("case", case_id.ToHex())
      .Field("today", setup.today.ToString())
      .Field("calendar", setup.calendar_source)
      .Field("settings", setup.policy_source);
  json.Key("deadlines").BeginArray();
  TextTable table({"DUE", "STATUS", "DEADLINE", "FOR", "MET BY / NOTE"});
  for (const CaseDeadline& deadline : deadlines) {
    json.BeginObject();
    WriteDeadlineJson(json, deadline);
    json.EndObject();
    table.AddRow({DueText(deadline), std::string(schema::DeadlineStatusName(deadline.status)),
                  deadline.id, ForText(deadline), NoteText(deadline)});
  }
  json.EndArray().EndObject();
  std::string text = "deadlines of case ";
  text += case_id.ToHex();
  text += " ";
  text += SetupLine(setup);
  text += table.Render();
  return context.Output(json, text);
}

Status ListFlagged(CommandContext& context, DeviceHome& home, const DeadlineSetup& setup) {
  CV_ASSIGN_OR_RETURN(std::vector<Id128> cases, home.replica().KnownCases());
  JsonWriter json;
  json.BeginObject().Field("today", setup.today.ToString()).Key("flagged").BeginArray();
  TextTable table({"CASE", "DUE", "STATUS", "DEADLINE", "FOR"});
  std::vector<std::pair<std::string, std::string>> skipped;
  for (const Id128& case_id : cases) {
    Result<std::vector<CaseDeadline>> deadlines = ReadDeadlines(context, home, case_id, setup);
    if (deadlines.status().code() == StatusCode::kFailedPrecondition) {
      skipped.emplace_back(case_id.ToHex(), deadlines.status().message());
      continue;
    }
    CV_RETURN_IF_ERROR(deadlines.status());
    for (const CaseDeadline& deadline : *deadlines) {
      if (!Flagged(deadline)) continue;
      json.BeginObject().Field("case", case_id.ToHex());
      WriteDeadlineJson(json, deadline);
      json.EndObject();
      table.AddRow({case_id.ToHex(), DueText(deadline),
                    std::string(schema::DeadlineStatusName(deadline.status)), deadline.id,
                    ForText(deadline)});
    }
  }
  json.EndArray().Key("skipped").BeginArray();
  std::string text = "overdue and due-soon deadlines of the cases on this device ";
  text += SetupLine(setup);
  text += table.empty() ? "none\n" : table.Render();
  for (const auto& [case_hex, reason] : skipped) {
    json.BeginObject().Field("case", case_hex).Field("reason", reason).EndObject();
    text += "case " + case_hex + " not checked: " + reason + "\n";
  }
  return context.Output(json.EndArray().EndObject(), text);
}

Status Deadlines(CommandContext& context) {
  const std::vector<std::string>& words = context.args().words();
  std::optional<Id128> case_id;
  if (words.size() > 1) {
    Result<Id128> id = Id128::FromHex(words[1]);
    if (!id.ok()) {
      return InvalidArgumentError("CASE is a case id of 32 hex digits, not \"" + words[1] + "\"");
    }
    case_id = *id;
  } else if (context.args().Has("--case")) {
    CV_ASSIGN_OR_RETURN(case_id, context.args().RequiredId("--case"));
  }
  CV_ASSIGN_OR_RETURN(DeadlineSetup setup, Setup(context));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  if (case_id) return ListOneCase(context, *home, *case_id, setup);
  return ListFlagged(context, *home, setup);
}

// The deadline ids, their default lengths and what they count from, for --help.
std::string RulesHelp() {
  std::string text = "deadlines (id, default length, counted from):\n";
  for (const schema::DeadlineRule& rule : schema::ReviewDeadlineRules()) {
    text += "  ";
    text += rule.id;
    text += " = ";
    text += std::to_string(rule.default_length.amount);
    text += rule.default_length.unit == schema::DurationUnit::kMonths ? " months" : " working_days";
    text += rule.before_anchor ? " before " : " after ";
    text += schema::AnchorDescription(rule.anchor);
    text += "\n";
  }
  return text;
}

}  // namespace

std::vector<Command> DeadlineCommands() {
  static const std::string help =
      std::string(
          R"(Lists the due dates of case CASE (or --case ID), counted in working days (weekends and
bank holidays of England and Wales excluded) or months from the dates in its records: what each
is for, the record that meets it, and its status: done, overdue, due soon (today or within 2
working days), upcoming, or waiting (the date it counts from is not recorded yet). Action plan
items past their due date and not complete are overdue; desk-top reviews of the rapid review
decision fall 6 and 12 months after it. Without CASE, lists the overdue and due-soon deadlines
of every case on this device. Works offline; the read is recorded for the case's access log.
  --today YYYY-MM-DD  the day to judge by (default: today's local date)
  --calendar FILE     bank holidays, one "YYYY-MM-DD Name" a line, # for comments (default:
                      bank_holidays.txt in the device's directory if present, else the bundled
                      England and Wales calendar, 2018-2030)
  --settings FILE     the partnership's lengths, one `deadline_id = N working_days` or
                      `deadline_id = N months` a line (default: deadlines.conf in the device's
                      directory if present, else the defaults below)
The case's dates: case notified_date (the local authority became aware), referral_received_date
(else a referral's date_received), decision_date (to hold a rapid review), cspr_decision_date,
publication_date; a rapid_review_report's endorsed_on (else meeting_date); report_draft
circulated_on. A timeline_milestone named after a deadline id and marked complete meets it.
)") + RulesHelp();
  return {
      {"deadlines",
       "list a case's due dates, or what is overdue in every case",
       "deadlines [CASE] [--today YYYY-MM-DD] [--calendar FILE] [--settings FILE]",
       help,
       {"--case", "--today", "--calendar", "--settings"},
       1,
       Deadlines},
  };
}

}  // namespace casevault::client::cli
