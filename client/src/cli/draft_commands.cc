// drafts share|views|view|withdraw|purge: showing one draft to a time-boxed viewer, online only
// (client/draft_views.h), and ending the drafts phase of a review (DOMAIN.md, access rules 3
// and 4).
#include "casevault/client/case_administration.h"
#include "casevault/client/case_sync.h"
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/display_format.h"
#include "casevault/client/cli/record_view.h"
#include "casevault/client/cli/text_table.h"
#include "casevault/client/draft_views.h"

namespace casevault::client::cli {
namespace {

// The draft views of the case, over this device's connection.
Result<DraftViews> ViewsOf(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  return DraftViews(*server, home->device(), home->settings().user_id);
}

// Report draft `record_id` of case `case_id` as this device holds it, from `drafts` or else
// `shared`. NotFound when neither holds it; InvalidArgument when it is not a report draft.
Result<schema::Record> DraftToShare(CommandContext& context, const Id128& case_id,
                                    const Id128& record_id) {
  CV_RETURN_IF_ERROR(context.OpenCase(case_id));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  for (const char* compartment : {"drafts", "shared"}) {
    Result<schema::Record> record = home->replica().GetRecord({case_id, compartment}, record_id);
    if (record.status().code() == StatusCode::kNotFound) continue;
    if (!record.ok()) return record.status();
    if (record->type() != schema::RecordType::kReportDraft) {
      return InvalidArgumentError("record " + record_id.ToHex() +
                                  " is not a report draft: only a draft is shared with a viewer");
    }
    return record;
  }
  return NotFoundError("this device holds no draft " + record_id.ToHex() + " of case " +
                       case_id.ToHex() + ": sync, or check the id with `record list`");
}

Status DraftsShare(CommandContext& context) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(Id128 case_id, args.RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(Id128 record_id, args.RequiredId("--record"));
  CV_ASSIGN_OR_RETURN(Id128 viewer, args.RequiredId("--viewer"));
  CV_ASSIGN_OR_RETURN(std::optional<int> hours, args.OptionalInt("--hours", 1, 24 * 366));
  CV_ASSIGN_OR_RETURN(schema::Record draft, DraftToShare(context, case_id, record_id));
  CV_ASSIGN_OR_RETURN(DraftViews views, ViewsOf(context));
  CV_ASSIGN_OR_RETURN(DraftViewListing shared, views.Share(case_id, viewer, draft, hours));
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("case", case_id.ToHex())
                            .Field("view", shared.view_id.ToHex())
                            .Field("viewer", viewer.ToHex())
                            .Field("expires", DisplayTime(shared.expires_micros))
                            .EndObject(),
                        "draft shared with " + viewer.ToHex() + " as view " +
                            shared.view_id.ToHex() + " until " +
                            DisplayTime(shared.expires_micros) +
                            "\nthey read it online with `casevault drafts view --case " +
                            case_id.ToHex() + "`; it is never stored on their device\n");
}

Status DraftsViews(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(DraftViews views, ViewsOf(context));
  CV_ASSIGN_OR_RETURN(DraftViewRoster roster, views.List(case_id));
  const int64_t now = context.env().NowMicros();
  JsonWriter json;
  json.BeginObject().Field("case", case_id.ToHex()).Key("views").BeginArray();
  TextTable table({"VIEW", "VIEWER", "SHARED", "ENDS", "STATUS"});
  for (const DraftViewListing& view : roster.views) {
    const char* status = now < view.expires_micros ? "open" : "ended";
    json.BeginObject()
        .Field("view", view.view_id.ToHex())
        .Field("viewer", view.viewer.ToHex())
        .Field("shared_by", view.shared_by.ToHex())
        .Field("shared", DisplayTime(view.created_micros))
        .Field("expires", DisplayTime(view.expires_micros))
        .Field("status", status)
        .EndObject();
    table.AddRow({view.view_id.ToHex(), view.viewer.ToHex(), DisplayTime(view.created_micros),
                  DisplayTime(view.expires_micros), status});
  }
  json.EndArray().EndObject();
  return context.Output(
      json, table.empty() ? "no draft of case " + case_id.ToHex() + " is shared with a viewer\n"
                          : table.Render());
}

// The view --view, or the one open view shared with user `me` when absent.
Result<Id128> ViewToOpen(CommandContext& context, DraftViews& views, const Id128& case_id,
                         const Id128& me) {
  if (context.args().Has("--view")) return context.args().RequiredId("--view");
  CV_ASSIGN_OR_RETURN(DraftViewRoster roster, views.List(case_id));
  const int64_t now = context.env().NowMicros();
  std::vector<Id128> open;
  for (const DraftViewListing& view : roster.views) {
    if (view.viewer == me && now < view.expires_micros) {
      open.push_back(view.view_id);
    }
  }
  if (open.size() == 1) return open.front();
  if (open.empty())
    return NotFoundError("no draft of case " + case_id.ToHex() + " is open to you now");
  return InvalidArgumentError(
      "several drafts are open to you: choose one with --view (see "
      "`casevault drafts views`)");
}

Status DraftsView(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  if (!context.OutIsTerminal()) {
    return PermissionDeniedError(
        "a draft shared with a viewer is shown on a terminal only, never written to a file or "
        "a pipe: run this command in a terminal without redirecting its output");
  }
  CV_ASSIGN_OR_RETURN(DraftViews views, ViewsOf(context));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(Id128 view_id, ViewToOpen(context, views, case_id, home->settings().user_id));
  CV_ASSIGN_OR_RETURN(OpenedDraftView opened, views.Open(case_id, view_id));
  sync::RecordState shown;
  shown.record_id = view_id;
  shown.type = opened.draft.type();
  for (const auto& [name, value] : opened.draft.fields()) shown.fields[name].value = value;
  JsonWriter json;
  json.BeginObject()
      .Field("case", case_id.ToHex())
      .Field("view", view_id.ToHex())
      .Field("expires", DisplayTime(opened.expires_micros))
      .Key("draft");
  WriteRecordJson(json, shown);
  json.EndObject();
  return context.Output(
      json, "read-only draft, shared with you until " + DisplayTime(opened.expires_micros) +
                "; it is not kept on this device and cannot be exported\n\n" + RecordText(shown));
}

Status DraftsWithdraw(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(Id128 view_id, context.args().RequiredId("--view"));
  CV_ASSIGN_OR_RETURN(DraftViews views, ViewsOf(context));
  CV_RETURN_IF_ERROR(views.Withdraw(case_id, view_id));
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("case", case_id.ToHex())
                            .Field("withdrawn", view_id.ToHex())
                            .EndObject(),
                        "view " + view_id.ToHex() + " withdrawn: the server deleted it\n");
}

Status DraftsPurge(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, home->Server());
  CV_RETURN_IF_ERROR(CaseAdministration(*server).PurgeDrafts(case_id));
  CV_RETURN_IF_ERROR(WipePurgedCompartment(home->replica(), *server, {case_id, "drafts"}));
  return context.Output(
      JsonWriter()
          .BeginObject()
          .Field("case", case_id.ToHex())
          .Field("purged", "drafts")
          .EndObject(),
      "drafts of case " + case_id.ToHex() +
          " purged: the server destroyed their keys and operations and every draft shared with "
          "a viewer (its access log stays);\n"
          "they were removed from this device, and every other device removes them at its next "
          "sync\n");
}

}  // namespace

std::vector<Command> DraftCommands() {
  return {
      {"drafts share",
       "show one report draft to a time-boxed viewer, online only (business unit, reviewer)",
       "drafts share --case ID --record ID --viewer USER [--hours N]",
       R"(Seals report draft --record (from this device's `drafts` or `shared`) for the viewer
--viewer alone, with a key wrapped to each of their enrolled devices, and uploads it. The
viewer reads it online with `drafts view` until --hours from now, or until their viewer role
ends (never later); their device never stores it and refuses to export it. Every view is in
the access log. The viewer needs a viewer role first (`member add --role viewer --hours N`)
and an enrolled device.
)",
       {"--case", "--hours", "--record", "--viewer"},
       0,
       DraftsShare},
      {"drafts views",
       "list the drafts shared with viewers (a viewer sees their own)",
       "drafts views --case ID",
       R"(Lists each draft shared with a viewer of the case: its view id, the viewer, when it was
shared and when it ends. A viewer sees the views shared with them.
)",
       {"--case"},
       0,
       DraftsViews},
      {"drafts view",
       "read a draft shared with you, online, on this terminal only (viewer)",
       "drafts view --case ID [--view ID]",
       R"(Fetches the draft shared with you (--view when several are open), opens it in memory and
shows it. Nothing of it is written to this device. It is shown only on a terminal: with its
output redirected to a file or a pipe it refuses. The server refuses, and logs, a view after
it ends. It cannot stop a photograph or a screenshot of the screen.
)",
       {"--case", "--view"},
       0,
       DraftsView},
      {"drafts withdraw",
       "end a viewer's access to a shared draft now (business unit, reviewer)",
       "drafts withdraw --case ID --view ID",
       R"(Deletes view --view on the server: the viewer cannot read it again.
)",
       {"--case", "--view"},
       0,
       DraftsWithdraw},
      {"drafts purge",
       "delete every draft and factual-accuracy comment everywhere (business unit)",
       "drafts purge --case ID",
       R"(Ends the drafts phase: the server destroys the keys and operations of the case's `drafts`
compartment (report drafts and factual-accuracy comments) and every draft shared with a viewer,
and refuses it from then on; this device removes its copy at once and every other device at its
next sync. It cannot be undone.
)",
       {"--case"},
       0,
       DraftsPurge},
  };
}

}  // namespace casevault::client::cli
