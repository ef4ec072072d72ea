#include "casevault/sync/lossy_transport.h"

namespace casevault::sync {
namespace {

// A uniform draw in [0, 1) from the top 53 bits, the same on every platform (unlike
// std::uniform_real_distribution, whose algorithm the standard leaves open).
double UnitDraw(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace

LossyTransport::LossyTransport(Transport& target, const LossyTransportOptions& options)
    : target_(target), options_(options), rng_(options.seed) {}

LossyTransport::Faults LossyTransport::Draw() {
  std::lock_guard lock(mu_);
  Faults faults;
  // Always three draws, so one call's faults do not shift the draws of the next.
  faults.drop_request = UnitDraw(rng_) < options_.drop_request;
  faults.duplicate = UnitDraw(rng_) < options_.duplicate;
  faults.drop_reply = UnitDraw(rng_) < options_.drop_reply;
  if (faults.drop_request) {
    ++stats_.requests_dropped;
  } else {
    stats_.duplicated += faults.duplicate ? 1 : 0;
    stats_.replies_dropped += faults.drop_reply ? 1 : 0;
  }
  return faults;
}

template <typename Reply, typename Deliver>
Reply LossyTransport::Send(const Deliver& deliver) {
  const Faults faults = Draw();
  if (faults.drop_request) {
    return IoError("connection lost (simulated): the request never reached the hub; retry");
  }
  if (faults.duplicate) {
    // The first delivery's reply is superseded by the second's, as a retransmission's would be.
    static_cast<void>(deliver());
  }
  Reply reply = deliver();
  if (faults.drop_reply) {
    return IoError(
        "connection lost (simulated): the hub handled the request but its reply was lost; "
        "retry");
  }
  return reply;
}

Result<std::vector<LogPosition>> LossyTransport::Push(const CompartmentRef& where,
                                                      std::span<const SignedOp> ops) {
  return Send<Result<std::vector<LogPosition>>>([&] { return target_.Push(where, ops); });
}

Result<PullPage> LossyTransport::Pull(const CompartmentRef& where, uint64_t after_seq,
                                      size_t max_entries) {
  return Send<Result<PullPage>>([&] { return target_.Pull(where, after_seq, max_entries); });
}

Result<std::vector<ChunkHash>> LossyTransport::MissingChunks(const CompartmentRef& where,
                                                             std::span<const ChunkHash> hashes) {
  return Send<Result<std::vector<ChunkHash>>>([&] { return target_.MissingChunks(where, hashes); });
}

Status LossyTransport::PutChunk(const CompartmentRef& where, const ChunkHash& hash,
                                ByteView sealed) {
  return Send<Status>([&] { return target_.PutChunk(where, hash, sealed); });
}

Result<Bytes> LossyTransport::GetChunk(const CompartmentRef& where, const ChunkHash& hash) {
  return Send<Result<Bytes>>([&] { return target_.GetChunk(where, hash); });
}

LossyTransportStats LossyTransport::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace casevault::sync
