// RecordsOfType: the records of one type in a compartment of this device's replica, for the
// views that gather them (the integrated chronology, decisions, pseudonyms, report drafts).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/replica.h"
#include "casevault/schema/record.h"

namespace casevault::client {

// A record with its id.
struct IdentifiedRecord {
  Id128 id;
  schema::Record record;
};

// Every record of `type` in `where`, in record id order (deleted records are not held). Fails
// as Replica::GetRecord does for a record whose stored bytes were altered or damaged.
Result<std::vector<IdentifiedRecord>> RecordsOfType(Replica& replica, const CompartmentRef& where,
                                                    schema::RecordType type);

// The text of field `name` of `record` (text, long text, enum or agency id); "" when it is not
// set or holds another kind of value.
std::string TextField(const schema::Record& record, std::string_view name);

// The text of field `name` of the first `case` record in the shared workspace of `case_id`
// (e.g. its reference or child_initials); "" when there is none or it is not set.
Result<std::string> CaseRecordText(Replica& replica, const Id128& case_id, std::string_view name);

}  // namespace casevault::client
