// pseudonym add|list and publish: the case's list of real names and their pseudonyms, and the
// anonymised final report made from a report draft with it (client/publication.h). All work
// offline; reads and the export are recorded for the server's access log.
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/text_table.h"
#include "casevault/client/export_file.h"
#include "casevault/client/publication.h"
#include "casevault/client/records_of_type.h"
#include "common_options.h"
#include "record_creation.h"
#include "record_listing.h"

namespace casevault::client::cli {
namespace {

Status PseudonymAdd(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef shared, OpenCompartment(context, "shared"));
  return AddRecord(context, shared, schema::Record(schema::RecordType::kPseudonym));
}

Status PseudonymList(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(
      SharedRecords listed,
      ReadSharedRecords(context, schema::RecordType::kPseudonym, "list-pseudonyms"));
  const sync::CompartmentRef& shared = listed.shared;
  JsonWriter json;
  json.BeginObject().Field("case", shared.case_id.ToHex()).Key("pseudonyms").BeginArray();
  TextTable table({"KIND", "REAL NAME", "PSEUDONYM", "RECORD"});
  for (const IdentifiedRecord& entry : listed.records) {
    WriteIdentifiedRecordJson(json, entry);
    table.AddRow({FieldText(entry.record, "kind"), FieldText(entry.record, "real_name"),
                  FieldText(entry.record, "pseudonym"), entry.id.ToHex()});
  }
  json.EndArray().EndObject();
  return context.Output(json, table.empty() ? "no pseudonyms listed for case " +
                                                  shared.case_id.ToHex() + " on this device\n"
                                            : table.Render());
}

Status Publish(CommandContext& context) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(std::string output, args.Required("--output"));
  const std::string format = args.Value("--format").value_or("text");
  if (format != "text" && format != "html") {
    return InvalidArgumentError("--format is text or html, not \"" + format + "\"");
  }
  CV_ASSIGN_OR_RETURN(std::optional<int> version,
                      args.OptionalInt("--version", 1, std::numeric_limits<int>::max()));
  const bool overwrite = args.Has("--overwrite");
  CV_RETURN_IF_ERROR(CheckExportTarget(context.env(), output, overwrite));
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef shared, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(PublishedReport report,
                      AnonymiseReport(home->replica(), shared.case_id,
                                      version ? std::optional<int64_t>(*version) : std::nullopt));
  CV_RETURN_IF_ERROR(home->replica().RecordOfflineRead(shared, "export", report.draft_id.ToHex()));
  const std::string document = format == "text"
                                   ? PublishedReportText(report)
                                   : PublishedReportHtml(report, context.env().NowMicros());
  CV_RETURN_IF_ERROR(WriteExportFile(context.env(), output, document, overwrite));
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("file", output)
                            .Field("draft", report.draft_id.ToHex())
                            .Field("version", report.version)
                            .EndObject(),
                        "wrote the anonymised report (version " + std::to_string(report.version) +
                            ") to " + output + "\n");
}

}  // namespace

std::vector<Command> PublicationCommands() {
  static const std::string add_help =
      R"(Lists a real name to be replaced when the report is published, with its pseudonym, in the
case's shared workspace (offline too; it reaches the server at your next sync). Fields:
real_name, pseudonym, kind (child, family or practitioner). List full names and, separately,
any part used alone (a surname, a first name): the longest listed name is replaced first.
  --case ID             the case
  --field NAME=VALUE    e.g. --field "real_name=Anna Smith" --field "pseudonym=Child A"
                        --field kind=child
)";
  static const std::string list_help =
      R"(Lists the case's real names and their pseudonyms. The read is recorded for the server's
access log.
  --case ID             the case
)";
  static const std::string publish_help =
      R"(Writes the anonymised final report: the report_draft of --version (the highest version when
absent) with every listed real name replaced by its pseudonym (whole words, any case, longest
first, possessives kept). It is refused (exit 3, nothing written) when the case lists no
pseudonym for the child, or when afterwards a listed name, a word of a listed full name, or the
child's initials (from the case record) still appear: the message names it and its line.
The export is recorded for the server's access log.
  --case ID             the case
  --version N           the draft version to publish
  --output FILE         the file to write (atomically, mode 0600)
  --format text|html    plain UTF-8 text (default) or one printable, self-contained HTML page
  --overwrite           replace FILE if it exists
)";
  return {
      {"pseudonym add",
       "list a real name and its pseudonym for publication",
       "pseudonym add --case ID --field real_name=NAME --field pseudonym=NAME --field kind=KIND",
       add_help,
       {"--case", "--field"},
       0,
       PseudonymAdd},
      {"pseudonym list",
       "list a case's real names and pseudonyms",
       "pseudonym list --case ID",
       list_help,
       {"--case"},
       0,
       PseudonymList},
      {"publish",
       "write the anonymised final report",
       "publish --case ID [--version N] --output FILE [--format text|html] [--overwrite]",
       publish_help,
       {"--case", "--version", "--output", "--format", "--overwrite"},
       0,
       Publish},
  };
}

}  // namespace casevault::client::cli
