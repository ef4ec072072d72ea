#include "casevault/sync/record_merge.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

#include "casevault/base/byte_writer.h"
#include "casevault/schema/record_codec.h"
#include "casevault/schema/record_spec.h"
#include "casevault/sync/text_merge.h"
#include "wire_pieces.h"

namespace casevault::sync {
namespace {

// The order of concurrent versions: the stamp, with its physical time capped at the hub's
// arrival time plus the allowed clock skew once the hub has the operation.
// Capping can make two ranks' times equal; the full stamp (unique per operation) then decides,
// so the order is total and sorting never depends on arrival order.
struct Rank {
  int64_t physical = 0;
  uint32_t logical = 0;
  Id128 device;
  HlcStamp stamp;

  friend auto operator<=>(const Rank&, const Rank&) = default;
};

Rank RankOf(const MergeInput& input) {
  const HlcStamp& stamp = input.op->stamp;
  int64_t physical = stamp.physical_micros;
  if (input.hub_time_micros) {
    physical = std::min(physical, *input.hub_time_micros + HybridClock::kDefaultMaxSkewMicros);
  }
  return Rank{physical, stamp.logical, stamp.device, stamp};
}

// One version of one field.
struct Version {
  HlcStamp stamp;
  Rank rank;
  const FieldWrite* write;
};

// Keeps one input per op id (the one the hub has placed, at its earliest arrival) and orders
// them by stamp, so everything after depends only on the set of operations.
std::vector<MergeInput> Canonical(const Id128& record_id, std::span<const MergeInput> ops) {
  std::map<Id128, MergeInput> by_id;
  for (const MergeInput& input : ops) {
    if (input.op == nullptr || input.op->record_id != record_id) continue;
    auto [it, inserted] = by_id.try_emplace(input.op->op_id, input);
    if (inserted) continue;
    std::optional<int64_t>& kept = it->second.hub_time_micros;
    if (input.hub_time_micros && (!kept || *input.hub_time_micros < *kept)) {
      kept = input.hub_time_micros;
    }
  }
  std::vector<MergeInput> out;
  out.reserve(by_id.size());
  for (const auto& [id, input] : by_id) out.push_back(input);
  std::sort(out.begin(), out.end(), [](const MergeInput& a, const MergeInput& b) {
    return std::tie(a.op->stamp, a.op->op_id) < std::tie(b.op->stamp, b.op->op_id);
  });
  return out;
}

// Every version reachable from `from` through bases (excluding `from` itself).
std::set<HlcStamp> Ancestors(const HlcStamp& from, const std::map<HlcStamp, Version>& versions) {
  std::set<HlcStamp> seen;
  std::vector<HlcStamp> pending = {from};
  while (!pending.empty()) {
    const HlcStamp stamp = pending.back();
    pending.pop_back();
    auto it = versions.find(stamp);
    if (it == versions.end()) continue;
    for (const HlcStamp& base : it->second.write->bases) {
      if (seen.insert(base).second) pending.push_back(base);
    }
  }
  return seen;
}

// The three-way merge of the current texts against their nearest common ancestor, folding
// in rank order; nullopt when any value is not text, there is no known common ancestor, or two
// edits overlap.
std::optional<std::string> MergeCurrentTexts(const std::vector<Version>& current,
                                             const std::map<HlcStamp, Version>& versions) {
  std::optional<std::set<HlcStamp>> common;
  for (const Version& version : current) {
    const auto* value =
        version.write->value ? std::get_if<std::string>(&*version.write->value) : nullptr;
    if (value == nullptr) return std::nullopt;
    std::set<HlcStamp> ancestors = Ancestors(version.stamp, versions);
    if (!common) {
      common = std::move(ancestors);
    } else {
      std::set<HlcStamp> both;
      std::set_intersection(common->begin(), common->end(), ancestors.begin(), ancestors.end(),
                            std::inserter(both, both.end()));
      common = std::move(both);
    }
  }
  // The base is a nearest common ancestor: one no other common ancestor descends from. Ranks
  // cannot tell which that is (an edit made on a slow clock ranks below the text it revised);
  // they only choose, deterministically, between the nearest ancestors of a criss-cross history.
  std::set<HlcStamp> farther;
  for (const HlcStamp& stamp : *common) {
    const std::set<HlcStamp> older = Ancestors(stamp, versions);
    farther.insert(older.begin(), older.end());
  }
  const Version* base = nullptr;
  for (const HlcStamp& stamp : *common) {
    auto it = versions.find(stamp);
    if (it == versions.end() || farther.contains(stamp)) continue;
    if (base == nullptr ||
        std::tie(it->second.rank, it->second.stamp) > std::tie(base->rank, base->stamp)) {
      base = &it->second;
    }
  }
  if (base == nullptr || !base->write->value) return std::nullopt;
  const auto* base_text = std::get_if<std::string>(&*base->write->value);
  if (base_text == nullptr) return std::nullopt;
  std::string merged = std::get<std::string>(*current.front().write->value);
  for (size_t i = 1; i < current.size(); ++i) {
    std::optional<std::string> next =
        MergeText(*base_text, merged, std::get<std::string>(*current[i].write->value));
    if (!next) return std::nullopt;
    merged = std::move(*next);
  }
  return merged;
}

bool MergesAsText(const std::optional<schema::RecordType>& type, std::string_view field) {
  if (!type) return false;
  const schema::FieldSpec* spec = schema::FindField(schema::SpecOf(*type), field);
  return spec != nullptr && spec->merge_as_text;
}

FieldState MergeField(const std::vector<Version>& all,
                      const std::optional<schema::RecordType>& type, std::string_view field) {
  std::set<HlcStamp> superseded;
  std::map<HlcStamp, Version> by_stamp;
  for (const Version& version : all) {
    superseded.insert(version.write->bases.begin(), version.write->bases.end());
    by_stamp.try_emplace(version.stamp, version);
  }
  std::vector<Version> current;
  for (const auto& [stamp, version] : by_stamp) {
    if (!superseded.contains(stamp)) current.push_back(version);
  }
  std::sort(current.begin(), current.end(),
            [](const Version& a, const Version& b) { return a.rank > b.rank; });

  FieldState state;
  for (const Version& version : current) {
    state.versions.push_back(FieldVersion{version.stamp, version.write->value});
  }
  if (current.empty()) return state;
  state.value = current.front().write->value;
  const bool all_agree = std::all_of(current.begin(), current.end(), [&](const Version& version) {
    return version.write->value == current.front().write->value;
  });
  if (all_agree) return state;
  if (MergesAsText(type, field)) {
    if (std::optional<std::string> merged = MergeCurrentTexts(current, by_stamp)) {
      state.value = std::move(*merged);
      return state;
    }
  }
  state.conflict = true;
  return state;
}

// EncodeRecordState's layout (integers little endian, counts and lengths u32):
//   record id (16) | has type (u8 0/1) [ type number (u16) ] | has creator (u8 0/1) [ id (16) ]
//   field count | per field, in name order:
//     name (length + bytes) | shown value | conflict (u8 0/1)
//     version count | per version: stamp | value
//   deleted (u8 0/1)
//   has delete conflict (u8 0/1) [ delete count | stamps | unseen count | stamps ]
//   has file (u8 0/1) [ file id (16) | chunk size (u32) | key epoch (u32) | plaintext size (u64) |
//                       chunk count | chunk hashes (32 each) | sealed file key (length + bytes) ]
//   has file stamp (u8 0/1) [ stamp ]
// where a value is: is set (u8 0/1) [ length + schema::EncodeFieldValue bytes ], and a stamp is
// physical micros (i64) | logical (u32) | device (16).

void AppendFlag(Bytes& out, bool flag) { out.push_back(flag ? 1 : 0); }

void AppendStateValue(Bytes& out, const std::optional<schema::FieldValue>& value) {
  AppendFlag(out, value.has_value());
  if (value) AppendLengthPrefixed(out, schema::EncodeFieldValue(*value));
}

}  // namespace

std::vector<HlcStamp> FieldState::Bases() const {
  std::vector<HlcStamp> bases;
  bases.reserve(versions.size());
  for (const FieldVersion& version : versions) bases.push_back(version.stamp);
  std::sort(bases.begin(), bases.end());
  return bases;
}

bool RecordState::HasConflicts() const {
  if (delete_conflict) return true;
  return std::any_of(fields.begin(), fields.end(),
                     [](const auto& entry) { return entry.second.conflict; });
}

std::vector<HlcStamp> RecordState::CurrentStamps() const {
  std::vector<HlcStamp> stamps;
  for (const auto& [name, field] : fields) {
    for (const FieldVersion& version : field.versions) stamps.push_back(version.stamp);
  }
  if (file_stamp) stamps.push_back(*file_stamp);
  std::sort(stamps.begin(), stamps.end());
  stamps.erase(std::unique(stamps.begin(), stamps.end()), stamps.end());
  return stamps;
}

Result<schema::Record> RecordState::ToRecord() const {
  if (!type) {
    return FailedPreconditionError("record " + record_id.ToHex() +
                                   " has changes but its creation has not arrived yet");
  }
  schema::Record record(*type);
  for (const auto& [name, field] : fields) {
    if (field.value) CV_RETURN_IF_ERROR(record.Set(name, *field.value));
  }
  return record;
}

RecordState MergeRecord(const Id128& record_id, std::span<const MergeInput> ops) {
  const std::vector<MergeInput> inputs = Canonical(record_id, ops);
  RecordState state;
  state.record_id = record_id;

  std::map<std::string, std::vector<Version>, std::less<>> writes;
  std::set<HlcStamp> overruled_deletes;
  std::optional<std::pair<Rank, const Operation*>> file;
  for (const MergeInput& input : inputs) {
    const Operation& op = *input.op;
    if (op.kind == OpKind::kCreate && !state.type) {
      state.type = op.record_type;
      state.created_by = op.author_device;
    }
    if (op.kind == OpKind::kResolve && op.restore) {
      overruled_deletes.insert(op.covers.begin(), op.covers.end());
    }
    if ((op.kind == OpKind::kAttachFile || op.kind == OpKind::kCreate) && op.file) {
      // Inputs come in stamp order, so equal ranks (one device's attaches whose times the hub
      // capped alike) go to the later attach.
      const Rank rank = RankOf(input);
      if (!file || rank >= file->first) file.emplace(rank, &op);
    }
    for (const FieldWrite& write : op.writes) {
      writes[write.field].push_back(Version{op.stamp, RankOf(input), &write});
    }
  }
  for (const auto& [name, versions] : writes) {
    state.fields.emplace(name, MergeField(versions, state.type, name));
  }
  if (file) {
    state.file = *file->second->file;
    state.file_stamp = file->second->stamp;
  }

  std::vector<HlcStamp> deletes;
  std::set<HlcStamp> covered;
  for (const MergeInput& input : inputs) {
    const Operation& op = *input.op;
    if (op.kind != OpKind::kDelete || overruled_deletes.contains(op.stamp)) continue;
    deletes.push_back(op.stamp);
    covered.insert(op.covers.begin(), op.covers.end());
  }
  if (!deletes.empty()) {
    std::vector<HlcStamp> unseen;
    for (const HlcStamp& stamp : state.CurrentStamps()) {
      if (!covered.contains(stamp)) unseen.push_back(stamp);
    }
    if (unseen.empty()) {
      state.deleted = true;
    } else {
      state.delete_conflict = DeleteConflict{std::move(deletes), std::move(unseen)};
    }
  }
  return state;
}

Bytes EncodeRecordState(const RecordState& state) {
  Bytes out;
  AppendId(out, state.record_id);
  AppendFlag(out, state.type.has_value());
  if (state.type) AppendU16(out, static_cast<uint16_t>(*state.type));
  AppendFlag(out, state.created_by.has_value());
  if (state.created_by) AppendId(out, *state.created_by);
  AppendU32(out, static_cast<uint32_t>(state.fields.size()));
  for (const auto& [name, field] : state.fields) {
    AppendLengthPrefixed(out, AsBytes(name));
    AppendStateValue(out, field.value);
    AppendFlag(out, field.conflict);
    AppendU32(out, static_cast<uint32_t>(field.versions.size()));
    for (const FieldVersion& version : field.versions) {
      AppendStamp(out, version.stamp);
      AppendStateValue(out, version.value);
    }
  }
  AppendFlag(out, state.deleted);
  AppendFlag(out, state.delete_conflict.has_value());
  if (state.delete_conflict) {
    AppendStamps(out, state.delete_conflict->deletes);
    AppendStamps(out, state.delete_conflict->unseen_versions);
  }
  AppendFlag(out, state.file.has_value());
  if (state.file) AppendManifest(out, *state.file);
  AppendFlag(out, state.file_stamp.has_value());
  if (state.file_stamp) AppendStamp(out, *state.file_stamp);
  return out;
}

}  // namespace casevault::sync
