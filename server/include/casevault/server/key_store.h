// KeyStore: where the server keeps compartment keys, each sealed to one device, per (case,
// compartment, epoch, device).
//
// It only keeps: which epoch may be created and who may share one are WrappedKeys' rules, made
// atomic by the conditional additions below (each checks its condition and stores in one
// transaction). A copy once stored is never replaced. Each call is atomic with respect to every
// other, and implementations are safe to call from several threads. SqliteKeyStore keeps them
// in server.db.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/sync/compartment.h"

namespace casevault::server {

// One sealed copy of a compartment key.
struct WrappedKey {
  uint32_t epoch = 0;
  Id128 device_id;
  Bytes wrapped;
};

class KeyStore {
 public:
  virtual ~KeyStore() = default;

  // In one transaction: when the newest epoch of `where` is `expected_newest` (0: no copy yet),
  // stores `keys`, uploaded by `uploaded_by` at `now_micros`, and returns true; otherwise
  // stores nothing and returns false. A copy for an (epoch, device) already held is kept.
  virtual Result<bool> AddIfNewestEpochIs(const sync::CompartmentRef& where,
                                          uint32_t expected_newest,
                                          std::span<const WrappedKey> keys,
                                          const Id128& uploaded_by, int64_t now_micros) = 0;
  // In one transaction: when device `holder` holds a copy of epoch `epoch` of `where`, stores
  // `keys`, uploaded by `holder` at `now_micros`, and returns true; otherwise stores nothing
  // and returns false. A copy for an (epoch, device) already held is kept.
  virtual Result<bool> AddIfHolderHas(const sync::CompartmentRef& where, uint32_t epoch,
                                      std::span<const WrappedKey> keys, const Id128& holder,
                                      int64_t now_micros) = 0;

  // The copies sealed to `device_id` for `where`, oldest epoch first.
  virtual Result<std::vector<WrappedKey>> ForDevice(const sync::CompartmentRef& where,
                                                    const Id128& device_id) = 0;
  // The newest epoch any copy of `where` is of (0 when there is none).
  virtual Result<uint32_t> NewestEpoch(const sync::CompartmentRef& where) = 0;
  // The devices holding a copy of epoch `epoch` of `where`, in id order.
  virtual Result<std::vector<Id128>> Holders(const sync::CompartmentRef& where, uint32_t epoch) = 0;
  // Deletes every copy of every key of case `case_id`.
  virtual Status DeleteCase(const Id128& case_id) = 0;
  // Deletes every copy of every key of compartment `where`.
  virtual Status DeleteCompartment(const sync::CompartmentRef& where) = 0;
};

}  // namespace casevault::server
