// SqliteCaseStore: the CaseStore in server.db (tables cases and case_roles).
#pragma once

#include "casevault/server/case_store.h"
#include "casevault/server/server_database.h"

namespace casevault::server {

class SqliteCaseStore final : public CaseStore {
 public:
  // Works on `database`, which must outlive it.
  explicit SqliteCaseStore(ServerDatabase& database) : database_(database) {}

  Status CreateCase(const Id128& case_id, sync::CaseState state, const RoleAssignment& founder,
                    int64_t now_micros) override;
  Result<std::optional<sync::CaseState>> StateOf(const Id128& case_id) override;
  Result<std::optional<int>> LeaseDaysOf(const Id128& case_id) override;
  Status SetLeaseDays(const Id128& case_id, int days) override;
  Status RecordTransition(const Id128& case_id, const CaseTransition& move) override;
  Result<std::vector<CaseTransition>> Transitions(const Id128& case_id) override;
  Status Endorse(const Id128& case_id, const Endorsement& endorsement) override;
  Result<std::vector<Endorsement>> Endorsements(const Id128& case_id) override;
  Status CloseCase(const Id128& case_id, int64_t now_micros) override;
  Status AssignRole(const Id128& case_id, const RoleAssignment& role, const Id128& assigned_by,
                    int64_t now_micros) override;
  Result<bool> WithdrawRole(const Id128& case_id, const Id128& user_id, sync::CaseRole role,
                            const std::string& agency) override;
  Result<std::vector<RoleAssignment>> RolesOf(const Id128& case_id, const Id128& user_id,
                                              int64_t now_micros) override;
  Result<std::vector<RoleAssignment>> Roles(const Id128& case_id, int64_t now_micros) override;
  Result<std::vector<Id128>> CasesOf(const Id128& user_id, int64_t now_micros) override;

 private:
  // The roles on case `case_id` held at `now_micros`, of `user_id` only when not null.
  Result<std::vector<RoleAssignment>> Select(const Id128& case_id, const Id128* user_id,
                                             int64_t now_micros);

  ServerDatabase& database_;
};

}  // namespace casevault::server
