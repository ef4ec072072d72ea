#include "casevault/sync/hub.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "casevault/sync/hub_store.h"
#include "casevault/sync/lossy_transport.h"
#include "hub_store_contract.h"

namespace casevault::sync {
namespace {

using testing::HubStoreContract;
using testing::HubStoreMaker;
using testing::OpMaker;

INSTANTIATE_TEST_SUITE_P(Memory, HubStoreContract,
                         ::testing::Values(HubStoreMaker{
                             .name = "Memory",
                             .make = [](const std::string&) -> Result<std::unique_ptr<HubStore>> {
                               return std::unique_ptr<HubStore>(std::make_unique<MemoryHubStore>());
                             }}),
                         testing::HubStoreName);

TEST(LossyTransport, TheSameSeedInjectsTheSameFaults) {
  auto outcomes = [](uint64_t seed) {
    OpMaker maker(77);
    const CompartmentRef where{.case_id = maker.NewId(), .name = "shared"};
    MemoryHubStore store;
    Hub hub(store, Env::Default());
    LossyTransport lossy(hub,
                         {.seed = seed, .drop_request = 0.3, .duplicate = 0.3, .drop_reply = 0.3});
    std::string pattern;
    for (int i = 0; i < 64; ++i) pattern += lossy.Push(where, maker.NewOps(1)).ok() ? '+' : '-';
    return pattern;
  };
  EXPECT_EQ(outcomes(11), outcomes(11));
  EXPECT_NE(outcomes(11), outcomes(12));
}

}  // namespace
}  // namespace casevault::sync
