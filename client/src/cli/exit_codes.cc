#include "casevault/client/cli/exit_codes.h"

namespace casevault::client::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    case StatusCode::kPermissionDenied:
    case StatusCode::kRevoked:
      return kExitRefused;
    case StatusCode::kFailedPrecondition:
      return kExitNeedsSync;
    case StatusCode::kUnavailable:
      return kExitUnreachable;
    default:
      return kExitFailed;
  }
}

std::string_view ExitCodeHelp() {
  return R"(exit codes:
  0  done
  1  failed (the message says why: wrong passphrase, damaged file, certificate mismatch...)
  2  bad usage: unknown command or option, missing or malformed value, invalid record
  3  refused: the server's policy or a record's rule does not allow it, or access was
     withdrawn (closed case, revoked device); the server logged the refusal
  4  sync first: the case's offline lease ended, it never synced here, or a file has not
     arrived yet (or: enrol first)
  5  the server could not be reached; nothing was lost, local changes stay queued: sync later
)";
}

}  // namespace casevault::client::cli
