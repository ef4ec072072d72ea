// A replica in a fresh directory, with a device identity and compartment keys, for the client
// tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "casevault/base/env.h"
#include "casevault/client/replica.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/sealed_box.h"
#include "testing/bytes.h"
#include "testing/temp_dir.h"

namespace casevault::client::testing {

class ReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Reopen().ok());
    ASSERT_TRUE(GiveKey(shared_, 1).ok());
    ASSERT_TRUE(GiveKey(police_, 1).ok());
  }

  // Closes and reopens the replica (through `options`).
  Status Reopen(const ReplicaOptions& options = {}) {
    replica_.reset();
    CV_ASSIGN_OR_RETURN(replica_, Replica::Open(env_, dir_.path(), device_, options));
    return Status::Ok();
  }

  // Gives the replica a fresh key for `compartment` at `epoch`, wrapped to the device.
  Status GiveKey(const CompartmentRef& compartment, uint32_t epoch) {
    const crypto::SecretKey key = crypto::SecretKey::Generate();
    return replica_->AddCompartmentKey(compartment, epoch,
                                       crypto::WrapKey(device_.box_keys().public_key(), key));
  }

  // Writes `content` to a file in the test directory and returns its path.
  std::string WriteSource(const std::string& name, ByteView content) {
    const std::string path = dir_.File(name);
    EXPECT_TRUE(WriteFileAtomically(env_, path, content).ok());
    return path;
  }

  Env& env_ = Env::Default();
  casevault::testing::TempDir dir_;
  const crypto::DeviceIdentity device_ = crypto::DeviceIdentity::Generate();
  const Id128 case_id_ = crypto::NewRandomId();
  const CompartmentRef shared_{case_id_, "shared"};
  const CompartmentRef police_{case_id_, "agency:police"};
  std::unique_ptr<Replica> replica_;
};

}  // namespace casevault::client::testing
