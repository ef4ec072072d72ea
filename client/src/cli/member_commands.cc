// member add|nominate|grant|revoke, agreement sign, interest declare: who may do what on a
// case. The server decides and logs every request; a refusal comes back with its reason.
#include "casevault/client/case_administration.h"
#include "casevault/client/cli/command.h"
#include "common_options.h"

namespace casevault::client::cli {
namespace {

std::string RoleNames() {
  return "business_unit, safeguarding_lead, nominated_representative, reviewer, panel_member, "
         "practitioner or viewer";
}

Result<sync::CaseRole> RoleOption(const Arguments& args) {
  CV_ASSIGN_OR_RETURN(std::string name, args.Required("--role"));
  std::optional<sync::CaseRole> role = sync::CaseRoleFromName(name);
  if (!role) return InvalidArgumentError("--role is " + RoleNames() + ", not \"" + name + "\"");
  return *role;
}

// The agency an agency role needs (--agency); "" for other roles, which must not name one.
Result<std::string> AgencyFor(const Arguments& args, sync::CaseRole role) {
  const std::string agency = args.Value("--agency").value_or("");
  if (sync::RoleIsForAgency(role) && agency.empty()) {
    return InvalidArgumentError("a " + std::string(sync::CaseRoleName(role)) +
                                " is for one agency: give --agency (e.g. police)");
  }
  if (!sync::RoleIsForAgency(role) && !agency.empty()) {
    return InvalidArgumentError("a " + std::string(sync::CaseRoleName(role)) +
                                " is not held for an agency: leave out --agency");
  }
  return agency;
}

// Prints the outcome of an administration request.
Status Report(CommandContext& context, const Id128& case_id, const Id128& user,
              const std::string& what, const std::string& sentence) {
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("case", case_id.ToHex())
                            .Field("user", user.ToHex())
                            .Field("done", what)
                            .EndObject(),
                        sentence + "\n");
}

std::string HoursText(std::optional<int> hours) {
  return hours ? " for " + std::to_string(*hours) + " hours" : "";
}

Status Assign(CommandContext& context, sync::CaseRole role, const std::string& agency) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(Id128 case_id, args.RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(Id128 user, args.RequiredId("--user"));
  CV_ASSIGN_OR_RETURN(std::optional<int> hours, args.OptionalInt("--hours", 1, 24 * 366));
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_RETURN_IF_ERROR(CaseAdministration(*server).AssignRole(case_id, user, role, agency, hours));
  const std::string held =
      std::string(sync::CaseRoleName(role)) + (agency.empty() ? "" : "/" + agency);
  return Report(context, case_id, user, "assigned " + held,
                "user " + user.ToHex() + " is now " + held + " on case " + case_id.ToHex() +
                    HoursText(hours));
}

Status MemberAdd(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(sync::CaseRole role, RoleOption(context.args()));
  CV_ASSIGN_OR_RETURN(std::string agency, AgencyFor(context.args(), role));
  return Assign(context, role, agency);
}

Status MemberNominate(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(std::string agency, context.args().Required("--agency"));
  return Assign(context, sync::CaseRole::kNominatedRepresentative, agency);
}

Status MemberGrant(CommandContext& context) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(Id128 case_id, args.RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, CompartmentOption(args, case_id, ""));
  CV_ASSIGN_OR_RETURN(Id128 user, args.RequiredId("--user"));
  CV_ASSIGN_OR_RETURN(std::string access, args.Required("--access"));
  if (access != "read" && access != "write") {
    return InvalidArgumentError("--access is read or write, not \"" + access + "\"");
  }
  CV_ASSIGN_OR_RETURN(std::optional<int> hours, args.OptionalInt("--hours", 1, 24 * 366));
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_RETURN_IF_ERROR(CaseAdministration(*server).Grant(where, user, access == "write", hours));
  return Report(context, case_id, user, "granted " + access + " on " + where.name,
                "user " + user.ToHex() + " may now " + access + " " + where.name + " of case " +
                    case_id.ToHex() + HoursText(hours) +
                    "\n(their devices get the compartment's key at the next sync of a member who "
                    "may write)");
}

Status MemberRevoke(CommandContext& context) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(Id128 case_id, args.RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(Id128 user, args.RequiredId("--user"));
  if (args.Has("--role") == args.Has("--compartment")) {
    return InvalidArgumentError("give --role (to withdraw a role) or --compartment (a grant)");
  }
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CaseAdministration admin(*server);
  if (args.Has("--compartment")) {
    CV_ASSIGN_OR_RETURN(sync::CompartmentRef where, CompartmentOption(args, case_id, ""));
    CV_RETURN_IF_ERROR(admin.WithdrawGrant(where, user));
    return Report(context, case_id, user, "withdrew grant on " + where.name,
                  "the grant of user " + user.ToHex() + " on " + where.name +
                      " was withdrawn; the next sync of a member who may write rotates its keys");
  }
  CV_ASSIGN_OR_RETURN(sync::CaseRole role, RoleOption(args));
  CV_ASSIGN_OR_RETURN(std::string agency, AgencyFor(args, role));
  CV_RETURN_IF_ERROR(admin.WithdrawRole(case_id, user, role, agency));
  const std::string held =
      std::string(sync::CaseRoleName(role)) + (agency.empty() ? "" : "/" + agency);
  return Report(
      context, case_id, user, "withdrew " + held,
      "user " + user.ToHex() + " no longer holds " + held + " on case " + case_id.ToHex());
}

Status RecordAgreement(CommandContext& context, const std::string& kind,
                       const std::string& sentence) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_RETURN_IF_ERROR(server->RecordAgreement(case_id, kind));
  return context.Output(
      JsonWriter().BeginObject().Field("case", case_id.ToHex()).Field("recorded", kind).EndObject(),
      sentence + " on case " + case_id.ToHex() + " was recorded on the server\n");
}

Status AgreementSign(CommandContext& context) {
  return RecordAgreement(context, "confidentiality",
                         "your signature of the confidentiality agreement");
}

Status InterestDeclare(CommandContext& context) {
  return RecordAgreement(context, "interest", "your declaration of interest");
}

}  // namespace

std::vector<Command> MemberCommands() {
  return {
      {"member add",
       "give someone a role on a case",
       "member add --case ID --user ID --role ROLE [--agency AGENCY] [--hours N]",
       R"(Gives user --user a role on the case. The business unit assigns business unit staff,
safeguarding leads (which invites their agency), reviewers, panel members and viewers; a
safeguarding lead nominates their agency's representatives (see `member nominate`); a
nominated representative assigns their agency's practitioners.
  --role      business_unit, safeguarding_lead, nominated_representative, reviewer,
              panel_member, practitioner or viewer
  --agency    the agency of a safeguarding lead, representative or practitioner (e.g. police)
  --hours N   the role ends after N hours (a viewer's role must end)
)",
       {"--case", "--user", "--role", "--agency", "--hours"},
       0,
       MemberAdd},
      {"member nominate",
       "nominate your agency's representative (safeguarding lead)",
       "member nominate --case ID --user ID --agency AGENCY [--hours N]",
       R"(As the safeguarding lead of --agency, nominates user --user as its representative: the
only route to the agency's secured records (compartment agency:AGENCY).
)",
       {"--case", "--user", "--agency", "--hours"},
       0,
       MemberNominate},
      {"member grant",
       "let someone read or write a compartment",
       "member grant --case ID --compartment NAME --user ID --access read|write [--hours N]",
       R"(Grants user --user read (or read and write) access to a compartment. Only an agency's
nominated representative grants agency:AGENCY; the business unit grants shared.
  --hours N   the grant ends after N hours
)",
       {"--case", "--compartment", "--user", "--access", "--hours"},
       0,
       MemberGrant},
      {"member revoke",
       "withdraw a role or a grant",
       "member revoke --case ID --user ID (--role ROLE [--agency AGENCY] | --compartment NAME)",
       R"(Withdraws a role (--role, with --agency for agency roles) or a grant (--compartment) from
user --user. Their devices remove what they may no longer see at their next sync, and the
next sync of a member who may write rotates the compartment's keys.
)",
       {"--case", "--user", "--role", "--agency", "--compartment"},
       0,
       MemberRevoke},
      {"agreement sign",
       "sign a case's confidentiality agreement",
       "agreement sign --case ID",
       R"(Records on the server that you signed the case's confidentiality agreement: needed, with
the declaration of interest, before your first access to the case.
)",
       {"--case"},
       0,
       AgreementSign},
      {"interest declare",
       "record your declaration of interest on a case",
       "interest declare --case ID",
       R"(Records on the server that you declared your interests for the case: needed, with the
confidentiality agreement, before your first access to it. Write what you declare (or that you
have none) as a declaration_of_interest record: `casevault record add --type
declaration_of_interest ...`.
)",
       {"--case"},
       0,
       InterestDeclare},
  };
}

}  // namespace casevault::client::cli
