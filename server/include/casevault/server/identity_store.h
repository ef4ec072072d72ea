// IdentityStore: where the server keeps its users, their one-time enrolment codes (as hashes)
// and their enrolled devices.
//
// It only keeps: hashing codes, expiry times, throttling and sessions are Identity's. Each call
// is atomic with respect to every other, and implementations are safe to call from several
// threads. SqliteIdentityStore keeps them in server.db.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/crypto/sha256.h"
#include "casevault/crypto/signing.h"

namespace casevault::server {

// A person who may use the server.
struct User {
  Id128 user_id;
  std::string name;
  std::string organisation;
  // Partnership staff (the business unit), who may open cases.
  bool business_unit = false;
};

// An enrolled device and the public keys it enrolled with.
struct Device {
  Id128 device_id;
  Id128 user_id;
  crypto::SigningPublicKey signing_key;
  crypto::BoxPublicKey box_key;
  bool revoked = false;
};

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;

  // Stores `user`, created at `created_micros`. AlreadyExists when its id is taken.
  virtual Status AddUser(const User& user, int64_t created_micros) = 0;
  // The user `user_id`; NotFound when there is none.
  virtual Result<User> GetUser(const Id128& user_id) = 0;

  // Makes the code hashing to `code_hash`, usable until `expires_micros` (inclusive), the one
  // enrolment code of `user_id`, replacing any unused one. NotFound for an unknown user.
  virtual Status SetEnrolmentCode(const Id128& user_id, const crypto::Sha256Digest& code_hash,
                                  int64_t expires_micros) = 0;
  // In one transaction: uses up the enrolment code hashing to `code_hash` and enrols device
  // `device_id` with its public keys, at `now_micros`, for the code's user; returns the device.
  // NotFound when no code hashing to `code_hash` is usable at `now_micros`; AlreadyExists when
  // `device_id` is already enrolled. On any error nothing changes (the code stays usable).
  virtual Result<Device> EnrolWithCode(const crypto::Sha256Digest& code_hash,
                                       const Id128& device_id,
                                       const crypto::SigningPublicKey& signing_key,
                                       const crypto::BoxPublicKey& box_key, int64_t now_micros) = 0;

  // The device `device_id`; NotFound when none is enrolled.
  virtual Result<Device> GetDevice(const Id128& device_id) = 0;
  // Every device of `user_id`, revoked ones included, in device id order.
  virtual Result<std::vector<Device>> DevicesOf(const Id128& user_id) = 0;
  // Marks device `device_id` revoked at `revoked_micros` (a revoked device stays revoked and
  // keeps its first revocation time). NotFound when none is enrolled.
  virtual Status RevokeDevice(const Id128& device_id, int64_t revoked_micros) = 0;
};

}  // namespace casevault::server
