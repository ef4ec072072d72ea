// SqliteIdentityStore: the IdentityStore in server.db (tables users, enrolment_codes, devices).
#pragma once

#include "casevault/server/identity_store.h"
#include "casevault/server/server_database.h"

namespace casevault::server {

class SqliteIdentityStore final : public IdentityStore {
 public:
  // Works on `database`, which must outlive it.
  explicit SqliteIdentityStore(ServerDatabase& database) : database_(database) {}

  Status AddUser(const User& user, int64_t created_micros) override;
  Result<User> GetUser(const Id128& user_id) override;
  Status SetEnrolmentCode(const Id128& user_id, const crypto::Sha256Digest& code_hash,
                          int64_t expires_micros) override;
  Result<Device> EnrolWithCode(const crypto::Sha256Digest& code_hash, const Id128& device_id,
                               const crypto::SigningPublicKey& signing_key,
                               const crypto::BoxPublicKey& box_key, int64_t now_micros) override;
  Result<Device> GetDevice(const Id128& device_id) override;
  Result<std::vector<Device>> DevicesOf(const Id128& user_id) override;
  Status RevokeDevice(const Id128& device_id, int64_t revoked_micros) override;

 private:
  ServerDatabase& database_;
};

}  // namespace casevault::server
