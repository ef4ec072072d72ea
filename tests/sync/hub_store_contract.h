// The contract every HubStore keeps, as value-parameterised tests of a Hub over the store.
//
// A suite runs them over its store by compiling hub_store_contract.cc in and instantiating
// HubStoreContract with a HubStoreMaker (INSTANTIATE_TEST_SUITE_P): hub_test.cc does it for
// MemoryHubStore, tests/server/sqlite_hub_store_test.cc for the server's SQLite store. The ops
// and helpers here serve other hub tests too.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "casevault/base/fault_injection_env.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/hub_store.h"
#include "testing/temp_dir.h"

namespace casevault::sync::testing {

// Builds SignedOps with random ids and envelopes from a seed; the hub never opens them, so they
// need not be really sealed or signed.
class OpMaker {
 public:
  explicit OpMaker(uint64_t seed) : rng_(seed) {}

  Id128 NewId() {
    Id128 id;
    for (uint8_t& byte : id.bytes) byte = static_cast<uint8_t>(rng_());
    return id;
  }

  SignedOp NewOp(size_t envelope_size) {
    SignedOp op;
    op.op_id = NewId();
    op.author_device = NewId();
    op.epoch = static_cast<uint32_t>(rng_() % 4);
    op.envelope.resize(envelope_size);
    for (uint8_t& byte : op.envelope) byte = static_cast<uint8_t>(rng_());
    for (uint8_t& byte : op.signature) byte = static_cast<uint8_t>(rng_());
    return op;
  }

  std::vector<SignedOp> NewOps(size_t count) {
    std::vector<SignedOp> ops;
    for (size_t i = 0; i < count; ++i) ops.push_back(NewOp(1 + rng_() % 64));
    return ops;
  }

 private:
  std::mt19937_64 rng_;
};

// Pulls the whole log of `where` in pages of `page_size`, checking each page's size and `more`.
std::vector<LogEntry> PullAll(Transport& transport, const CompartmentRef& where, size_t page_size);

// Checks that `log` holds exactly `ops`, in order, at seq 1..n.
void ExpectLogHolds(const std::vector<LogEntry>& log, const std::vector<SignedOp>& ops);

// Checks that `log` is numbered 1..n with hub times that never decrease and holds no op id
// twice; returns the position of each op id.
std::map<Id128, LogPosition> ExpectEachOpOnceInOrder(const std::vector<LogEntry>& log);

// How to build the store under test: `make` returns a fresh, empty store keeping its files (if
// any) in the existing directory it is given; `name` names the instantiation.
struct HubStoreMaker {
  std::string name;
  std::function<Result<std::unique_ptr<HubStore>>(const std::string& dir)> make;
};

// Prints the maker's name in test output.
inline void PrintTo(const HubStoreMaker& maker, std::ostream* out) { *out << maker.name; }

// Names an instantiation's tests after the store.
inline std::string HubStoreName(const ::testing::TestParamInfo<HubStoreMaker>& info) {
  return info.param.name;
}

// A Hub over a fresh store of the parameter's kind, with a clock tests may shift.
class HubStoreContract : public ::testing::TestWithParam<HubStoreMaker> {
 protected:
  // Aborts the test binary when the store cannot be made, as TempDir does.
  static std::unique_ptr<HubStore> MakeStore(const std::string& dir) {
    Result<std::unique_ptr<HubStore>> store = GetParam().make(dir);
    if (!store.ok()) {
      ADD_FAILURE() << "making the " << GetParam().name
                    << " store failed: " << store.status().ToString();
      std::abort();
    }
    return *std::move(store);
  }

  OpMaker maker_{20240611};
  Id128 case_a_ = maker_.NewId();
  Id128 case_b_ = maker_.NewId();
  CompartmentRef shared_{.case_id = case_a_, .name = "shared"};
  // The compartment the chunk tests send their chunks to.
  CompartmentRef chunks_at_{.case_id = case_a_, .name = "agency:police"};
  FaultInjectionEnv env_{Env::Default()};
  casevault::testing::TempDir dir_;
  std::unique_ptr<HubStore> store_ = MakeStore(dir_.path());
  Hub hub_{*store_, env_};
};

}  // namespace casevault::sync::testing
