#include "casevault/sync/sync_engine.h"

#include <algorithm>
#include <set>

namespace casevault::sync {

SyncEngine::SyncEngine(OpStore& store, Transport& transport, CompartmentKeys& keys,
                       HybridClock& clock, const std::map<Id128, crypto::SigningPublicKey>& devices,
                       Options options)
    : store_(store),
      transport_(transport),
      keys_(keys),
      clock_(clock),
      devices_(devices),
      options_(options),
      events_(options.events != nullptr ? *options.events : DiscardEventLog()) {}

Result<SyncReport> SyncEngine::Sync(const CompartmentRef& where) {
  SyncReport report;
  std::set<Id128> pushed;
  CV_RETURN_IF_ERROR(Push(where, report, pushed));
  CV_RETURN_IF_ERROR(Pull(where, pushed, report));
  return report;
}

Status SyncEngine::Push(const CompartmentRef& where, SyncReport& report, std::set<Id128>& pushed) {
  CV_ASSIGN_OR_RETURN(std::vector<SignedOp> pending, store_.Pending(where));
  const size_t batch_size = std::max<size_t>(1, options_.push_batch);
  for (size_t start = 0; start < pending.size(); start += batch_size) {
    const std::span<const SignedOp> batch =
        std::span(pending).subspan(start, std::min(batch_size, pending.size() - start));
    CV_ASSIGN_OR_RETURN(std::vector<LogPosition> positions, transport_.Push(where, batch));
    if (positions.size() != batch.size()) {
      return InternalError("the hub answered a push of " + std::to_string(batch.size()) +
                           " operations with " + std::to_string(positions.size()) + " positions");
    }
    std::vector<std::pair<Id128, LogPosition>> placed;
    placed.reserve(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      placed.emplace_back(batch[i].op_id, positions[i]);
      pushed.insert(batch[i].op_id);
    }
    CV_RETURN_IF_ERROR(store_.SetPositions(where, placed));
    report.pushed += batch.size();
  }
  return Status::Ok();
}

Status SyncEngine::Pull(const CompartmentRef& where, const std::set<Id128>& pushed,
                        SyncReport& report) {
  const EpochKeyLookup key_for_epoch = [&](uint32_t epoch) { return keys_.Key(where, epoch); };
  std::set<Id128> changed;
  CV_ASSIGN_OR_RETURN(uint64_t cursor, store_.Cursor(where));
  Status stopped;
  for (bool more = true; more && stopped.ok();) {
    CV_ASSIGN_OR_RETURN(PullPage page, transport_.Pull(where, cursor, options_.pull_page));
    more = page.more && !page.entries.empty();
    std::vector<StoredOp> verified;
    uint64_t page_cursor = cursor;
    for (const LogEntry& entry : page.entries) {
      if (entry.position.seq <= page_cursor) continue;
      if (pushed.contains(entry.op.op_id)) {
        // Our own operation coming back: stored, and placed by the push's reply.
        page_cursor = entry.position.seq;
        continue;
      }
      Result<Operation> op = VerifyAndOpen(entry.op, where, devices_, key_for_epoch);
      const StatusCode code = op.status().code();
      if (code == StatusCode::kNotFound || code == StatusCode::kUnsupportedVersion) {
        stopped = FailedPreconditionError(
            "operation " + entry.op.op_id.ToHex() + " of " + where.name + " cannot be read yet (" +
            op.status().message() + "); sync again after receiving its key or upgrading CaseVault");
        break;
      }
      if (op.ok()) {
        clock_.Observe(op->stamp);
        verified.push_back(StoredOp{entry.op, *std::move(op), entry.position});
      } else {
        report.rejected.push_back({entry.op.op_id, op.status()});
        LogRejection(where, entry, op.status());
      }
      page_cursor = entry.position.seq;
    }
    if (page_cursor == cursor) break;
    CV_ASSIGN_OR_RETURN(std::vector<bool> added, store_.AddPulled(where, verified, page_cursor));
    for (size_t i = 0; i < verified.size(); ++i) {
      if (!added[i]) continue;
      ++report.pulled;
      changed.insert(verified[i].op.record_id);
    }
    cursor = page_cursor;
  }
  report.changed_records.assign(changed.begin(), changed.end());
  return stopped;
}

void SyncEngine::LogRejection(const CompartmentRef& where, const LogEntry& entry,
                              const Status& reason) {
  // Ids, position and CaseVault's own verdict only: the operation was not opened.
  events_.Record(Event{.time_micros = clock_.WallMicros(),
                       .level = EventLevel::kWarning,
                       .name = "sync.op_rejected",
                       .fields = {{"case", where.case_id.ToHex()},
                                  {"seq", std::to_string(entry.position.seq)},
                                  {"op", entry.op.op_id.ToHex()},
                                  {"author", entry.op.author_device.ToHex()},
                                  {"code", std::string(StatusCodeName(reason.code()))},
                                  {"reason", reason.message()}}});
}

}  // namespace casevault::sync
