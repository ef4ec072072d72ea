// Options several command groups share: the case, the compartment, a server address.
#pragma once

#include <string>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/cli/arguments.h"
#include "casevault/client/cli/command_context.h"
#include "casevault/client/https_transport.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/record_merge.h"

namespace casevault::client::cli {

// The compartment of case `case_id` named by --compartment ("shared" or "agency:<id>"), or
// `fallback` when absent ("" makes it required). InvalidArgument for any other name.
Result<sync::CompartmentRef> CompartmentOption(const Arguments& args, const Id128& case_id,
                                               const std::string& fallback);

// The compartment named by --case and --compartment (`fallback` when absent, as above), once
// the case may be opened on this device (its offline lease holds: otherwise FailedPrecondition
// saying to sync).
Result<sync::CompartmentRef> OpenCompartment(CommandContext& context, const std::string& fallback);

// The state of record --record of `where`; NotFound when this device holds no such record.
Result<sync::RecordState> RecordOption(CommandContext& context, const sync::CompartmentRef& where);

// OK when this device holds a key of `where` and the last sync found the user may write there.
// FailedPrecondition saying to sync when it holds no key (the first sync of a member who may
// write creates it); PermissionDenied when the user's access is read-only.
Status RequireKey(DeviceHome& home, const sync::CompartmentRef& where);

// HOST:PORT as a server address (without a fingerprint); InvalidArgument otherwise.
Result<ServerAddress> ParseHostPort(const std::string& text);

}  // namespace casevault::client::cli
