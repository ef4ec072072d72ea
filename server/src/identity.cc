#include "casevault/server/identity.h"

#include <algorithm>

#include "casevault/crypto/random_id.h"
#include "casevault/sync/login.h"

namespace casevault::server {
namespace {

using schema::SqliteTransaction;

constexpr size_t kMaxNameBytes = 256;
constexpr size_t kSecretBytes = 32;
constexpr int64_t kMinuteMicros = int64_t{60} * 1'000'000;

crypto::Sha256Digest HashOf(std::string_view secret) { return crypto::Sha256(AsBytes(secret)); }

template <size_t N>
Result<std::array<uint8_t, N>> FixedBytes(ByteView bytes, std::string_view what) {
  std::array<uint8_t, N> out{};
  if (bytes.size() != N) return CorruptionError("the stored " + std::string(what) + " is damaged");
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

Result<Device> ReadDevice(const schema::SqliteStatement& row) {
  Device device;
  CV_ASSIGN_OR_RETURN(device.device_id, Id128::FromBytes(row.ColumnBlob(0)));
  CV_ASSIGN_OR_RETURN(device.user_id, Id128::FromBytes(row.ColumnBlob(1)));
  CV_ASSIGN_OR_RETURN(device.signing_key.bytes, FixedBytes<32>(row.ColumnBlob(2), "signing key"));
  CV_ASSIGN_OR_RETURN(device.box_key.bytes, FixedBytes<32>(row.ColumnBlob(3), "box key"));
  device.revoked = !row.ColumnIsNull(4);
  return device;
}

std::string RevokedMessage(const Id128& device_id) {
  return "device " + device_id.ToHex() +
         " is revoked: it may no longer reach the server, and must remove its copies of the cases";
}

constexpr std::string_view kSelectDevice =
    "SELECT device_id, user_id, signing_key, box_key, revoked_at FROM devices ";

}  // namespace

Identity::Identity(ServerDatabase& database, Env& env, IdentityOptions options)
    : database_(database), env_(env), options_(options) {}

std::string Identity::NewSecret() {
  Bytes secret(kSecretBytes);
  env_.RandomBytes(secret);
  return ToHex(secret);
}

Result<User> Identity::CreateUser(const std::string& name, const std::string& organisation,
                                  bool business_unit) {
  if (name.empty() || organisation.empty() || name.size() > kMaxNameBytes ||
      organisation.size() > kMaxNameBytes) {
    return InvalidArgumentError("a user needs a name and an organisation of 1 to " +
                                std::to_string(kMaxNameBytes) + " bytes");
  }
  User user{crypto::NewRandomId(), name, organisation, business_unit};
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT INTO users(user_id, name, organisation, "
                                        "business_unit, created_at) VALUES(?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, user.user_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindText(2, user.name));
  CV_RETURN_IF_ERROR(insert->BindText(3, user.organisation));
  CV_RETURN_IF_ERROR(insert->BindInt(4, business_unit ? 1 : 0));
  CV_RETURN_IF_ERROR(insert->BindInt(5, env_.NowMicros()));
  CV_RETURN_IF_ERROR(insert->Run());
  return user;
}

Result<User> Identity::GetUser(const Id128& user_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT name, organisation, "
                                                     "business_unit FROM users WHERE user_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, user_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return NotFoundError("no user " + user_id.ToHex());
  return User{user_id, std::string(select->ColumnText(0)), std::string(select->ColumnText(1)),
              select->ColumnInt(2) != 0};
}

Result<std::string> Identity::CreateEnrolmentCode(const Id128& user_id) {
  CV_RETURN_IF_ERROR(GetUser(user_id).status());
  const std::string code = NewSecret();
  const crypto::Sha256Digest hash = HashOf(code);
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto upsert,
                      session.Statement("INSERT OR REPLACE INTO enrolment_codes(user_id, "
                                        "code_hash, expires_at) VALUES(?, ?, ?)"));
  CV_RETURN_IF_ERROR(upsert->BindBlob(1, user_id.bytes));
  CV_RETURN_IF_ERROR(upsert->BindBlob(2, hash));
  CV_RETURN_IF_ERROR(
      upsert->BindInt(3, env_.NowMicros() + options_.enrolment_code_lifetime_micros));
  CV_RETURN_IF_ERROR(upsert->Run());
  return code;
}

Status Identity::CheckNotThrottled(const std::string& remote) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(remote);
  if (it == failures_.end()) return Status::Ok();
  if (env_.NowMicros() - it->second.started_micros >= kMinuteMicros) {
    failures_.erase(it);
    return Status::Ok();
  }
  if (it->second.failures >= options_.max_failures_per_minute) {
    return ResourceExhaustedError("too many failed attempts from " + remote +
                                  "; wait a minute and try again");
  }
  return Status::Ok();
}

Status Identity::Failed(const std::string& remote, Status failure) {
  std::lock_guard lock(mu_);
  FailureWindow& window = failures_[remote];
  const int64_t now = env_.NowMicros();
  if (now - window.started_micros >= kMinuteMicros) window = FailureWindow{now, 0};
  ++window.failures;
  return failure;
}

Result<Device> Identity::Enrol(const std::string& code, const Id128& device_id,
                               const crypto::SigningPublicKey& signing_key,
                               const crypto::BoxPublicKey& box_key, const std::string& remote) {
  CV_RETURN_IF_ERROR(CheckNotThrottled(remote));
  const crypto::Sha256Digest hash = HashOf(code);
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(session.db()));
  Id128 user_id;
  {
    CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT user_id, expires_at FROM "
                                                       "enrolment_codes WHERE code_hash = ?"));
    CV_RETURN_IF_ERROR(select->BindBlob(1, hash));
    CV_ASSIGN_OR_RETURN(bool found, select->Step());
    if (!found || select->ColumnInt(1) < env_.NowMicros()) {
      return Failed(remote, AuthenticationFailedError(
                                "the enrolment code is wrong, used or expired; ask the server "
                                "administrator for a new one"));
    }
    CV_ASSIGN_OR_RETURN(user_id, Id128::FromBytes(select->ColumnBlob(0)));
  }
  {
    CV_ASSIGN_OR_RETURN(auto insert,
                        session.Statement("INSERT OR IGNORE INTO devices(device_id, user_id, "
                                          "signing_key, box_key, enrolled_at) VALUES(?, ?, ?, ?, "
                                          "?)"));
    CV_RETURN_IF_ERROR(insert->BindBlob(1, device_id.bytes));
    CV_RETURN_IF_ERROR(insert->BindBlob(2, user_id.bytes));
    CV_RETURN_IF_ERROR(insert->BindBlob(3, signing_key.bytes));
    CV_RETURN_IF_ERROR(insert->BindBlob(4, box_key.bytes));
    CV_RETURN_IF_ERROR(insert->BindInt(5, env_.NowMicros()));
    CV_RETURN_IF_ERROR(insert->Run());
    if (session.db().Changes() == 0) {
      return AlreadyExistsError("device " + device_id.ToHex() + " is already enrolled");
    }
  }
  CV_ASSIGN_OR_RETURN(auto use_up,
                      session.Statement("DELETE FROM enrolment_codes WHERE code_hash = ?"));
  CV_RETURN_IF_ERROR(use_up->BindBlob(1, hash));
  CV_RETURN_IF_ERROR(use_up->Run());
  CV_RETURN_IF_ERROR(txn.Commit());
  return Device{device_id, user_id, signing_key, box_key, false};
}

Result<Device> Identity::GetDevice(const Id128& device_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement(std::string(kSelectDevice) + "WHERE device_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, device_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return NotFoundError("no device " + device_id.ToHex() + " is enrolled");
  return ReadDevice(*select);
}

Result<std::vector<Device>> Identity::DevicesOf(const Id128& user_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select, session.Statement(std::string(kSelectDevice) +
                                                     "WHERE user_id = ? ORDER BY device_id"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, user_id.bytes));
  std::vector<Device> devices;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CV_ASSIGN_OR_RETURN(Device device, ReadDevice(*select));
    devices.push_back(device);
  }
  return devices;
}

Status Identity::RevokeDevice(const Id128& device_id) {
  {
    const ServerDatabase::Session session = database_.Lock();
    CV_ASSIGN_OR_RETURN(auto update,
                        session.Statement("UPDATE devices SET revoked_at = ? WHERE device_id = ? "
                                          "AND revoked_at IS NULL"));
    CV_RETURN_IF_ERROR(update->BindInt(1, env_.NowMicros()));
    CV_RETURN_IF_ERROR(update->BindBlob(2, device_id.bytes));
    CV_RETURN_IF_ERROR(update->Run());
  }
  std::lock_guard lock(mu_);
  std::erase_if(sessions_, [&](const auto& entry) { return entry.second.device_id == device_id; });
  return Status::Ok();
}

Result<Bytes> Identity::Challenge(const Id128& device_id) {
  CV_ASSIGN_OR_RETURN(Device device, GetDevice(device_id));
  if (device.revoked) return RevokedError(RevokedMessage(device_id));
  Bytes challenge(kSecretBytes);
  env_.RandomBytes(challenge);
  std::lock_guard lock(mu_);
  const int64_t now = env_.NowMicros();
  std::erase_if(challenges_, [&](const auto& entry) { return entry.second.expires_micros < now; });
  challenges_[crypto::Sha256(challenge)] =
      PendingChallenge{device_id, now + options_.challenge_lifetime_micros};
  return challenge;
}

Result<IssuedToken> Identity::Login(const Id128& device_id, ByteView challenge,
                                    const crypto::Signature& signature, const std::string& remote) {
  CV_RETURN_IF_ERROR(CheckNotThrottled(remote));
  bool challenge_valid = false;
  {
    std::lock_guard lock(mu_);
    auto it = challenges_.find(crypto::Sha256(challenge));
    if (it != challenges_.end()) {
      challenge_valid =
          it->second.device_id == device_id && it->second.expires_micros >= env_.NowMicros();
      challenges_.erase(it);
    }
  }
  if (!challenge_valid) {
    return Failed(remote, AuthenticationFailedError("the login challenge is unknown, used or "
                                                    "expired; ask for a new one"));
  }
  CV_ASSIGN_OR_RETURN(Device device, GetDevice(device_id));
  if (device.revoked) return RevokedError(RevokedMessage(device_id));
  const Status verified = crypto::VerifySignature(
      device.signing_key, sync::LoginSigningInput(challenge, device_id), signature);
  if (!verified.ok()) {
    return Failed(remote, AuthenticationFailedError("the login signature does not verify with "
                                                    "device " +
                                                    device_id.ToHex() + "'s key"));
  }
  return IssueSession(device.user_id, device_id);
}

Result<IssuedToken> Identity::IssueSession(const Id128& user_id, const Id128& device_id) {
  IssuedToken issued{NewSecret(), env_.NowMicros() + options_.session_lifetime_micros};
  std::lock_guard lock(mu_);
  const int64_t now = env_.NowMicros();
  std::erase_if(sessions_, [&](const auto& entry) { return entry.second.expires_micros < now; });
  sessions_[HashOf(issued.token)] = SessionInfo{user_id, device_id, issued.expires_micros};
  return issued;
}

Result<SessionInfo> Identity::Authenticate(const std::string& token) {
  SessionInfo session;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(HashOf(token));
    if (it == sessions_.end() || it->second.expires_micros < env_.NowMicros()) {
      return AuthenticationFailedError("the session token is unknown or expired; log in again");
    }
    session = it->second;
  }
  // Checked in the database on every request, so a revocation made by another process (the
  // administrator's command line) also takes effect at once.
  CV_ASSIGN_OR_RETURN(Device device, GetDevice(session.device_id));
  if (device.revoked) {
    return AuthenticationFailedError("the session token is unknown or expired; log in again");
  }
  return session;
}

Result<IssuedToken> Identity::Refresh(const std::string& token) {
  CV_ASSIGN_OR_RETURN(SessionInfo session, Authenticate(token));
  {
    std::lock_guard lock(mu_);
    sessions_.erase(HashOf(token));
  }
  return IssueSession(session.user_id, session.device_id);
}

}  // namespace casevault::server
