// CompartmentRef: names one compartment of one case.
#pragma once

#include <compare>
#include <string>

#include "casevault/base/id.h"

namespace casevault::sync {

// A compartment of a case: "shared" (the review workspace) or "agency:<agency id>" (that
// agency's secured records).
struct CompartmentRef {
  Id128 case_id;
  std::string name;

  friend auto operator<=>(const CompartmentRef&, const CompartmentRef&) = default;
};

}  // namespace casevault::sync
