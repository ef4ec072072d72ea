#include "casevault/sync/record_merge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "casevault/crypto/random_id.h"

namespace casevault::sync {
namespace {

using schema::FieldValue;
using schema::RecordType;

constexpr int64_t kHour = int64_t{3600} * 1'000'000;
constexpr int64_t kNoon = int64_t{1'780'000'000} * 1'000'000;

// Builds operations on one record the way two or three devices would.
class History {
 public:
  explicit History(RecordType type = RecordType::kTermsOfReference) : type_(type) {}

  // A device id for person `n`.
  Id128 Device(int n) const {
    Id128 id;
    id.bytes[0] = static_cast<uint8_t>(n);
    return id;
  }

  Operation& Create(int device, int64_t at, std::vector<FieldWrite> writes) {
    Operation& op = Add(OpKind::kCreate, device, at);
    op.record_type = type_;
    op.writes = std::move(writes);
    return op;
  }
  Operation& Set(int device, int64_t at, std::vector<FieldWrite> writes) {
    Operation& op = Add(OpKind::kSetFields, device, at);
    op.writes = std::move(writes);
    return op;
  }
  Operation& Delete(int device, int64_t at, std::vector<HlcStamp> covers) {
    Operation& op = Add(OpKind::kDelete, device, at);
    op.covers = std::move(covers);
    return op;
  }
  Operation& Restore(int device, int64_t at, std::vector<HlcStamp> deletes) {
    Operation& op = Add(OpKind::kResolve, device, at);
    op.restore = true;
    op.covers = std::move(deletes);
    return op;
  }

  // Merges every op (with hub times when given), in the order added.
  RecordState Merge(const std::map<Id128, int64_t>& hub_times = {}) const {
    return MergeInOrder(Order(), hub_times);
  }

  RecordState MergeInOrder(const std::vector<size_t>& order,
                           const std::map<Id128, int64_t>& hub_times = {}) const {
    std::vector<MergeInput> inputs;
    for (size_t i : order) {
      const Operation& op = ops_[i];
      auto hub = hub_times.find(op.op_id);
      inputs.push_back(
          {&op, hub == hub_times.end() ? std::nullopt : std::optional<int64_t>(hub->second)});
    }
    return MergeRecord(record_id_, inputs);
  }

  std::vector<size_t> Order() const {
    std::vector<size_t> order(ops_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    return order;
  }

  const std::deque<Operation>& ops() const { return ops_; }
  const Id128& record_id() const { return record_id_; }

 private:
  Operation& Add(OpKind kind, int device, int64_t at) {
    Operation& op = ops_.emplace_back();
    op.op_id = crypto::NewRandomId();
    op.record_id = record_id_;
    op.author_device = Device(device);
    op.stamp = HlcStamp{at, 0, Device(device)};
    op.kind = kind;
    return op;
  }

  RecordType type_;
  Id128 record_id_ = crypto::NewRandomId();
  std::deque<Operation> ops_;
};

FieldWrite Write(std::string field, std::string value, std::vector<HlcStamp> bases = {}) {
  return FieldWrite{std::move(field), FieldValue(std::move(value)), std::move(bases)};
}

std::string Text(const RecordState& state, std::string_view field) {
  auto it = state.fields.find(field);
  if (it == state.fields.end() || !it->second.value) return "<unset>";
  return std::get<std::string>(*it->second.value);
}

TEST(RecordMerge, CreateGivesTheTypeAndValues) {
  History h;
  h.Create(1, kNoon, {Write("title", "ToR"), Write("overview", "Scope")});
  const RecordState state = h.Merge();
  EXPECT_EQ(state.type, RecordType::kTermsOfReference);
  EXPECT_EQ(Text(state, "title"), "ToR");
  EXPECT_FALSE(state.HasConflicts());
  Result<schema::Record> record = state.ToRecord();
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(std::get<std::string>(*record->Get("overview")), "Scope");
}

TEST(RecordMerge, AnEditBasedOnTheCurrentValueReplacesIt) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "draft")}).stamp;
  h.Set(2, kNoon + 1, {Write("title", "final", {created})});
  const RecordState state = h.Merge();
  EXPECT_EQ(Text(state, "title"), "final");
  EXPECT_FALSE(state.HasConflicts());
  ASSERT_EQ(state.fields.at("title").versions.size(), 1u);
}

TEST(RecordMerge, ConcurrentEditsAreAConflictShowingTheHigherStampAndKeepingBoth) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "draft")}).stamp;
  h.Set(1, kNoon + 10, {Write("title", "from the train", {created})});
  h.Set(2, kNoon + 20, {Write("title", "from the office", {created})});
  const RecordState state = h.Merge();
  const FieldState& title = state.fields.at("title");
  EXPECT_TRUE(title.conflict);
  EXPECT_EQ(Text(state, "title"), "from the office");
  ASSERT_EQ(title.versions.size(), 2u);
  EXPECT_EQ(std::get<std::string>(*title.versions[1].value), "from the train");
  EXPECT_EQ(title.versions[1].stamp.device, h.Device(1));
}

TEST(RecordMerge, ConcurrentEditsToTheSameValueDoNotConflict) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "draft")}).stamp;
  h.Set(1, kNoon + 10, {Write("title", "final", {created})});
  h.Set(2, kNoon + 20, {Write("title", "final", {created})});
  const RecordState state = h.Merge();
  EXPECT_FALSE(state.HasConflicts());
  EXPECT_EQ(Text(state, "title"), "final");
  EXPECT_EQ(state.fields.at("title").versions.size(), 2u);
}

TEST(RecordMerge, ResolvingNamesEveryCompetingVersionAndEndsTheConflict) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "draft")}).stamp;
  h.Set(1, kNoon + 10, {Write("title", "a", {created})});
  h.Set(2, kNoon + 20, {Write("title", "b", {created})});
  const std::vector<HlcStamp> bases = h.Merge().fields.at("title").Bases();
  Operation& resolve = h.Set(3, kNoon + 30, {Write("title", "a and b", bases)});
  resolve.kind = OpKind::kResolve;
  const RecordState state = h.Merge();
  EXPECT_EQ(Text(state, "title"), "a and b");
  EXPECT_FALSE(state.HasConflicts());
}

TEST(RecordMerge, ConcurrentLongTextEditsThatDoNotOverlapMergeCleanly) {
  History h;
  const std::string base = "Scope of the review.\nAgencies involved.\nTimescales.\n";
  const HlcStamp created = h.Create(1, kNoon, {Write("overview", base)}).stamp;
  h.Set(1, kNoon + 10,
        {Write("overview", "Scope of the review (2024-2026).\nAgencies involved.\nTimescales.\n",
               {created})});
  h.Set(2, kNoon + 20,
        {Write("overview", "Scope of the review.\nAgencies involved.\nTimescales: 6 months.\n",
               {created})});
  const RecordState state = h.Merge();
  EXPECT_FALSE(state.HasConflicts());
  EXPECT_EQ(Text(state, "overview"),
            "Scope of the review (2024-2026).\nAgencies involved.\nTimescales: 6 months.\n");
  EXPECT_EQ(state.fields.at("overview").versions.size(), 2u);
}

TEST(RecordMerge, OverlappingLongTextEditsAreAConflictHoldingBothTexts) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("overview", "one\ntwo\n")}).stamp;
  h.Set(1, kNoon + 10, {Write("overview", "one\nTWO (train)\n", {created})});
  h.Set(2, kNoon + 20, {Write("overview", "one\nTWO (office)\n", {created})});
  const RecordState state = h.Merge();
  const FieldState& overview = state.fields.at("overview");
  EXPECT_TRUE(overview.conflict);
  ASSERT_EQ(overview.versions.size(), 2u);
}

TEST(RecordMerge, LongTextMergesAgainstTheNearestCommonAncestorWhateverTheClocks) {
  History h;
  // Device 1's clock runs a day fast and device 2's a day slow, so the edit device 2 based on
  // device 1's text carries the lower stamp.
  const HlcStamp created =
      h.Create(1, kNoon + 24 * kHour, {Write("overview", "a\nb\nc\nd\ne\n")}).stamp;
  const HlcStamp revised =
      h.Set(2, kNoon - 23 * kHour, {Write("overview", "a\nB\nc\nd\ne\n", {created})}).stamp;
  // Two concurrent edits of the revised text, to lines far apart.
  h.Set(3, kNoon + 2 * kHour, {Write("overview", "a\nB\nc\nd\nE\n", {revised})});
  h.Set(4, kNoon + 3 * kHour, {Write("overview", "a\nB!\nc\nd\ne\n", {revised})});
  const RecordState state = h.Merge();
  EXPECT_FALSE(state.HasConflicts());
  EXPECT_EQ(Text(state, "overview"), "a\nB!\nc\nd\nE\n");
}

TEST(RecordMerge, ShortTextIsNeverMergedLineByLine) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "a\nb\n")}).stamp;
  h.Set(1, kNoon + 10, {Write("title", "A\nb\n", {created})});
  h.Set(2, kNoon + 20, {Write("title", "a\nB\n", {created})});
  EXPECT_TRUE(h.Merge().fields.at("title").conflict);
}

TEST(RecordMerge, ADeleteThatSawEverythingRemovesTheRecord) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "x")}).stamp;
  h.Delete(2, kNoon + 10, {created});
  const RecordState state = h.Merge();
  EXPECT_TRUE(state.deleted);
  EXPECT_FALSE(state.HasConflicts());
}

TEST(RecordMerge, ADeleteConcurrentWithAnEditKeepsTheRecordInConflict) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "x")}).stamp;
  const HlcStamp deleted = h.Delete(2, kNoon + 10, {created}).stamp;
  const HlcStamp edited = h.Set(1, kNoon + 20, {Write("title", "y", {created})}).stamp;
  RecordState state = h.Merge();
  EXPECT_FALSE(state.deleted);
  ASSERT_TRUE(state.delete_conflict.has_value());
  EXPECT_EQ(state.delete_conflict->deletes, std::vector<HlcStamp>{deleted});
  EXPECT_EQ(state.delete_conflict->unseen_versions, std::vector<HlcStamp>{edited});
  EXPECT_EQ(Text(state, "title"), "y");

  // Keeping it: a restore overrules the delete.
  History keep = h;
  keep.Restore(3, kNoon + 30, {deleted});
  state = keep.Merge();
  EXPECT_FALSE(state.deleted);
  EXPECT_FALSE(state.HasConflicts());

  // Or deleting again, now having seen the edit.
  h.Delete(3, kNoon + 30, state.CurrentStamps());
  EXPECT_TRUE(h.Merge().deleted);
}

TEST(RecordMerge, OrderAndDuplicatesDoNotChangeTheResult) {
  History h;
  const HlcStamp created =
      h.Create(1, kNoon, {Write("title", "t"), Write("overview", "a\nb\nc\n")}).stamp;
  const HlcStamp e1 = h.Set(1, kNoon + 10, {Write("overview", "A\nb\nc\n", {created})}).stamp;
  h.Set(2, kNoon + 11, {Write("overview", "a\nb\nC\n", {created})});
  h.Set(3, kNoon + 12, {Write("title", "T1", {created})});
  h.Set(2, kNoon + 13, {Write("title", "T2", {created})});
  h.Set(1, kNoon + 14, {Write("overview", "A\nb\nc\nd\n", {e1})});
  h.Delete(3, kNoon + 15, {created});
  const RecordState expected = h.Merge();
  std::vector<size_t> order = h.Order();
  std::mt19937 random(20261130);
  for (int trial = 0; trial < 200; ++trial) {
    std::shuffle(order.begin(), order.end(), random);
    std::vector<size_t> with_duplicates = order;
    with_duplicates.push_back(order[trial % order.size()]);
    EXPECT_EQ(h.MergeInOrder(with_duplicates), expected) << "trial " << trial;
  }
}

TEST(RecordMerge, AnEditArrivingBeforeTheValueItReplacedStillWins) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "v1")}).stamp;
  const HlcStamp second = h.Set(1, kNoon + 10, {Write("title", "v2", {created})}).stamp;
  h.Set(2, kNoon + 20, {Write("title", "v3", {second})});
  EXPECT_EQ(Text(h.MergeInOrder({2, 0}), "title"), "v3");
  const RecordState all = h.MergeInOrder({2, 0, 1});
  EXPECT_EQ(Text(all, "title"), "v3");
  EXPECT_FALSE(all.HasConflicts());
}

TEST(RecordMerge, AClockADayFastDoesNotWinConflictsOnceTheHubHasPlacedIt) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "draft")}).stamp;
  // Device 2's clock is a day fast; device 1 edits an hour after device 2's edit reached the hub.
  const Operation& fast = h.Set(2, kNoon + 24 * kHour, {Write("title", "fast clock", {created})});
  const Operation& honest = h.Set(1, kNoon + 2 * kHour, {Write("title", "honest", {created})});
  const std::map<Id128, int64_t> hub = {
      {h.ops()[0].op_id, kNoon}, {fast.op_id, kNoon + kHour}, {honest.op_id, kNoon + 2 * kHour}};
  EXPECT_EQ(Text(h.Merge(), "title"), "fast clock");  // before the hub has placed them
  const RecordState placed = h.Merge(hub);
  EXPECT_TRUE(placed.fields.at("title").conflict);
  EXPECT_EQ(Text(placed, "title"), "honest");
}

TEST(RecordMerge, ChangesBeforeTheCreateArrivesHaveNoTypeYet) {
  History h;
  const HlcStamp created = h.Create(1, kNoon, {Write("title", "x")}).stamp;
  h.Set(2, kNoon + 1, {Write("title", "y", {created})});
  const RecordState partial = h.MergeInOrder({1});
  EXPECT_FALSE(partial.type.has_value());
  EXPECT_EQ(partial.ToRecord().status().code(), StatusCode::kFailedPrecondition);
}

TEST(RecordMerge, AttachedFileManifestIsKept) {
  History h(RecordType::kSecuredFile);
  h.Create(1, kNoon, {Write("name", "notes.pdf")});
  Operation& attach = h.Set(1, kNoon + 1, {});
  attach.kind = OpKind::kAttachFile;
  attach.file = FileManifest{crypto::NewRandomId(), 65536, 1, 10, {{}}, Bytes{1, 2, 3}};
  const RecordState state = h.Merge();
  ASSERT_TRUE(state.file.has_value());
  EXPECT_EQ(*state.file, *attach.file);
}

TEST(RecordMerge, ACreateCarryingAManifestAttachesTheFile) {
  History h(RecordType::kSecuredFile);
  Operation& create = h.Create(1, kNoon, {Write("name", "notes.pdf")});
  create.file = FileManifest{crypto::NewRandomId(), 65536, 1, 10, {{}}, Bytes{1, 2, 3}};
  const RecordState state = h.Merge();
  EXPECT_EQ(state.file, create.file);
  EXPECT_EQ(state.file_stamp, create.stamp);
}

TEST(RecordMerge, ADeleteConcurrentWithAnAttachKeepsTheRecordInConflict) {
  History h(RecordType::kSecuredFile);
  const HlcStamp created = h.Create(1, kNoon, {Write("name", "notes.pdf")}).stamp;
  Operation& attach = h.Set(1, kNoon + 1, {});
  attach.kind = OpKind::kAttachFile;
  attach.file = FileManifest{crypto::NewRandomId(), 65536, 1, 10, {{}}, Bytes{1, 2, 3}};
  const HlcStamp attached = attach.stamp;
  const FileManifest manifest = *attach.file;
  // Device 2 deletes having seen only the create.
  h.Delete(2, kNoon + 2, {created});
  const RecordState state = h.Merge();
  EXPECT_FALSE(state.deleted);
  ASSERT_TRUE(state.delete_conflict.has_value());
  EXPECT_EQ(state.delete_conflict->unseen_versions, std::vector<HlcStamp>{attached});
  EXPECT_EQ(state.file, manifest);
}

TEST(RecordMerge, ADeleteThatSawTheAttachRemovesTheRecord) {
  History h(RecordType::kSecuredFile);
  const HlcStamp created = h.Create(1, kNoon, {Write("name", "notes.pdf")}).stamp;
  Operation& attach = h.Set(1, kNoon + 1, {});
  attach.kind = OpKind::kAttachFile;
  attach.file = FileManifest{crypto::NewRandomId(), 65536, 1, 10, {{}}, Bytes{1, 2, 3}};
  const HlcStamp attached = attach.stamp;
  h.Delete(2, kNoon + 2, {created, attached});
  EXPECT_TRUE(h.Merge().deleted);
}

TEST(RecordMerge, TheLaterOfTwoAttachesPushedTogetherFromAFastClockIsKept) {
  History h(RecordType::kSecuredFile);
  h.Create(1, kNoon, {Write("name", "notes.pdf")});
  // Device 1's clock runs a day fast: once the hub has both attaches, their times are capped
  // at the same hub time plus the allowed skew.
  Operation& first = h.Set(1, kNoon + 24 * kHour, {});
  first.kind = OpKind::kAttachFile;
  first.file = FileManifest{crypto::NewRandomId(), 65536, 1, 10, {{}}, Bytes{1}};
  Operation& second = h.Set(1, kNoon + 24 * kHour + 10, {});
  second.kind = OpKind::kAttachFile;
  second.file = FileManifest{crypto::NewRandomId(), 65536, 1, 20, {{}}, Bytes{2}};
  std::map<Id128, int64_t> hub_times;
  for (const Operation& op : h.ops()) hub_times[op.op_id] = kNoon;
  EXPECT_EQ(h.Merge().file, second.file);
  EXPECT_EQ(h.Merge(hub_times).file, second.file);
}

// A state with every part set: a field in conflict, a cleared version, a delete conflict and a
// file, so that changing any one part can be seen in the encoding.
RecordState RichState() {
  const Id128 device = Id128::FromHex("0123456789abcdef0123456789abcdef").value();
  RecordState state;
  state.record_id = Id128::FromHex("fedcba9876543210fedcba9876543210").value();
  state.type = RecordType::kTermsOfReference;
  state.created_by = device;
  FieldState& title = state.fields["title"];
  title.value.emplace(std::string("from the office"));
  title.versions = {{HlcStamp{kNoon + 20, 0, device}, FieldValue(std::string("from the office"))},
                    {HlcStamp{kNoon + 10, 3, device}, std::nullopt}};
  title.conflict = true;
  FieldState& overview = state.fields["overview"];
  overview.value.emplace(std::string("Scope.\nAgencies.\n"));
  overview.versions = {
      {HlcStamp{kNoon, 0, device}, FieldValue(std::string("Scope.\nAgencies.\n"))}};
  state.delete_conflict =
      DeleteConflict{{HlcStamp{kNoon + 30, 0, device}}, {HlcStamp{kNoon + 20, 0, device}}};
  state.file = FileManifest{device, 65536, 2, 70000, {{}, {}}, Bytes{1, 2, 3}};
  state.file->chunk_hashes[1][31] = 7;
  state.file_stamp = HlcStamp{kNoon + 25, 1, device};
  return state;
}

TEST(EncodeRecordState, EqualStatesEncodeToEqualBytes) {
  EXPECT_EQ(EncodeRecordState(RichState()), EncodeRecordState(RichState()));
  EXPECT_EQ(EncodeRecordState(RecordState{}), EncodeRecordState(RecordState{}));

  // States merged from the same operations in different orders encode the same.
  History h;
  const HlcStamp created =
      h.Create(1, kNoon, {Write("title", "t"), Write("overview", "a\nb\nc\n")}).stamp;
  h.Set(1, kNoon + 10, {Write("overview", "A\nb\nc\n", {created})});
  h.Set(2, kNoon + 11, {Write("overview", "a\nb\nC\n", {created})});
  h.Set(2, kNoon + 12, {Write("title", "T2", {created})});
  h.Set(3, kNoon + 13, {Write("title", "T3", {created})});
  h.Delete(3, kNoon + 14, {created});
  std::vector<size_t> order = h.Order();
  const Bytes expected = EncodeRecordState(h.Merge());
  std::mt19937 random(7);
  for (int trial = 0; trial < 20; ++trial) {
    std::shuffle(order.begin(), order.end(), random);
    EXPECT_EQ(EncodeRecordState(h.MergeInOrder(order)), expected) << "trial " << trial;
  }
}

TEST(EncodeRecordState, AnyDifferenceGivesDifferentBytes) {
  // Each entry changes one part of RichState().
  const std::vector<std::pair<std::string, std::function<void(RecordState&)>>> changes = {
      {"record id", [](RecordState& s) { s.record_id.bytes[15] ^= 1; }},
      {"type unknown", [](RecordState& s) { s.type.reset(); }},
      {"other type", [](RecordState& s) { s.type = RecordType::kReportDraft; }},
      {"field renamed",
       [](RecordState& s) { s.fields["titles"] = s.fields.extract("title").mapped(); }},
      {"field removed", [](RecordState& s) { s.fields.erase("overview"); }},
      {"field added", [](RecordState& s) { s.fields["purpose"]; }},
      {"shown value",
       [](RecordState& s) { s.fields["title"].value = FieldValue(std::string("x")); }},
      {"shown value of another kind",
       [](RecordState& s) { s.fields["title"].value = FieldValue(int64_t{15}); }},
      {"shown value unset", [](RecordState& s) { s.fields["title"].value.reset(); }},
      {"shown value empty",
       [](RecordState& s) { s.fields["title"].value = FieldValue(std::string()); }},
      {"conflict flag", [](RecordState& s) { s.fields["title"].conflict = false; }},
      {"version order",
       [](RecordState& s) {
         auto& versions = s.fields["title"].versions;
         std::swap(versions[0], versions[1]);
       }},
      {"version dropped", [](RecordState& s) { s.fields["title"].versions.pop_back(); }},
      {"version physical time",
       [](RecordState& s) { ++s.fields["title"].versions[0].stamp.physical_micros; }},
      {"version logical counter",
       [](RecordState& s) { ++s.fields["title"].versions[1].stamp.logical; }},
      {"version device",
       [](RecordState& s) { s.fields["title"].versions[0].stamp.device.bytes[0] ^= 1; }},
      {"version value",
       [](RecordState& s) {
         s.fields["overview"].versions[0].value = FieldValue(std::string("x"));
       }},
      {"version value set",
       [](RecordState& s) { s.fields["title"].versions[1].value = FieldValue(std::string()); }},
      {"deleted", [](RecordState& s) { s.deleted = true; }},
      {"no delete conflict", [](RecordState& s) { s.delete_conflict.reset(); }},
      {"delete stamp", [](RecordState& s) { ++s.delete_conflict->deletes[0].logical; }},
      {"unseen moved to deletes",
       [](RecordState& s) {
         auto& conflict = *s.delete_conflict;
         conflict.deletes.push_back(conflict.unseen_versions.back());
         conflict.unseen_versions.pop_back();
       }},
      {"no file", [](RecordState& s) { s.file.reset(); }},
      {"file id", [](RecordState& s) { s.file->file_id.bytes[3] ^= 1; }},
      {"chunk size", [](RecordState& s) { s.file->chunk_size /= 2; }},
      {"key epoch", [](RecordState& s) { ++s.file->key_epoch; }},
      {"creator", [](RecordState& s) { s.created_by->bytes[0] ^= 1; }},
      {"no creator", [](RecordState& s) { s.created_by.reset(); }},
      {"plaintext size", [](RecordState& s) { ++s.file->plaintext_size; }},
      {"chunk hash", [](RecordState& s) { s.file->chunk_hashes[0][0] = 1; }},
      {"chunk dropped", [](RecordState& s) { s.file->chunk_hashes.pop_back(); }},
      {"sealed file key", [](RecordState& s) { s.file->sealed_file_key.push_back(4); }},
      {"file stamp", [](RecordState& s) { ++s.file_stamp->logical; }},
      {"no file stamp", [](RecordState& s) { s.file_stamp.reset(); }},
  };
  std::map<Bytes, std::string> seen = {{EncodeRecordState(RichState()), "unchanged"}};
  for (const auto& [what, change] : changes) {
    RecordState state = RichState();
    change(state);
    ASSERT_NE(state, RichState()) << what << " must change the state";
    auto [it, inserted] = seen.emplace(EncodeRecordState(state), what);
    EXPECT_TRUE(inserted) << what << " encodes like " << it->second;
  }
}

TEST(EncodeRecordState, BoundariesBetweenPartsAreUnambiguous) {
  // The same characters split differently between a field's name and its value.
  RecordState a;
  a.fields["ab"].value = FieldValue(std::string("c"));
  RecordState b;
  b.fields["a"].value = FieldValue(std::string("bc"));
  EXPECT_NE(EncodeRecordState(a), EncodeRecordState(b));

  // Two records encoded one after the other cannot be re-cut into two other records.
  RecordState first;
  first.fields["x"].versions = {{HlcStamp{}, FieldValue(std::string("1"))}};
  RecordState second;
  second.fields["x"];
  Bytes joined = EncodeRecordState(first);
  const Bytes tail = EncodeRecordState(second);
  joined.insert(joined.end(), tail.begin(), tail.end());
  first.fields["x"].versions.clear();
  second.fields["x"].versions = {{HlcStamp{}, FieldValue(std::string("1"))}};
  Bytes rejoined = EncodeRecordState(first);
  const Bytes other_tail = EncodeRecordState(second);
  rejoined.insert(rejoined.end(), other_tail.begin(), other_tail.end());
  EXPECT_NE(joined, rejoined);
}

}  // namespace
}  // namespace casevault::sync
