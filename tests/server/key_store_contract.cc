// The KeyStore contract (see server_store_contract.h).
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "casevault/crypto/random_id.h"
#include "server_store_contract.h"
#include "testing/bytes.h"

namespace casevault::server::testing {
namespace {

using casevault::testing::PatternBytes;

// A copy of epoch `epoch` for `device_id`, its bytes made from `seed`.
WrappedKey Copy(uint32_t epoch, const Id128& device_id, uint8_t seed) {
  return WrappedKey{epoch, device_id, PatternBytes(80, seed)};
}

TEST_P(KeyStoreContract, AnEpochIsAddedOnlyOnTopOfTheNewest) {
  KeyStore& keys = store_->keys();
  const sync::CompartmentRef shared{crypto::NewRandomId(), "shared"};
  const sync::CompartmentRef police{shared.case_id, "agency:police"};
  const Id128 laptop = crypto::NewRandomId();
  const Id128 phone = crypto::NewRandomId();
  EXPECT_EQ(*keys.NewestEpoch(shared), 0u);

  const std::vector<WrappedKey> first = {Copy(1, laptop, 1), Copy(1, phone, 2)};
  EXPECT_EQ(*keys.AddIfNewestEpochIs(shared, 0, first, laptop, 10), true);
  EXPECT_EQ(*keys.NewestEpoch(shared), 1u);
  EXPECT_EQ(*keys.AddIfNewestEpochIs(shared, 0, std::vector{Copy(1, laptop, 9)}, phone, 11), false)
      << "another creator of epoch 1 comes second";
  EXPECT_EQ(keys.ForDevice(shared, laptop)->at(0).wrapped, PatternBytes(80, 1))
      << "its copy was not stored";
  EXPECT_EQ(*keys.AddIfNewestEpochIs(shared, 2, std::vector{Copy(3, laptop, 3)}, laptop, 12), false)
      << "no skipping";
  EXPECT_EQ(*keys.NewestEpoch(shared), 1u);
  EXPECT_EQ(*keys.AddIfNewestEpochIs(shared, 1, std::vector{Copy(2, laptop, 4)}, laptop, 13), true);
  EXPECT_EQ(*keys.NewestEpoch(shared), 2u);
  EXPECT_EQ(*keys.NewestEpoch(police), 0u) << "each compartment has its own epochs";
}

TEST_P(KeyStoreContract, OnlyAHolderAddsCopiesAndNoCopyIsReplaced) {
  KeyStore& keys = store_->keys();
  const sync::CompartmentRef shared{crypto::NewRandomId(), "shared"};
  const Id128 laptop = crypto::NewRandomId();
  const Id128 phone = crypto::NewRandomId();
  const Id128 tablet = crypto::NewRandomId();
  ASSERT_TRUE(*keys.AddIfNewestEpochIs(shared, 0, std::vector{Copy(1, laptop, 1)}, laptop, 1));

  EXPECT_EQ(*keys.AddIfHolderHas(shared, 1, std::vector{Copy(1, tablet, 5)}, phone, 2), false)
      << "the phone holds no copy";
  EXPECT_TRUE(keys.ForDevice(shared, tablet)->empty());
  EXPECT_EQ(*keys.AddIfHolderHas(shared, 2, std::vector{Copy(2, phone, 5)}, laptop, 2), false)
      << "nobody holds epoch 2";
  EXPECT_EQ(*keys.AddIfHolderHas(shared, 1, std::vector{Copy(1, phone, 2)}, laptop, 3), true);
  EXPECT_EQ(*keys.AddIfHolderHas(shared, 1, std::vector{Copy(1, tablet, 3), Copy(1, laptop, 9)},
                                 phone, 4),
            true);
  EXPECT_EQ(keys.ForDevice(shared, laptop)->at(0).wrapped, PatternBytes(80, 1))
      << "a stored copy is never replaced";
  std::vector<Id128> holders = {laptop, phone, tablet};
  std::sort(holders.begin(), holders.end());
  EXPECT_EQ(*keys.Holders(shared, 1), holders);
  EXPECT_TRUE(keys.Holders(shared, 2)->empty());
}

TEST_P(KeyStoreContract, ADeviceGetsItsOwnCopiesOldestFirstUntilTheCaseIsDeleted) {
  KeyStore& keys = store_->keys();
  const sync::CompartmentRef shared{crypto::NewRandomId(), "shared"};
  const sync::CompartmentRef police{shared.case_id, "agency:police"};
  const sync::CompartmentRef elsewhere{crypto::NewRandomId(), "shared"};
  const Id128 laptop = crypto::NewRandomId();
  const Id128 phone = crypto::NewRandomId();
  for (const sync::CompartmentRef& where : {shared, police, elsewhere}) {
    for (uint32_t epoch = 1; epoch <= 3; ++epoch) {
      const std::vector<WrappedKey> copies = {Copy(epoch, laptop, static_cast<uint8_t>(epoch)),
                                              Copy(epoch, phone, 100)};
      ASSERT_TRUE(*keys.AddIfNewestEpochIs(where, epoch - 1, copies, laptop, epoch));
    }
  }
  Result<std::vector<WrappedKey>> mine = keys.ForDevice(shared, laptop);
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  ASSERT_EQ(mine->size(), 3u);
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*mine)[i].epoch, i + 1);
    EXPECT_EQ((*mine)[i].device_id, laptop);
    EXPECT_EQ((*mine)[i].wrapped, PatternBytes(80, static_cast<uint8_t>(i + 1)));
  }
  EXPECT_TRUE(keys.ForDevice(shared, crypto::NewRandomId())->empty());

  ASSERT_TRUE(keys.DeleteCase(shared.case_id).ok());
  EXPECT_TRUE(keys.ForDevice(shared, laptop)->empty());
  EXPECT_TRUE(keys.ForDevice(police, phone)->empty());
  EXPECT_EQ(*keys.NewestEpoch(police), 0u);
  EXPECT_EQ(keys.ForDevice(elsewhere, laptop)->size(), 3u) << "other cases keep theirs";
}

TEST_P(KeyStoreContract, DeletingACompartmentRemovesItsCopiesOnly) {
  KeyStore& keys = store_->keys();
  const sync::CompartmentRef drafts{crypto::NewRandomId(), "drafts"};
  const sync::CompartmentRef shared{drafts.case_id, "shared"};
  const Id128 laptop = crypto::NewRandomId();
  for (const sync::CompartmentRef& where : {drafts, shared}) {
    const std::vector<WrappedKey> copies = {Copy(1, laptop, 1)};
    ASSERT_TRUE(*keys.AddIfNewestEpochIs(where, 0, copies, laptop, 1));
  }
  ASSERT_TRUE(keys.DeleteCompartment(drafts).ok());
  EXPECT_TRUE(keys.ForDevice(drafts, laptop)->empty());
  EXPECT_EQ(*keys.NewestEpoch(drafts), 0u);
  EXPECT_EQ(keys.ForDevice(shared, laptop)->size(), 1u) << "the case's other keys stay";
}

TEST_P(KeyStoreContract, EightConcurrentCreatorsOfOneEpochMakeOneKey) {
  KeyStore& keys = store_->keys();
  const sync::CompartmentRef shared{crypto::NewRandomId(), "shared"};
  const Id128 device = crypto::NewRandomId();
  std::atomic<int> created = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const std::vector<WrappedKey> copy = {Copy(1, device, static_cast<uint8_t>(t))};
      Result<bool> added = keys.AddIfNewestEpochIs(shared, 0, copy, device, t);
      EXPECT_TRUE(added.ok()) << added.status().ToString();
      if (added.ok() && *added) ++created;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(keys.ForDevice(shared, device)->size(), 1u);
}

}  // namespace
}  // namespace casevault::server::testing
