#include "casevault/server/server_migrations.h"

namespace casevault::server {
namespace {

constexpr schema::SqliteMigration kMigrations[] = {
    {1, R"sql(
-- Each compartment's op log, numbered from 1 in arrival order. The envelope is sealed under a
-- compartment key the server never holds; the signature covers it with the clear header.
CREATE TABLE ops(
  case_id BLOB NOT NULL,
  compartment TEXT NOT NULL,
  seq INTEGER NOT NULL,
  op_id BLOB NOT NULL,
  author_device BLOB NOT NULL,
  epoch INTEGER NOT NULL,
  envelope BLOB NOT NULL,
  signature BLOB NOT NULL,
  hub_time INTEGER NOT NULL,
  PRIMARY KEY(case_id, compartment, seq),
  UNIQUE(case_id, compartment, op_id));

-- The access log: entry idx is leaf idx of its Merkle tree, stored as EncodeAccessEntry's bytes
-- (the leaf data).
CREATE TABLE access_entries(
  idx INTEGER PRIMARY KEY,
  entry BLOB NOT NULL);

-- The hash of every perfect subtree of the access log's Merkle tree: leaves
-- [idx * 2^level, (idx + 1) * 2^level), written by the append that completes it.
CREATE TABLE merkle_nodes(
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY(level, idx)) WITHOUT ROWID;
)sql"},
    // Identity and access: users, their enrolled devices and one-time enrolment codes (kept as
    // SHA-256 hashes), and grants on compartments.
    {2, R"sql(
CREATE TABLE users(
  user_id BLOB PRIMARY KEY,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  created_at INTEGER NOT NULL);

CREATE TABLE enrolment_codes(
  user_id BLOB PRIMARY KEY REFERENCES users,
  code_hash BLOB NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL);

CREATE TABLE devices(
  device_id BLOB PRIMARY KEY,
  user_id BLOB NOT NULL REFERENCES users,
  signing_key BLOB NOT NULL,
  box_key BLOB NOT NULL,
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER);
CREATE INDEX devices_by_user ON devices(user_id);

CREATE TABLE grants(
  case_id BLOB NOT NULL,
  compartment TEXT NOT NULL,
  user_id BLOB NOT NULL REFERENCES users,
  writable INTEGER NOT NULL,
  expires_at INTEGER,
  granted_by BLOB NOT NULL,
  granted_at INTEGER NOT NULL,
  PRIMARY KEY(case_id, compartment, user_id));
)sql"},
    // Compartment keys, each sealed to one device (the server cannot open them).
    {3, R"sql(
CREATE TABLE wrapped_keys(
  case_id BLOB NOT NULL,
  compartment TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  device_id BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  uploaded_by BLOB NOT NULL,
  uploaded_at INTEGER NOT NULL,
  PRIMARY KEY(case_id, compartment, epoch, device_id));
)sql"},
    // Closing a case: which cases are closed (their data destroyed, their log entries kept), and
    // which case each stored chunk belongs to, so a closed case's chunks can be destroyed too.
    {4, R"sql(
CREATE TABLE closed_cases(
  case_id BLOB PRIMARY KEY,
  closed_at INTEGER NOT NULL,
  closed_by BLOB NOT NULL);

CREATE TABLE chunk_owners(
  case_id BLOB NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY(case_id, hash));
CREATE INDEX chunk_owners_by_hash ON chunk_owners(hash);
)sql"},
    // What a person must record before their first access to a case: the confidentiality
    // agreement and the declaration of interest (kind "confidentiality" or "interest").
    {5, R"sql(
CREATE TABLE agreements(
  case_id BLOB NOT NULL,
  user_id BLOB NOT NULL REFERENCES users,
  kind TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY(case_id, user_id, kind));
)sql"},
    // Cases and the roles people hold in them (agency: the agency an agency role is for, ''
    // otherwise; expires_at: NULL for no end), and the partnership staff who may open cases.
    {6, R"sql(
ALTER TABLE users ADD COLUMN business_unit INTEGER NOT NULL DEFAULT 0;

CREATE TABLE cases(
  case_id BLOB PRIMARY KEY,
  state TEXT NOT NULL,
  opened_by BLOB NOT NULL REFERENCES users,
  opened_at INTEGER NOT NULL,
  state_changed_at INTEGER NOT NULL);

CREATE TABLE case_roles(
  case_id BLOB NOT NULL REFERENCES cases,
  user_id BLOB NOT NULL REFERENCES users,
  role TEXT NOT NULL,
  agency TEXT NOT NULL,
  expires_at INTEGER,
  assigned_by BLOB NOT NULL,
  assigned_at INTEGER NOT NULL,
  PRIMARY KEY(case_id, user_id, role, agency));
CREATE INDEX case_roles_by_user ON case_roles(user_id);
)sql"},
    // Entries appended at most once (AccessLog::AppendOnce): each one's key, e.g. an offline
    // read's device and signature, and the index it was appended at.
    {7, R"sql(
CREATE TABLE access_entry_keys(
  key BLOB PRIMARY KEY,
  idx INTEGER NOT NULL) WITHOUT ROWID;
)sql"},
    // The offline lease of each case in days, set by its business unit (sync/offline_lease.h).
    {8, R"sql(
ALTER TABLE cases ADD COLUMN lease_days INTEGER NOT NULL DEFAULT 14;
)sql"},
    // Each case's moves between states (sealed_reason: the mover's reason, sealed by their
    // client; final_report: the record id named when a review closes) and the safeguarding
    // leads' endorsements of rapid review outcomes.
    {9, R"sql(
CREATE TABLE case_transitions(
  case_id BLOB NOT NULL REFERENCES cases,
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  moved_by BLOB NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  at INTEGER NOT NULL,
  sealed_reason BLOB NOT NULL,
  final_report TEXT NOT NULL);
CREATE INDEX case_transitions_by_case ON case_transitions(case_id, seq);

CREATE TABLE case_endorsements(
  case_id BLOB NOT NULL REFERENCES cases,
  endorsed_by BLOB NOT NULL,
  agency TEXT NOT NULL,
  outcome TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY(case_id, endorsed_by, agency));
)sql"},
    // Compartments purged before the case closes (the drafts at the end of the review): their
    // keys and op logs are destroyed and nothing may be pushed to them again.
    {10, R"sql(
CREATE TABLE purged_compartments(
  case_id BLOB NOT NULL,
  compartment TEXT NOT NULL,
  purged_at INTEGER NOT NULL,
  purged_by BLOB NOT NULL,
  PRIMARY KEY(case_id, compartment));
)sql"},
    // Drafts shared with time-boxed viewers (draft_view_store.h): the sealed draft and its key
    // wrapped to each of the viewer's devices.
    {11, R"sql(
CREATE TABLE draft_views(
  view_id BLOB PRIMARY KEY,
  case_id BLOB NOT NULL,
  viewer BLOB NOT NULL,
  shared_by BLOB NOT NULL,
  shared_by_device BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  sealed BLOB NOT NULL);
CREATE INDEX draft_views_by_case ON draft_views(case_id, created_at);

CREATE TABLE draft_view_keys(
  view_id BLOB NOT NULL,
  device_id BLOB NOT NULL,
  wrapped BLOB NOT NULL,
  PRIMARY KEY(view_id, device_id)) WITHOUT ROWID;
)sql"},
};

}  // namespace

std::span<const schema::SqliteMigration> ServerMigrations() { return kMigrations; }

}  // namespace casevault::server
