#include "casevault/client/replica.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "casevault/base/fault_injection_env.h"
#include "casevault/crypto/record_seal.h"
#include "casevault/schema/record_spec.h"
#include "casevault/schema/sqlite_database.h"
#include "replica_fixture.h"
#include "testing/sample_records.h"

namespace casevault::client {
namespace {

using casevault::testing::PatternBytes;
using schema::Record;
using schema::RecordType;
using schema::testing::SampleRecord;
using testing::ReplicaTest;

TEST_F(ReplicaTest, EveryRecordTypeRoundTrips) {
  for (const schema::RecordSpec& spec : schema::AllRecordSpecs()) {
    for (bool all_fields : {true, false}) {
      const Record record = SampleRecord(spec.type, all_fields);
      const Id128 id = crypto::NewRandomId();
      ASSERT_TRUE(replica_->PutRecord(shared_, id, record).ok()) << spec.name;
      Result<Record> read = replica_->GetRecord(shared_, id);
      ASSERT_TRUE(read.ok()) << spec.name << ": " << read.status().ToString();
      EXPECT_EQ(*read, record) << spec.name;
    }
  }
}

TEST_F(ReplicaTest, RecordsSurviveReopening) {
  const Record record = SampleRecord(RecordType::kChronologyEntry, true);
  const Id128 id = crypto::NewRandomId();
  ASSERT_TRUE(replica_->PutRecord(police_, id, record).ok());
  ASSERT_TRUE(Reopen().ok());
  Result<Record> read = replica_->GetRecord(police_, id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, record);
}

TEST_F(ReplicaTest, PutReplacesTheEarlierVersion) {
  const Id128 id = crypto::NewRandomId();
  ASSERT_TRUE(
      replica_->PutRecord(shared_, id, SampleRecord(RecordType::kTermsOfReference, true)).ok());
  ASSERT_TRUE(replica_->PutRecord(shared_, id, SampleRecord(RecordType::kMeetingNote, true)).ok());
  EXPECT_EQ(replica_->GetRecord(shared_, id)->type(), RecordType::kMeetingNote);
  EXPECT_EQ(replica_->ListRecords(shared_)->size(), 1u);
}

TEST_F(ReplicaTest, EditsThroughTheWriterAreShownAtOnceAndSurviveReopening) {
  const Record first = SampleRecord(RecordType::kTermsOfReference, false);
  Result<Id128> id = replica_->writer().Create(shared_, first);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*replica_->GetRecord(shared_, *id), first);

  Record edited = first;
  ASSERT_TRUE(edited.Set("title", std::string("Terms of reference (agreed)")).ok());
  ASSERT_TRUE(replica_->writer().Update(shared_, *id, edited).ok());
  EXPECT_EQ(*replica_->GetRecord(shared_, *id), edited);
  EXPECT_EQ(replica_->Pending(shared_)->size(), 2u) << "both edits wait to be pushed";

  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(*replica_->GetRecord(shared_, *id), edited);
  ASSERT_TRUE(replica_->writer().Delete(shared_, *id).ok());
  EXPECT_EQ(replica_->GetRecord(shared_, *id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(replica_->ListRecords(shared_)->empty());
}

TEST_F(ReplicaTest, StampsKeepIncreasingAfterReopeningWithTheSystemClockSetBack) {
  FaultInjectionEnv env(Env::Default());
  replica_.reset();
  auto reopen = [&] {
    replica_.reset();
    auto opened = Replica::Open(env, dir_.path(), device_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    replica_ = *std::move(opened);
  };
  reopen();
  const Record record = SampleRecord(RecordType::kTermsOfReference, false);
  ASSERT_TRUE(replica_->writer().Create(shared_, record).ok());
  const sync::HlcStamp before = replica_->clock().last();

  env.SetClockOffsetMicros(-int64_t{24} * 3600 * 1'000'000);  // the laptop's clock goes back a day
  reopen();
  EXPECT_EQ(replica_->clock().last(), before) << "the clock resumes from its saved stamp";
  Result<Id128> later = replica_->writer().Create(shared_, record);
  ASSERT_TRUE(later.ok());
  EXPECT_GT(replica_->clock().last(), before);
  replica_.reset();  // before `env`, which it uses
}

TEST_F(ReplicaTest, ListRecordsNamesEachRecordOfTheCompartmentInIdOrder) {
  std::vector<Id128> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(crypto::NewRandomId());
    ASSERT_TRUE(
        replica_->PutRecord(shared_, ids.back(), SampleRecord(RecordType::kMeetingNote, false))
            .ok());
  }
  ASSERT_TRUE(replica_
                  ->PutRecord(police_, crypto::NewRandomId(),
                              SampleRecord(RecordType::kChronologyEntry, false))
                  .ok());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(*replica_->ListRecords(shared_), ids);
  EXPECT_EQ(replica_->ListRecords(police_)->size(), 1u);
}

TEST_F(ReplicaTest, PutRecordsSavesAllOrNone) {
  Record bad = SampleRecord(RecordType::kChronologyEntry, true);
  ASSERT_TRUE(bad.Set("agency", std::string("no_such_agency")).ok());
  const std::vector<std::pair<Id128, Record>> batch = {
      {crypto::NewRandomId(), SampleRecord(RecordType::kChronologyEntry, true)},
      {crypto::NewRandomId(), bad}};
  Status status = replica_->PutRecords(police_, batch);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("agency"), std::string::npos) << status.message();
  EXPECT_TRUE(replica_->ListRecords(police_)->empty());
}

TEST_F(ReplicaTest, InvalidRecordIsRefusedWithTheFieldNamed) {
  Record entry = SampleRecord(RecordType::kChronologyEntry, true);
  ASSERT_TRUE(entry.Set("date_from", *schema::Date::Parse("2026-02-01")).ok());
  ASSERT_TRUE(entry.Set("date_to", *schema::Date::Parse("2026-01-01")).ok());
  Status status = replica_->PutRecord(police_, crypto::NewRandomId(), entry);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("date_to"), std::string::npos) << status.message();
  EXPECT_TRUE(replica_->ListRecords(police_)->empty());
}

TEST_F(ReplicaTest, WithoutTheCompartmentKeyNothingIsWritten) {
  const CompartmentRef health{case_id_, "agency:icb"};
  Status status = replica_->PutRecord(health, crypto::NewRandomId(),
                                      SampleRecord(RecordType::kChronologyEntry, false));
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("agency:icb"), std::string::npos) << status.message();
  EXPECT_EQ(replica_->LatestEpoch(health).status().code(), StatusCode::kNotFound);
}

TEST_F(ReplicaTest, KeyWrappedForAnotherDeviceIsRefused) {
  const crypto::DeviceIdentity other = crypto::DeviceIdentity::Generate();
  const crypto::SecretKey key = crypto::SecretKey::Generate();
  Status status = replica_->AddCompartmentKey({case_id_, "agency:icb"}, 1,
                                              crypto::WrapKey(other.box_keys().public_key(), key));
  EXPECT_EQ(status.code(), StatusCode::kAuthenticationFailed) << status.ToString();
  EXPECT_EQ(replica_->LatestEpoch({case_id_, "agency:icb"}).status().code(), StatusCode::kNotFound);
}

TEST_F(ReplicaTest, WrongCompartmentKeyIsRefused) {
  const Id128 id = crypto::NewRandomId();
  ASSERT_TRUE(
      replica_->PutRecord(police_, id, SampleRecord(RecordType::kChronologyEntry, true)).ok());
  // The stored key for epoch 1 is replaced by another one (as a confused or hostile sync might).
  ASSERT_TRUE(GiveKey(police_, 1).ok());
  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(replica_->GetRecord(police_, id).status().code(), StatusCode::kAuthenticationFailed);
}

TEST_F(ReplicaTest, NewEpochSealsNewWritesAndOldRecordsStayReadable) {
  const Id128 before = crypto::NewRandomId();
  const Record old_record = SampleRecord(RecordType::kChronologyEntry, true);
  ASSERT_TRUE(replica_->PutRecord(police_, before, old_record).ok());
  ASSERT_TRUE(GiveKey(police_, 2).ok());
  EXPECT_EQ(*replica_->LatestEpoch(police_), 2u);
  const Id128 after = crypto::NewRandomId();
  ASSERT_TRUE(
      replica_->PutRecord(police_, after, SampleRecord(RecordType::kChronologyEntry, false)).ok());
  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(*replica_->GetRecord(police_, before), old_record);
  EXPECT_TRUE(replica_->GetRecord(police_, after).ok());
}

TEST_F(ReplicaTest, RecordMovedToAnotherIdOrCompartmentIsRefused) {
  const Id128 id = crypto::NewRandomId();
  ASSERT_TRUE(
      replica_->PutRecord(police_, id, SampleRecord(RecordType::kChronologyEntry, true)).ok());
  replica_.reset();
  const Id128 moved = crypto::NewRandomId();
  {
    auto db = schema::SqliteDatabase::Open(dir_.File("replica.db"));
    ASSERT_TRUE(db.ok());
    auto update = (*db)->Prepare("UPDATE records SET record_id = ?");
    ASSERT_TRUE(update.ok());
    ASSERT_TRUE(update->BindBlob(1, moved.bytes).ok());
    ASSERT_TRUE(update->Run().ok());
  }
  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(replica_->GetRecord(police_, moved).status().code(), StatusCode::kAuthenticationFailed);
}

TEST_F(ReplicaTest, ReplicaOfAnotherDeviceIsRefused) {
  replica_.reset();
  const crypto::DeviceIdentity other = crypto::DeviceIdentity::Generate();
  auto opened = Replica::Open(env_, dir_.path(), other);
  EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(opened.status().message().find(device_.device_id().ToHex()), std::string::npos);
}

TEST_F(ReplicaTest, ReplicaBytesHoldNoPlaintext) {
  const std::string marker = "MARKER-7f3a9c-CHILD-INITIALS-ZQ";
  Record entry = SampleRecord(RecordType::kChronologyEntry, true);
  ASSERT_TRUE(entry.Set("description", "Home visit: " + marker + " seen with mother").ok());
  ASSERT_TRUE(replica_->PutRecord(police_, crypto::NewRandomId(), entry).ok());
  Record summary = SampleRecord(RecordType::kAgencySummary, true);
  ASSERT_TRUE(summary.Set("summary", marker).ok());
  ASSERT_TRUE(replica_->PutRecord(shared_, crypto::NewRandomId(), summary).ok());

  Bytes content = PatternBytes(200 * 1024);
  const Bytes marker_bytes(marker.begin(), marker.end());
  for (size_t at = 0; at + marker.size() < content.size(); at += 9000) {
    std::copy(marker_bytes.begin(), marker_bytes.end(), content.begin() + at);
  }
  const std::string source = WriteSource("source.bin", content);
  FileImportOptions options;
  options.display_name = marker + ".pdf";
  options.uploaded_by = marker;
  options.chunk_size = 16 * 1024;
  ASSERT_TRUE(replica_->ImportFile(police_, source, options).ok());
  std::filesystem::remove(source);

  // Scan with the replica still open (WAL and shared memory present) and after closing.
  for (int pass = 0; pass < 2; ++pass) {
    size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
      if (!entry.is_regular_file()) continue;
      ++files;
      Result<Bytes> bytes = ReadFileToBytes(env_, entry.path());
      ASSERT_TRUE(bytes.ok());
      EXPECT_EQ(std::search(bytes->begin(), bytes->end(), marker_bytes.begin(), marker_bytes.end()),
                bytes->end())
          << "plaintext marker found in " << entry.path();
      const std::string agency = "agency:police";
      EXPECT_EQ(std::search(bytes->begin(), bytes->end(), agency.begin(), agency.end()),
                bytes->end())
          << "compartment name in clear in " << entry.path();
    }
    EXPECT_GT(files, 5u);
    replica_.reset();
  }
}

}  // namespace
}  // namespace casevault::client
