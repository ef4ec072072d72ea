// decision add|list: the case's information-sharing decisions (who shared what with whom and
// why; DOMAIN.md "decision record", seed 001 "Information Sharing"), kept in the shared
// workspace. Both work offline.
#include <algorithm>

#include "casevault/client/cli/command.h"
#include "casevault/client/records_of_type.h"
#include "common_options.h"
#include "record_creation.h"
#include "record_listing.h"

namespace casevault::client::cli {
namespace {

Status DecisionAdd(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef shared, OpenCompartment(context, "shared"));
  schema::Record record(schema::RecordType::kDecisionRecord);
  CV_RETURN_IF_ERROR(record.Set("decided_at", schema::DateTime{context.env().NowMicros()}));
  return AddRecord(context, shared, std::move(record));
}

Status DecisionList(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(
      SharedRecords listed,
      ReadSharedRecords(context, schema::RecordType::kDecisionRecord, "list-decisions"));
  const sync::CompartmentRef& shared = listed.shared;
  std::vector<IdentifiedRecord>& decisions = listed.records;
  const auto decided_at = [](const IdentifiedRecord& entry) {
    const schema::FieldValue* value = entry.record.Get("decided_at");
    const auto* instant = value == nullptr ? nullptr : std::get_if<schema::DateTime>(value);
    return instant == nullptr ? schema::DateTime{} : *instant;
  };
  std::stable_sort(decisions.begin(), decisions.end(),
                   [&](const IdentifiedRecord& a, const IdentifiedRecord& b) {
                     return decided_at(a) < decided_at(b);
                   });
  JsonWriter json;
  json.BeginObject().Field("case", shared.case_id.ToHex()).Key("decisions").BeginArray();
  std::string text;
  for (const IdentifiedRecord& entry : decisions) {
    WriteIdentifiedRecordJson(json, entry);
    const schema::Record& record = entry.record;
    text.append(FieldText(record, "decided_at"))
        .append("  ")
        .append(FieldText(record, "agency"))
        .append(" information ")
        .append(FieldText(record, "decision"))
        .append(" with ")
        .append(FieldText(record, "shared_with"))
        .append(", decided by ")
        .append(FieldText(record, "decided_by"))
        .append("  [")
        .append(entry.id.ToHex())
        .append("]\n    what: ")
        .append(FieldText(record, "information"))
        .append("\n    why: ")
        .append(FieldText(record, "reason"))
        .append("\n");
    const std::string basis = FieldText(record, "lawful_basis");
    if (!basis.empty()) text.append("    lawful basis: ").append(basis).append("\n");
  }
  json.EndArray().EndObject();
  if (decisions.empty()) {
    text.append("no information-sharing decisions recorded for case ")
        .append(shared.case_id.ToHex())
        .append(" on this device\n");
  }
  return context.Output(json, text);
}

}  // namespace

std::vector<Command> DecisionCommands() {
  static const std::string add_help =
      R"(Records an information-sharing decision in the case's shared workspace, on this device (offline
too; it reaches the server at your next sync): whose information (agency), who decided
(decided_by), with whom it was shared (shared_with), what (information), shared or refused
(decision), why (reason) and, optionally, the lawful basis. decided_at defaults to now.
  --case ID             the case
  --field NAME=VALUE    a field (repeat it), e.g. --field "reason=Needed for the rapid review"
  --edit NAME           write a text field (e.g. information) in $EDITOR
)";
  static const std::string list_help =
      R"(Lists the case's information-sharing decisions, oldest first (by decided_at). The read is
recorded for the server's access log. --json gives every field of each decision.
  --case ID             the case
)";
  return {
      {"decision add",
       "record an information-sharing decision (works offline)",
       "decision add --case ID --field NAME=VALUE... [--edit NAME]",
       add_help,
       {"--case", "--field", "--edit"},
       0,
       DecisionAdd},
      {"decision list",
       "list a case's information-sharing decisions by date",
       "decision list --case ID",
       list_help,
       {"--case"},
       0,
       DecisionList},
  };
}

}  // namespace casevault::client::cli
