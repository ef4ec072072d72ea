#include "casevault/client/case_deadlines.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "casevault/schema/review_deadlines.h"

namespace casevault::client {
namespace {

using schema::Date;
using schema::DeadlineKind;
using schema::DeadlineRule;
using schema::Record;
using schema::RecordType;

// The longest action text shown as a purpose.
constexpr size_t kActionPurposeChars = 60;

struct CaseRecord {
  Id128 id;
  Record record;
};

// The record that meets a deadline, and how, e.g. "agency_summary date_submitted 2025-12-29".
struct Met {
  std::string how;
  Id128 record;
};

std::optional<Date> DateField(const Record& record, std::string_view name) {
  const schema::FieldValue* value = record.Get(name);
  const Date* date = value == nullptr ? nullptr : std::get_if<Date>(value);
  return date == nullptr ? std::nullopt : std::optional<Date>(*date);
}

std::string TextField(const Record& record, std::string_view name) {
  const schema::FieldValue* value = record.Get(name);
  const std::string* text = value == nullptr ? nullptr : std::get_if<std::string>(value);
  return text == nullptr ? std::string() : *text;
}

// The earlier of two optional dates (either when the other is absent).
std::optional<Date> Earliest(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

// What meets a deadline: a record holding `field` (and, for meeting notes, of `kind`).
struct Evidence {
  std::string_view rule;
  RecordType type;
  std::string_view field;
  std::string_view kind;  // the meeting_note kind required; "" for any record of the type
};

constexpr Evidence kEvidence[] = {
    {"national_panel_notification", RecordType::kRapidReviewReport, "national_panel_notified_on",
     ""},
    {"triage_meeting", RecordType::kMeetingNote, "held_on", "triage_meeting"},
    {"triage_meeting", RecordType::kRapidReviewReport, "statutory_partners_met_on", ""},
    {"rapid_review_meeting", RecordType::kMeetingNote, "held_on", "rapid_review_meeting"},
    {"rapid_review_meeting", RecordType::kRapidReviewReport, "meeting_date", ""},
    {"rapid_review_to_panel", RecordType::kRapidReviewReport, "submitted_to_panel_on", ""},
    {"lead_reviewer_appointed", RecordType::kTermsOfReference, "lead_reviewer", ""},
};

class CaseRecords {
 public:
  explicit CaseRecords(std::vector<CaseRecord> records) : records_(std::move(records)) {}

  std::vector<const CaseRecord*> OfType(RecordType type) const {
    std::vector<const CaseRecord*> found;
    for (const CaseRecord& record : records_) {
      if (record.record.type() == type) found.push_back(&record);
    }
    return found;
  }

  schema::CaseDates Dates() const {
    schema::CaseDates dates;
    const std::vector<const CaseRecord*> cases = OfType(RecordType::kCase);
    if (!cases.empty()) {
      const Record& case_record = cases.front()->record;
      dates.aware_of_incident = DateField(case_record, "notified_date");
      dates.referral_received = DateField(case_record, "referral_received_date");
      dates.rapid_review_decision = DateField(case_record, "decision_date");
      dates.cspr_decision = DateField(case_record, "cspr_decision_date");
      dates.publication = DateField(case_record, "publication_date");
    }
    if (!dates.referral_received) {
      for (const CaseRecord* referral : OfType(RecordType::kReferral)) {
        dates.referral_received =
            Earliest(dates.referral_received, DateField(referral->record, "date_received"));
      }
    }
    for (const CaseRecord* report : OfType(RecordType::kRapidReviewReport)) {
      std::optional<Date> decided = DateField(report->record, "endorsed_on");
      if (!decided) decided = DateField(report->record, "meeting_date");
      dates.rapid_review_outcome = Earliest(dates.rapid_review_outcome, decided);
    }
    return dates;
  }

  // The timeline_milestone named `name` marked complete (or cancelled, when `or_cancelled`).
  std::optional<Met> Milestone(std::string_view name, bool or_cancelled) const {
    for (const CaseRecord* milestone : OfType(RecordType::kTimelineMilestone)) {
      const std::string status = TextField(milestone->record, "status");
      if (TextField(milestone->record, "milestone") != name ||
          !(status == "complete" || (or_cancelled && status == "cancelled"))) {
        continue;
      }
      Met met{"timeline_milestone " + status, milestone->id};
      if (std::optional<Date> on = DateField(milestone->record, "completed_on")) {
        met.how += " on " + on->ToString();
      }
      return met;
    }
    return std::nullopt;
  }

  // The record meeting rule `rule`, if any.
  std::optional<Met> MetBy(std::string_view rule) const {
    if (std::optional<Met> milestone = Milestone(rule, false)) return milestone;
    for (const auto& evidence : kEvidence) {
      if (evidence.rule != rule) continue;
      for (const CaseRecord* record : OfType(evidence.type)) {
        const schema::FieldValue* value = record->record.Get(evidence.field);
        if (value == nullptr ||
            (!evidence.kind.empty() && TextField(record->record, "kind") != evidence.kind)) {
          continue;
        }
        Met met{std::string(schema::RecordTypeName(evidence.type)), record->id};
        met.how += " ";
        met.how += evidence.field;
        met.how += " ";
        met.how += schema::FormatFieldValue(*value);
        return met;
      }
    }
    return std::nullopt;
  }

  // Every agency the case involves: those of agency_involvement and agency_summary records.
  std::set<std::string> Agencies() const {
    std::set<std::string> agencies;
    for (RecordType type : {RecordType::kAgencyInvolvement, RecordType::kAgencySummary}) {
      for (const CaseRecord* record : OfType(type)) {
        agencies.insert(TextField(record->record, "agency"));
      }
    }
    return agencies;
  }

  // The agency_summary of `agency` that has been submitted, if any.
  std::optional<Met> SubmittedSummary(const std::string& agency) const {
    for (const CaseRecord* summary : OfType(RecordType::kAgencySummary)) {
      std::optional<Date> submitted = DateField(summary->record, "date_submitted");
      if (TextField(summary->record, "agency") != agency || !submitted) continue;
      return Met{"agency_summary date_submitted " + submitted->ToString(), summary->id};
    }
    return std::nullopt;
  }

 private:
  std::vector<CaseRecord> records_;
};

// The deadline of `rule` due on `due` (or waiting for `waiting_for`), met by `met` if present.
CaseDeadline FromRule(const DeadlineRule& rule, const std::optional<Date>& due,
                      std::string waiting_for, const std::optional<Met>& met) {
  CaseDeadline deadline;
  deadline.id = rule.id;
  deadline.purpose = rule.purpose;
  deadline.due = due;
  deadline.waiting_for = std::move(waiting_for);
  deadline.satisfied_by = rule.satisfied_by;
  if (met) {
    deadline.met_by = met->how;
    deadline.met_by_record = met->record;
  }
  return deadline;
}

// The deadlines one rule deadline stands for: one per agency for agency returns.
void AddRuleDeadline(const schema::ReviewDeadline& computed, const CaseRecords& records,
                     std::vector<CaseDeadline>& out) {
  const DeadlineRule& rule = *computed.rule;
  if (rule.id != "agency_returns") {
    out.push_back(FromRule(rule, computed.due, computed.waiting_for, records.MetBy(rule.id)));
    return;
  }
  const std::set<std::string> agencies = records.Agencies();
  if (agencies.empty()) {
    CaseDeadline deadline = FromRule(rule, computed.due, computed.waiting_for, std::nullopt);
    deadline.satisfied_by += " (no involved agency recorded yet: add agency_involvement records)";
    out.push_back(std::move(deadline));
    return;
  }
  for (const std::string& agency : agencies) {
    CaseDeadline deadline =
        FromRule(rule, computed.due, computed.waiting_for, records.SubmittedSummary(agency));
    deadline.subject = agency;
    out.push_back(std::move(deadline));
  }
}

// The factual-accuracy window of each circulated draft (one waiting entry when none is).
Status AddDraftWindows(const CaseRecords& records, const schema::DeadlinePolicy& policy,
                       const schema::BankHolidayCalendar& calendar,
                       std::vector<CaseDeadline>& out) {
  const DeadlineRule& rule = *schema::FindDeadlineRule("factual_accuracy_comments");
  bool any = false;
  for (const CaseRecord* draft : records.OfType(RecordType::kReportDraft)) {
    std::optional<Date> circulated = DateField(draft->record, "circulated_on");
    if (!circulated) continue;
    CV_ASSIGN_OR_RETURN(Date due, schema::DueDateOf(rule, *circulated, policy, calendar));
    CaseDeadline deadline = FromRule(rule, due, "", std::nullopt);
    deadline.subject = "draft ";
    if (const schema::FieldValue* version = draft->record.Get("version")) {
      deadline.subject += "version ";
      deadline.subject += schema::FormatFieldValue(*version);
    }
    out.push_back(std::move(deadline));
    any = true;
  }
  if (!any) {
    out.push_back(FromRule(rule, std::nullopt, std::string(schema::AnchorDescription(rule.anchor)),
                           std::nullopt));
  }
  return Status::Ok();
}

// `text`'s first line, cut to kActionPurposeChars.
std::string Headline(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > kActionPurposeChars) line = line.substr(0, kActionPurposeChars - 3) + "...";
  return line;
}

// Each action_plan_item and each timeline_milestone that is not a rule's, by its own due date.
std::vector<CaseDeadline> RecordDueDates(const CaseRecords& records) {
  std::vector<CaseDeadline> out;
  for (const CaseRecord* item : records.OfType(RecordType::kActionPlanItem)) {
    CaseDeadline deadline;
    deadline.id = "action_plan_item";
    deadline.purpose = Headline(TextField(item->record, "action"));
    deadline.subject = TextField(item->record, "owner_agency");
    deadline.due = DateField(item->record, "due_date");
    deadline.satisfied_by = "the action_plan_item's status complete";
    if (TextField(item->record, "status") == "complete") {
      deadline.met_by = "action_plan_item complete";
      if (std::optional<Date> on = DateField(item->record, "completed_on")) {
        deadline.met_by += " on " + on->ToString();
      }
      deadline.met_by_record = item->id;
    }
    out.push_back(std::move(deadline));
  }
  for (const CaseRecord* milestone : records.OfType(RecordType::kTimelineMilestone)) {
    const std::string name = TextField(milestone->record, "milestone");
    if (schema::FindDeadlineRule(name) != nullptr) continue;
    CaseDeadline deadline;
    deadline.id = "timeline_milestone";
    deadline.purpose = Headline(name);
    deadline.due = DateField(milestone->record, "due_date");
    deadline.satisfied_by = "the timeline_milestone's status complete";
    if (std::optional<Met> met = records.Milestone(name, true)) {
      deadline.met_by = met->how;
      deadline.met_by_record = met->record;
    }
    out.push_back(std::move(deadline));
  }
  std::sort(out.begin(), out.end(), [](const CaseDeadline& a, const CaseDeadline& b) {
    return std::tie(a.due, a.id, a.purpose, a.subject) <
           std::tie(b.due, b.id, b.purpose, b.subject);
  });
  return out;
}

Result<CaseRecords> ReadSharedRecords(Replica& replica, const Id128& case_id) {
  const CompartmentRef shared{case_id, "shared"};
  CV_ASSIGN_OR_RETURN(std::vector<Id128> ids, replica.ListRecords(shared));
  std::vector<CaseRecord> records;
  records.reserve(ids.size());
  for (const Id128& id : ids) {
    CV_ASSIGN_OR_RETURN(Record record, replica.GetRecord(shared, id));
    records.push_back(CaseRecord{id, std::move(record)});
  }
  return CaseRecords(std::move(records));
}

}  // namespace

Result<std::vector<CaseDeadline>> ListCaseDeadlines(Replica& replica, const Id128& case_id,
                                                    const schema::Date& today,
                                                    const schema::DeadlinePolicy& policy,
                                                    const schema::BankHolidayCalendar& calendar) {
  CV_ASSIGN_OR_RETURN(CaseRecords records, ReadSharedRecords(replica, case_id));
  CV_ASSIGN_OR_RETURN(std::vector<schema::ReviewDeadline> computed,
                      schema::ComputeReviewDeadlines(records.Dates(), policy, calendar));
  std::vector<CaseDeadline> deadlines;
  for (const schema::ReviewDeadline& deadline : computed) {
    AddRuleDeadline(deadline, records, deadlines);
  }
  CV_RETURN_IF_ERROR(AddDraftWindows(records, policy, calendar, deadlines));
  std::vector<CaseDeadline> own = RecordDueDates(records);
  deadlines.insert(deadlines.end(), std::make_move_iterator(own.begin()),
                   std::make_move_iterator(own.end()));
  for (CaseDeadline& deadline : deadlines) {
    const DeadlineRule* rule = schema::FindDeadlineRule(deadline.id);
    const DeadlineKind kind = rule == nullptr ? DeadlineKind::kDueBy : rule->kind;
    CV_ASSIGN_OR_RETURN(
        deadline.status,
        schema::ClassifyDeadline(deadline.due, !deadline.met_by.empty(), kind, today, calendar));
  }
  return deadlines;
}

}  // namespace casevault::client
