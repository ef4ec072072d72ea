#include "casevault/server/case_authority.h"

#include <algorithm>

#include "casevault/sync/compartment.h"

namespace casevault::server {
namespace {

using sync::CaseRole;

constexpr std::string_view kShared = "shared";
constexpr std::string_view kDrafts = "drafts";
constexpr std::string_view kAgencyPrefix = "agency:";

// The agency of compartment "agency:<id>"; empty for `shared`.
std::string_view AgencyOf(std::string_view compartment) {
  return compartment.starts_with(kAgencyPrefix) ? compartment.substr(kAgencyPrefix.size())
                                                : std::string_view();
}

bool Holds(std::span<const RoleAssignment> actor, CaseRole role, std::string_view agency = {}) {
  return std::any_of(actor.begin(), actor.end(), [&](const RoleAssignment& held) {
    return held.role == role && held.agency == agency;
  });
}

std::string Describe(CaseRole role, std::string_view agency) {
  std::string text(sync::CaseRoleName(role));
  if (!agency.empty()) text += " of " + std::string(agency);
  return text;
}

Decision Allow(std::string reason) { return {true, std::move(reason)}; }
Decision Refuse(std::string reason) { return {false, std::move(reason)}; }

}  // namespace

std::optional<Access> RoleAccess(const RoleAssignment& role, std::string_view compartment) {
  const std::string_view agency = AgencyOf(compartment);
  if (compartment == kShared || compartment == kDrafts) {
    switch (role.role) {
      case CaseRole::kBusinessUnit:
      case CaseRole::kSafeguardingLead:
      case CaseRole::kNominatedRepresentative:
      case CaseRole::kReviewer:
      case CaseRole::kPanelMember:
        return Access::kWrite;
      case CaseRole::kViewer:  // never a copy to keep (DOMAIN.md, access rule 4)
      case CaseRole::kPractitioner:
        return std::nullopt;
    }
  }
  if (agency.empty() || role.agency != agency) return std::nullopt;
  if (role.role == CaseRole::kNominatedRepresentative) return Access::kWrite;
  if (role.role == CaseRole::kPractitioner) return Access::kRead;
  return std::nullopt;
}

Decision MayAssignRole(std::span<const RoleAssignment> actor, CaseRole role,
                       std::string_view agency) {
  const std::string what = Describe(role, agency);
  switch (role) {
    case CaseRole::kBusinessUnit:
    case CaseRole::kSafeguardingLead:
    case CaseRole::kReviewer:
    case CaseRole::kPanelMember:
    case CaseRole::kViewer:
      if (Holds(actor, CaseRole::kBusinessUnit)) return Allow("business unit assigns " + what);
      return Refuse("only the business unit assigns " + what);
    case CaseRole::kNominatedRepresentative:
      if (Holds(actor, CaseRole::kSafeguardingLead, agency)) {
        return Allow("safeguarding lead of " + std::string(agency) + " nominates " + what);
      }
      return Refuse("only the safeguarding lead of " + std::string(agency) + " nominates " + what);
    case CaseRole::kPractitioner:
      if (Holds(actor, CaseRole::kNominatedRepresentative, agency)) {
        return Allow("nominated representative of " + std::string(agency) + " assigns " + what);
      }
      return Refuse("only the nominated representative of " + std::string(agency) + " assigns " +
                    what);
  }
  return Refuse("unknown role");
}

Decision MayGrant(std::span<const RoleAssignment> actor, std::string_view compartment) {
  const std::string_view agency = AgencyOf(compartment);
  if (compartment == kShared) {
    if (Holds(actor, CaseRole::kBusinessUnit)) return Allow("business unit grants shared");
    return Refuse("only the business unit grants shared");
  }
  if (Holds(actor, CaseRole::kNominatedRepresentative, agency)) {
    return Allow("nominated representative grants " + std::string(compartment));
  }
  return Refuse("only a nominated representative of " + std::string(agency) + " grants " +
                std::string(compartment));
}

Decision MayWithdrawGrant(std::span<const RoleAssignment> actor, std::string_view compartment) {
  const std::string_view agency = AgencyOf(compartment);
  if (!agency.empty() && Holds(actor, CaseRole::kSafeguardingLead, agency)) {
    return Allow("safeguarding lead withdraws a grant on " + std::string(compartment));
  }
  Decision decision = MayGrant(actor, compartment);
  if (!decision.allowed) {
    decision.reason = "not entitled to withdraw grants on " + std::string(compartment);
  }
  return decision;
}

Decision MayRunCase(std::span<const RoleAssignment> actor) {
  if (Holds(actor, CaseRole::kBusinessUnit)) return Allow("business unit runs the case");
  return Refuse("only the business unit changes the case's state or closes it");
}

Decision MayPurgeDrafts(std::span<const RoleAssignment> actor) {
  if (Holds(actor, CaseRole::kBusinessUnit)) return Allow("business unit purges the drafts");
  return Refuse("only the business unit purges the drafts");
}

Decision MayShareDraft(std::span<const RoleAssignment> actor) {
  if (Holds(actor, CaseRole::kBusinessUnit)) return Allow("business unit shares the drafts");
  if (Holds(actor, CaseRole::kReviewer)) return Allow("reviewer shares the drafts");
  return Refuse("only the business unit and reviewers share drafts with viewers");
}

bool SeesWholeCaseLog(std::span<const RoleAssignment> actor) {
  return std::any_of(actor.begin(), actor.end(), [](const RoleAssignment& held) {
    return held.role == CaseRole::kBusinessUnit || held.role == CaseRole::kSafeguardingLead;
  });
}

std::string AssignmentProblem(const RoleAssignment& role) {
  if (sync::RoleIsForAgency(role.role)) {
    if (!sync::IsValidCompartmentName(std::string(kAgencyPrefix) + role.agency)) {
      return "a " + std::string(sync::CaseRoleName(role.role)) +
             " is for one agency: give an agency id of 1 to 64 of a-z, 0-9, _ and -";
    }
  } else if (!role.agency.empty()) {
    return "a " + std::string(sync::CaseRoleName(role.role)) + " is not for one agency";
  }
  if (role.role == CaseRole::kViewer && !role.expires_micros) {
    return "a viewer's access is time-boxed: give when it ends";
  }
  return {};
}

}  // namespace casevault::server
