// HttpsTransport: the client's connection to casevault-server, as the sync engine's Transport.
//
// One keep-alive TLS connection (TCP_NODELAY on) to a server whose certificate is pinned by its
// SHA-256 fingerprint: a server presenting any other certificate is refused before a byte of
// the request is sent, whatever certificate authority signed it. The device enrols once with a
// one-time code, then logs in by signing the server's challenge; the session token it gets is
// sent with every request and renewed before it expires. Server errors come back as the Status
// the server reported (its code and message), never retried. A kept-alive connection the server
// has closed (it closes one left idle for its keep-alive timeout) is replaced before use, and a
// request cut on its connection is sent once more, on a new connection (pinned likewise), when
// the server cannot have acted on it or may safely act on it twice. A connection that still
// cannot be made or is cut is Unavailable, so callers can retry later without losing anything.
// Used from one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/crypto/signing.h"
#include "casevault/sync/api_form.h"
#include "casevault/sync/checkpoint.h"
#include "casevault/sync/offline_read.h"
#include "casevault/sync/transport.h"

namespace casevault::client {

// Where the server is and which certificate it must present.
struct ServerAddress {
  std::string host = "127.0.0.1";
  int port = 0;
  // SHA-256 of the server certificate's DER encoding, lowercase hex (casevault-server prints it).
  std::string fingerprint;
};

// An enrolled device of someone granted a compartment, as the server lists it.
struct MemberDevice {
  Id128 user_id;
  Id128 device_id;
  crypto::SigningPublicKey signing_key;
  crypto::BoxPublicKey box_key;
  bool revoked = false;
  // Whether the server holds a copy of the newest compartment key sealed to this device.
  bool holds_latest = false;
};

// Who may see a compartment, and the state of its key.
struct CompartmentMembers {
  // The newest key epoch (0: the compartment has no key yet).
  uint32_t latest_epoch = 0;
  // Whether the calling user may write (and so create and share keys).
  bool writable = false;
  // Holders of the newest key who are no longer members: the key must be rotated.
  size_t stale_holders = 0;
  std::vector<MemberDevice> devices;
};

// The copies of a compartment's keys sealed to this device.
struct DeviceKeys {
  uint32_t latest_epoch = 0;
  std::vector<std::pair<uint32_t, Bytes>> wrapped;  // (epoch, sealed key), oldest first
};

// What enrolment gives a device: its user, and the key that signs the server's access log.
struct Enrolment {
  Id128 user_id;
  crypto::SigningPublicKey log_key;
};

// The access log's newest checkpoint as the server signed it.
struct LogCheckpoint {
  sync::Checkpoint checkpoint;
  crypto::Signature signature{};
};

class HttpsTransport final : public sync::Transport {
 public:
  // A transport to `address` for `device` (which must outlive it); connects on first use.
  // Ignores SIGPIPE process-wide (IgnoreBrokenPipeSignals).
  // InvalidArgument for a fingerprint that is not 64 hex digits.
  static Result<std::unique_ptr<HttpsTransport>> Create(const ServerAddress& address,
                                                        const crypto::DeviceIdentity& device,
                                                        Env& env);
  ~HttpsTransport() override;

  // Enrols this device with the one-time `code` the server administrator gave its user.
  Result<Enrolment> Enrol(const std::string& code);
  // Logs in (challenge, signature, token). Called by every request that has no valid token.
  Status Login();

  Result<std::vector<sync::LogPosition>> Push(const sync::CompartmentRef& where,
                                              std::span<const sync::SignedOp> ops) override;
  Result<sync::PullPage> Pull(const sync::CompartmentRef& where, uint64_t after_seq,
                              size_t max_entries) override;
  Result<std::vector<sync::ChunkHash>> MissingChunks(
      const sync::CompartmentRef& where, std::span<const sync::ChunkHash> hashes) override;
  Status PutChunk(const sync::CompartmentRef& where, const sync::ChunkHash& hash,
                  ByteView sealed) override;
  Result<Bytes> GetChunk(const sync::CompartmentRef& where, const sync::ChunkHash& hash) override;

  // The member devices of `where` and the state of its key.
  Result<CompartmentMembers> Members(const sync::CompartmentRef& where);
  // The copies of `where`'s keys sealed to this device.
  Result<DeviceKeys> MyKeys(const sync::CompartmentRef& where);
  // Records on the server that this device's user signed the confidentiality agreement of case
  // `case_id` (`kind` "confidentiality") or declared their interests ("interest"): both are
  // needed before their first access to it.
  Status RecordAgreement(const Id128& case_id, const std::string& kind);

  // An authenticated "GET" (`form` ignored) or "POST" of `form` to API path `path` (e.g.
  // "/v1/cases"), for calls without a method here (case administration); the reply's form, or
  // the server's error. A POST is sent again only when the server cannot have acted on it.
  Result<sync::ApiForm> CallForm(const std::string& method, const std::string& path,
                                 const sync::ApiForm& form);

  // Uploads `reads` (made offline on this device), each signed with the device key, into the
  // server's access log; all or none. The server logs each read once, so uploading the same
  // reads again (after a lost reply) succeeds without logging them twice.
  Status UploadReads(const sync::CompartmentRef& where, std::span<const sync::OfflineRead> reads);

  // The access log's newest signed checkpoint.
  Result<LogCheckpoint> Checkpoint();
  // The proof that the log's first `old_size` entries are a prefix of its first `new_size`.
  Result<std::vector<sync::MerkleHash>> ConsistencyProof(uint64_t old_size, uint64_t new_size);

  // Uploads copies of key `epoch` of `where` sealed to member devices (device, sealed key):
  // `create` makes a new epoch (FailedPrecondition when another member created it first);
  // otherwise adds copies for devices that lack one.
  Status UploadKeys(const sync::CompartmentRef& where, uint32_t epoch, bool create,
                    std::span<const std::pair<Id128, Bytes>> copies);

 private:
  struct Impl;
  explicit HttpsTransport(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace casevault::client
