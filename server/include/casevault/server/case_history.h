// CaseHistory: the moves of a case between states and the endorsements that allowed them, as
// the server keeps them (who, when, from, to) for the review's record.
#pragma once

#include <cstdint>
#include <string>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/sync/case_state.h"

namespace casevault::server {

// One move of a case from a state to another.
struct CaseTransition {
  Id128 moved_by;
  sync::CaseState from = sync::CaseState::kReferred;
  sync::CaseState to = sync::CaseState::kReferred;
  int64_t at_micros = 0;
  // Why, sealed by the mover's client under the case's shared compartment key: the server keeps
  // it but cannot read it (nor can anyone once the case is closed and its keys destroyed).
  Bytes sealed_reason;
  // The record id of the review's final report, when it closes a review; empty otherwise.
  std::string final_report;
};

// A safeguarding lead's endorsement of a rapid review outcome, for their agency.
struct Endorsement {
  Id128 endorsed_by;
  std::string agency;
  sync::CaseState outcome = sync::CaseState::kCspr;
  int64_t at_micros = 0;
};

}  // namespace casevault::server
