#include "casevault/sync/sync_engine.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "casevault/schema/record.h"
#include "casevault/sync/local_writer.h"
#include "sync/sync_test_world.h"

namespace casevault::sync {
namespace {

using schema::FieldValue;
using schema::Record;
using schema::RecordType;
using testing::SimulatedDevice;
using testing::SyncTestWorld;
using testing::SyncTestWorldOptions;

constexpr int64_t kSecond = 1'000'000;

// A terms of reference record with `title` and `overview`.
Record TermsOfReference(const std::string& title, const std::string& overview) {
  Record record(RecordType::kTermsOfReference);
  EXPECT_TRUE(record.Set("title", title).ok());
  EXPECT_TRUE(record.Set("overview", overview).ok());
  return record;
}

// The shown text of `field` in `state`, or "<unset>".
std::string Shown(const RecordState& state, std::string_view field) {
  auto it = state.fields.find(field);
  if (it == state.fields.end() || !it->second.value) return "<unset>";
  return std::get<std::string>(*it->second.value);
}

// The state of `record` on `device`; fails the test when it cannot be read.
RecordState StateOn(SyncTestWorld& world, size_t device, const Id128& record) {
  Result<RecordState> state = world.device(device).writer.State(world.where(), record);
  EXPECT_TRUE(state.ok()) << state.status().ToString();
  return state.ok() ? *state : RecordState{};
}

// Expects `events` to hold exactly one rejection: of op `op_id` by `author` in `where`'s case, with
// status code `code`, and no record content (the test records hold "Terms" and "Scope").
void ExpectRejectionLogged(const MemoryEventLog& events, const CompartmentRef& where,
                           const Id128& op_id, const Id128& author, std::string_view code) {
  const std::vector<Event> logged = events.events();
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].name, "sync.op_rejected");
  EXPECT_EQ(logged[0].level, EventLevel::kWarning);
  std::map<std::string, std::string> fields;
  for (const EventField& field : logged[0].fields) fields[field.key] = field.value;
  EXPECT_EQ(fields["case"], where.case_id.ToHex());
  EXPECT_EQ(fields["op"], op_id.ToHex());
  EXPECT_EQ(fields["author"], author.ToHex());
  EXPECT_EQ(fields["code"], code);
  EXPECT_FALSE(fields["reason"].empty());
  const std::string line = FormatEventJson(logged[0]);
  EXPECT_EQ(line.find("Terms"), std::string::npos) << line;
  EXPECT_EQ(line.find("Scope"), std::string::npos) << line;
}

// Creates a terms of reference record on `device`; returns its id.
Id128 CreateOn(SyncTestWorld& world, size_t device, const std::string& title,
               const std::string& overview) {
  Result<Id128> id =
      world.device(device).writer.Create(world.where(), TermsOfReference(title, overview));
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.ok() ? *id : Id128{};
}

// Sets `field` of `record` to `value` on `device`, keeping its other fields.
void EditOn(SyncTestWorld& world, size_t device, const Id128& record, const std::string& field,
            const std::string& value) {
  Result<Record> edited = StateOn(world, device, record).ToRecord();
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  ASSERT_TRUE(edited->Set(field, value).ok());
  const Status status = world.device(device).writer.Update(world.where(), record, *edited);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

// Syncs every device without faults until nothing moves.
void Settle(SyncTestWorld& world) {
  Result<size_t> rounds = world.SettleWithoutFaults();
  ASSERT_TRUE(rounds.ok()) << rounds.status().ToString();
}

TEST(SyncEngine, LocalEditsAreVisibleAtOnceWithNoTransportAtAll) {
  testing::SteppedClockEnv time(SyncTestWorld::kStartMicros);
  const crypto::DeviceIdentity identity = crypto::DeviceIdentity::Generate();
  HybridClock clock(time, identity.device_id());
  MemoryOpStore store;
  testing::TestCompartmentKeys keys;
  keys.Give(1, crypto::SecretKey::Generate());
  LocalWriter writer(store, keys, clock, identity);
  const CompartmentRef where{Id128{}, "shared"};

  Result<Id128> id = writer.Create(where, TermsOfReference("Draft", "Scope.\n"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Result<RecordState> state = writer.State(where, *id);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->type, RecordType::kTermsOfReference);
  EXPECT_EQ(Shown(*state, "title"), "Draft");

  Record edited = TermsOfReference("Final", "Scope.\n");
  ASSERT_TRUE(writer.Update(where, *id, edited).ok());
  state = writer.State(where, *id);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(Shown(*state, "title"), "Final");
  EXPECT_FALSE(state->HasConflicts());

  Result<std::vector<SignedOp>> pending = store.Pending(where);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 2u) << "both edits wait to be pushed";
}

TEST(SyncEngine, PushedOperationsReachAnotherDeviceWhichShowsTheSameState) {
  SyncTestWorld world;
  const Id128 record = CreateOn(world, 0, "Terms", "Scope.\nAgencies.\n");
  world.time().Advance(kSecond);
  EditOn(world, 0, record, "title", "Terms of reference");

  Result<SyncReport> pushed = world.device(0).engine.Sync(world.where());
  ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
  EXPECT_EQ(pushed->pushed, 2u);
  EXPECT_TRUE(world.device(0).store.Pending(world.where())->empty());

  Result<SyncReport> pulled = world.device(1).engine.Sync(world.where());
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->pushed, 0u);
  EXPECT_EQ(pulled->pulled, 2u);
  EXPECT_EQ(pulled->changed_records, std::vector<Id128>{record});
  EXPECT_TRUE(pulled->rejected.empty());

  const RecordState there = StateOn(world, 1, record);
  EXPECT_EQ(Shown(there, "title"), "Terms of reference");
  EXPECT_EQ(there, StateOn(world, 0, record));
}

TEST(SyncEngine, RetryingAPushWhoseReplyWasLostDuplicatesNothing) {
  SyncTestWorld world;
  const Id128 record = CreateOn(world, 0, "Terms", "Scope.\n");
  EditOn(world, 0, record, "title", "Terms v2");
  EditOn(world, 0, record, "title", "Terms v3");

  // The hub takes the push but the reply is lost.
  SimulatedDevice& d = world.device(0);
  LossyTransport lossy(world.hub(), LossyTransportOptions{.seed = 1, .drop_reply = 1});
  SyncEngine cut_off(d.store, lossy, d.keys, d.clock, world.authors());
  Result<SyncReport> lost = cut_off.Sync(world.where());
  EXPECT_EQ(lost.status().code(), StatusCode::kIoError);
  EXPECT_EQ(world.HubLog()->size(), 3u);
  EXPECT_EQ(d.store.Pending(world.where())->size(), 3u) << "the device never learnt";

  // The retry gets the places the ops already have.
  Result<SyncReport> retried = d.engine.Sync(world.where());
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->pushed, 3u);
  EXPECT_EQ(retried->pulled, 0u);
  EXPECT_TRUE(d.store.Pending(world.where())->empty());
  Result<std::vector<LogEntry>> log = world.HubLog();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 3u);
  std::set<Id128> ids;
  for (const LogEntry& entry : *log) ids.insert(entry.op.op_id);
  EXPECT_EQ(ids.size(), 3u);

  Settle(world);
  EXPECT_EQ(StateOn(world, 1, record), StateOn(world, 0, record));
  EXPECT_EQ(world.HubLog()->size(), 3u);
}

TEST(SyncEngine, AnOperationFromAnUnknownDeviceIsRejectedLoggedAndNotStored) {
  MemoryEventLog events;
  SyncTestWorldOptions options;
  options.devices = 3;
  options.engine.events = &events;
  SyncTestWorld world(options);
  const Id128 record = CreateOn(world, 2, "Terms", "Scope.\n");
  ASSERT_TRUE(world.device(2).engine.Sync(world.where()).ok());
  const Id128 stranger = world.device(2).id();
  world.authors().erase(stranger);
  const Id128 op_id = world.HubLog()->front().op.op_id;

  Result<SyncReport> report = world.device(0).engine.Sync(world.where());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->pulled, 0u);
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].op_id, op_id);
  EXPECT_EQ(report->rejected[0].reason.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(report->rejected[0].reason.message().find(stranger.ToHex()), std::string::npos)
      << report->rejected[0].reason.ToString();
  EXPECT_TRUE(world.device(0).store.Records(world.where())->empty());
  EXPECT_FALSE(StateOn(world, 0, record).type.has_value());
  ExpectRejectionLogged(events, world.where(), op_id, stranger, "PermissionDenied");

  // Rejected for good: the cursor moved past it, so the next sync does not meet it again.
  EXPECT_EQ(*world.device(0).store.Cursor(world.where()), 1u);
  report = world.device(0).engine.Sync(world.where());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->rejected.empty());
}

TEST(SyncEngine, AnOperationWithATamperedEnvelopeIsRejectedLoggedAndNotStored) {
  MemoryEventLog events;
  SyncTestWorldOptions options;
  options.engine.events = &events;
  SyncTestWorld world(options);
  const Id128 record = CreateOn(world, 0, "Terms", "Scope.\n");
  Result<std::vector<SignedOp>> pending = world.device(0).store.Pending(world.where());
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  SignedOp tampered = pending->front();
  tampered.envelope[tampered.envelope.size() / 2] ^= 0x01;
  ASSERT_TRUE(world.hub().Push(world.where(), std::vector<SignedOp>{tampered}).ok());

  Result<SyncReport> report = world.device(1).engine.Sync(world.where());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->pulled, 0u);
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].op_id, tampered.op_id);
  EXPECT_EQ(report->rejected[0].reason.code(), StatusCode::kAuthenticationFailed)
      << report->rejected[0].reason.ToString();
  EXPECT_TRUE(world.device(1).store.Records(world.where())->empty());
  EXPECT_FALSE(StateOn(world, 1, record).type.has_value());
  ExpectRejectionLogged(events, world.where(), tampered.op_id, world.device(0).id(),
                        "AuthenticationFailed");
}

TEST(SyncEngine, AnOperationUnderAnEpochKeyNotHeldStopsThePullUntilTheKeyArrives) {
  SyncTestWorld world;
  const Id128 record = CreateOn(world, 0, "Terms", "Scope.\n");
  ASSERT_TRUE(world.device(0).engine.Sync(world.where()).ok());
  world.AddEpoch(2);
  world.GiveKey(0, 2);
  EditOn(world, 0, record, "title", "Sealed under epoch 2");
  ASSERT_TRUE(world.device(0).engine.Sync(world.where()).ok());
  ASSERT_EQ(world.HubLog()->back().op.epoch, 2u);

  Result<SyncReport> stopped = world.device(1).engine.Sync(world.where());
  EXPECT_EQ(stopped.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(stopped.status().message().find("key"), std::string::npos)
      << stopped.status().ToString();
  EXPECT_EQ(*world.device(1).store.Cursor(world.where()), 1u)
      << "the cursor stays before the entry that could not be read";
  EXPECT_EQ(Shown(StateOn(world, 1, record), "title"), "Terms") << "the entry before it is kept";

  world.GiveKey(1, 2);
  Result<SyncReport> resumed = world.device(1).engine.Sync(world.where());
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->pulled, 1u);
  EXPECT_TRUE(resumed->rejected.empty());
  EXPECT_EQ(*world.device(1).store.Cursor(world.where()), 2u);
  EXPECT_EQ(StateOn(world, 1, record), StateOn(world, 0, record));
}

TEST(SyncEngine, PullingInSmallPagesGetsEveryOperation) {
  SyncTestWorldOptions options;
  options.engine = {.push_batch = 7, .pull_page = 3};
  SyncTestWorld world(options);
  std::vector<Id128> records;
  for (int i = 0; i < 20; ++i) {
    records.push_back(CreateOn(world, 0, "Terms " + std::to_string(i), "Scope.\n"));
  }
  Result<SyncReport> pushed = world.device(0).engine.Sync(world.where());
  ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
  EXPECT_EQ(pushed->pushed, 20u);

  Result<SyncReport> pulled = world.device(1).engine.Sync(world.where());
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->pulled, 20u);
  EXPECT_EQ(pulled->changed_records.size(), 20u);
  EXPECT_EQ(*world.device(1).store.Cursor(world.where()), 20u);
  for (const Id128& record : records) {
    EXPECT_EQ(StateOn(world, 1, record), StateOn(world, 0, record));
  }
}

TEST(SyncEngine, PullingMovesTheReceiversClockPastThePulledStamps) {
  SyncTestWorld world;
  // The writer's clock runs two minutes fast, within the allowed skew.
  world.device(0).env.SetClockOffsetMicros(120 * kSecond);
  const Id128 record = CreateOn(world, 0, "Terms", "Scope.\n");
  const HlcStamp written = world.device(0).clock.last();
  ASSERT_TRUE(world.device(0).engine.Sync(world.where()).ok());
  ASSERT_GT(written.physical_micros, world.device(1).env.NowMicros());

  ASSERT_TRUE(world.device(1).engine.Sync(world.where()).ok());
  EditOn(world, 1, record, "title", "Later");
  const HlcStamp reply = world.device(1).clock.last();
  EXPECT_GT(std::tie(reply.physical_micros, reply.logical),
            std::tie(written.physical_micros, written.logical));
  const RecordState state = StateOn(world, 1, record);
  EXPECT_EQ(Shown(state, "title"), "Later");
  EXPECT_FALSE(state.HasConflicts());
}

TEST(SyncEngine, ConcurrentEditsShowTheSameConflictEverywhereAndAResolutionEndsIt) {
  SyncTestWorld world;
  const Id128 record = CreateOn(world, 0, "Terms", "Scope.\n");
  Settle(world);
  EditOn(world, 0, record, "title", "From the train");
  world.time().Advance(kSecond);
  EditOn(world, 1, record, "title", "From the office");
  Settle(world);

  const RecordState on0 = StateOn(world, 0, record);
  EXPECT_EQ(on0, StateOn(world, 1, record));
  const FieldState& title = on0.fields.at("title");
  EXPECT_TRUE(title.conflict);
  EXPECT_EQ(Shown(on0, "title"), "From the office");
  ASSERT_EQ(title.versions.size(), 2u);
  EXPECT_EQ(title.versions[1].value, FieldValue(std::string("From the train")));

  ASSERT_TRUE(world.device(1)
                  .writer.Resolve(world.where(), record, "title", FieldValue(std::string("Agreed")))
                  .ok());
  Settle(world);
  for (size_t n = 0; n < world.size(); ++n) {
    const RecordState state = StateOn(world, n, record);
    EXPECT_FALSE(state.HasConflicts()) << "device " << n;
    EXPECT_EQ(Shown(state, "title"), "Agreed") << "device " << n;
  }
}

TEST(SyncEngine, ADeleteConcurrentWithAnEditIsAConflictEverywhereUntilRestored) {
  SyncTestWorld world;
  const Id128 record = CreateOn(world, 0, "Terms", "Scope.\n");
  Settle(world);
  ASSERT_TRUE(world.device(0).writer.Delete(world.where(), record).ok());
  EXPECT_TRUE(StateOn(world, 0, record).deleted);
  EditOn(world, 1, record, "title", "Still needed");
  Settle(world);

  for (size_t n = 0; n < world.size(); ++n) {
    const RecordState state = StateOn(world, n, record);
    EXPECT_FALSE(state.deleted) << "device " << n;
    EXPECT_TRUE(state.delete_conflict.has_value()) << "device " << n;
  }
  EXPECT_EQ(StateOn(world, 0, record), StateOn(world, 1, record));

  ASSERT_TRUE(world.device(0).writer.Restore(world.where(), record).ok());
  Settle(world);
  for (size_t n = 0; n < world.size(); ++n) {
    const RecordState state = StateOn(world, n, record);
    EXPECT_FALSE(state.deleted) << "device " << n;
    EXPECT_FALSE(state.HasConflicts()) << "device " << n;
    EXPECT_EQ(Shown(state, "title"), "Still needed") << "device " << n;
  }
}

TEST(SyncEngine, OnlyTheDeviceThatAddedAChronologyEntryMayChangeOrDeleteIt) {
  SyncTestWorld world;
  Record entry(RecordType::kChronologyEntry);
  ASSERT_TRUE(entry.Set("description", "Home visit.").ok());
  Result<Id128> id = world.device(0).writer.Create(world.where(), entry);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Settle(world);
  ASSERT_EQ(StateOn(world, 1, *id).created_by, world.device(0).id());

  Record amended = entry;
  ASSERT_TRUE(amended.Set("description", "Home visit; child seen.").ok());
  const Status refused = world.device(1).writer.Update(world.where(), *id, amended);
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied) << refused.ToString();
  EXPECT_NE(refused.message().find("add a new one"), std::string::npos) << refused.ToString();
  EXPECT_EQ(world.device(1).writer.Delete(world.where(), *id).code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(world.device(1).store.Pending(world.where())->empty()) << "nothing was written";

  ASSERT_TRUE(world.device(0).writer.Update(world.where(), *id, amended).ok());
  Settle(world);
  EXPECT_EQ(Shown(StateOn(world, 1, *id), "description"), "Home visit; child seen.");
  EXPECT_TRUE(world.device(0).writer.Delete(world.where(), *id).ok());
}

TEST(SyncEngine, NonOverlappingLongTextEditsMergeWithoutConflictEverywhere) {
  SyncTestWorld world;
  const Id128 record =
      CreateOn(world, 0, "Terms", "Scope of the review.\nAgencies involved.\nTimescales.\n");
  Settle(world);
  EditOn(world, 0, record, "overview",
         "Scope of the review (2024-2026).\nAgencies involved.\nTimescales.\n");
  world.time().Advance(kSecond);
  EditOn(world, 1, record, "overview",
         "Scope of the review.\nAgencies involved.\nTimescales: six months.\n");
  Settle(world);

  for (size_t n = 0; n < world.size(); ++n) {
    const RecordState state = StateOn(world, n, record);
    EXPECT_FALSE(state.HasConflicts()) << "device " << n;
    EXPECT_EQ(Shown(state, "overview"),
              "Scope of the review (2024-2026).\nAgencies involved.\nTimescales: six months.\n")
        << "device " << n;
  }
  EXPECT_EQ(StateOn(world, 0, record), StateOn(world, 1, record));
}

}  // namespace
}  // namespace casevault::sync
