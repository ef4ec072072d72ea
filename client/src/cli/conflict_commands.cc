// conflict list|resolve: edits made at the same time on two devices that sync could not merge,
// shown to a person and settled by them.
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/field_input.h"
#include "casevault/client/cli/record_view.h"
#include "common_options.h"

namespace casevault::client::cli {
namespace {

Status ConflictList(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(std::vector<Id128> ids, home->replica().ListRecords(where));
  CV_RETURN_IF_ERROR(home->replica().RecordOfflineRead(where, "list-conflicts", ""));
  JsonWriter json;
  json.BeginObject().Field("case", where.case_id.ToHex()).Field("compartment", where.name);
  json.Key("conflicts").BeginArray();
  std::string text;
  for (const Id128& id : ids) {
    CV_ASSIGN_OR_RETURN(sync::RecordState state, home->replica().writer().State(where, id));
    if (!state.HasConflicts()) continue;
    WriteConflictsJson(json, state);
    text += ConflictsText(state, home->device().device_id());
  }
  if (text.empty()) {
    text = "no conflicts in " + where.name + " of case " + where.case_id.ToHex() + "\n";
  } else {
    text +=
        "\nsettle one with `casevault conflict resolve --case ID --record ID --field NAME --pick "
        "N` (or --value VALUE)\n";
  }
  return context.Output(json.EndArray().EndObject(), text);
}

// The value field `name` of `state` is settled to: version --pick N, or --value (empty clears).
Result<std::optional<schema::FieldValue>> ChosenValue(const Arguments& args,
                                                      const sync::RecordState& state,
                                                      const std::string& name) {
  auto field = state.fields.find(name);
  if (field == state.fields.end() || !field->second.conflict) {
    return InvalidArgumentError("field " + name + " of record " + state.record_id.ToHex() +
                                " is not in conflict (change it with `casevault record edit`)");
  }
  const std::vector<sync::FieldVersion>& versions = field->second.versions;
  if (args.Has("--pick") == args.Has("--value")) {
    return InvalidArgumentError("give --pick N (a version `conflict list` numbers) or --value");
  }
  if (args.Has("--pick")) {
    CV_ASSIGN_OR_RETURN(std::optional<int> pick,
                        args.OptionalInt("--pick", 1, static_cast<int>(versions.size())));
    return versions[static_cast<size_t>(*pick - 1)].value;
  }
  const std::string text = args.Value("--value").value_or("");
  if (text.empty()) return std::optional<schema::FieldValue>();
  const schema::FieldSpec* spec = schema::FindField(schema::SpecOf(*state.type), name);
  if (spec == nullptr) return InvalidArgumentError("a record of this type has no field " + name);
  CV_ASSIGN_OR_RETURN(schema::FieldValue value, ParseFieldValue(*spec, text));
  return std::optional<schema::FieldValue>(std::move(value));
}

Status ConflictResolve(CommandContext& context) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_RETURN_IF_ERROR(RequireKey(*home, where));
  CV_ASSIGN_OR_RETURN(sync::RecordState state, RecordOption(context, where));
  sync::LocalWriter& writer = home->replica().writer();
  const int choices =
      int{args.Has("--field")} + int{args.Has("--restore")} + int{args.Has("--delete")};
  if (choices != 1) {
    return InvalidArgumentError(
        "give one of --field NAME (with --pick or --value), --restore or "
        "--delete");
  }
  std::string settled;
  if (args.Has("--field")) {
    CV_ASSIGN_OR_RETURN(std::string name, args.Required("--field"));
    CV_ASSIGN_OR_RETURN(std::optional<schema::FieldValue> value, ChosenValue(args, state, name));
    CV_RETURN_IF_ERROR(writer.Resolve(where, state.record_id, name, value));
    settled = "field " + name;
  } else {
    if (!state.delete_conflict) {
      return InvalidArgumentError("record " + state.record_id.ToHex() + " has no delete conflict");
    }
    CV_RETURN_IF_ERROR(args.Has("--restore") ? writer.Restore(where, state.record_id)
                                             : writer.Delete(where, state.record_id));
    settled = args.Has("--restore") ? "kept the record" : "deleted the record";
  }
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("record", state.record_id.ToHex())
                            .Field("resolved", settled)
                            .EndObject(),
                        "record " + state.record_id.ToHex() + ": " + settled +
                            " resolved; it reaches the server at your next sync\n");
}

}  // namespace

std::vector<Command> ConflictCommands() {
  return {
      {"conflict list",
       "list edits that need a person to settle them",
       "conflict list --case ID [--compartment NAME]",
       R"(Lists the fields edited at the same time on two devices whose versions sync could not
merge, numbering each field's versions (1 is the one shown), and records deleted on one device
while edited on another.
  --compartment NAME    shared (the default) or agency:<id>
)",
       {"--case", "--compartment"},
       0,
       ConflictList},
      {"conflict resolve",
       "settle a conflict",
       "conflict resolve --case ID [--compartment NAME] --record ID (--field NAME (--pick N | "
       "--value VALUE) | --restore | --delete)",
       R"(Settles a conflict: --field NAME with --pick N keeps version N of `conflict list`, with
--value VALUE writes a new value (an empty one clears the field); for a record deleted while
edited, --restore keeps it and --delete deletes it. Works offline; the choice reaches the
others at the next sync.
)",
       {"--case", "--compartment", "--record", "--field", "--pick", "--value", "--restore",
        "--delete"},
       0,
       ConflictResolve},
  };
}

}  // namespace casevault::client::cli
