// Convergence property tests (the Automerge and Jepsen habit): random interleavings of edits and
// syncs across partitioned replicas, then checks that every replica converged and that no
// acknowledged write was lost.
//
// A schedule, drawn from one seed, has 3 to 7 devices whose transports drop requests, drop
// replies and deliver twice (probabilities drawn per schedule, up to 0.3), some with clocks up to
// a day off, and engines with small push batches and pull pages. All start with one terms of
// reference. For 10 to 40 actions a random device creates a record (terms of reference, meeting
// note, chronology entry), edits a field (short text, or line edits of long text), has three or
// four devices edit one long text offline, deletes a record, resolves a conflicting field,
// restores a record from a delete conflict, attaches a file, or syncs through its lossy transport
// (retrying twice). Then faults are switched off, every device syncs until nothing moves, and
// each syncs once more. The schedule passes when:
//   (a) every device shows byte-identical states: the BLAKE2b-256 of EncodeRecordState of every
//       record, in record-id order, is the same on every device, and merging a record's
//       operations in other orders, with repeats, gives the same bytes again;
//   (b) no acknowledged write is lost: every field value a device wrote is still a current
//       version of its field, or superseded (a stored write of the field names it as a base), or
//       on a record removed by a delete that covers it;
//   and along the way every local change is visible at once on its device, append-only records
//   (written only by their creator) never conflict, and every live record is valid.
//
// ctest runs kShards cases of kSchedulesPerShard schedules each, from fixed seeds. A failing
// schedule prints "convergence schedule seed=S failed: <why>" and the actions it took; time is
// simulated, so the seed replays the same schedule. Long mode, by hand:
//   CASEVAULT_CONVERGENCE_SCHEDULES=100000 ./sync_convergence_test --gtest_filter='*LongRun'
// runs that many schedules from a random first seed (printed); CASEVAULT_CONVERGENCE_SEED=S
// starts from S instead, so CASEVAULT_CONVERGENCE_SCHEDULES=1 CASEVAULT_CONVERGENCE_SEED=S
// replays one failing schedule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casevault/crypto/hash.h"
#include "casevault/schema/record.h"
#include "casevault/schema/record_spec.h"
#include "casevault/schema/validation.h"
#include "casevault/sync/record_merge.h"
#include "sync/sync_test_world.h"

namespace casevault::sync {
namespace {

using schema::Date;
using schema::FieldSpec;
using schema::FieldType;
using schema::FieldValue;
using schema::Record;
using schema::RecordType;
using testing::SyncTestWorld;
using testing::SyncTestWorldOptions;

constexpr size_t kShards = 10;
constexpr size_t kSchedulesPerShard = 50;
// Shard s runs the seeds kFirstSeed + s * kSchedulesPerShard onwards.
constexpr uint64_t kFirstSeed = 20260301;
// Schedules create at most this many records, so that devices often edit the same ones.
constexpr size_t kMaxRecords = 4;
constexpr int64_t kMillisecond = 1000;
constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kDay = int64_t{24} * 3600 * kSecond;

// The fields that schedules edit, per record type created.
std::span<const std::string_view> EditedFields(RecordType type) {
  static constexpr std::string_view kTerms[] = {"title", "overview", "purpose", "lead_reviewer"};
  static constexpr std::string_view kNote[] = {"title", "notes", "attendees"};
  static constexpr std::string_view kChronology[] = {"involvement_with", "description", "worries"};
  if (type == RecordType::kTermsOfReference) return kTerms;
  if (type == RecordType::kMeetingNote) return kNote;
  return kChronology;
}

// `text` on one line, for messages.
std::string OneLine(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// `value` quoted on one line, or <cleared>.
std::string ValueText(const std::optional<FieldValue>& value) {
  return value ? "\"" + OneLine(schema::FormatFieldValue(*value)) + "\"" : "<cleared>";
}

// A record a schedule created: its id, type and the device that created it.
struct TrackedRecord {
  Id128 id;
  RecordType type;
  size_t creator = 0;
};

// A field value a device wrote and its LocalWriter accepted.
struct AckedWrite {
  size_t record = 0;  // index into the schedule's records
  std::string field;
  HlcStamp stamp;
  size_t device = 0;
};

// What the schedules of one shard exercised, to check that the test is not vacuous.
struct Coverage {
  size_t failed_syncs = 0;
  size_t resolves = 0;
  size_t restores = 0;
  size_t deletes = 0;
  size_t attaches = 0;
  size_t open_conflicts = 0;   // fields still in conflict after convergence
  size_t clean_merges = 0;     // long texts merged automatically after convergence
  size_t deleted_records = 0;  // records deleted after convergence

  Coverage& operator+=(const Coverage& other) {
    failed_syncs += other.failed_syncs;
    resolves += other.resolves;
    restores += other.restores;
    deletes += other.deletes;
    attaches += other.attaches;
    open_conflicts += other.open_conflicts;
    clean_merges += other.clean_merges;
    deleted_records += other.deleted_records;
    return *this;
  }
};

// One schedule: builds a world from its seed, runs the actions, settles and checks.
class ScheduleRun {
 public:
  explicit ScheduleRun(uint64_t seed) : rng_(seed) {}

  // Runs the schedule; OK when it converged with every property holding, else what failed.
  Status Run();
  // The actions taken so far, one per line.
  std::string Trace() const;
  // What the schedule exercised.
  const Coverage& coverage() const { return coverage_; }

 private:
  // Random draws.
  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }
  double Unit() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

  // Random content: a line of a few words, a text of `min_lines` to `min_lines` + 3 lines, a
  // short title, and `text` with one line replaced, inserted or removed.
  std::string NewLine();
  std::string NewText(size_t min_lines = 2);
  std::string NewShortText();
  std::string EditLines(const std::string& text);
  // A new value for `field` given its shown value; nullopt (clearing it) only for optional
  // fields.
  std::optional<FieldValue> NewValue(const FieldSpec& field,
                                     const std::optional<FieldValue>& shown);
  // A valid new record of `type`.
  Record NewRecord(RecordType type);

  // The actions, each on `device`. An action with nothing to act on does another one instead.
  Status Create(size_t device);
  Status Create(size_t device, RecordType type);
  Status Edit(size_t device);
  // Three or four devices, `device` among them, edit the same long text one after the other
  // without syncing, as when everyone revises the overview before a meeting.
  Status EditTogether(size_t device);
  Status Delete(size_t device);
  Status Resolve(size_t device);
  Status Restore(size_t device);
  Status Attach(size_t device);
  Status SyncThroughFaults(size_t device);

  // Device `device` writes a new value (NewValue) into field `name` of record `index`.
  Status EditField(size_t device, size_t index, std::string_view name);
  // The state of record `index` on `device`.
  Result<RecordState> State(size_t device, size_t index);
  // The records `device` shows and may change (append-only records only by their creator), with
  // their states.
  Result<std::vector<std::pair<size_t, RecordState>>> Editable(size_t device);
  // Records the writes of the operation `device` just wrote on record `index` as acknowledged,
  // and checks that each is what the device now shows for its field.
  Status Acknowledge(size_t device, size_t index);

  // Switches faults off, syncs every device until nothing moves, then each once more.
  Status Settle();
  // Property (a), and that every device holds every operation; also that append-only records
  // have no conflicts and live records are valid.
  Status CheckConverged();
  // That the operations device 0 holds for each record, merged in other orders and with one
  // repeated, give the state it shows: what (a) relies on when replicas receive them differently.
  Status CheckOrderDoesNotMatter();
  // Property (b), on device 0 (which holds what every device holds once converged).
  Status CheckNoAcknowledgedWriteLost();

  // A stamp as "<ms since the start>.<logical>@d<device>", a state over a few lines.
  std::string StampText(const HlcStamp& stamp) const;
  std::string Describe(const RecordState& state) const;
  // Appends a line to the trace.
  void Note(size_t device, const std::string& what);

  std::mt19937_64 rng_;
  std::unique_ptr<SyncTestWorld> world_;
  std::vector<TrackedRecord> records_;
  std::vector<AckedWrite> acked_;
  std::vector<std::string> trace_;
  Coverage coverage_;
};

std::string ScheduleRun::NewLine() {
  // Few words, so that texts repeat lines and diffs meet ambiguous alignments.
  static constexpr std::string_view kWords[] = {"review", "agency", "child",  "meeting",
                                                "plan",   "police", "school", "family"};
  std::string line;
  const size_t words = 1 + Below(3);
  for (size_t i = 0; i < words; ++i) {
    if (i > 0) line += ' ';
    line += kWords[Below(std::size(kWords))];
  }
  return line + "\n";
}

std::string ScheduleRun::NewText(size_t min_lines) {
  std::string text;
  const size_t lines = min_lines + Below(4);
  for (size_t i = 0; i < lines; ++i) text += NewLine();
  return text;
}

std::string ScheduleRun::NewShortText() {
  static constexpr std::string_view kTitles[] = {"Alpha", "Beta", "Gamma", "Delta", "Epsilon"};
  return std::string(kTitles[Below(std::size(kTitles))]);
}

std::string ScheduleRun::EditLines(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t at = 0; at < text.size();) {
    const size_t end = text.find('\n', at);
    const size_t next = end == std::string::npos ? text.size() : end + 1;
    lines.push_back(text.substr(at, next - at));
    at = next;
  }
  const size_t roll = Below(10);
  if (roll < 4 && !lines.empty()) {
    lines[Below(lines.size())] = NewLine();
  } else if (roll < 8 || lines.size() < 2) {
    lines.insert(lines.begin() + static_cast<ptrdiff_t>(Below(lines.size() + 1)), NewLine());
  } else {
    lines.erase(lines.begin() + static_cast<ptrdiff_t>(Below(lines.size())));
  }
  std::string edited;
  for (const std::string& line : lines) edited += line;
  return edited;
}

std::optional<FieldValue> ScheduleRun::NewValue(const FieldSpec& field,
                                                const std::optional<FieldValue>& shown) {
  if (!field.required && shown && Chance(0.15)) return std::nullopt;
  if (field.type != FieldType::kLongText) return NewShortText();
  const std::string* text = shown ? std::get_if<std::string>(&*shown) : nullptr;
  if (text == nullptr || text->empty() || Chance(0.1)) return NewText();
  return EditLines(*text);
}

Record ScheduleRun::NewRecord(RecordType type) {
  static constexpr std::string_view kAgencies[] = {"police", "education", "gp", "probation"};
  static constexpr std::string_view kSubjects[] = {"child", "mother", "father"};
  Record record(type);
  const auto set = [&record](std::string_view name, FieldValue value) {
    // The values are valid by construction; a failure is a bug in this test.
    if (!record.Set(name, std::move(value)).ok()) std::abort();
  };
  const Date day{2026, 2, static_cast<uint8_t>(1 + Below(28))};
  switch (type) {
    case RecordType::kTermsOfReference:
      set("title", NewShortText());
      set("overview", NewText(6));
      break;
    case RecordType::kMeetingNote: {
      const FieldSpec* kind = schema::FindField(schema::SpecOf(type), "kind");
      set("kind", std::string(kind->enum_values[Below(kind->enum_values.size())]));
      set("held_on", day);
      set("notes", NewText());
      break;
    }
    default:
      set("agency", std::string(kAgencies[Below(std::size(kAgencies))]));
      set("involvement_with", std::string(kSubjects[Below(std::size(kSubjects))]));
      set("date_from", day);
      set("description", NewText());
      break;
  }
  return record;
}

Result<RecordState> ScheduleRun::State(size_t device, size_t index) {
  return world_->device(device).writer.State(world_->where(), records_[index].id);
}

Result<std::vector<std::pair<size_t, RecordState>>> ScheduleRun::Editable(size_t device) {
  std::vector<std::pair<size_t, RecordState>> editable;
  for (size_t index = 0; index < records_.size(); ++index) {
    if (schema::SpecOf(records_[index].type).append_only && records_[index].creator != device) {
      continue;
    }
    CV_ASSIGN_OR_RETURN(RecordState state, State(device, index));
    if (state.type && !state.deleted) editable.emplace_back(index, std::move(state));
  }
  return editable;
}

Status ScheduleRun::Acknowledge(size_t device, size_t index) {
  const HlcStamp stamp = world_->device(device).clock.last();
  CV_ASSIGN_OR_RETURN(std::vector<StoredOp> ops, world_->device(device).store.OpsOfRecord(
                                                     world_->where(), records_[index].id));
  CV_ASSIGN_OR_RETURN(RecordState state, State(device, index));
  for (const StoredOp& stored : ops) {
    if (stored.op.stamp != stamp) continue;
    for (const FieldWrite& write : stored.op.writes) {
      acked_.push_back({index, write.field, stamp, device});
      auto field = state.fields.find(write.field);
      const std::vector<FieldVersion> expected = {{stamp, write.value}};
      if (field == state.fields.end() || field->second.versions != expected ||
          field->second.value != write.value || field->second.conflict) {
        return InternalError("device " + std::to_string(device) + " wrote r" +
                             std::to_string(index) + "." + write.field + " = " +
                             ValueText(write.value) + " but does not show it at once:\n" +
                             Describe(state));
      }
    }
    return Status::Ok();
  }
  return InternalError("device " + std::to_string(device) + " accepted a change of r" +
                       std::to_string(index) + " but stored no operation stamped " +
                       StampText(stamp));
}

Status ScheduleRun::Create(size_t device) {
  if (records_.size() >= kMaxRecords) return SyncThroughFaults(device);
  static constexpr RecordType kTypes[] = {RecordType::kTermsOfReference,
                                          RecordType::kTermsOfReference, RecordType::kMeetingNote,
                                          RecordType::kChronologyEntry};
  return Create(device, kTypes[Below(std::size(kTypes))]);
}

Status ScheduleRun::Create(size_t device, RecordType type) {
  const Record record = NewRecord(type);
  CV_RETURN_IF_ERROR(schema::ValidateRecord(record, schema::DefaultPartnershipAgencies()));
  CV_ASSIGN_OR_RETURN(const Id128 id,
                      world_->device(device).writer.Create(world_->where(), record));
  records_.push_back({id, type, device});
  Note(device, "creates r" + std::to_string(records_.size() - 1) + " (" +
                   std::string(schema::RecordTypeName(type)) + ")");
  return Acknowledge(device, records_.size() - 1);
}

Status ScheduleRun::Edit(size_t device) {
  CV_ASSIGN_OR_RETURN(auto editable, Editable(device));
  if (editable.empty()) return Create(device);
  // Edits favour the record every device starts with, so that concurrent edits meet.
  const size_t index =
      editable.front().first == 0 && Chance(0.4) ? 0 : editable[Below(editable.size())].first;
  const std::span<const std::string_view> fields = EditedFields(records_[index].type);
  return EditField(device, index, fields[Below(fields.size())]);
}

Status ScheduleRun::EditTogether(size_t device) {
  std::vector<size_t> group = {device};
  const size_t group_size = std::min(world_->size(), 3 + Below(2));
  while (group.size() < group_size) {
    const size_t other = Below(world_->size());
    if (std::find(group.begin(), group.end(), other) == group.end()) group.push_back(other);
  }
  std::vector<size_t> shared;
  for (size_t index = 0; index < records_.size(); ++index) {
    bool everyone = true;
    for (size_t member : group) {
      if (schema::SpecOf(records_[index].type).append_only && records_[index].creator != member) {
        everyone = false;
        break;
      }
      CV_ASSIGN_OR_RETURN(RecordState state, State(member, index));
      everyone = everyone && state.type && !state.deleted;
    }
    if (everyone) shared.push_back(index);
  }
  if (shared.empty()) return Edit(device);
  const size_t index = shared[Below(shared.size())];
  std::vector<std::string_view> long_texts;
  for (std::string_view name : EditedFields(records_[index].type)) {
    if (schema::FindField(schema::SpecOf(records_[index].type), name)->type ==
        FieldType::kLongText) {
      long_texts.push_back(name);
    }
  }
  const std::string_view name = long_texts[Below(long_texts.size())];
  std::string members;
  for (size_t member : group) members += " d" + std::to_string(member);
  Note(device, "devices" + members + " edit r" + std::to_string(index) + "." + std::string(name) +
                   " offline together:");
  for (size_t member : group) CV_RETURN_IF_ERROR(EditField(member, index, name));
  return Status::Ok();
}

Status ScheduleRun::EditField(size_t device, size_t index, std::string_view name) {
  CV_ASSIGN_OR_RETURN(RecordState state, State(device, index));
  const FieldSpec* spec = schema::FindField(schema::SpecOf(records_[index].type), name);
  CV_ASSIGN_OR_RETURN(Record edited, state.ToRecord());
  const FieldValue* shown = edited.Get(name);
  const std::optional<FieldValue> value =
      NewValue(*spec, shown ? std::optional<FieldValue>(*shown) : std::nullopt);
  if (value) {
    CV_RETURN_IF_ERROR(edited.Set(name, *value));
  } else {
    edited.Clear(name);
  }
  const HlcStamp before = world_->device(device).clock.last();
  CV_RETURN_IF_ERROR(
      world_->device(device).writer.Update(world_->where(), records_[index].id, edited));
  const bool wrote = world_->device(device).clock.last() != before;
  Note(device, "edits r" + std::to_string(index) + "." + std::string(name) + " = " +
                   ValueText(value) + (wrote ? "" : " (unchanged)"));
  return wrote ? Acknowledge(device, index) : Status::Ok();
}

Status ScheduleRun::Delete(size_t device) {
  CV_ASSIGN_OR_RETURN(auto editable, Editable(device));
  if (editable.empty()) return Edit(device);
  const size_t index = editable[Below(editable.size())].first;
  CV_RETURN_IF_ERROR(world_->device(device).writer.Delete(world_->where(), records_[index].id));
  Note(device, "deletes r" + std::to_string(index));
  ++coverage_.deletes;
  CV_ASSIGN_OR_RETURN(RecordState state, State(device, index));
  if (!state.deleted) {
    return InternalError("device " + std::to_string(device) + " deleted r" + std::to_string(index) +
                         " but still shows it:\n" + Describe(state));
  }
  return Status::Ok();
}

Status ScheduleRun::Resolve(size_t device) {
  CV_ASSIGN_OR_RETURN(auto editable, Editable(device));
  std::vector<std::pair<size_t, const FieldState*>> conflicts;
  std::vector<std::string> names;
  for (const auto& [index, state] : editable) {
    for (const auto& [name, field] : state.fields) {
      if (!field.conflict) continue;
      conflicts.emplace_back(index, &field);
      names.push_back(name);
    }
  }
  if (conflicts.empty()) return SyncThroughFaults(device);
  const size_t pick = Below(conflicts.size());
  const auto [index, field] = conflicts[pick];
  const std::string& name = names[pick];
  const std::optional<FieldValue> value =
      Chance(0.7)
          ? field->versions[Below(field->versions.size())].value
          : NewValue(*schema::FindField(schema::SpecOf(records_[index].type), name), field->value);
  CV_RETURN_IF_ERROR(
      world_->device(device).writer.Resolve(world_->where(), records_[index].id, name, value));
  Note(device, "resolves r" + std::to_string(index) + "." + name + " = " + ValueText(value));
  ++coverage_.resolves;
  return Acknowledge(device, index);
}

Status ScheduleRun::Restore(size_t device) {
  std::vector<size_t> candidates;
  for (size_t index = 0; index < records_.size(); ++index) {
    CV_ASSIGN_OR_RETURN(RecordState state, State(device, index));
    if (state.delete_conflict) candidates.push_back(index);
  }
  if (candidates.empty()) return SyncThroughFaults(device);
  const size_t index = candidates[Below(candidates.size())];
  CV_RETURN_IF_ERROR(world_->device(device).writer.Restore(world_->where(), records_[index].id));
  Note(device, "restores r" + std::to_string(index));
  ++coverage_.restores;
  CV_ASSIGN_OR_RETURN(RecordState state, State(device, index));
  if (state.deleted || state.delete_conflict) {
    return InternalError("device " + std::to_string(device) + " restored r" +
                         std::to_string(index) + " but does not show it restored:\n" +
                         Describe(state));
  }
  return Status::Ok();
}

Status ScheduleRun::Attach(size_t device) {
  CV_ASSIGN_OR_RETURN(auto editable, Editable(device));
  if (editable.empty()) return Edit(device);
  const size_t index = editable[Below(editable.size())].first;
  FileManifest manifest;
  for (uint8_t& byte : manifest.file_id.bytes) byte = static_cast<uint8_t>(rng_());
  manifest.chunk_size = 65536;
  manifest.plaintext_size = 1 + rng_() % (4 * 65536);
  manifest.chunk_hashes.resize((manifest.plaintext_size + 65535) / 65536);
  for (auto& hash : manifest.chunk_hashes) {
    for (uint8_t& byte : hash) byte = static_cast<uint8_t>(rng_());
  }
  manifest.sealed_file_key.resize(72);
  for (uint8_t& byte : manifest.sealed_file_key) byte = static_cast<uint8_t>(rng_());
  CV_RETURN_IF_ERROR(
      world_->device(device).writer.AttachFile(world_->where(), records_[index].id, manifest));
  Note(device,
       "attaches file " + manifest.file_id.ToHex().substr(0, 8) + " to r" + std::to_string(index));
  ++coverage_.attaches;
  return Status::Ok();
}

Status ScheduleRun::SyncThroughFaults(size_t device) {
  // Like a client, retry a sync that lost its connection a few times; what was done is kept.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    Result<SyncReport> report = world_->device(device).engine.Sync(world_->where());
    if (!report.ok()) {
      // Only the transport's simulated losses may fail a sync.
      if (report.status().code() != StatusCode::kIoError) return report.status();
      Note(device, "sync fails: " + report.status().message());
      ++coverage_.failed_syncs;
      if (attempt == kAttempts) return Status::Ok();
      continue;
    }
    if (!report->rejected.empty()) {
      return InternalError("device " + std::to_string(device) + " rejected operation " +
                           report->rejected.front().op_id.ToHex() + ": " +
                           report->rejected.front().reason.ToString());
    }
    Note(device, "syncs: pushed " + std::to_string(report->pushed) + ", pulled " +
                     std::to_string(report->pulled));
    return Status::Ok();
  }
}

Status ScheduleRun::Settle() {
  CV_ASSIGN_OR_RETURN(const size_t rounds, world_->SettleWithoutFaults());
  Note(0, "all devices settled in " + std::to_string(rounds) + " rounds");
  for (size_t device = 0; device < world_->size(); ++device) {
    CV_ASSIGN_OR_RETURN(SyncReport report, world_->SyncWithoutFaults(device));
    if (report.pushed + report.pulled != 0 || !report.rejected.empty()) {
      return InternalError("device " + std::to_string(device) +
                           " still exchanged operations after settling");
    }
  }
  return Status::Ok();
}

Status ScheduleRun::CheckConverged() {
  CV_ASSIGN_OR_RETURN(const std::vector<LogEntry> log, world_->HubLog());
  std::map<Id128, size_t> index_of;
  for (size_t index = 0; index < records_.size(); ++index) index_of[records_[index].id] = index;

  std::set<Id128> ids;
  for (size_t device = 0; device < world_->size(); ++device) {
    CV_ASSIGN_OR_RETURN(std::vector<Id128> held,
                        world_->device(device).store.Records(world_->where()));
    ids.insert(held.begin(), held.end());
    CV_ASSIGN_OR_RETURN(std::vector<SignedOp> pending,
                        world_->device(device).store.Pending(world_->where()));
    if (!pending.empty()) {
      return InternalError("device " + std::to_string(device) + " still has " +
                           std::to_string(pending.size()) + " operations to push");
    }
  }
  if (ids.size() != records_.size()) {
    return InternalError("devices hold " + std::to_string(ids.size()) + " records; " +
                         std::to_string(records_.size()) + " were created");
  }

  std::vector<crypto::Hash256> hashes;
  for (size_t device = 0; device < world_->size(); ++device) {
    crypto::Blake2bHasher hasher;
    size_t ops = 0;
    for (const Id128& id : ids) {
      CV_ASSIGN_OR_RETURN(std::vector<StoredOp> stored,
                          world_->device(device).store.OpsOfRecord(world_->where(), id));
      ops += stored.size();
      CV_ASSIGN_OR_RETURN(RecordState state,
                          world_->device(device).writer.State(world_->where(), id));
      hasher.Update(EncodeRecordState(state));
    }
    if (ops != log.size()) {
      return InternalError("device " + std::to_string(device) + " holds " + std::to_string(ops) +
                           " operations; the hub's log holds " + std::to_string(log.size()));
    }
    hashes.push_back(hasher.Finish());
  }
  for (size_t device = 1; device < world_->size(); ++device) {
    if (hashes[device] == hashes[0]) continue;
    for (const Id128& id : ids) {
      CV_ASSIGN_OR_RETURN(RecordState mine,
                          world_->device(device).writer.State(world_->where(), id));
      CV_ASSIGN_OR_RETURN(RecordState first, world_->device(0).writer.State(world_->where(), id));
      if (EncodeRecordState(mine) == EncodeRecordState(first)) continue;
      return InternalError("device " + std::to_string(device) + " shows r" +
                           std::to_string(index_of[id]) + " differently from device 0:\n" +
                           "device 0: " + Describe(first) + "\ndevice " + std::to_string(device) +
                           ": " + Describe(mine));
    }
    return InternalError("state hashes differ but no record does");
  }

  for (size_t index = 0; index < records_.size(); ++index) {
    CV_ASSIGN_OR_RETURN(RecordState state, State(0, index));
    if (state.deleted) {
      ++coverage_.deleted_records;
      continue;
    }
    for (const auto& [name, field] : state.fields) {
      coverage_.open_conflicts += field.conflict ? 1 : 0;
      coverage_.clean_merges += !field.conflict && field.versions.size() > 1 ? 1 : 0;
    }
    if (schema::SpecOf(records_[index].type).append_only && state.HasConflicts()) {
      return InternalError("append-only r" + std::to_string(index) + " is in conflict:\n" +
                           Describe(state));
    }
    CV_ASSIGN_OR_RETURN(Record record, state.ToRecord());
    const Status valid = schema::ValidateRecord(record, schema::DefaultPartnershipAgencies());
    if (!valid.ok()) {
      return InternalError("r" + std::to_string(index) + " is not valid after merging (" +
                           valid.message() + "):\n" + Describe(state));
    }
  }
  return Status::Ok();
}

Status ScheduleRun::CheckOrderDoesNotMatter() {
  for (size_t index = 0; index < records_.size(); ++index) {
    CV_ASSIGN_OR_RETURN(std::vector<StoredOp> ops,
                        world_->device(0).store.OpsOfRecord(world_->where(), records_[index].id));
    CV_ASSIGN_OR_RETURN(RecordState shown, State(0, index));
    const Bytes expected = EncodeRecordState(shown);
    std::vector<MergeInput> inputs;
    for (const StoredOp& op : ops) {
      inputs.push_back({&op.op, op.position->hub_time_micros});
    }
    for (int trial = 0; trial < 4; ++trial) {
      std::vector<MergeInput> shuffled = inputs;
      std::shuffle(shuffled.begin(), shuffled.end(), rng_);
      // The same op again, as a replica that stored it before the hub placed it would hold it.
      shuffled.insert(shuffled.begin() + static_cast<ptrdiff_t>(Below(shuffled.size() + 1)),
                      MergeInput{shuffled[Below(shuffled.size())].op, std::nullopt});
      const RecordState merged = MergeRecord(records_[index].id, shuffled);
      if (EncodeRecordState(merged) != expected) {
        return InternalError("r" + std::to_string(index) +
                             " merges differently when its operations come in another order:\n" +
                             "as stored: " + Describe(shown) + "\nreordered: " + Describe(merged));
      }
    }
  }
  return Status::Ok();
}

Status ScheduleRun::CheckNoAcknowledgedWriteLost() {
  for (size_t index = 0; index < records_.size(); ++index) {
    CV_ASSIGN_OR_RETURN(std::vector<StoredOp> ops,
                        world_->device(0).store.OpsOfRecord(world_->where(), records_[index].id));
    CV_ASSIGN_OR_RETURN(RecordState state, State(0, index));
    std::set<HlcStamp> stored;
    std::map<std::string, std::set<HlcStamp>> named_as_base;
    std::set<HlcStamp> overruled_deletes;
    for (const StoredOp& op : ops) {
      stored.insert(op.op.stamp);
      for (const FieldWrite& write : op.op.writes) {
        named_as_base[write.field].insert(write.bases.begin(), write.bases.end());
      }
      if (op.op.kind == OpKind::kResolve && op.op.restore) {
        overruled_deletes.insert(op.op.covers.begin(), op.op.covers.end());
      }
    }
    std::set<HlcStamp> covered_by_deletes;
    for (const StoredOp& op : ops) {
      if (op.op.kind != OpKind::kDelete || overruled_deletes.contains(op.op.stamp)) continue;
      covered_by_deletes.insert(op.op.covers.begin(), op.op.covers.end());
    }
    for (const AckedWrite& write : acked_) {
      if (write.record != index) continue;
      const std::string what = "r" + std::to_string(index) + "." + write.field +
                               " written by device " + std::to_string(write.device) + " at " +
                               StampText(write.stamp);
      if (!stored.contains(write.stamp)) {
        return InternalError(what + ": its operation is missing after convergence");
      }
      auto field = state.fields.find(write.field);
      const bool current =
          field != state.fields.end() &&
          std::any_of(field->second.versions.begin(), field->second.versions.end(),
                      [&](const FieldVersion& version) { return version.stamp == write.stamp; });
      const bool superseded = named_as_base[write.field].contains(write.stamp);
      const bool deleted = state.deleted && covered_by_deletes.contains(write.stamp);
      if (!current && !superseded && !deleted) {
        return InternalError(what + " was lost: neither current, superseded nor deleted:\n" +
                             Describe(state));
      }
    }
  }
  return Status::Ok();
}

std::string ScheduleRun::StampText(const HlcStamp& stamp) const {
  std::string device = "?";
  for (size_t n = 0; n < world_->size(); ++n) {
    if (world_->device(n).id() == stamp.device) device = std::to_string(n);
  }
  return std::to_string((stamp.physical_micros - SyncTestWorld::kStartMicros) / kMillisecond) +
         "ms." + std::to_string(stamp.logical) + "@d" + device;
}

std::string ScheduleRun::Describe(const RecordState& state) const {
  std::string out = std::string(state.type ? schema::RecordTypeName(*state.type) : "<no type>");
  if (state.deleted) out += " deleted";
  if (state.delete_conflict) {
    out += " delete-conflict(deletes";
    for (const HlcStamp& stamp : state.delete_conflict->deletes) out += " " + StampText(stamp);
    out += "; unseen";
    for (const HlcStamp& stamp : state.delete_conflict->unseen_versions) {
      out += " " + StampText(stamp);
    }
    out += ")";
  }
  if (state.file) out += " file " + state.file->file_id.ToHex().substr(0, 8);
  for (const auto& [name, field] : state.fields) {
    out += "\n  " + name + " = " + ValueText(field.value) + (field.conflict ? " CONFLICT" : "");
    for (const FieldVersion& version : field.versions) {
      out += "\n    " + StampText(version.stamp) + " " + ValueText(version.value);
    }
  }
  return out;
}

void ScheduleRun::Note(size_t device, const std::string& what) {
  const int64_t now = world_->time().NowMicros() - SyncTestWorld::kStartMicros;
  trace_.push_back(std::to_string(now / kMillisecond) + "ms d" + std::to_string(device) + " " +
                   what);
}

std::string ScheduleRun::Trace() const {
  std::string out;
  for (const std::string& line : trace_) out += "  " + line + "\n";
  return out;
}

Status ScheduleRun::Run() {
  SyncTestWorldOptions options;
  options.devices = 3 + Below(5);
  options.engine.push_batch = 1 + Below(6);
  options.engine.pull_page = 1 + Below(6);
  const double drop_request = 0.3 * Unit();
  const double duplicate = 0.3 * Unit();
  const double drop_reply = 0.3 * Unit();
  for (size_t n = 0; n < options.devices; ++n) {
    options.faults.push_back({.seed = rng_(),
                              .drop_request = drop_request,
                              .duplicate = duplicate,
                              .drop_reply = drop_reply});
  }
  world_ = std::make_unique<SyncTestWorld>(options);
  trace_.push_back(std::to_string(options.devices) + " devices; push batch " +
                   std::to_string(options.engine.push_batch) + ", pull page " +
                   std::to_string(options.engine.pull_page) + "; drop request " +
                   std::to_string(drop_request) + ", duplicate " + std::to_string(duplicate) +
                   ", drop reply " + std::to_string(drop_reply));
  for (size_t n = 0; n < options.devices; ++n) {
    if (!Chance(0.4)) continue;
    const int64_t offset = static_cast<int64_t>(Below(2 * kDay + 1)) - kDay;
    world_->device(n).env.SetClockOffsetMicros(offset);
    Note(n, "clock off by " + std::to_string(offset / kSecond) + "s");
  }

  // Every schedule starts from one terms of reference that all devices have, so that devices
  // often edit the same record while partitioned.
  const size_t first = Below(world_->size());
  CV_RETURN_IF_ERROR(Create(first, RecordType::kTermsOfReference));
  CV_RETURN_IF_ERROR(world_->SettleWithoutFaults().status());
  Note(first, "r0 reaches every device");

  const size_t actions = 10 + Below(31);
  for (size_t i = 0; i < actions; ++i) {
    world_->time().Advance(kMillisecond + static_cast<int64_t>(Below(10 * kSecond)));
    const size_t device = Below(world_->size());
    const size_t roll = Below(100);
    Status status;
    if (roll < 7) {
      status = Create(device);
    } else if (roll < 35) {
      status = Edit(device);
    } else if (roll < 43) {
      status = EditTogether(device);
    } else if (roll < 46) {
      status = Delete(device);
    } else if (roll < 56) {
      status = Resolve(device);
    } else if (roll < 61) {
      status = Restore(device);
    } else if (roll < 66) {
      status = Attach(device);
    } else {
      status = SyncThroughFaults(device);
    }
    if (!status.ok()) {
      return status.WithContext("action " + std::to_string(i) + " on device " +
                                std::to_string(device));
    }
  }

  CV_RETURN_IF_ERROR(Settle());
  CV_RETURN_IF_ERROR(CheckConverged());
  CV_RETURN_IF_ERROR(CheckOrderDoesNotMatter());
  return CheckNoAcknowledgedWriteLost();
}

// Runs `count` schedules from `first_seed` on; stops at the first that fails, reporting its seed.
Coverage RunSchedules(uint64_t first_seed, uint64_t count) {
  Coverage coverage;
  for (uint64_t seed = first_seed; seed < first_seed + count; ++seed) {
    ScheduleRun run(seed);
    const Status status = run.Run();
    coverage += run.coverage();
    if (!status.ok()) {
      ADD_FAILURE() << "convergence schedule seed=" << seed << " failed: " << status.ToString()
                    << "\nschedule:\n"
                    << run.Trace();
      break;
    }
  }
  return coverage;
}

class ConvergenceShard : public ::testing::TestWithParam<size_t> {};

TEST_P(ConvergenceShard, ReplicasConvergeAndKeepEveryAcknowledgedWrite) {
  const Coverage coverage =
      RunSchedules(kFirstSeed + GetParam() * kSchedulesPerShard, kSchedulesPerShard);
  if (HasFailure()) return;
  // The schedules must exercise what the properties are about.
  EXPECT_GT(coverage.failed_syncs, 0u);
  EXPECT_GT(coverage.resolves, 0u);
  EXPECT_GT(coverage.restores, 0u);
  EXPECT_GT(coverage.deletes, 0u);
  EXPECT_GT(coverage.attaches, 0u);
  EXPECT_GT(coverage.open_conflicts, 0u);
  EXPECT_GT(coverage.clean_merges, 0u);
  EXPECT_GT(coverage.deleted_records, 0u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ConvergenceShard, ::testing::Range<size_t>(0, kShards));

// Long mode (see the top of this file): skipped unless CASEVAULT_CONVERGENCE_SCHEDULES is set.
TEST(Convergence, LongRun) {
  const char* count_text = std::getenv("CASEVAULT_CONVERGENCE_SCHEDULES");
  if (count_text == nullptr) {
    GTEST_SKIP() << "set CASEVAULT_CONVERGENCE_SCHEDULES=N to run N more schedules";
  }
  char* end = nullptr;
  const uint64_t count = std::strtoull(count_text, &end, 10);
  ASSERT_TRUE(*count_text != '\0' && *end == '\0')
      << "CASEVAULT_CONVERGENCE_SCHEDULES must be a number, not \"" << count_text << "\"";
  uint64_t first_seed = std::random_device{}();
  if (const char* seed_text = std::getenv("CASEVAULT_CONVERGENCE_SEED")) {
    first_seed = std::strtoull(seed_text, &end, 10);
    ASSERT_TRUE(*seed_text != '\0' && *end == '\0')
        << "CASEVAULT_CONVERGENCE_SEED must be a number, not \"" << seed_text << "\"";
  }
  std::cout << "running " << count << " convergence schedules from seed " << first_seed
            << std::endl;
  RunSchedules(first_seed, count);
}

}  // namespace
}  // namespace casevault::sync
