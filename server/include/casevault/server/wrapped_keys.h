// WrappedKeys: compartment keys as the server keeps them, sealed to each device.
//
// A compartment key never reaches the server in clear: a member's client seals it
// (crypto::WrapKey) to each enrolled device of each person entitled to the compartment and
// uploads the sealed copies; the server stores them per (case, compartment, epoch, device) and
// hands a device only its own. The server cannot open any of them.
//
// Two members must never create different keys for one epoch: an epoch is created once, by the
// first upload naming it (the next after the newest), and later uploads only add copies for
// devices that lack one, from a device that holds that epoch itself. A copy once stored is
// never replaced. The copies are kept in a KeyStore, whose conditional additions make these
// rules atomic.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/server/key_store.h"
#include "casevault/sync/compartment.h"

namespace casevault::server {

class WrappedKeys {
 public:
  // Works on `store` with time from `env`; both must outlive it.
  WrappedKeys(KeyStore& store, Env& env) : store_(store), env_(env) {}

  // Creates epoch `epoch` of `where` with the copies `keys` (all of that epoch), in one
  // transaction. FailedPrecondition when `epoch` is not the one after the newest (another member
  // created it first: fetch that key instead); InvalidArgument for malformed copies.
  Status CreateEpoch(const sync::CompartmentRef& where, uint32_t epoch,
                     std::span<const WrappedKey> keys, const Id128& uploaded_by);
  // Adds copies of existing epoch `epoch` for devices that have none (copies for devices that
  // have one are ignored), uploaded by device `uploaded_by`, which must hold that epoch itself
  // (PermissionDenied otherwise); FailedPrecondition for an epoch that does not exist.
  Status Share(const sync::CompartmentRef& where, uint32_t epoch, std::span<const WrappedKey> keys,
               const Id128& uploaded_by);
  // The copies sealed to `device_id` for `where`, oldest epoch first.
  Result<std::vector<WrappedKey>> ForDevice(const sync::CompartmentRef& where,
                                            const Id128& device_id);
  // The newest epoch any copy exists for (0 when the compartment has no key yet).
  Result<uint32_t> LatestEpoch(const sync::CompartmentRef& where);
  // The devices holding a copy of epoch `epoch` of `where`.
  Result<std::vector<Id128>> Holders(const sync::CompartmentRef& where, uint32_t epoch);
  // Deletes every copy of every key of case `case_id` (crypto-shredding when a case closes).
  Status DeleteCase(const Id128& case_id);
  // Deletes every copy of every key of compartment `where` (crypto-shredding of one
  // compartment, when the drafts are purged).
  Status DeleteCompartment(const sync::CompartmentRef& where);

 private:
  KeyStore& store_;
  Env& env_;
};

}  // namespace casevault::server
