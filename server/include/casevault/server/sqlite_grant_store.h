// SqliteGrantStore: the GrantStore in server.db (table grants).
#pragma once

#include "casevault/server/grant_store.h"
#include "casevault/server/server_database.h"

namespace casevault::server {

class SqliteGrantStore final : public GrantStore {
 public:
  // Works on `database`, which must outlive it.
  explicit SqliteGrantStore(ServerDatabase& database) : database_(database) {}

  Status PutGrant(const Id128& user_id, const sync::CompartmentRef& where, Access access,
                  std::optional<int64_t> expires_micros, const Id128& granted_by,
                  int64_t now_micros) override;
  Result<bool> RemoveGrant(const Id128& user_id, const sync::CompartmentRef& where) override;
  Result<std::optional<GrantRecord>> GrantOf(const Id128& user_id,
                                             const sync::CompartmentRef& where) override;
  Result<std::vector<GrantRecord>> Grants(const Id128& case_id, int64_t now_micros) override;
  Result<std::vector<Id128>> CasesOf(const Id128& user_id, int64_t now_micros) override;
  Status DeleteCase(const Id128& case_id) override;

 private:
  ServerDatabase& database_;
};

}  // namespace casevault::server
