#include "casevault/sync/hub.h"

#include <algorithm>
#include <set>
#include <string>

#include "casevault/crypto/hash.h"

namespace casevault::sync {
namespace {

std::string Describe(const CompartmentRef& where) {
  return "case " + where.case_id.ToHex() + " compartment \"" + where.name + "\"";
}

// InvalidArgument unless `where` names a compartment that may exist.
Status CheckCompartment(const CompartmentRef& where) {
  if (IsValidCompartmentName(where.name)) return Status::Ok();
  return InvalidArgumentError("no compartment may be called \"" + where.name +
                              "\": only \"shared\" and \"agency:<id>\" exist");
}

// OK when `ops` may be pushed as a whole; otherwise why not, naming the first offending op.
Status ValidatePush(const CompartmentRef& where, std::span<const SignedOp> ops) {
  CV_RETURN_IF_ERROR(CheckCompartment(where));
  const std::string context = "push to " + Describe(where);
  if (ops.size() > Hub::kMaxOpsPerPush) {
    return InvalidArgumentError(context + ": " + std::to_string(ops.size()) +
                                " ops exceed the limit of " + std::to_string(Hub::kMaxOpsPerPush) +
                                " per push; nothing was appended, push them in smaller batches");
  }
  for (size_t i = 0; i < ops.size(); ++i) {
    const SignedOp& op = ops[i];
    const std::string which =
        context + ": op " + std::to_string(i) + " (id " + op.op_id.ToHex() + ") ";
    if (op.op_id == Id128{}) {
      return InvalidArgumentError(which + "has a zero op id; nothing was appended");
    }
    if (op.envelope.empty()) {
      return InvalidArgumentError(which + "has an empty envelope; nothing was appended");
    }
    if (op.envelope.size() > Hub::kMaxEnvelopeBytes) {
      return InvalidArgumentError(which + "has a " + std::to_string(op.envelope.size()) +
                                  "-byte envelope, over the limit of " +
                                  std::to_string(Hub::kMaxEnvelopeBytes) +
                                  " bytes; nothing was appended");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<LogPosition>> Hub::Push(const CompartmentRef& where,
                                           std::span<const SignedOp> ops) {
  CV_RETURN_IF_ERROR(ValidatePush(where, ops));
  Result<std::vector<LogPosition>> positions = store_.AppendBatch(where, ops, env_.NowMicros());
  if (!positions.ok()) {
    return positions.status().WithContext("push of " + std::to_string(ops.size()) + " ops to " +
                                          Describe(where) + "; nothing was appended");
  }
  return positions;
}

Result<PullPage> Hub::Pull(const CompartmentRef& where, uint64_t after_seq, size_t max_entries) {
  CV_RETURN_IF_ERROR(CheckCompartment(where));
  return store_.Read(where, after_seq, std::clamp<size_t>(max_entries, 1, kMaxPullEntries));
}

Result<std::vector<ChunkHash>> Hub::MissingChunks(const CompartmentRef& where,
                                                  std::span<const ChunkHash> hashes) {
  CV_RETURN_IF_ERROR(CheckCompartment(where));
  std::vector<ChunkHash> missing;
  std::set<ChunkHash> seen;
  for (const ChunkHash& hash : hashes) {
    if (!seen.insert(hash).second) continue;
    CV_ASSIGN_OR_RETURN(const bool held, store_.HasChunk(hash));
    if (!held) missing.push_back(hash);
  }
  return missing;
}

Status Hub::PutChunk(const CompartmentRef& where, const ChunkHash& hash, ByteView sealed) {
  CV_RETURN_IF_ERROR(CheckCompartment(where));
  const std::string context = "chunk " + ToHex(hash);
  if (sealed.size() > kMaxChunkBytes) {
    return InvalidArgumentError(context + " is " + std::to_string(sealed.size()) +
                                " bytes, over the limit of " + std::to_string(kMaxChunkBytes) +
                                "; nothing was stored");
  }
  if (crypto::Blake2b256(sealed) != hash) {
    return InvalidArgumentError(context +
                                ": content does not hash to its address (damaged or misaddressed "
                                "in transit); nothing was stored, send it again");
  }
  return store_.PutChunk(hash, sealed);
}

Result<Bytes> Hub::GetChunk(const CompartmentRef& where, const ChunkHash& hash) {
  CV_RETURN_IF_ERROR(CheckCompartment(where));
  return store_.GetChunk(hash);
}

}  // namespace casevault::sync
