// record add|edit|show|list|history: a case's records in this device's replica. They work
// offline; changes reach the server at the next `casevault sync`. Every read is recorded and
// uploaded to the server's access log at the next sync.
#include <unistd.h>

#include "casevault/client/cli/command.h"
#include "casevault/client/cli/field_input.h"
#include "casevault/client/cli/record_view.h"
#include "casevault/client/cli/text_editor.h"
#include "casevault/client/cli/text_table.h"
#include "casevault/schema/validation.h"
#include "common_options.h"
#include "record_creation.h"

namespace casevault::client::cli {
namespace {

Result<schema::RecordType> TypeOption(const Arguments& args) {
  CV_ASSIGN_OR_RETURN(std::string name, args.Required("--type"));
  return schema::RecordTypeFromName(name);
}

// Where the file handed to the editor lives: in memory ($XDG_RUNTIME_DIR) when there is one,
// else the device's home directory.
Result<std::string> EditingDir(CommandContext& context) {
  std::optional<std::string> runtime = context.Variable("XDG_RUNTIME_DIR");
  if (runtime && !runtime->empty() && ::access(runtime->c_str(), W_OK) == 0) return *runtime;
  return context.HomeDir();
}

// Lets the person edit text field --edit of `record` in $VISUAL or $EDITOR (vi by default).
Status EditInEditor(CommandContext& context, schema::Record& record) {
  std::optional<std::string> name = context.args().Value("--edit");
  if (!name) return Status::Ok();
  const schema::FieldSpec* field = schema::FindField(record.spec(), *name);
  if (field == nullptr ||
      (field->type != schema::FieldType::kText && field->type != schema::FieldType::kLongText)) {
    return InvalidArgumentError("--edit takes a text field of a " +
                                std::string(record.spec().name) + ", not \"" + *name + "\"");
  }
  std::string editor = context.Variable("VISUAL").value_or("");
  if (editor.empty()) editor = context.Variable("EDITOR").value_or("vi");
  const schema::FieldValue* current = record.Get(*name);
  const std::string* text = current == nullptr ? nullptr : std::get_if<std::string>(current);
  CV_ASSIGN_OR_RETURN(std::string dir, EditingDir(context));
  CV_ASSIGN_OR_RETURN(std::string edited, EditText(editor, dir, text == nullptr ? "" : *text));
  if (edited.empty()) {
    record.Clear(*name);
    return Status::Ok();
  }
  return record.Set(*name, std::move(edited));
}

Status Validate(const schema::Record& record) {
  Status valid = schema::ValidateRecord(record, schema::DefaultPartnershipAgencies());
  if (valid.ok()) return valid;
  return InvalidArgumentError(valid.message() + "; nothing was saved. A " +
                              std::string(record.spec().name) + " has these fields:\n" +
                              DescribeFields(record.spec()));
}

// The fields whose values differ between `before` and `after`.
std::vector<std::string> ChangedFields(const schema::Record& before, const schema::Record& after) {
  std::vector<std::string> changed;
  for (const schema::FieldSpec& field : after.spec().fields) {
    const schema::FieldValue* old_value = before.Get(field.name);
    const schema::FieldValue* new_value = after.Get(field.name);
    const bool same = old_value == nullptr || new_value == nullptr ? old_value == new_value
                                                                   : *old_value == *new_value;
    if (!same) changed.emplace_back(field.name);
  }
  return changed;
}

Status RecordAdd(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(schema::RecordType type, TypeOption(context.args()));
  if (type == schema::RecordType::kSecuredFile) {
    return InvalidArgumentError("secure files with `casevault file secure`");
  }
  // Drafts and factual-accuracy comments live apart, so they can be purged at the review's end.
  const bool draft_work = type == schema::RecordType::kReportDraft ||
                          type == schema::RecordType::kFactualAccuracyComment;
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where,
                      OpenCompartment(context, draft_work ? "drafts" : "shared"));
  return AddRecord(context, where, schema::Record(type));
}

Status RecordEdit(CommandContext& context) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_RETURN_IF_ERROR(RequireKey(*home, where));
  CV_ASSIGN_OR_RETURN(sync::RecordState state, RecordOption(context, where));
  CV_ASSIGN_OR_RETURN(const schema::Record before, state.ToRecord());
  schema::Record record = before;
  CV_RETURN_IF_ERROR(ApplyAssignments(record, args.Values("--field")));
  for (const std::string& name : args.Values("--clear")) {
    if (schema::FindField(record.spec(), name) == nullptr) {
      return InvalidArgumentError("a " + std::string(record.spec().name) + " has no field \"" +
                                  name + "\"");
    }
    record.Clear(name);
  }
  CV_RETURN_IF_ERROR(EditInEditor(context, record));
  CV_RETURN_IF_ERROR(Validate(record));
  CV_RETURN_IF_ERROR(home->replica().writer().Update(where, state.record_id, record));
  const std::vector<std::string> changed = ChangedFields(before, record);
  std::string names;
  for (const std::string& name : changed) names += (names.empty() ? "" : ", ") + name;
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("record", state.record_id.ToHex())
                            .Field("changed", changed)
                            .EndObject(),
                        changed.empty()
                            ? "nothing changed\n"
                            : "record " + state.record_id.ToHex() + " updated (" + names +
                                  "); it reaches the server at your next sync\n");
}

Status RecordShow(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(sync::RecordState state, RecordOption(context, where));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_RETURN_IF_ERROR(
      home->replica().RecordOfflineRead(where, "read-record", state.record_id.ToHex()));
  JsonWriter json;
  WriteRecordJson(json, state);
  return context.Output(json, RecordText(state));
}

Status RecordList(CommandContext& context) {
  std::optional<schema::RecordType> only;
  if (context.args().Has("--type")) {
    CV_ASSIGN_OR_RETURN(only, TypeOption(context.args()));
  }
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(std::vector<Id128> ids, home->replica().ListRecords(where));
  CV_RETURN_IF_ERROR(home->replica().RecordOfflineRead(where, "list-records", ""));
  JsonWriter json;
  json.BeginObject().Field("case", where.case_id.ToHex()).Field("compartment", where.name);
  json.Key("records").BeginArray();
  TextTable table({"RECORD", "TYPE", "CONFLICT", "SUMMARY"});
  for (const Id128& id : ids) {
    CV_ASSIGN_OR_RETURN(sync::RecordState state, home->replica().writer().State(where, id));
    if (!state.type || state.deleted || (only && *state.type != *only)) continue;
    const std::string type(schema::RecordTypeName(*state.type));
    const std::string label = RecordLabel(state);
    table.AddRow({id.ToHex(), type, state.HasConflicts() ? "yes" : "-", label});
    json.BeginObject()
        .Field("record", id.ToHex())
        .Field("type", type)
        .Field("conflict", state.HasConflicts())
        .Field("summary", label)
        .EndObject();
  }
  return context.Output(json.EndArray().EndObject(),
                        table.empty() ? "no records in " + where.name + " of case " +
                                            where.case_id.ToHex() + " on this device\n"
                                      : table.Render());
}

Status RecordHistory(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(Id128 record_id, context.args().RequiredId("--record"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(std::vector<sync::StoredOp> ops,
                      home->replica().OpsOfRecord(where, record_id));
  if (ops.empty()) {
    return NotFoundError("no record " + record_id.ToHex() + " in " + where.name +
                         " on this device (`casevault record list` shows them)");
  }
  CV_RETURN_IF_ERROR(home->replica().RecordOfflineRead(where, "read-history", record_id.ToHex()));
  JsonWriter json;
  json.BeginObject().Field("record", record_id.ToHex()).Key("history");
  WriteHistoryJson(json, ops);
  return context.Output(json.EndObject(), HistoryText(ops, home->device().device_id()));
}

constexpr std::string_view kWhere =
    "  --case ID             the case\n"
    "  --compartment NAME    shared (the default), drafts or agency:<id>; record add puts a\n"
    "                        report_draft or factual_accuracy_comment in drafts by default\n";

}  // namespace

Status AddRecord(CommandContext& context, const sync::CompartmentRef& where,
                 schema::Record record) {
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_RETURN_IF_ERROR(RequireKey(*home, where));
  CV_RETURN_IF_ERROR(ApplyAssignments(record, context.args().Values("--field")));
  CV_RETURN_IF_ERROR(EditInEditor(context, record));
  CV_RETURN_IF_ERROR(Validate(record));
  CV_ASSIGN_OR_RETURN(Id128 record_id, home->replica().writer().Create(where, record));
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("record", record_id.ToHex())
                            .Field("type", record.spec().name)
                            .Field("compartment", where.name)
                            .EndObject(),
                        "record " + record_id.ToHex() + " (" + std::string(record.spec().name) +
                            ") added to " + where.name +
                            "; it reaches the server at your next sync\n");
}

std::vector<Command> RecordCommands() {
  static const std::string add_help =
      std::string(
          R"(Adds a record of --type to the compartment, on this device: it works offline and reaches
the server at your next sync. Fields are given as --field name=value (repeat it); --edit NAME
opens a text field in $EDITOR. Dates are YYYY-MM-DD, yes/no fields take yes or no.
Types: case, agency_involvement, referral, agency_summary, chronology_entry,
terms_of_reference, timeline_milestone, rapid_review_report, declaration_of_interest,
confidentiality_agreement, meeting_note, report_draft, factual_accuracy_comment,
action_plan_item, family_contribution, decision_record, pseudonym. A record that lacks a
required field is refused with the list of the type's fields. The editor ($VISUAL, $EDITOR,
else vi) gets the text in a private temporary file (in $XDG_RUNTIME_DIR when set, else the
device's directory), overwritten and removed as soon as it exits.
)") + std::string(kWhere);
  static const std::string edit_help =
      std::string(
          R"(Changes fields of a record on this device (offline too): --field name=value sets one,
--clear NAME clears one, --edit NAME opens a text field in $EDITOR. Edits made elsewhere at the
same time merge at sync; a true conflict is kept for a person (`casevault conflict list`).
)") + std::string(kWhere);
  static const std::string show_help =
      "Shows a record's fields, marking conflicts. The read is recorded and reaches the server's\n"
      "access log at your next sync. Past the case's offline lease, sync first.\n" +
      std::string(kWhere);
  static const std::string list_help =
      "Lists the records of the compartment on this device (--type to list one type only).\n" +
      std::string(kWhere);
  static const std::string history_help =
      "Lists every change to a record: when, by which device, which fields, and whether the\n"
      "server has it yet.\n" +
      std::string(kWhere);
  return {
      {"record add",
       "add a record (works offline)",
       "record add --case ID [--compartment NAME] --type TYPE [--field NAME=VALUE]... [--edit "
       "NAME]",
       add_help,
       {"--case", "--compartment", "--type", "--field", "--edit"},
       0,
       RecordAdd},
      {"record edit",
       "change a record's fields (works offline)",
       "record edit --case ID [--compartment NAME] --record ID [--field NAME=VALUE]... [--clear "
       "NAME]... [--edit NAME]",
       edit_help,
       {"--case", "--compartment", "--record", "--field", "--clear", "--edit"},
       0,
       RecordEdit},
      {"record show",
       "show a record",
       "record show --case ID [--compartment NAME] --record ID",
       show_help,
       {"--case", "--compartment", "--record"},
       0,
       RecordShow},
      {"record list",
       "list a compartment's records",
       "record list --case ID [--compartment NAME] [--type TYPE]",
       list_help,
       {"--case", "--compartment", "--type"},
       0,
       RecordList},
      {"record history",
       "list the changes to a record",
       "record history --case ID [--compartment NAME] --record ID",
       history_help,
       {"--case", "--compartment", "--record"},
       0,
       RecordHistory},
  };
}

}  // namespace casevault::client::cli
