// chronology show|export: the integrated chronology of a case, merged from the shared workspace
// and the agency compartments this device may open (client/integrated_chronology.h). Both work
// offline; each is recorded, per compartment read, for the server's access log.
#include "casevault/client/chronology_csv.h"
#include "casevault/client/chronology_html.h"
#include "casevault/client/cli/command.h"
#include "casevault/client/export_file.h"
#include "casevault/client/integrated_chronology.h"
#include "casevault/schema/validation.h"
#include "common_options.h"

namespace casevault::client::cli {
namespace {

// The filter the options --agency, --subject, --from and --to give.
Result<ChronologyFilter> FilterOptions(const Arguments& args) {
  ChronologyFilter filter;
  filter.agency = args.Value("--agency");
  filter.subject = args.Value("--subject");
  using DateOption = std::pair<std::string_view, std::optional<schema::Date>*>;
  for (const auto& [name, date] : {DateOption{"--from", &filter.from}, {"--to", &filter.to}}) {
    const std::optional<std::string> text = args.Value(name);
    if (!text) continue;
    Result<schema::Date> parsed = schema::Date::Parse(*text);
    if (!parsed.ok()) {
      return InvalidArgumentError(std::string(name) + ": " + parsed.status().message());
    }
    *date = *parsed;
  }
  return filter;
}

// The filter in words, for the exported document; "" for none.
std::string DescribeFilter(const ChronologyFilter& filter) {
  std::string text;
  const auto add = [&text](std::string_view label, const std::string& value) {
    text += text.empty() ? "filtered by " : ", ";
    text += label;
    text += ' ';
    text += value;
  };
  if (filter.agency) add("agency", *filter.agency);
  if (filter.subject) add("involvement with", *filter.subject);
  if (filter.from) add("from", filter.from->ToString());
  if (filter.to) add("to", filter.to->ToString());
  return text;
}

// The case's chronology as `filter` selects it, after recording `action` on `object` in every
// compartment read.
Result<IntegratedChronology> ReadChronology(CommandContext& context, const ChronologyFilter& filter,
                                            std::string_view action, std::string_view object) {
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef shared, OpenCompartment(context, "shared"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(
      IntegratedChronology chronology,
      BuildIntegratedChronology(home->replica(), shared.case_id,
                                schema::DefaultPartnershipAgencies().known_agencies));
  for (const std::string& name : chronology.compartments_read) {
    CV_RETURN_IF_ERROR(home->replica().RecordOfflineRead(sync::CompartmentRef{shared.case_id, name},
                                                         action, object));
  }
  chronology.rows = FilterChronology(chronology.rows, filter);
  return chronology;
}

void WriteChronologyJson(JsonWriter& json, const IntegratedChronology& chronology) {
  json.BeginObject()
      .Field("case", chronology.case_id.ToHex())
      .Field("reference", chronology.case_reference)
      .Field("compartments", chronology.compartments_read);
  json.Key("entries").BeginArray();
  for (const ChronologyRow& row : chronology.rows) {
    json.BeginObject()
        .Field("record", row.record_id.ToHex())
        .Field("compartment", row.compartment)
        .Field("agency", row.agency)
        .Field("involvement_with", row.involvement_with)
        .Field("date_from", row.date_from.ToString());
    json.Key("date_to");
    row.date_to ? json.String(row.date_to->ToString()) : json.Null();
    json.Field("description", row.description);
    json.Key("child_seen");
    row.child_seen ? json.Bool(*row.child_seen) : json.Null();
    json.Field("child_seen_initials", row.child_seen_initials)
        .Field("what_went_well", row.what_went_well)
        .Field("worries", row.worries)
        .Field("statutory_requirements_not_met", row.statutory_requirements_not_met)
        .EndObject();
  }
  json.EndArray().EndObject();
}

// One labelled line of an entry's text, when it has something to say.
void TextLine(std::string& text, std::string_view label, const std::string& value) {
  if (value.empty()) return;
  text += "    ";
  text += label;
  text += value;
  text += '\n';
}

std::string ChronologyText(const IntegratedChronology& chronology) {
  if (chronology.rows.empty()) {
    return "no chronology entries on this device for case " + chronology.case_id.ToHex() + "\n";
  }
  std::string text;
  for (const ChronologyRow& row : chronology.rows) {
    text += row.date_from.ToString();
    text += row.date_to ? " to " + row.date_to->ToString() : std::string();
    text += "  ";
    text += row.agency;
    text += "  with ";
    text += row.involvement_with;
    text += "  [";
    text += row.compartment;
    text += "]\n";
    TextLine(text, "", row.description);
    if (row.child_seen) {
      TextLine(text, "child seen: ", (*row.child_seen ? "Y " : "N ") + row.child_seen_initials);
    }
    TextLine(text, "went well: ", row.what_went_well);
    TextLine(text, "worries: ", row.worries);
    TextLine(text, "statutory requirements not met: ", row.statutory_requirements_not_met);
  }
  return text;
}

Status ChronologyShow(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(ChronologyFilter filter, FilterOptions(context.args()));
  CV_ASSIGN_OR_RETURN(IntegratedChronology chronology,
                      ReadChronology(context, filter, "read-chronology", ""));
  JsonWriter json;
  WriteChronologyJson(json, chronology);
  return context.Output(json, ChronologyText(chronology));
}

Status ChronologyExport(CommandContext& context) {
  const std::string format = context.args().Value("--format").value_or("csv");
  if (format != "csv" && format != "html") {
    return InvalidArgumentError("--format is csv or html, not \"" + format + "\"");
  }
  const std::optional<std::string> output = context.args().Value("--output");
  const bool overwrite = context.args().Has("--overwrite");
  if (output) CV_RETURN_IF_ERROR(CheckExportTarget(context.env(), *output, overwrite));
  CV_ASSIGN_OR_RETURN(ChronologyFilter filter, FilterOptions(context.args()));
  CV_ASSIGN_OR_RETURN(IntegratedChronology chronology,
                      ReadChronology(context, filter, "export", "chronology-" + format));
  const std::string document =
      format == "csv"
          ? ChronologyCsv(chronology)
          : ChronologyHtml(chronology, context.env().NowMicros(), DescribeFilter(filter));
  if (!output) {
    std::fwrite(document.data(), 1, document.size(), context.out());
    return Status::Ok();
  }
  CV_RETURN_IF_ERROR(WriteExportFile(context.env(), *output, document, overwrite));
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("file", *output)
                            .Field("format", format)
                            .Field("entries", chronology.rows.size())
                            .EndObject(),
                        "wrote " + std::to_string(chronology.rows.size()) +
                            " chronology entries to " + *output + "\n");
}

constexpr std::string_view kFilterHelp =
    "  --case ID             the case\n"
    "  --agency ID           only this agency's entries (e.g. police)\n"
    "  --subject S           only entries whose involvement is with S (e.g. mother; any case)\n"
    "  --from YYYY-MM-DD     only entries that end on or after this day\n"
    "  --to YYYY-MM-DD       only entries that start on or before this day\n";

}  // namespace

std::vector<Command> ChronologyCommands() {
  static const std::string show_help =
      std::string(
          R"(Shows the case's integrated chronology: the chronology entries of the shared workspace (the
copies agencies submitted) and of every agency compartment this device holds a key of (an
entry submitted to shared is listed once), ordered by date from, date to, then agency. Works
offline; the read is recorded for the server's access log, once per compartment read.
)") + std::string(kFilterHelp);
  static const std::string export_help =
      std::string(
          R"(Exports the integrated chronology (as `chronology show` selects it) as CSV (RFC 4180, UTF-8,
a header row) or as one printable, self-contained HTML page, to --output FILE (written
atomically, mode 0600; an existing file is replaced only with --overwrite) or to standard output.
The export is recorded for the server's access log, once per compartment read.
  --format csv|html     the format (default csv)
  --output FILE         the file to write
  --overwrite           replace FILE if it exists
)") + std::string(kFilterHelp);
  const std::vector<std::string_view> filters = {"--case", "--agency", "--subject", "--from",
                                                 "--to"};
  std::vector<std::string_view> export_options = filters;
  export_options.insert(export_options.end(), {"--format", "--output", "--overwrite"});
  return {
      {"chronology show", "show a case's integrated chronology",
       "chronology show --case ID [--agency ID] [--subject S] [--from DATE] [--to DATE]", show_help,
       filters, 0, ChronologyShow},
      {"chronology export", "export the integrated chronology (CSV or HTML)",
       "chronology export --case ID [--agency ID] [--subject S] [--from DATE] [--to DATE] "
       "[--format csv|html] [--output FILE [--overwrite]]",
       export_help, export_options, 0, ChronologyExport},
  };
}

}  // namespace casevault::client::cli
