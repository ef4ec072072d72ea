#include "casevault/server/identity.h"

#include "casevault/crypto/random_id.h"
#include "casevault/sync/login.h"

namespace casevault::server {
namespace {

constexpr size_t kMaxNameBytes = 256;
constexpr size_t kSecretBytes = 32;
constexpr int64_t kMinuteMicros = int64_t{60} * 1'000'000;

crypto::Sha256Digest HashOf(std::string_view secret) { return crypto::Sha256(AsBytes(secret)); }

std::string RevokedMessage(const Id128& device_id) {
  return "device " + device_id.ToHex() +
         " is revoked: it may no longer reach the server, and must remove its copies of the cases";
}

}  // namespace

Identity::Identity(IdentityStore& store, Env& env, IdentityOptions options)
    : store_(store), env_(env), options_(options) {}

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
  CV_RETURN_IF_ERROR(store_.AddUser(user, env_.NowMicros()));
  return user;
}

Result<User> Identity::GetUser(const Id128& user_id) { return store_.GetUser(user_id); }

Result<std::string> Identity::CreateEnrolmentCode(const Id128& user_id) {
  const std::string code = NewSecret();
  CV_RETURN_IF_ERROR(store_.SetEnrolmentCode(
      user_id, HashOf(code), env_.NowMicros() + options_.enrolment_code_lifetime_micros));
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
  Result<Device> enrolled =
      store_.EnrolWithCode(HashOf(code), device_id, signing_key, box_key, env_.NowMicros());
  if (enrolled.status().code() == StatusCode::kNotFound) {
    return Failed(remote, AuthenticationFailedError("the enrolment code is wrong, used or expired; "
                                                    "ask the server administrator for a new one"));
  }
  return enrolled;
}

Result<Device> Identity::GetDevice(const Id128& device_id) { return store_.GetDevice(device_id); }

Result<std::vector<Device>> Identity::DevicesOf(const Id128& user_id) {
  return store_.DevicesOf(user_id);
}

Status Identity::RevokeDevice(const Id128& device_id) {
  CV_RETURN_IF_ERROR(store_.RevokeDevice(device_id, env_.NowMicros()));
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
  // Checked in the store on every request, so a revocation made by another process (the
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
