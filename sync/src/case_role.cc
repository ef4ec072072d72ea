#include "casevault/sync/case_role.h"

#include "casevault/base/enum_names.h"

namespace casevault::sync {
namespace {

constexpr EnumNames<CaseRole, 7> kRoleNames = {{
    {CaseRole::kBusinessUnit, "business_unit"},
    {CaseRole::kSafeguardingLead, "safeguarding_lead"},
    {CaseRole::kNominatedRepresentative, "nominated_representative"},
    {CaseRole::kReviewer, "reviewer"},
    {CaseRole::kPanelMember, "panel_member"},
    {CaseRole::kPractitioner, "practitioner"},
    {CaseRole::kViewer, "viewer"},
}};

}  // namespace

std::string_view CaseRoleName(CaseRole role) { return NameOf(kRoleNames, role); }

std::optional<CaseRole> CaseRoleFromName(std::string_view name) {
  return ValueNamed(kRoleNames, name);
}

bool RoleIsForAgency(CaseRole role) {
  return role == CaseRole::kSafeguardingLead || role == CaseRole::kNominatedRepresentative ||
         role == CaseRole::kPractitioner;
}

}  // namespace casevault::sync
