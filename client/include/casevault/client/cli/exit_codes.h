// The exit codes of `casevault`, and which failure ends with which.
#pragma once

#include <string_view>

#include "casevault/base/status.h"

namespace casevault::client::cli {

// Done.
inline constexpr int kExitOk = 0;
// Failed for another reason; the message says why (a wrong passphrase, a damaged file, a
// certificate that does not match the pinned fingerprint...).
inline constexpr int kExitFailed = 1;
// Bad usage: an unknown command or option, a missing or malformed value, a record that does
// not validate.
inline constexpr int kExitUsage = 2;
// Refused: the server's policy (or a record's rule) does not allow it, or access was withdrawn
// for good (closed case, revoked device). The server logged the refusal.
inline constexpr int kExitRefused = 3;
// Not possible yet: sync first (the case's offline lease ended, the case never synced here, a
// file has not arrived), or enrol first.
inline constexpr int kExitNeedsSync = 4;
// The server could not be reached. Nothing was lost: local changes stay queued; sync later.
inline constexpr int kExitUnreachable = 5;

// The exit code a command failing with `status` ends with (kExitOk for OK).
int ExitCodeFor(const Status& status);

// The table of exit codes for `--help`.
std::string_view ExitCodeHelp();

}  // namespace casevault::client::cli
