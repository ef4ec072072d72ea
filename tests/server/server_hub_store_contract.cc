// The ServerHubStore contract (see server_store_contract.h): what it adds to sync::HubStore,
// whose own contract is tests/sync/hub_store_contract.h.
#include <vector>

#include "casevault/crypto/hash.h"
#include "server_store_contract.h"
#include "sync/hub_store_contract.h"
#include "testing/bytes.h"

namespace casevault::server::testing {
namespace {

using casevault::testing::PatternBytes;

// How many entries the log of `where` holds (up to 100).
size_t LogSize(sync::HubStore& store, const sync::CompartmentRef& where) {
  Result<sync::PullPage> page = store.Read(where, 0, 100);
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  return page.ok() ? page->entries.size() : 0;
}

TEST_P(ServerHubStoreContract, DeletingACaseRemovesItsLogsOnly) {
  ServerHubStore& hub = store_->hub();
  sync::testing::OpMaker maker(7);
  const sync::CompartmentRef shared{maker.NewId(), "shared"};
  const sync::CompartmentRef police{shared.case_id, "agency:police"};
  const sync::CompartmentRef other{maker.NewId(), "shared"};
  const std::vector<sync::SignedOp> ops = maker.NewOps(5);
  for (const sync::CompartmentRef& where : {shared, police, other}) {
    ASSERT_TRUE(hub.AppendBatch(where, ops, 100).ok());
  }
  const Bytes chunk = PatternBytes(300, 4);
  const sync::ChunkHash hash = crypto::Blake2b256(chunk);
  ASSERT_TRUE(hub.PutChunk(hash, chunk).ok());

  ASSERT_TRUE(hub.DeleteCase(shared.case_id).ok());
  EXPECT_EQ(LogSize(hub, shared), 0u);
  EXPECT_EQ(LogSize(hub, police), 0u);
  EXPECT_EQ(LogSize(hub, other), ops.size()) << "other cases keep theirs";
  EXPECT_TRUE(*hub.HasChunk(hash)) << "chunks stay";
  Result<sync::LogPosition> again = hub.Append(shared, ops[0], 200);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->seq, 1u) << "a deleted log starts again at 1";
  EXPECT_TRUE(hub.DeleteCase(maker.NewId()).ok()) << "a case with no logs";
}

TEST_P(ServerHubStoreContract, DeletingACompartmentRemovesItsLogOnly) {
  ServerHubStore& hub = store_->hub();
  sync::testing::OpMaker maker(8);
  const sync::CompartmentRef drafts{maker.NewId(), "drafts"};
  const sync::CompartmentRef shared{drafts.case_id, "shared"};
  const std::vector<sync::SignedOp> ops = maker.NewOps(3);
  for (const sync::CompartmentRef& where : {drafts, shared}) {
    ASSERT_TRUE(hub.AppendBatch(where, ops, 100).ok());
  }
  ASSERT_TRUE(hub.DeleteCompartment(drafts).ok());
  EXPECT_EQ(LogSize(hub, drafts), 0u);
  EXPECT_EQ(LogSize(hub, shared), ops.size()) << "the case's other logs stay";
  EXPECT_TRUE(hub.DeleteCompartment(drafts).ok()) << "a compartment with no log";
}

TEST_P(ServerHubStoreContract, ARemovedChunkIsGone) {
  ServerHubStore& hub = store_->hub();
  const Bytes removed = PatternBytes(200, 1);
  const Bytes kept = PatternBytes(200, 2);
  const sync::ChunkHash removed_hash = crypto::Blake2b256(removed);
  const sync::ChunkHash kept_hash = crypto::Blake2b256(kept);
  ASSERT_TRUE(hub.PutChunk(removed_hash, removed).ok());
  ASSERT_TRUE(hub.PutChunk(kept_hash, kept).ok());

  ASSERT_TRUE(hub.RemoveChunk(removed_hash).ok());
  EXPECT_FALSE(*hub.HasChunk(removed_hash));
  EXPECT_EQ(hub.GetChunk(removed_hash).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(hub.RemoveChunk(removed_hash).ok()) << "removing an absent chunk";
  EXPECT_EQ(*hub.GetChunk(kept_hash), kept);
}

}  // namespace
}  // namespace casevault::server::testing
