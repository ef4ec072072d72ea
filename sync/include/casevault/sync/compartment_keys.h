// CompartmentKeys: the compartment keys a device holds, by epoch.
#pragma once

#include <cstdint>

#include "casevault/base/result.h"
#include "casevault/crypto/secret_bytes.h"
#include "casevault/sync/compartment.h"

namespace casevault::sync {

class CompartmentKeys {
 public:
  virtual ~CompartmentKeys() = default;
  // The newest epoch whose key is held for `where`; NotFound when none is.
  virtual Result<uint32_t> LatestEpoch(const CompartmentRef& where) = 0;
  // The key of `where` at `epoch` (valid while the holder lives); NotFound when not held.
  virtual Result<const crypto::SecretKey*> Key(const CompartmentRef& where, uint32_t epoch) = 0;
};

}  // namespace casevault::sync
