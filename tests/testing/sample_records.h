// Sample records for the schema tests: a valid value for any field and a valid record of any
// type, built from the spec tables so that new types and fields are covered automatically.
#pragma once

#include <cstddef>

#include "casevault/schema/record.h"
#include "casevault/schema/record_spec.h"

namespace casevault::schema::testing {

// A value that passes validation for `field`, the field at `position` in its spec. Dates are
// day `position + 1` of January 2024 so that fields later in a spec (date_to after date_from)
// hold later dates; yes/no fields hold `yes`.
FieldValue SampleValue(const FieldSpec& field, size_t position, bool yes);

// A record of `type` that passes ValidateRecord with DefaultPartnershipAgencies(): every field
// set when `all_fields` (yes/no fields yes), else only the required ones (yes/no fields no).
Record SampleRecord(RecordType type, bool all_fields);

}  // namespace casevault::schema::testing
