// LossyTransport: a Transport that loses and repeats messages, for tests.
//
// It wraps another Transport (usually a Hub) and, drawing from a PRNG seeded by the test, drops
// requests before they are delivered, drops replies after the target has acted on the request,
// and delivers requests twice. A dropped message looks like a broken connection: IoError
// "connection lost". A dropped reply is the case a client cannot tell apart from a dropped
// request, such as a client killed after sending its push: the push was applied but the client
// never learnt where its ops went and must retry.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <span>
#include <vector>

#include "casevault/sync/transport.h"

namespace casevault::sync {

// Fault probabilities, each from 0 (never) to 1 (always), and the seed of their draws.
struct LossyTransportOptions {
  uint64_t seed = 0;
  // A request is lost before it reaches the target.
  double drop_request = 0;
  // A request is delivered twice, as a retransmitting network would; the reply of the second
  // delivery is the one returned.
  double duplicate = 0;
  // The target's reply is lost after the target has acted on the request.
  double drop_reply = 0;
};

// How many faults a LossyTransport has injected so far.
struct LossyTransportStats {
  uint64_t requests_dropped = 0;
  uint64_t duplicated = 0;
  uint64_t replies_dropped = 0;
};

class LossyTransport final : public Transport {
 public:
  // Forwards to `target`, which must outlive this transport. Every call draws the same number of
  // values from the PRNG, so a single-threaded test replays the same faults for the same seed
  // and sequence of calls. Safe to call from several threads (the interleaving then decides
  // which call meets which fault).
  LossyTransport(Transport& target, const LossyTransportOptions& options);

  Result<std::vector<LogPosition>> Push(const CompartmentRef& where,
                                        std::span<const SignedOp> ops) override;
  Result<PullPage> Pull(const CompartmentRef& where, uint64_t after_seq,
                        size_t max_entries) override;
  Result<std::vector<ChunkHash>> MissingChunks(const CompartmentRef& where,
                                               std::span<const ChunkHash> hashes) override;
  Status PutChunk(const CompartmentRef& where, const ChunkHash& hash, ByteView sealed) override;
  Result<Bytes> GetChunk(const CompartmentRef& where, const ChunkHash& hash) override;

  // The faults injected so far.
  LossyTransportStats stats() const;

 private:
  // Which faults one call meets.
  struct Faults {
    bool drop_request = false;
    bool duplicate = false;
    bool drop_reply = false;
  };

  // Draws the faults of one call and counts them.
  Faults Draw();
  // Sends one request through `deliver` (a call on the target) meeting the faults drawn for it.
  template <typename Reply, typename Deliver>
  Reply Send(const Deliver& deliver);

  Transport& target_;
  const LossyTransportOptions options_;
  mutable std::mutex mu_;
  std::mt19937_64 rng_;
  LossyTransportStats stats_;
};

}  // namespace casevault::sync
