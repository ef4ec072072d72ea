// drafts purge: ending the drafts phase of a review (DOMAIN.md, access rule 3).
#include "casevault/client/case_administration.h"
#include "casevault/client/case_sync.h"
#include "casevault/client/cli/command.h"

namespace casevault::client::cli {
namespace {

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
          " purged: the server destroyed their keys and operations (its access log stays);\n"
          "they were removed from this device, and every other device removes them at its next "
          "sync\n");
}

}  // namespace

std::vector<Command> DraftCommands() {
  return {
      {"drafts purge",
       "delete every draft and factual-accuracy comment everywhere (business unit)",
       "drafts purge --case ID",
       R"(Ends the drafts phase: the server destroys the keys and operations of the case's `drafts`
compartment (report drafts and factual-accuracy comments) and refuses it from then on, this
device removes its copy at once and every other device at its next sync. It cannot be undone.
)",
       {"--case"},
       0,
       DraftsPurge},
  };
}

}  // namespace casevault::client::cli
