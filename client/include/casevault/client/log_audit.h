// The device's side of the server's access log: reporting the reads it made offline, and
// auditing the log.
//
// AuditAccessLog holds the server to the access log it has shown this device.
// The server signs checkpoints of its access log (a Merkle tree of every access, allowed or
// refused). Each audit fetches the newest, checks its signature with the log key the server
// gave at enrolment and, when this device already trusts an older checkpoint, the consistency
// proof between the two; only then does it keep the new one. A server that drops, rewrites or
// reorders entries it once committed to fails the audit, with its own signature as evidence.
#pragma once

#include "casevault/base/result.h"
#include "casevault/client/https_transport.h"
#include "casevault/client/replica.h"
#include "casevault/sync/checkpoint.h"

namespace casevault::client {

// Uploads the reads of `where` made offline on this device (Replica::RecordOfflineRead) into the
// server's access log, then forgets them; returns how many went. On failure they stay queued.
Result<size_t> UploadOfflineReads(Replica& replica, HttpsTransport& server,
                                  const CompartmentRef& where);

// Stores `enrolment`'s log key in `replica` as the log to trust (nothing verified yet).
Status TrustServerLog(Replica& replica, const Enrolment& enrolment);

// Audits the server's access log against the checkpoint `replica` trusts and returns the newly
// trusted one. AuthenticationFailed when the log was truncated or rewritten or the checkpoint
// is not signed by the log key (the trusted checkpoint is then kept); FailedPrecondition before
// TrustServerLog.
Result<sync::Checkpoint> AuditAccessLog(Replica& replica, HttpsTransport& server);

}  // namespace casevault::client
