// Hub: the meeting point of replicas, as a Transport answered in process.
//
// The Hub applies the protocol's rules to what replicas send and keeps what it accepts in a
// HubStore: per compartment an append-only log of SignedOps it cannot read, and file chunks by
// the BLAKE2b-256 of their ciphertext. Tests and benchmarks talk to it directly; the server
// answers its HTTPS requests with the same Hub over a SQLite store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/base/status.h"
#include "casevault/crypto/file_cipher.h"
#include "casevault/sync/compartment.h"
#include "casevault/sync/hub_store.h"
#include "casevault/sync/signed_op.h"
#include "casevault/sync/transport.h"

namespace casevault::sync {

class Hub final : public Transport {
 public:
  // The most ops one push may carry.
  static constexpr size_t kMaxOpsPerPush = 1000;
  // The largest envelope an op may carry.
  static constexpr size_t kMaxEnvelopeBytes = size_t{16} << 20;
  // The most entries one pull returns (a larger request is served this many).
  static constexpr size_t kMaxPullEntries = 1000;
  // The largest chunk accepted: a sealed chunk of the largest plaintext chunk size.
  static constexpr size_t kMaxChunkBytes = crypto::kMaxChunkSize + crypto::kChunkOverhead;

  // Keeps everything in `store` and stamps ops with `env`'s clock; both must outlive the Hub.
  // The Hub holds no state of its own, so it is as thread-safe as `store` and `env` are.
  Hub(HubStore& store, Env& env) : store_(store), env_(env) {}

  // Validates the whole push first: InvalidArgument, and nothing appended, when it holds more
  // than kMaxOpsPerPush ops or any op has a zero op id or an envelope that is empty or larger
  // than kMaxEnvelopeBytes. Then places the ops in order in one HubStore::AppendBatch: an op id
  // the log already holds, from an earlier push or earlier in this one, gets its existing
  // position and is not appended again. Every op appended by one push gets the same hub time,
  // read once from the Env. A push is all or nothing: on a store failure nothing of it is
  // appended, and retrying it is safe.
  Result<std::vector<LogPosition>> Push(const CompartmentRef& where,
                                        std::span<const SignedOp> ops) override;

  // The entries with seq > `after_seq`, at most `max_entries` clamped to [1, kMaxPullEntries]
  // (0 is served as 1), with `more` set when the log holds further entries. A cursor at or
  // beyond the end, or a compartment never pushed to, gives an empty page with `more` false.
  Result<PullPage> Pull(const CompartmentRef& where, uint64_t after_seq,
                        size_t max_entries) override;

  // Every call refuses, with InvalidArgument, a compartment whose name is not valid
  // (IsValidCompartmentName). Chunks are kept by hash, whichever compartment sends them.
  //
  // The hashes among `hashes` whose chunks the store lacks, in the order given; a hash listed
  // several times is reported once, at its first place.
  Result<std::vector<ChunkHash>> MissingChunks(const CompartmentRef& where,
                                               std::span<const ChunkHash> hashes) override;

  // Stores `sealed` under `hash` after verifying it: InvalidArgument, nothing stored, when it is
  // larger than kMaxChunkBytes or its BLAKE2b-256 is not `hash`. Putting a chunk already held is
  // OK and changes nothing.
  Status PutChunk(const CompartmentRef& where, const ChunkHash& hash, ByteView sealed) override;

  // The chunk stored under `hash`; NotFound when the hub lacks it.
  Result<Bytes> GetChunk(const CompartmentRef& where, const ChunkHash& hash) override;

 private:
  HubStore& store_;
  Env& env_;
};

}  // namespace casevault::sync
