// The contract every ServerStore keeps: value-parameterised tests of each store it hands out,
// one fixture per store interface.
//
// A suite runs them over its ServerStore by compiling server_store_contract.cc and the
// *_store_contract.cc files in and instantiating each fixture below with a ServerStoreMaker
// (INSTANTIATE_TEST_SUITE_P): sqlite_server_store_test.cc does it for SqliteServerStore, and a
// store of another kind runs the same tests unchanged. The tests give every time themselves;
// they never read a clock.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/server_store.h"
#include "testing/temp_dir.h"

namespace casevault::server::testing {

// How to build the store under test: `make` returns a fresh, empty store keeping its files (if
// any) in the existing directory it is given; `name` names the instantiation.
struct ServerStoreMaker {
  std::string name;
  std::function<Result<std::unique_ptr<ServerStore>>(const std::string& dir)> make;
};

// Prints the maker's name in test output.
inline void PrintTo(const ServerStoreMaker& maker, std::ostream* out) { *out << maker.name; }

// Names an instantiation's tests after the store.
inline std::string ServerStoreName(const ::testing::TestParamInfo<ServerStoreMaker>& info) {
  return info.param.name;
}

// A fresh store of the parameter's kind, with helpers to fill it.
class ServerStoreContract : public ::testing::TestWithParam<ServerStoreMaker> {
 protected:
  // Aborts the test binary when the store cannot be made, as TempDir does.
  static std::unique_ptr<ServerStore> MakeStore(const std::string& dir);

  // Stores a new user called `name` (of the business unit when `business_unit`) and returns it.
  User AddUser(const std::string& name, bool business_unit = false);
  // Creates case `case_id` in state referred at `now_micros`, with `founder` (a stored user) as
  // its business unit.
  void CreateCase(const Id128& case_id, const Id128& founder, int64_t now_micros = 1);
  // A role of `user_id`: `role` for `agency`, ending at `expires_micros`.
  static RoleAssignment Role(const Id128& user_id, sync::CaseRole role,
                             const std::string& agency = "",
                             std::optional<int64_t> expires_micros = std::nullopt);

  casevault::testing::TempDir dir_;
  std::unique_ptr<ServerStore> store_ = MakeStore(dir_.path());
};

// The tests of each interface, in <interface>_contract.cc.
class IdentityStoreContract : public ServerStoreContract {};
class CaseStoreContract : public ServerStoreContract {};
class GrantStoreContract : public ServerStoreContract {};
class AgreementStoreContract : public ServerStoreContract {};
class KeyStoreContract : public ServerStoreContract {};
class ClosureStoreContract : public ServerStoreContract {};
class DraftViewStoreContract : public ServerStoreContract {};
class ServerHubStoreContract : public ServerStoreContract {};

}  // namespace casevault::server::testing
