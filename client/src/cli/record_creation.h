// Creating a record from the command line, shared by `record add` and the commands that add
// records of one type (`decision add`, `pseudonym add`).
#pragma once

#include "casevault/base/status.h"
#include "casevault/client/cli/command_context.h"
#include "casevault/schema/record.h"
#include "casevault/sync/compartment.h"

namespace casevault::client::cli {

// Sets the --field assignments (and the --edit field, in the editor) on `record`, which may hold
// defaults, validates it and adds it to `where` on this device, then prints its id. Refuses as
// RequireKey does when this device may not write there; InvalidArgument listing the type's
// fields when the record is invalid (nothing saved).
Status AddRecord(CommandContext& context, const sync::CompartmentRef& where, schema::Record record);

}  // namespace casevault::client::cli
