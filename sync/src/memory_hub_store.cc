#include <algorithm>

#include "casevault/sync/hub_store.h"

namespace casevault::sync {

Result<std::vector<LogPosition>> MemoryHubStore::AppendBatch(const CompartmentRef& where,
                                                             std::span<const SignedOp> ops,
                                                             int64_t hub_time_micros) {
  std::vector<LogPosition> positions;
  positions.reserve(ops.size());
  std::lock_guard lock(mu_);
  Log& log = logs_[where];
  // Nothing below fails short of running out of memory, so the batch is all or nothing.
  for (const SignedOp& op : ops) {
    if (auto held = log.seq_by_op_id.find(op.op_id); held != log.seq_by_op_id.end()) {
      positions.push_back(log.entries[held->second - 1].position);
      continue;
    }
    LogPosition position{.seq = log.entries.size() + 1, .hub_time_micros = hub_time_micros};
    if (!log.entries.empty()) {
      position.hub_time_micros =
          std::max(position.hub_time_micros, log.entries.back().position.hub_time_micros);
    }
    log.entries.push_back(LogEntry{.position = position, .op = op});
    log.seq_by_op_id.emplace(op.op_id, position.seq);
    positions.push_back(position);
  }
  return positions;
}

Result<PullPage> MemoryHubStore::Read(const CompartmentRef& where, uint64_t after_seq,
                                      size_t max_entries) {
  std::lock_guard lock(mu_);
  PullPage page;
  auto log = logs_.find(where);
  if (log == logs_.end()) return page;
  const std::vector<LogEntry>& entries = log->second.entries;
  // Entry i has seq i + 1, so the first entry after `after_seq` is at index `after_seq`.
  const size_t begin = static_cast<size_t>(std::min<uint64_t>(after_seq, entries.size()));
  const size_t end = begin + std::min(max_entries, entries.size() - begin);
  page.entries.assign(entries.begin() + begin, entries.begin() + end);
  page.more = end < entries.size();
  return page;
}

Result<bool> MemoryHubStore::HasChunk(const ChunkHash& hash) {
  std::lock_guard lock(mu_);
  return chunks_.contains(hash);
}

Status MemoryHubStore::PutChunk(const ChunkHash& hash, ByteView sealed) {
  std::lock_guard lock(mu_);
  chunks_.try_emplace(hash, sealed.begin(), sealed.end());
  return Status::Ok();
}

Result<Bytes> MemoryHubStore::GetChunk(const ChunkHash& hash) {
  std::lock_guard lock(mu_);
  auto chunk = chunks_.find(hash);
  if (chunk == chunks_.end()) {
    return NotFoundError("chunk " + ToHex(hash) + " is not on the hub: upload it first");
  }
  return chunk->second;
}

}  // namespace casevault::sync
