// SqliteAgreementStore: the AgreementStore in server.db (table agreements).
#pragma once

#include "casevault/server/agreement_store.h"
#include "casevault/server/server_database.h"

namespace casevault::server {

class SqliteAgreementStore final : public AgreementStore {
 public:
  // Works on `database`, which must outlive it.
  explicit SqliteAgreementStore(ServerDatabase& database) : database_(database) {}

  Status Record(const Id128& user_id, const Id128& case_id, Agreement agreement,
                int64_t recorded_micros) override;
  Result<std::vector<Agreement>> Recorded(const Id128& user_id, const Id128& case_id) override;

 private:
  ServerDatabase& database_;
};

}  // namespace casevault::server
