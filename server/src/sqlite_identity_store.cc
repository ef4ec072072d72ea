#include "casevault/server/sqlite_identity_store.h"

#include <algorithm>
#include <array>
#include <string>

#include "sqlite_store_checks.h"

namespace casevault::server {
namespace {

using schema::SqliteTransaction;

template <size_t N>
Result<std::array<uint8_t, N>> FixedBytes(ByteView bytes, std::string_view what) {
  std::array<uint8_t, N> out{};
  if (bytes.size() != N) return CorruptionError("the stored " + std::string(what) + " is damaged");
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

// The device in the current row of a kSelectDevice query.
Result<Device> ReadDevice(const schema::SqliteStatement& row) {
  Device device;
  CV_ASSIGN_OR_RETURN(device.device_id, Id128::FromBytes(row.ColumnBlob(0)));
  CV_ASSIGN_OR_RETURN(device.user_id, Id128::FromBytes(row.ColumnBlob(1)));
  CV_ASSIGN_OR_RETURN(device.signing_key.bytes, FixedBytes<32>(row.ColumnBlob(2), "signing key"));
  CV_ASSIGN_OR_RETURN(device.box_key.bytes, FixedBytes<32>(row.ColumnBlob(3), "box key"));
  device.revoked = !row.ColumnIsNull(4);
  return device;
}

constexpr std::string_view kSelectDevice =
    "SELECT device_id, user_id, signing_key, box_key, revoked_at FROM devices ";

}  // namespace

Status SqliteIdentityStore::AddUser(const User& user, int64_t created_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT OR IGNORE INTO users(user_id, name, organisation, "
                                        "business_unit, created_at) VALUES(?, ?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, user.user_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindText(2, user.name));
  CV_RETURN_IF_ERROR(insert->BindText(3, user.organisation));
  CV_RETURN_IF_ERROR(insert->BindInt(4, user.business_unit ? 1 : 0));
  CV_RETURN_IF_ERROR(insert->BindInt(5, created_micros));
  CV_RETURN_IF_ERROR(insert->Run());
  if (session.db().Changes() == 0) {
    return AlreadyExistsError("user " + user.user_id.ToHex() + " exists already");
  }
  return Status::Ok();
}

Result<User> SqliteIdentityStore::GetUser(const Id128& user_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT name, organisation, "
                                                     "business_unit FROM users WHERE user_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, user_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return NotFoundError("no user " + user_id.ToHex());
  return User{user_id, std::string(select->ColumnText(0)), std::string(select->ColumnText(1)),
              select->ColumnInt(2) != 0};
}

Status SqliteIdentityStore::SetEnrolmentCode(const Id128& user_id,
                                             const crypto::Sha256Digest& code_hash,
                                             int64_t expires_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_RETURN_IF_ERROR(CheckUserExists(session, user_id));
  CV_ASSIGN_OR_RETURN(auto upsert,
                      session.Statement("INSERT OR REPLACE INTO enrolment_codes(user_id, "
                                        "code_hash, expires_at) VALUES(?, ?, ?)"));
  CV_RETURN_IF_ERROR(upsert->BindBlob(1, user_id.bytes));
  CV_RETURN_IF_ERROR(upsert->BindBlob(2, code_hash));
  CV_RETURN_IF_ERROR(upsert->BindInt(3, expires_micros));
  return upsert->Run();
}

Result<Device> SqliteIdentityStore::EnrolWithCode(const crypto::Sha256Digest& code_hash,
                                                  const Id128& device_id,
                                                  const crypto::SigningPublicKey& signing_key,
                                                  const crypto::BoxPublicKey& box_key,
                                                  int64_t now_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(SqliteTransaction txn, SqliteTransaction::Begin(session.db()));
  Id128 user_id;
  {
    CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT user_id FROM enrolment_codes "
                                                       "WHERE code_hash = ? AND expires_at >= ?"));
    CV_RETURN_IF_ERROR(select->BindBlob(1, code_hash));
    CV_RETURN_IF_ERROR(select->BindInt(2, now_micros));
    CV_ASSIGN_OR_RETURN(bool found, select->Step());
    if (!found) return NotFoundError("no usable enrolment code has that hash");
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
    CV_RETURN_IF_ERROR(insert->BindInt(5, now_micros));
    CV_RETURN_IF_ERROR(insert->Run());
    if (session.db().Changes() == 0) {
      return AlreadyExistsError("device " + device_id.ToHex() + " is already enrolled");
    }
  }
  CV_ASSIGN_OR_RETURN(auto use_up,
                      session.Statement("DELETE FROM enrolment_codes WHERE code_hash = ?"));
  CV_RETURN_IF_ERROR(use_up->BindBlob(1, code_hash));
  CV_RETURN_IF_ERROR(use_up->Run());
  CV_RETURN_IF_ERROR(txn.Commit());
  return Device{device_id, user_id, signing_key, box_key, false};
}

Result<Device> SqliteIdentityStore::GetDevice(const Id128& device_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select,
                      session.Statement(std::string(kSelectDevice) + "WHERE device_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, device_id.bytes));
  CV_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return NotFoundError("no device " + device_id.ToHex() + " is enrolled");
  return ReadDevice(*select);
}

Result<std::vector<Device>> SqliteIdentityStore::DevicesOf(const Id128& user_id) {
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

Status SqliteIdentityStore::RevokeDevice(const Id128& device_id, int64_t revoked_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto update,
                      session.Statement("UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) "
                                        "WHERE device_id = ?"));
  CV_RETURN_IF_ERROR(update->BindInt(1, revoked_micros));
  CV_RETURN_IF_ERROR(update->BindBlob(2, device_id.bytes));
  CV_RETURN_IF_ERROR(update->Run());
  if (session.db().Changes() == 0) {
    return NotFoundError("no device " + device_id.ToHex() + " is enrolled");
  }
  return Status::Ok();
}

}  // namespace casevault::server
