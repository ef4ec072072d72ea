// file secure|get|list: an agency's secured files, encrypted in chunks in this device's
// replica. Securing works offline; the file reaches the server at the next sync.
#include <algorithm>

#include "casevault/client/cli/command.h"
#include "casevault/client/cli/display_format.h"
#include "casevault/client/cli/progress_bar.h"
#include "casevault/client/cli/text_table.h"
#include "casevault/schema/record_type.h"
#include "common_options.h"

namespace casevault::client::cli {
namespace {

// The text of field `name` of `record` as shown ("" when unset).
std::string FieldText(const schema::Record& record, std::string_view name) {
  const schema::FieldValue* value = record.Get(name);
  return value == nullptr ? "" : schema::FormatFieldValue(*value);
}

// The size of the secured file `record` describes.
int64_t SizeOf(const schema::Record& record) {
  const schema::FieldValue* size = record.Get("size_bytes");
  const int64_t* bytes = size == nullptr ? nullptr : std::get_if<int64_t>(size);
  return bytes == nullptr ? 0 : *bytes;
}

// When the secured file `record` describes was secured, as DisplayTime shows it.
std::string SecuredAt(const schema::Record& record) {
  const schema::FieldValue* at = record.Get("uploaded_at");
  const schema::DateTime* time = at == nullptr ? nullptr : std::get_if<schema::DateTime>(at);
  return time == nullptr ? "" : DisplayTime(time->micros_since_epoch_utc);
}

// Progress on standard error when it is a terminal.
ProgressCallback Progress(CommandContext& context, ProgressBar& bar, std::string label) {
  if (!context.ErrIsTerminal()) return {};
  return [&bar, label = std::move(label)](uint64_t done, uint64_t total) {
    bar.Update(label, done, total, DisplaySize(done) + " of " + DisplaySize(total));
  };
}

Status FileSecure(CommandContext& context) {
  const Arguments& args = context.args();
  if (args.words().size() != 3) {
    return InvalidArgumentError(
        "name the file to secure: casevault file secure --case ID "
        "--compartment agency:<id> PATH");
  }
  const std::string& source = args.words()[2];
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, ""));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_RETURN_IF_ERROR(RequireKey(*home, where));
  ProgressBar bar(context.ErrIsTerminal() ? context.err() : nullptr);
  FileImportOptions options;
  options.display_name = args.Value("--name").value_or("");
  options.media_type = args.Value("--media-type").value_or("");
  options.uploaded_by = "user " + home->settings().user_id.ToHex();
  options.progress = Progress(context, bar, "securing");
  CV_ASSIGN_OR_RETURN(Id128 file_id, home->replica().ImportFile(where, source, options));
  bar.Clear();
  CV_ASSIGN_OR_RETURN(schema::Record record, home->replica().GetRecord(where, file_id));
  return context.Output(
      JsonWriter()
          .BeginObject()
          .Field("file", file_id.ToHex())
          .Field("name", FieldText(record, "name"))
          .Field("size_bytes", SizeOf(record))
          .Field("compartment", where.name)
          .EndObject(),
      "file " + file_id.ToHex() + " secured in " + where.name + ": " + FieldText(record, "name") +
          ", " + FieldText(record, "size_bytes") +
          " bytes, encrypted in chunks; it reaches the server at your next sync\n");
}

Status FileGet(CommandContext& context) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(Id128 file_id, args.RequiredId("--file"));
  CV_ASSIGN_OR_RETURN(std::string destination, args.Required("--to"));
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, ""));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_RETURN_IF_ERROR(home->replica().RecordOfflineRead(where, "export-file", file_id.ToHex()));
  ProgressBar bar(context.ErrIsTerminal() ? context.err() : nullptr);
  FileExportOptions options;
  options.overwrite = args.Has("--overwrite");
  options.progress = Progress(context, bar, "decrypting");
  Status exported = home->replica().ExportFile(where, file_id, destination, options);
  bar.Clear();
  if (exported.code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError(destination + " exists: give another --to, or --overwrite");
  }
  CV_RETURN_IF_ERROR(exported);
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("file", file_id.ToHex())
                            .Field("to", destination)
                            .EndObject(),
                        "file " + file_id.ToHex() + " written to " + destination +
                            " (every chunk and the whole-file hash verified)\n");
}

Status FileList(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, OpenCompartment(context, ""));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(std::vector<Id128> ids, home->replica().ListRecords(where));
  CV_ASSIGN_OR_RETURN(std::vector<ReplicaFile> arriving, home->replica().FilesToDownload(where));
  CV_RETURN_IF_ERROR(home->replica().RecordOfflineRead(where, "list-files", ""));
  JsonWriter json;
  json.BeginObject().Field("case", where.case_id.ToHex()).Field("compartment", where.name);
  json.Key("files").BeginArray();
  TextTable table({"FILE", "NAME", "SIZE", "SECURED", "BY", "HERE"});
  for (const Id128& id : ids) {
    CV_ASSIGN_OR_RETURN(schema::Record record, home->replica().GetRecord(where, id));
    if (record.type() != schema::RecordType::kSecuredFile) continue;
    const bool here = std::none_of(arriving.begin(), arriving.end(),
                                   [&](const ReplicaFile& file) { return file.record_id == id; });
    const int64_t bytes = SizeOf(record);
    table.AddRow({id.ToHex(), FieldText(record, "name"), DisplaySize(static_cast<uint64_t>(bytes)),
                  SecuredAt(record), FieldText(record, "uploaded_by"),
                  here ? "yes" : "not yet: sync"});
    json.BeginObject()
        .Field("file", id.ToHex())
        .Field("name", FieldText(record, "name"))
        .Field("media_type", FieldText(record, "media_type"))
        .Field("size_bytes", bytes)
        .Field("secured_at", FieldText(record, "uploaded_at"))
        .Field("secured_by", FieldText(record, "uploaded_by"))
        .Field("plaintext_hash", FieldText(record, "plaintext_hash"))
        .Field("here", here)
        .EndObject();
  }
  return context.Output(json.EndArray().EndObject(),
                        table.empty() ? "no files in " + where.name + " of case " +
                                            where.case_id.ToHex() + " on this device\n"
                                      : table.Render());
}

}  // namespace

std::vector<Command> FileCommands() {
  return {
      {"file secure",
       "secure a file into an agency compartment (works offline)",
       "file secure --case ID --compartment agency:AGENCY [--name NAME] [--media-type TYPE] PATH",
       R"(Secures the file at PATH into the agency's compartment: encrypted in 64 KiB chunks under
its own key on this device, with a secured_file record (name, size, hash, who, when). Only the
agency's nominated representative, and those they grant, can open it. It reaches the server
at your next sync. Delete or move the original as your agency's policy says.
  --name NAME          the name shown (default: the file's own name)
  --media-type TYPE    e.g. application/pdf
)",
       {"--case", "--compartment", "--name", "--media-type"},
       1,
       FileSecure},
      {"file get",
       "decrypt a secured file to disk",
       "file get --case ID --compartment NAME --file ID --to PATH [--overwrite]",
       R"(Writes secured file --file to PATH, verifying every chunk and the whole-file hash; PATH
appears only when complete. The export is recorded and reaches the server's access log at
your next sync. Past the case's offline lease, or before the file has arrived, sync first.
)",
       {"--case", "--compartment", "--file", "--to", "--overwrite"},
       0,
       FileGet},
      {"file list",
       "list a compartment's secured files",
       "file list --case ID --compartment NAME",
       "Lists the secured files of the compartment, and whether each has arrived here.\n",
       {"--case", "--compartment"},
       0,
       FileList},
  };
}

}  // namespace casevault::client::cli
