// ServerApi: the HTTPS endpoints of casevault-server, version 1.
//
// Every endpoint but enrolment and login needs "Authorization: Bearer <session token>". Every
// request that names a case goes through the CaseGate: checked against the AccessPolicy (or
// CaseAuthority) and appended to the AccessLog, allowed or refused, before its answer is sent;
// when the append fails the request fails (503), so nothing is served that the log does not
// show. An allowed push's entry and its ops are one unit of the group commit (one durable
// commit): both are stored or neither, and the push fails (503) when they are not. A closed case
// is refused to everyone as Revoked (410): its data is destroyed and clients remove their
// copies. Bodies are ApiForms (enrolment, login, the log) or hub messages (operations, chunk
// lists) and raw sealed chunks.
//
//   POST /v1/enrol                    code, device_id, signing_key, box_key -> user_id, log_key
//   POST /v1/login/challenge          device_id -> challenge
//   POST /v1/login                    device_id, challenge, signature -> token, expires
//   POST /v1/login/refresh            (token) -> token, expires
//   GET  /v1/devices                  -> count, device_<i> = device:revoked 0|1 (the caller's)
//   POST /v1/devices/revoke           device (one of the caller's, e.g. a lost laptop: refused
//        from its next request, told to wipe its copies; other members' next sync rotates keys)
//   POST /v1/cases/<case>/compartments/<name>/ops            ops -> positions   (write)
//   GET  /v1/cases/<case>/compartments/<name>/ops?after=&max= -> pull page      (read)
//   POST /v1/cases/<case>/compartments/<name>/chunks/missing hashes -> hashes   (write)
//   PUT  /v1/cases/<case>/compartments/<name>/chunks/<hash>  sealed chunk       (write)
//   GET  /v1/cases/<case>/compartments/<name>/chunks/<hash>  -> sealed chunk    (read)
//   GET  /v1/cases/<case>/compartments/<name>/members  -> latest, writable, stale_holders,
//        device_<i> (read); stale_holders counts holders of the newest key who are no longer
//        members (revoked device or grant): the key must be rotated
//        (device_<i> = user:device:signing key:box key:revoked 0|1:holds latest epoch 0|1)
//   GET  /v1/cases/<case>/compartments/<name>/keys     -> latest, key_<i> = epoch:wrapped (read)
//        (only the copies sealed to the calling device)
//   POST /v1/cases/<case>/compartments/<name>/keys     epoch, create 0|1,
//        key_<i> = device:wrapped, for member devices only                   (write)
//   POST /v1/cases/<case>/compartments/<name>/reads    count, read_<i> =
//        happened_at:action:object:signature (reads made offline, signed by the device; each is
//        appended to the access log with both times; any bad signature refuses them all)
//   POST /v1/cases/<case>/agreements  kind = confidentiality | interest (recorded before a
//        person's first access to the case; logged)
// Running a case (case_authority.h says who may; every request is logged; all but opening and
// listing need the caller's agreements):
//   POST /v1/cases                    case_id (business unit staff; the opener becomes the
//        case's business unit)
//   GET  /v1/cases                    -> count, case_<i>, state_<i>, roles_<i>, grants_<i>,
//        compartments_<i> (the caller's cases and the compartments their roles and grants
//        open; not logged: it reads only the caller's own roles)
//   GET  /v1/cases/<case>/roster      -> state, role_<i> = user:role[/agency]:expires|-,
//        grant_<i> = user:read|write:expires|-:compartment, name_<user>, organisation_<user>
//   POST /v1/cases/<case>/roles       user, role, agency, hours (optional; a viewer's needed)
//   POST /v1/cases/<case>/roles/withdraw   user, role, agency
//   POST /v1/cases/<case>/state       state (not closed), reason (hex: sealed by the client),
//        final_report (optional record id); refused unless CaseTransitions allows the move
//   POST /v1/cases/<case>/close       reason, final_report (as /state) -> chunks_destroyed
//   POST /v1/cases/<case>/endorsements     outcome (a safeguarding lead endorses a rapid
//        review outcome for their agency)
//   GET  /v1/cases/<case>/history     -> moves, move_<i> = user:from:to:time:final_report,
//        reason_<i> (hex), endorsements, endorsement_<i> = user:agency:outcome:time
//   POST /v1/cases/<case>/compartments/<name>/grants          user, access, hours (optional)
//   POST /v1/cases/<case>/compartments/<name>/grants/withdraw user
// Drafts shown to time-boxed viewers (online only, never kept; every request logged on
// `drafts`):
//   POST /v1/cases/<case>/views       view (a new id), viewer (user), hours (optional: else until
//        the viewer role ends, and never past it), sealed (hex: the draft sealed by the
//        client), keys, device_<i>, key_<i> (hex: the view key wrapped to each of the viewer's
//        devices) -> created, expires (the business unit or a reviewer; refused once the
//        drafts are purged)
//   GET  /v1/cases/<case>/views       -> views, view_<i> = view:viewer:shared_by:created:expires
//        (all of them for a sharer, with viewers, viewer_<i> = user:role end, and devices,
//        device_<i> = user:device:box key; a viewer's own otherwise)
//   GET  /v1/cases/<case>/views/<view>     -> sealed, key (this device's), shared_by,
//        shared_by_device, signing_key, expires (the viewer, until the view or role ends)
//   POST /v1/cases/<case>/views/<view>/withdraw   (a sharer; deletes it)
//   GET  /v1/log/checkpoint           -> size, root, time, signature
//   GET  /v1/log/inclusion?index=&size=    -> entry, proof (the caller's own entry, or any of a
//        case whose whole log they see; logged on that case)
//   GET  /v1/log/consistency?old=&new=     -> proof
//   GET  /v1/cases/<case>/log?after=&max=  -> count, next, e<i>_index, _time, _user, _device,
//        _compartment, _action, _object, _allowed, _reason, _happened (the case's entries from
//        index `after`, scanning at most 5,000: all of them for the business unit and the
//        safeguarding leads, their own for other members; continue from `next`; logged)
#pragma once

#include "casevault/base/event_log.h"
#include "casevault/crypto/signing.h"
#include "casevault/server/access_log.h"
#include "casevault/server/access_policy.h"
#include "casevault/server/case_closure.h"
#include "casevault/server/draft_view_store.h"
#include "casevault/server/http_frontend.h"
#include "casevault/server/identity.h"
#include "casevault/server/server_hub_store.h"
#include "casevault/server/wrapped_keys.h"
#include "casevault/sync/hub.h"

namespace casevault::server {

// What the endpoints work with; everything must outlive the routes.
struct ServerApiParts {
  Env* env = nullptr;
  Identity* identity = nullptr;
  CaseRoster* roster = nullptr;
  AccessPolicy* policy = nullptr;
  AccessLog* access_log = nullptr;
  WrappedKeys* keys = nullptr;
  CaseClosure* closure = nullptr;
  DraftViewStore* draft_views = nullptr;
  sync::Hub* hub = nullptr;
  // The hub's store: a push's ops are appended in one group-commit unit with its access log
  // entry (ServerHubStore::AppendBatchWith), through a Hub of the push's own over it.
  ServerHubStore* hub_store = nullptr;
  // Signs the access log's checkpoints.
  const crypto::SigningKeyPair* log_key = nullptr;
  EventLog* events = nullptr;
};

// Adds every endpoint above to `frontend`.
void AddServerApi(HttpsFrontend& frontend, const ServerApiParts& parts);

}  // namespace casevault::server
