#include "casevault/sync/compartment.h"

#include <algorithm>

namespace casevault::sync {

bool IsValidCompartmentName(std::string_view name) {
  if (name == "shared" || name == "drafts") return true;
  constexpr std::string_view kAgency = "agency:";
  if (!name.starts_with(kAgency)) return false;
  const std::string_view agency = name.substr(kAgency.size());
  return !agency.empty() && agency.size() <= 64 &&
         std::all_of(agency.begin(), agency.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

}  // namespace casevault::sync
