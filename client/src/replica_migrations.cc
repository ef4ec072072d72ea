#include "casevault/client/replica_migrations.h"

namespace casevault::client {
namespace {

constexpr schema::SqliteMigration kMigrations[] = {
    {1, R"sql(
CREATE TABLE replica_meta(
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL);

-- A compartment's id is a keyed hash of (case, name) under the replica's index key; its name is
-- sealed under that key.
CREATE TABLE compartments(
  compartment_id BLOB PRIMARY KEY,
  case_id BLOB NOT NULL,
  sealed_name BLOB NOT NULL);

-- Compartment keys as received: sealed to this device's X25519 key.
CREATE TABLE compartment_keys(
  compartment_id BLOB NOT NULL REFERENCES compartments,
  epoch INTEGER NOT NULL,
  wrapped_key BLOB NOT NULL,
  PRIMARY KEY(compartment_id, epoch));

CREATE TABLE records(
  compartment_id BLOB NOT NULL REFERENCES compartments,
  record_id BLOB NOT NULL,
  epoch INTEGER NOT NULL,
  envelope BLOB NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY(compartment_id, record_id));

-- A secured file: its key sealed under the compartment key, and its chunks in order.
CREATE TABLE files(
  file_id BLOB PRIMARY KEY,
  compartment_id BLOB NOT NULL REFERENCES compartments,
  record_id BLOB NOT NULL,
  epoch INTEGER NOT NULL,
  sealed_file_key BLOB NOT NULL,
  chunk_size INTEGER NOT NULL,
  chunk_count INTEGER NOT NULL,
  plaintext_size INTEGER NOT NULL);

CREATE TABLE file_chunks(
  file_id BLOB NOT NULL REFERENCES files ON DELETE CASCADE,
  chunk_index INTEGER NOT NULL,
  chunk_hash BLOB NOT NULL,
  PRIMARY KEY(file_id, chunk_index));
)sql"},
    // Chunk garbage collection and deduplication look chunks up by hash.
    {2, R"sql(
CREATE INDEX file_chunks_by_hash ON file_chunks(chunk_hash);
CREATE INDEX files_by_record ON files(compartment_id, record_id);
)sql"},
    // Sync: every operation as its signed, sealed form, where the hub placed it (NULL while
    // pending), and the pull cursor of each compartment.
    {3, R"sql(
CREATE TABLE ops(
  compartment_id BLOB NOT NULL REFERENCES compartments,
  op_id BLOB NOT NULL,
  record_id BLOB NOT NULL,
  signed_op BLOB NOT NULL,
  seq INTEGER,
  hub_time INTEGER,
  PRIMARY KEY(compartment_id, op_id));
CREATE INDEX ops_by_record ON ops(compartment_id, record_id);
CREATE INDEX ops_pending ON ops(compartment_id) WHERE seq IS NULL;

CREATE TABLE sync_cursors(
  compartment_id BLOB PRIMARY KEY REFERENCES compartments,
  seq INTEGER NOT NULL);
)sql"},
    // Files travel with sync: whether this replica must still send a file's chunks to the hub
    // (it secured the file here), and whether it holds every chunk (only then is it shown).
    {4, R"sql(
ALTER TABLE files ADD COLUMN needs_upload INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
CREATE INDEX files_to_transfer ON files(compartment_id) WHERE needs_upload OR NOT complete;
)sql"},
    // Reads made offline, waiting to be uploaded to the server's access log; each sealed under
    // the replica's index key (action, object, time).
    {5, R"sql(
CREATE TABLE offline_reads(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  compartment_id BLOB NOT NULL REFERENCES compartments,
  sealed BLOB NOT NULL);
)sql"},
    // When each case last synced in full with the server: its offline lease runs from then.
    {6, R"sql(
CREATE TABLE case_syncs(
  case_id BLOB PRIMARY KEY,
  synced_at INTEGER NOT NULL);
)sql"},
    // The offline lease (days) the server gave each case at its last full sync; NULL for a case
    // synced before leases were set per case (the default applies).
    {7, R"sql(
ALTER TABLE case_syncs ADD COLUMN lease_days INTEGER;
)sql"},
};

}  // namespace

std::span<const schema::SqliteMigration> ReplicaMigrations() { return kMigrations; }

}  // namespace casevault::client
