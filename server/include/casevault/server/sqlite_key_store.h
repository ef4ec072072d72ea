// SqliteKeyStore: the KeyStore in server.db (table wrapped_keys).
#pragma once

#include "casevault/server/key_store.h"
#include "casevault/server/server_database.h"

namespace casevault::server {

class SqliteKeyStore final : public KeyStore {
 public:
  // Works on `database`, which must outlive it.
  explicit SqliteKeyStore(ServerDatabase& database) : database_(database) {}

  Result<bool> AddIfNewestEpochIs(const sync::CompartmentRef& where, uint32_t expected_newest,
                                  std::span<const WrappedKey> keys, const Id128& uploaded_by,
                                  int64_t now_micros) override;
  Result<bool> AddIfHolderHas(const sync::CompartmentRef& where, uint32_t epoch,
                              std::span<const WrappedKey> keys, const Id128& holder,
                              int64_t now_micros) override;
  Result<std::vector<WrappedKey>> ForDevice(const sync::CompartmentRef& where,
                                            const Id128& device_id) override;
  Result<uint32_t> NewestEpoch(const sync::CompartmentRef& where) override;
  Result<std::vector<Id128>> Holders(const sync::CompartmentRef& where, uint32_t epoch) override;
  Status DeleteCase(const Id128& case_id) override;
  Status DeleteCompartment(const sync::CompartmentRef& where) override;

 private:
  ServerDatabase& database_;
};

}  // namespace casevault::server
