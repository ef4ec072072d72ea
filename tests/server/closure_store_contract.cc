// The ClosureStore contract (see server_store_contract.h).
#include <algorithm>
#include <vector>

#include "casevault/crypto/random_id.h"
#include "server_store_contract.h"

namespace casevault::server::testing {
namespace {

sync::ChunkHash Hash(uint8_t seed) {
  sync::ChunkHash hash;
  hash.fill(seed);
  return hash;
}

TEST_P(ClosureStoreContract, AClosedCaseStaysClosed) {
  ClosureStore& closures = store_->closures();
  const Id128 case_id = crypto::NewRandomId();
  const Id128 closer = crypto::NewRandomId();
  EXPECT_EQ(*closures.IsClosed(case_id), false);
  ASSERT_TRUE(closures.MarkClosed(case_id, closer, 10).ok());
  EXPECT_EQ(*closures.IsClosed(case_id), true);
  ASSERT_TRUE(closures.MarkClosed(case_id, closer, 20).ok()) << "closing again";
  EXPECT_EQ(*closures.IsClosed(case_id), true);
  EXPECT_EQ(*closures.IsClosed(crypto::NewRandomId()), false);
}

TEST_P(ClosureStoreContract, APurgedCompartmentStaysPurgedAndOnlyIt) {
  ClosureStore& closures = store_->closures();
  const sync::CompartmentRef drafts{crypto::NewRandomId(), "drafts"};
  const Id128 purger = crypto::NewRandomId();
  EXPECT_EQ(*closures.IsPurged(drafts), false);
  ASSERT_TRUE(closures.MarkPurged(drafts, purger, 10).ok());
  EXPECT_EQ(*closures.IsPurged(drafts), true);
  ASSERT_TRUE(closures.MarkPurged(drafts, purger, 20).ok()) << "purging again";
  EXPECT_EQ(*closures.IsPurged(drafts), true);
  EXPECT_EQ(*closures.IsPurged({drafts.case_id, "shared"}), false);
  EXPECT_EQ(*closures.IsPurged({crypto::NewRandomId(), "drafts"}), false);
  EXPECT_EQ(*closures.IsClosed(drafts.case_id), false) << "purging is not closing";
}

TEST_P(ClosureStoreContract, AChunkIsOnlyACasesWhileNoOtherCaseUsesIt) {
  ClosureStore& closures = store_->closures();
  const Id128 closing = crypto::NewRandomId();
  const Id128 staying = crypto::NewRandomId();
  ASSERT_TRUE(closures.RecordChunkOwners(closing, std::vector{Hash(3), Hash(1), Hash(2)}).ok());
  ASSERT_TRUE(closures.RecordChunkOwners(closing, std::vector{Hash(1)}).ok()) << "again";
  ASSERT_TRUE(closures.RecordChunkOwners(staying, std::vector{Hash(2), Hash(4)}).ok());
  ASSERT_TRUE(closures.RecordChunkOwners(staying, {}).ok());

  EXPECT_EQ(*closures.ChunksOnlyOf(closing), (std::vector{Hash(1), Hash(3)}));
  EXPECT_EQ(*closures.ChunksOnlyOf(staying), std::vector{Hash(4)});
  EXPECT_TRUE(closures.ChunksOnlyOf(crypto::NewRandomId())->empty());

  ASSERT_TRUE(closures.ForgetChunkOwners(closing).ok());
  EXPECT_TRUE(closures.ChunksOnlyOf(closing)->empty());
  EXPECT_EQ(*closures.ChunksOnlyOf(staying), (std::vector{Hash(2), Hash(4)}))
      << "the shared chunk is now only the other case's";
}

}  // namespace
}  // namespace casevault::server::testing
