// CompartmentRef: names one compartment of one case.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "casevault/base/id.h"

namespace casevault::sync {

// A compartment of a case: "shared" (the review workspace), "drafts" (report drafts and
// factual-accuracy comments, purged at the end of the review) or "agency:<agency id>" (that
// agency's secured records).
struct CompartmentRef {
  Id128 case_id;
  std::string name;

  friend auto operator<=>(const CompartmentRef&, const CompartmentRef&) = default;
};

// True for "shared", "drafts" and for "agency:<id>" where <id> is 1 to 64 of [a-z0-9_-] (as the
// agency ids of schema::ValidationContext are): the only names a compartment may have (they appear
// in URLs and logs, so nothing else is accepted).
bool IsValidCompartmentName(std::string_view name);

}  // namespace casevault::sync
