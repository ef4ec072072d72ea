// CaseRole: the parts a person plays in one case (DOMAIN.md, "People and roles"), as the server
// records them and clients name them.
#pragma once

#include <optional>
#include <string_view>

namespace casevault::sync {

enum class CaseRole {
  kBusinessUnit,             // partnership staff coordinating the review
  kSafeguardingLead,         // senior lead of one agency (a statutory partner)
  kNominatedRepresentative,  // the route to one agency's secured records
  kReviewer,                 // lead or independent reviewer
  kPanelMember,              // member of the review panel
  kPractitioner,             // still working with the family; reads their agency's records
  kViewer,                   // time-boxed, read-only (e.g. a family member)
};

// The role's wire and log name: "business_unit", "safeguarding_lead",
// "nominated_representative", "reviewer", "panel_member", "practitioner" or "viewer".
std::string_view CaseRoleName(CaseRole role);
// The role called `name`; nullopt for any other text.
std::optional<CaseRole> CaseRoleFromName(std::string_view name);
// Whether the role is held for one agency (safeguarding lead, nominated representative,
// practitioner): only those name an agency, and they must.
bool RoleIsForAgency(CaseRole role);

}  // namespace casevault::sync
