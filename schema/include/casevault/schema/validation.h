// Validation: whether a record is complete and consistent enough to be saved or submitted.
//
// ValidateRecord checks what Record::Set cannot (Set keeps only type invariants, so drafts may be
// incomplete): required fields, enum values, agency ids known to the partnership, text sizes,
// id and hash formats, and rules between fields (a chronology entry's date_to not before its
// date_from, initials only when the child was seen...). Messages name the record type and field
// ("chronology_entry.date_to (2026-01-01) is before date_from (2026-02-01)") and never echo
// free text.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>

#include "casevault/base/status.h"
#include "casevault/schema/record.h"

namespace casevault::schema {

// The most bytes a text field may hold.
inline constexpr size_t kMaxShortTextBytes = 4 * 1024;
// The most bytes a long text field may hold.
inline constexpr size_t kMaxLongTextBytes = 1024 * 1024;

// What validation needs to know about the partnership the record belongs to.
struct ValidationContext {
  // The agency ids an agency-id field may hold, e.g. "police".
  std::set<std::string, std::less<>> known_agencies;
};

// A context knowing the agencies usually involved in a safeguarding partnership (see the seed
// policies): children's social care, police, health bodies, education, probation, youth justice,
// housing, early help and the voluntary sector. A partnership may add to or replace the list.
ValidationContext DefaultPartnershipAgencies();

// OK when `record` passes every check; otherwise InvalidArgument describing the first failure,
// checking fields in the order of the record type's spec and then the rules between fields in
// a fixed order, so the same record always gets the same message.
Status ValidateRecord(const Record& record, const ValidationContext& context);

}  // namespace casevault::schema
