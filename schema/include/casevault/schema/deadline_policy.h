// Deadline policy: a partnership's lengths for the review deadlines (deadline_rules.h).
//
// Every rule starts at its default length; a settings file overrides some, one a line:
//   # our policy (000): triage within 5 working days, returns within 8
//   triage_meeting = 5 working_days
//   agency_returns = 8 working_days
//   cspr_completion = 6 months
// Blank lines and lines starting with # are ignored. A direction ("before publication") is part
// of the rule and cannot be overridden.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/schema/deadline_rules.h"

namespace casevault::schema {

class DeadlinePolicy {
 public:
  // The default length of every rule.
  DeadlinePolicy();

  // The defaults with the overrides of settings text `text`; `source` names it in messages.
  // InvalidArgument naming the source and line for a line that is not `id = N working_days` or
  // `id = N months`, an unknown id (the message lists the known ones), a length over 999, or an
  // id set twice.
  static Result<DeadlinePolicy> Parse(std::string_view text, std::string_view source);

  // Reads and parses the settings file at `path`; fails as Env reading does, or as Parse.
  static Result<DeadlinePolicy> Load(Env& env, const std::string& path);

  // The length of rule `rule` under this policy.
  DeadlineDuration LengthOf(const DeadlineRule& rule) const;

  // Sets the length of the rule with id `id`; InvalidArgument for an unknown id.
  Status Override(std::string_view id, DeadlineDuration length);

 private:
  std::map<std::string, DeadlineDuration, std::less<>> lengths_;  // by rule id
};

}  // namespace casevault::schema
