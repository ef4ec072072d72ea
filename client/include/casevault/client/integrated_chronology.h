// IntegratedChronology: every agency's chronology entries for a case merged into one timeline
// (DOMAIN.md "chronology entry"; the composite chronology of seeds 001 and 003).
//
// Entries come from the case's shared workspace (the copies agencies submitted, which everyone
// on the review may read) and from every agency compartment this device holds a key of (the
// secured originals, for the agency's representative and those they granted). An agency entry
// whose agency, subject, dates and description equal those of an entry in the shared workspace
// is its submitted copy and is listed once, as the shared one. The timeline is ordered by date
// from, then date to (an entry without one first), then agency, and otherwise keeps the order
// read (shared first, then agency compartments by name, each in record id order).
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/replica.h"
#include "casevault/schema/field.h"

namespace casevault::client {

// One chronology entry as the timeline shows it.
struct ChronologyRow {
  std::string compartment;  // where it was read: "shared" or "agency:<id>"
  Id128 record_id;
  std::string agency;
  std::string involvement_with;  // the subject of the event: child, mother...
  schema::Date date_from;
  std::optional<schema::Date> date_to;
  std::string description;
  std::optional<bool> child_seen;
  std::string child_seen_initials;
  std::string what_went_well;
  std::string worries;
  std::string statutory_requirements_not_met;
};

// Which entries to keep; an unset part keeps every entry.
struct ChronologyFilter {
  std::optional<std::string> agency;   // exactly this agency id
  std::optional<std::string> subject;  // involvement_with, ignoring ASCII case
  // Entries whose period (date from to date to, or the one day) overlaps from..to, inclusive.
  std::optional<schema::Date> from;
  std::optional<schema::Date> to;
};

// A case's merged timeline.
struct IntegratedChronology {
  Id128 case_id;
  std::string case_reference;  // of the case record in shared; "" when there is none
  std::vector<std::string> compartments_read;  // "shared" first, then agency compartments
  std::vector<ChronologyRow> rows;
};

// Reads and merges the chronology entries of case `case_id` from its shared workspace and from
// the compartment of each of `agencies` whose key this replica holds. FailedPrecondition saying
// to sync when the replica holds no key of the shared workspace; fails as Replica::GetRecord does
// for a damaged record.
Result<IntegratedChronology> BuildIntegratedChronology(
    Replica& replica, const Id128& case_id, const std::set<std::string, std::less<>>& agencies);

// Orders `rows` as the timeline does, dropping agency rows that duplicate a shared row.
std::vector<ChronologyRow> MergeChronologyRows(std::vector<ChronologyRow> rows);

// The rows of `rows` that `filter` keeps, in the same order.
std::vector<ChronologyRow> FilterChronology(std::span<const ChronologyRow> rows,
                                            const ChronologyFilter& filter);

}  // namespace casevault::client
