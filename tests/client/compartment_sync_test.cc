#include "casevault/client/compartment_sync.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "casevault/crypto/random_id.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/sync/forwarding_transport.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/hub_store.h"
#include "testing/bytes.h"
#include "testing/sample_records.h"
#include "testing/temp_dir.h"

namespace casevault::client {
namespace {

using casevault::testing::PatternBytes;
using casevault::testing::TempDir;

// Passes every call to the hub, but from the `cut_after`th chunk fetch on answers as a broken
// connection would.
class CuttingTransport final : public sync::ForwardingTransport {
 public:
  CuttingTransport(sync::Transport& hub, size_t cut_after)
      : ForwardingTransport(hub), cut_after_(cut_after) {}

  Result<Bytes> GetChunk(const CompartmentRef& where, const sync::ChunkHash& hash) override {
    if (fetches_++ >= cut_after_) return UnavailableError("connection reset by peer");
    return target_.GetChunk(where, hash);
  }

  // How many chunk fetches were asked for, cut or not.
  size_t fetches() const { return fetches_; }

 private:
  size_t cut_after_;
  size_t fetches_ = 0;
};

// Two devices of the police representative (a desktop and a laptop), each with a replica holding
// the agency:police key, and the in-process hub between them.
class CompartmentSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const crypto::SecretKey key = crypto::SecretKey::Generate();
    for (auto [replica, device, name] : {std::tuple{&desktop_, &desktop_device_, "desktop"},
                                         std::tuple{&laptop_, &laptop_device_, "laptop"}}) {
      auto opened = Replica::Open(env_, dir_.File(name), *device);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      *replica = *std::move(opened);
      ASSERT_TRUE(
          (*replica)
              ->AddCompartmentKey(police_, 1, crypto::WrapKey(device->box_keys().public_key(), key))
              .ok());
      devices_[device->device_id()] = device->signing_keys().public_key();
    }
  }

  // Secures `content` on the desktop in 4 KiB chunks; returns the record id.
  Id128 SecureOnDesktop(ByteView content) {
    const std::string source = dir_.File("source.bin");
    EXPECT_TRUE(WriteFileAtomically(env_, source, content).ok());
    FileImportOptions options;
    options.uploaded_by = "police representative";
    options.chunk_size = 4096;
    Result<Id128> id = desktop_->ImportFile(police_, source, options);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : Id128{};
  }

  Result<CompartmentSyncReport> Sync(Replica& replica, sync::Transport& transport) {
    return SyncCompartment(replica, transport, police_, devices_);
  }

  // Exports file `id` from `replica`; returns its bytes or the error.
  Result<Bytes> Export(Replica& replica, const Id128& id) {
    const std::string out = dir_.File("out-" + crypto::NewRandomId().ToHex());
    CV_RETURN_IF_ERROR(replica.ExportFile(police_, id, out));
    return ReadFileToBytes(env_, out);
  }

  Env& env_ = Env::Default();
  TempDir dir_;
  sync::MemoryHubStore hub_store_;
  sync::Hub hub_{hub_store_, env_};
  const crypto::DeviceIdentity desktop_device_ = crypto::DeviceIdentity::Generate();
  const crypto::DeviceIdentity laptop_device_ = crypto::DeviceIdentity::Generate();
  std::map<Id128, crypto::SigningPublicKey> devices_;
  const CompartmentRef police_{crypto::NewRandomId(), "agency:police"};
  std::unique_ptr<Replica> desktop_;
  std::unique_ptr<Replica> laptop_;
};

TEST_F(CompartmentSyncTest, ASecuredFileReachesTheOtherReplicaByteIdentical) {
  const Bytes content = PatternBytes(5 * 4096 - 100);
  const Id128 id = SecureOnDesktop(content);

  Result<CompartmentSyncReport> sent = Sync(*desktop_, hub_);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->files_sent, 1u);
  EXPECT_EQ(sent->ops.pushed, 1u) << "the record and its manifest are one operation";
  EXPECT_TRUE(desktop_->FilesToUpload(police_)->empty());

  Result<CompartmentSyncReport> received = Sync(*laptop_, hub_);
  ASSERT_TRUE(received.ok()) << received.status().ToString();
  EXPECT_EQ(received->ops.pulled, 1u);
  EXPECT_EQ(received->files_received, 1u);
  EXPECT_TRUE(received->files_waiting.empty());
  EXPECT_EQ(*laptop_->GetRecord(police_, id), *desktop_->GetRecord(police_, id));
  Result<Bytes> exported = Export(*laptop_, id);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  EXPECT_EQ(*exported, content);

  // Nothing moves twice.
  Result<CompartmentSyncReport> again = Sync(*laptop_, hub_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->files_received + again->files_sent + again->ops.pulled, 0u);
}

TEST_F(CompartmentSyncTest, AFileIsHiddenUntilCompleteAndACutDownloadResumesAtTheMissingChunk) {
  const Bytes content = PatternBytes(5 * 4096);
  const Id128 id = SecureOnDesktop(content);
  ASSERT_TRUE(Sync(*desktop_, hub_).ok());

  CuttingTransport cut(hub_, 2);
  Result<CompartmentSyncReport> interrupted = Sync(*laptop_, cut);
  EXPECT_EQ(interrupted.status().code(), StatusCode::kUnavailable)
      << interrupted.status().ToString();
  EXPECT_TRUE(laptop_->GetRecord(police_, id).ok()) << "the record itself arrived";
  Result<Bytes> early = Export(*laptop_, id);
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition) << early.status().ToString();
  EXPECT_NE(early.status().message().find("sync"), std::string::npos);
  ASSERT_EQ(laptop_->FilesToDownload(police_)->size(), 1u);

  CuttingTransport resumed(hub_, 1000);
  Result<CompartmentSyncReport> finished = Sync(*laptop_, resumed);
  ASSERT_TRUE(finished.ok()) << finished.status().ToString();
  EXPECT_EQ(finished->files_received, 1u);
  EXPECT_EQ(resumed.fetches(), 3u) << "only the 3 chunks the cut left missing are fetched";
  EXPECT_EQ(*Export(*laptop_, id), content);
  EXPECT_TRUE(laptop_->FilesToDownload(police_)->empty());
}

TEST_F(CompartmentSyncTest, AFileWhoseChunksTheHubLacksWaitsWithoutStoppingTheSync) {
  const Id128 id = SecureOnDesktop(PatternBytes(3 * 4096));
  // The desktop's operations reach the hub, but not (yet) its chunks.
  sync::SyncEngine engine(*desktop_, hub_, *desktop_, desktop_->clock(), devices_);
  ASSERT_TRUE(engine.Sync(police_).ok());
  ASSERT_EQ(desktop_->FilesToUpload(police_)->size(), 1u);

  Result<CompartmentSyncReport> waiting = Sync(*laptop_, hub_);
  ASSERT_TRUE(waiting.ok()) << waiting.status().ToString();
  EXPECT_EQ(waiting->ops.pulled, 1u);
  ASSERT_EQ(waiting->files_waiting.size(), 1u);
  EXPECT_EQ(waiting->files_waiting[0].record_id, id);
  EXPECT_EQ(waiting->files_waiting[0].reason.code(), StatusCode::kNotFound);

  ASSERT_TRUE(Sync(*desktop_, hub_).ok());
  Result<CompartmentSyncReport> arrived = Sync(*laptop_, hub_);
  ASSERT_TRUE(arrived.ok()) << arrived.status().ToString();
  EXPECT_EQ(arrived->files_received, 1u);
  EXPECT_EQ(*Export(*laptop_, id), PatternBytes(3 * 4096));
}

TEST_F(CompartmentSyncTest, DeletingASecuredFileRemovesItEverywhereAndFreesItsChunks) {
  const Id128 id = SecureOnDesktop(PatternBytes(2 * 4096));
  ASSERT_TRUE(Sync(*desktop_, hub_).ok());
  ASSERT_TRUE(Sync(*laptop_, hub_).ok());
  ASSERT_TRUE(laptop_->writer().Delete(police_, id).ok());
  EXPECT_EQ(laptop_->GetRecord(police_, id).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(Sync(*laptop_, hub_).ok());
  ASSERT_TRUE(Sync(*desktop_, hub_).ok());

  for (Replica* replica : {desktop_.get(), laptop_.get()}) {
    EXPECT_EQ(replica->GetRecord(police_, id).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(Export(*replica, id).status().code(), StatusCode::kNotFound);
    Result<uint64_t> removed = replica->CollectGarbage();
    ASSERT_TRUE(removed.ok());
    EXPECT_EQ(*removed, 2u) << "both chunk files are freed";
  }
}

}  // namespace
}  // namespace casevault::client
