// Identity: the people who may use the server, their enrolled devices, and login sessions.
//
// The server administrator creates a user (name, organisation) and a one-time enrolment code
// for them, handed over out of band. A device enrols once with the code and its public keys
// (Ed25519 for signing, X25519 for receiving wrapped keys). To log in, a device asks for a
// challenge and signs it (sync::LoginSigningInput); it gets a session token bound to that
// device, valid for a short time and renewable while valid. Codes and tokens are random 256-bit
// values kept only as SHA-256 hashes and found by hash, so a stolen database holds no usable
// secret and no comparison leaks them byte by byte. Failed enrolments and logins are limited per
// remote address. Revoking a device ends its sessions at once and refuses its logins.
//
// Users, devices and code hashes are kept in an IdentityStore; challenges and sessions live in
// memory (a restarted server asks devices to log in again). Safe to call from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/crypto/sha256.h"
#include "casevault/crypto/signing.h"
#include "casevault/server/identity_store.h"

namespace casevault::server {

// Who a valid session token speaks for.
struct SessionInfo {
  Id128 user_id;
  Id128 device_id;
  int64_t expires_micros = 0;
};

// A token as handed to the device (shown once; the server keeps its hash).
struct IssuedToken {
  std::string token;
  int64_t expires_micros = 0;
};

struct IdentityOptions {
  int64_t enrolment_code_lifetime_micros = int64_t{7} * 24 * 3600 * 1'000'000;
  int64_t challenge_lifetime_micros = int64_t{60} * 1'000'000;
  int64_t session_lifetime_micros = int64_t{15} * 60 * 1'000'000;
  // Failed enrolments or logins from one address allowed per minute before refusing.
  int max_failures_per_minute = 5;
};

class Identity {
 public:
  // Works on `store` with time and randomness from `env`; both must outlive it.
  Identity(IdentityStore& store, Env& env, IdentityOptions options = {});

  // Creates a user, of the business unit when `business_unit`; InvalidArgument for an empty or
  // over-long (256 bytes) name or organisation.
  Result<User> CreateUser(const std::string& name, const std::string& organisation,
                          bool business_unit = false);
  // The user `user_id`; NotFound when there is none.
  Result<User> GetUser(const Id128& user_id);
  // A fresh one-time enrolment code for `user_id` (replacing any unused one).
  Result<std::string> CreateEnrolmentCode(const Id128& user_id);

  // Enrols device `device_id` with its public keys for the user whose unused, unexpired code is
  // `code`, using the code up. AuthenticationFailed for a wrong, used or expired code;
  // AlreadyExists for a device id already enrolled; ResourceExhausted after too many failures
  // from `remote`.
  Result<Device> Enrol(const std::string& code, const Id128& device_id,
                       const crypto::SigningPublicKey& signing_key,
                       const crypto::BoxPublicKey& box_key, const std::string& remote);
  // The device `device_id`; NotFound when none is enrolled.
  Result<Device> GetDevice(const Id128& device_id);
  // Every device of `user_id`, revoked ones included.
  Result<std::vector<Device>> DevicesOf(const Id128& user_id);
  // Revokes a device: its sessions end now and it can no longer log in. NotFound when none is
  // enrolled.
  Status RevokeDevice(const Id128& device_id);

  // A fresh single-use challenge (32 bytes) for `device_id` to sign; NotFound for an unknown
  // device, Revoked for a revoked one (which must remove its copies).
  Result<Bytes> Challenge(const Id128& device_id);
  // Checks `signature` over sync::LoginSigningInput(challenge, device_id) with the device's key
  // and returns a session token. The challenge is used up either way. AuthenticationFailed for
  // an unknown, expired or used challenge or a bad signature; Revoked for a revoked device;
  // ResourceExhausted after too many failures from `remote`.
  Result<IssuedToken> Login(const Id128& device_id, ByteView challenge,
                            const crypto::Signature& signature, const std::string& remote);
  // Who `token` speaks for; AuthenticationFailed when it is unknown, expired or its device was
  // revoked (by this process or another working on the same store).
  Result<SessionInfo> Authenticate(const std::string& token);
  // Replaces a valid `token` by a new one with a fresh lifetime (the old one stops working).
  Result<IssuedToken> Refresh(const std::string& token);

 private:
  struct PendingChallenge {
    Id128 device_id;
    int64_t expires_micros;
  };
  struct FailureWindow {
    int64_t started_micros = 0;
    int failures = 0;
  };

  // A random 32-byte secret as 64 hex digits.
  std::string NewSecret();
  // ResourceExhausted when `remote` has used up its failures this minute.
  Status CheckNotThrottled(const std::string& remote);
  // Counts a failure from `remote` and returns `failure`.
  Status Failed(const std::string& remote, Status failure);
  Result<IssuedToken> IssueSession(const Id128& user_id, const Id128& device_id);

  IdentityStore& store_;
  Env& env_;
  IdentityOptions options_;
  std::mutex mu_;
  std::map<crypto::Sha256Digest, PendingChallenge> challenges_;
  std::map<crypto::Sha256Digest, SessionInfo> sessions_;
  std::map<std::string, FailureWindow> failures_;
};

}  // namespace casevault::server
