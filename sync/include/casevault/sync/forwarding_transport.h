// ForwardingTransport: a Transport that passes every call to another one.
//
// The base for transports that change a few calls and pass the rest through: timing in the
// benchmarks, cut connections and tampering hubs in the tests.
#pragma once

#include "casevault/sync/transport.h"

namespace casevault::sync {

class ForwardingTransport : public Transport {
 public:
  // Forwards to `target`, which must outlive this transport.
  explicit ForwardingTransport(Transport& target) : target_(target) {}

  Result<std::vector<LogPosition>> Push(const CompartmentRef& where,
                                        std::span<const SignedOp> ops) override {
    return target_.Push(where, ops);
  }
  Result<PullPage> Pull(const CompartmentRef& where, uint64_t after_seq,
                        size_t max_entries) override {
    return target_.Pull(where, after_seq, max_entries);
  }
  Result<std::vector<ChunkHash>> MissingChunks(const CompartmentRef& where,
                                               std::span<const ChunkHash> hashes) override {
    return target_.MissingChunks(where, hashes);
  }
  Status PutChunk(const CompartmentRef& where, const ChunkHash& hash, ByteView sealed) override {
    return target_.PutChunk(where, hash, sealed);
  }
  Result<Bytes> GetChunk(const CompartmentRef& where, const ChunkHash& hash) override {
    return target_.GetChunk(where, hash);
  }

 protected:
  Transport& target_;
};

}  // namespace casevault::sync
