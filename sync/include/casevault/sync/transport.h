// Transport: how a replica talks to the hub, whatever carries the bytes.
//
// Per compartment the hub keeps an append-only log of SignedOps, numbered from 1 in arrival
// order and stamped with the hub's clock, without being able to read them. Pushing is idempotent
// by op id: pushing an op the log already holds returns its existing place and appends nothing.
// Pulling returns entries after a cursor in pages. Secured-file chunks are stored by the
// BLAKE2b-256 of their ciphertext. The in-process Hub (hub.h) implements this for tests and
// benchmarks; the HTTPS client implements it against the server.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/signed_op.h"

namespace casevault::sync {

// A BLAKE2b-256 chunk address.
using ChunkHash = std::array<uint8_t, 32>;

// Where the hub put an op: its sequence number in the compartment's log and the hub's time (in
// microseconds since the Unix epoch) when it first arrived — never earlier than the time of the
// entry before it, so times do not decrease along a log even if the hub's clock steps back.
struct LogPosition {
  uint64_t seq = 0;
  int64_t hub_time_micros = 0;

  friend bool operator==(const LogPosition&, const LogPosition&) = default;
};

// One entry of a compartment's log.
struct LogEntry {
  LogPosition position;
  SignedOp op;

  friend bool operator==(const LogEntry&, const LogEntry&) = default;
};

// A page of a pull: entries in sequence order, and whether more follow.
struct PullPage {
  std::vector<LogEntry> entries;
  bool more = false;
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Appends `ops` to the log of `where` (each at most once, by op id) and returns, for each op
  // in order, where the log holds it.
  virtual Result<std::vector<LogPosition>> Push(const CompartmentRef& where,
                                                std::span<const SignedOp> ops) = 0;
  // Entries of the log of `where` with seq > `after_seq`, at most `max_entries` (the hub may
  // serve fewer: rely on `more`, not on the page size).
  virtual Result<PullPage> Pull(const CompartmentRef& where, uint64_t after_seq,
                                size_t max_entries) = 0;

  // The chunk calls name the compartment whose file the chunks belong to, so that the server
  // can check the caller's access to it and log the access.
  //
  // The hashes among `hashes` whose chunks the hub does not hold, in the order given.
  virtual Result<std::vector<ChunkHash>> MissingChunks(const CompartmentRef& where,
                                                       std::span<const ChunkHash> hashes) = 0;
  // Stores a chunk; InvalidArgument (nothing stored) when `sealed` does not hash to `hash`.
  virtual Status PutChunk(const CompartmentRef& where, const ChunkHash& hash, ByteView sealed) = 0;
  // The chunk stored under `hash`; NotFound when the hub lacks it.
  virtual Result<Bytes> GetChunk(const CompartmentRef& where, const ChunkHash& hash) = 0;
};

}  // namespace casevault::sync
