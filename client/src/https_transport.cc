#include "casevault/client/https_transport.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <charconv>

#include "casevault/crypto/sha256.h"
#include "casevault/sync/api_form.h"
#include "casevault/sync/file_transfer.h"
#include "casevault/sync/hub_messages.h"
#include "casevault/sync/login.h"
#include "connection_reuse.h"

namespace casevault::client {
namespace {

using sync::ApiForm;

constexpr time_t kTimeoutSeconds = 30;
// A token this close to expiry is replaced before use.
constexpr int64_t kTokenMarginMicros = int64_t{30} * 1'000'000;
constexpr size_t kMaxPositionsPerReply = 1000;

// OpenSSL's certificate check, replaced: the server's certificate is accepted exactly when its
// fingerprint is the pinned one (`pinned` points at 32 bytes).
int CheckPinnedCertificate(X509_STORE_CTX* store, void* pinned) {
  X509* cert = X509_STORE_CTX_get0_cert(store);
  unsigned char* der = nullptr;
  const int size = cert != nullptr ? i2d_X509(cert, &der) : -1;
  bool matches = false;
  if (size > 0) {
    const crypto::Sha256Digest digest = crypto::Sha256(ByteView(der, static_cast<size_t>(size)));
    matches = std::equal(digest.begin(), digest.end(), static_cast<const uint8_t*>(pinned));
    OPENSSL_free(der);
  }
  X509_STORE_CTX_set_error(store, matches ? X509_V_OK : X509_V_ERR_CERT_REJECTED);
  return matches ? 1 : 0;
}

std::string CompartmentPath(const sync::CompartmentRef& where) {
  return "/v1/cases/" + where.case_id.ToHex() + "/compartments/" + where.name;
}

std::string ChunkPath(const sync::CompartmentRef& where, const sync::ChunkHash& hash) {
  return CompartmentPath(where) + "/chunks/" + ToHex(hash);
}

// One request to the server.
struct Request {
  std::string method;
  std::string path;
  Bytes body;
  std::string content_type;
  Repeat repeat = Repeat::kUnsafe;
};

// A GET of `path` (reads are safe to repeat).
Request Get(std::string path) { return {"GET", std::move(path), {}, "", Repeat::kSafe}; }

// A POST of `form` to `path`.
Request PostForm(std::string path, const ApiForm& form, Repeat repeat) {
  return {"POST", std::move(path), form.Encode(), "text/plain", repeat};
}

}  // namespace

struct HttpsTransport::Impl {
  Impl(const ServerAddress& server, const crypto::DeviceIdentity& identity, Env& clock)
      : address(server), device(identity), env(clock), client(server.host, server.port) {}

  // Sends `request`; returns the body of a 2xx reply or the Status it stands for. A kept-alive
  // connection the server has closed is replaced first, and a request that fails on the
  // connection is sent once more on a new one when MayResend allows.
  Result<Bytes> Send(const Request& request, bool authenticated);
  // Send with the session token, logging in first (and once more after a 401) as needed.
  Result<Bytes> SendAuthenticated(const Request& request);
  // SendAuthenticated of a GET of `path`, its reply decoded as a form.
  Result<ApiForm> GetForm(const std::string& path);
  Status Login();

  ServerAddress address;
  const crypto::DeviceIdentity& device;
  Env& env;
  std::array<uint8_t, 32> pinned{};
  httplib::SSLClient client;
  std::string token;
  int64_t token_expires_micros = 0;

  // One attempt at `request` on the current connection (a new one if there is none).
  httplib::Result Attempt(const Request& request, bool authenticated);
};

httplib::Result HttpsTransport::Impl::Attempt(const Request& request, bool authenticated) {
  httplib::Headers headers;
  if (authenticated) headers.emplace("Authorization", "Bearer " + token);
  const std::string_view body = AsChars(request.body);
  if (request.method == "GET") return client.Get(request.path, headers);
  if (request.method == "PUT") {
    return client.Put(request.path, headers, body.data(), body.size(), request.content_type);
  }
  return client.Post(request.path, headers, body.data(), body.size(), request.content_type);
}

Result<Bytes> HttpsTransport::Impl::Send(const Request& request, bool authenticated) {
  if (ServerClosedIdleConnection(client)) client.stop();
  httplib::Result result = Attempt(request, authenticated);
  if (!result && MayResend(result.error(), request.repeat)) {
    client.stop();
    result = Attempt(request, authenticated);
  }
  if (!result) {
    if (result.error() == httplib::Error::SSLServerVerification) {
      return AuthenticationFailedError(
          "the server at " + address.host + ":" + std::to_string(address.port) +
          " presented a certificate that does not match the pinned fingerprint " +
          address.fingerprint +
          "; refusing to talk to it (check the fingerprint with the server "
          "administrator)");
    }
    return UnavailableError(
        "cannot reach the server at " + address.host + ":" + std::to_string(address.port) + " (" +
        httplib::to_string(result.error()) + "); your changes are kept, sync again later");
  }
  if (result->status >= 200 && result->status < 300) {
    return Bytes(result->body.begin(), result->body.end());
  }
  const std::optional<StatusCode> code =
      StatusCodeFromName(result->get_header_value("X-CaseVault-Error"));
  const std::string message =
      result->body.empty() ? "HTTP " + std::to_string(result->status) : result->body;
  return Status(code.value_or(StatusCode::kInternal), "server: " + message);
}

Status HttpsTransport::Impl::Login() {
  const std::string device_id = device.device_id().ToHex();
  CV_ASSIGN_OR_RETURN(
      Bytes reply,
      Send(PostForm("/v1/login/challenge", ApiForm().Set("device_id", device_id), Repeat::kSafe),
           false));
  CV_ASSIGN_OR_RETURN(ApiForm challenge_form, ApiForm::Decode(reply));
  CV_ASSIGN_OR_RETURN(Bytes challenge, challenge_form.GetHex("challenge", 32));
  const crypto::Signature signature =
      device.signing_keys().Sign(sync::LoginSigningInput(challenge, device.device_id()));
  // A challenge is used once: a login repeated after its reply was lost would fail.
  CV_ASSIGN_OR_RETURN(Bytes token_reply, Send(PostForm("/v1/login",
                                                       ApiForm()
                                                           .Set("device_id", device_id)
                                                           .SetHex("challenge", challenge)
                                                           .SetHex("signature", signature),
                                                       Repeat::kUnsafe),
                                              false));
  CV_ASSIGN_OR_RETURN(ApiForm token_form, ApiForm::Decode(token_reply));
  CV_ASSIGN_OR_RETURN(token, token_form.Get("token"));
  CV_ASSIGN_OR_RETURN(token_expires_micros, token_form.GetInt("expires"));
  return Status::Ok();
}

Result<Bytes> HttpsTransport::Impl::SendAuthenticated(const Request& request) {
  if (token.empty() || env.NowMicros() + kTokenMarginMicros >= token_expires_micros) {
    CV_RETURN_IF_ERROR(Login());
  }
  Result<Bytes> reply = Send(request, true);
  if (reply.status().code() != StatusCode::kAuthenticationFailed ||
      reply.status().message().find("session token") == std::string::npos) {
    return reply;
  }
  // The server forgot the session (it restarted): log in again, once.
  CV_RETURN_IF_ERROR(Login());
  return Send(request, true);
}

Result<ApiForm> HttpsTransport::Impl::GetForm(const std::string& path) {
  CV_ASSIGN_OR_RETURN(Bytes reply, SendAuthenticated(Get(path)));
  return ApiForm::Decode(reply);
}

HttpsTransport::HttpsTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpsTransport::~HttpsTransport() = default;

Result<std::unique_ptr<HttpsTransport>> HttpsTransport::Create(const ServerAddress& address,
                                                               const crypto::DeviceIdentity& device,
                                                               Env& env) {
  IgnoreBrokenPipeSignals();  // a server that goes away mid-request is Unavailable, not fatal
  auto impl = std::make_unique<Impl>(address, device, env);
  if (address.fingerprint.size() != 64 || !ParseHex(address.fingerprint, impl->pinned)) {
    return InvalidArgumentError("the server fingerprint must be 64 hex digits (SHA-256), not \"" +
                                address.fingerprint + "\"");
  }
  httplib::SSLClient& client = impl->client;
  client.enable_server_certificate_verification(true);
  SSL_CTX_set_cert_verify_callback(client.ssl_context(), CheckPinnedCertificate,
                                   impl->pinned.data());
  client.set_tcp_nodelay(true);
  client.set_keep_alive(true);
  client.set_connection_timeout(kTimeoutSeconds, 0);
  client.set_read_timeout(kTimeoutSeconds, 0);
  client.set_write_timeout(kTimeoutSeconds, 0);
  return std::unique_ptr<HttpsTransport>(new HttpsTransport(std::move(impl)));
}

Result<Enrolment> HttpsTransport::Enrol(const std::string& code) {
  const crypto::DeviceIdentity& device = impl_->device;
  // An enrolment code works once: an enrolment repeated after its reply was lost would fail.
  CV_ASSIGN_OR_RETURN(
      Bytes reply,
      impl_->Send(PostForm("/v1/enrol",
                           ApiForm()
                               .Set("code", code)
                               .Set("device_id", device.device_id().ToHex())
                               .SetHex("signing_key", device.signing_keys().public_key().bytes)
                               .SetHex("box_key", device.box_keys().public_key().bytes),
                           Repeat::kUnsafe),
                  false));
  CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(reply));
  Enrolment enrolment;
  CV_ASSIGN_OR_RETURN(enrolment.user_id, form.GetId("user_id"));
  CV_ASSIGN_OR_RETURN(Bytes log_key, form.GetHex("log_key", enrolment.log_key.bytes.size()));
  std::copy(log_key.begin(), log_key.end(), enrolment.log_key.bytes.begin());
  return enrolment;
}

Status HttpsTransport::Login() { return impl_->Login(); }

Result<std::vector<sync::LogPosition>> HttpsTransport::Push(const sync::CompartmentRef& where,
                                                            std::span<const sync::SignedOp> ops) {
  // The server keeps an operation once by its id.
  CV_ASSIGN_OR_RETURN(
      Bytes reply,
      impl_->SendAuthenticated({"POST", CompartmentPath(where) + "/ops", sync::EncodeOps(ops),
                                "application/octet-stream", Repeat::kSafe}));
  return sync::DecodePositions(reply, kMaxPositionsPerReply);
}

Result<sync::PullPage> HttpsTransport::Pull(const sync::CompartmentRef& where, uint64_t after_seq,
                                            size_t max_entries) {
  CV_ASSIGN_OR_RETURN(Bytes reply,
                      impl_->SendAuthenticated(Get(CompartmentPath(where) +
                                                   "/ops?after=" + std::to_string(after_seq) +
                                                   "&max=" + std::to_string(max_entries))));
  return sync::DecodePullPage(reply, std::max<size_t>(max_entries, 1));
}

Result<std::vector<sync::ChunkHash>> HttpsTransport::MissingChunks(
    const sync::CompartmentRef& where, std::span<const sync::ChunkHash> hashes) {
  CV_ASSIGN_OR_RETURN(Bytes reply,
                      impl_->SendAuthenticated({"POST", CompartmentPath(where) + "/chunks/missing",
                                                sync::EncodeChunkHashes(hashes),
                                                "application/octet-stream", Repeat::kSafe}));
  return sync::DecodeChunkHashes(reply, hashes.size());
}

Status HttpsTransport::PutChunk(const sync::CompartmentRef& where, const sync::ChunkHash& hash,
                                ByteView sealed) {
  // The server keeps a chunk once by its hash.
  return impl_
      ->SendAuthenticated({"PUT", ChunkPath(where, hash), Bytes(sealed.begin(), sealed.end()),
                           "application/octet-stream", Repeat::kSafe})
      .status();
}

Result<Bytes> HttpsTransport::GetChunk(const sync::CompartmentRef& where,
                                       const sync::ChunkHash& hash) {
  return impl_->SendAuthenticated(Get(ChunkPath(where, hash)));
}

namespace {

// Splits `text` at ':' into exactly `parts` fields; InvalidArgument naming `what` otherwise.
Result<std::vector<std::string>> Fields(const std::string& text, size_t parts,
                                        std::string_view what) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    const size_t colon = text.find(':', start);
    fields.push_back(text.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (fields.size() != parts) {
    return InvalidArgumentError("the server sent a malformed " + std::string(what));
  }
  return fields;
}

// The fields of `form`'s entries `<prefix>0` to `<prefix><count - 1>`, each split by Fields.
Result<std::vector<std::vector<std::string>>> Entries(const ApiForm& form,
                                                      const std::string& prefix, size_t parts,
                                                      std::string_view what) {
  CV_ASSIGN_OR_RETURN(int64_t count, form.GetInt("count"));
  std::vector<std::vector<std::string>> entries;
  for (int64_t i = 0; i < count; ++i) {
    CV_ASSIGN_OR_RETURN(std::string entry, form.Get(prefix + std::to_string(i)));
    CV_ASSIGN_OR_RETURN(std::vector<std::string> fields, Fields(entry, parts, what));
    entries.push_back(std::move(fields));
  }
  return entries;
}

template <size_t N>
Result<std::array<uint8_t, N>> HexArray(const std::string& hex, std::string_view what) {
  std::array<uint8_t, N> bytes{};
  if (hex.size() != 2 * N || !ParseHex(hex, bytes)) {
    return InvalidArgumentError("the server sent a malformed " + std::string(what));
  }
  return bytes;
}

Result<uint32_t> Epoch(const std::string& text) {
  uint32_t epoch = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), epoch);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return InvalidArgumentError("the server sent a malformed epoch");
  }
  return epoch;
}

// The newest key epoch `form` names ("latest").
Result<uint32_t> LatestEpoch(const ApiForm& form) {
  CV_ASSIGN_OR_RETURN(std::string latest, form.Get("latest"));
  return Epoch(latest);
}

}  // namespace

Result<CompartmentMembers> HttpsTransport::Members(const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(ApiForm form, impl_->GetForm(CompartmentPath(where) + "/members"));
  CompartmentMembers members;
  CV_ASSIGN_OR_RETURN(members.latest_epoch, LatestEpoch(form));
  members.writable = form.GetOr("writable", "0") == "1";
  CV_ASSIGN_OR_RETURN(int64_t stale, form.GetInt("stale_holders"));
  members.stale_holders = static_cast<size_t>(std::max<int64_t>(stale, 0));
  CV_ASSIGN_OR_RETURN(auto entries, Entries(form, "device_", 6, "member device"));
  for (const std::vector<std::string>& fields : entries) {
    MemberDevice device;
    CV_ASSIGN_OR_RETURN(device.user_id, Id128::FromHex(fields[0]));
    CV_ASSIGN_OR_RETURN(device.device_id, Id128::FromHex(fields[1]));
    CV_ASSIGN_OR_RETURN(device.signing_key.bytes, HexArray<32>(fields[2], "signing key"));
    CV_ASSIGN_OR_RETURN(device.box_key.bytes, HexArray<32>(fields[3], "box key"));
    device.revoked = fields[4] == "1";
    device.holds_latest = fields[5] == "1";
    members.devices.push_back(device);
  }
  return members;
}

Result<DeviceKeys> HttpsTransport::MyKeys(const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(ApiForm form, impl_->GetForm(CompartmentPath(where) + "/keys"));
  DeviceKeys keys;
  CV_ASSIGN_OR_RETURN(keys.latest_epoch, LatestEpoch(form));
  CV_ASSIGN_OR_RETURN(auto entries, Entries(form, "key_", 2, "wrapped key"));
  for (const std::vector<std::string>& fields : entries) {
    CV_ASSIGN_OR_RETURN(uint32_t epoch, Epoch(fields[0]));
    Bytes wrapped(fields[1].size() / 2);
    if (wrapped.empty() || !ParseHex(fields[1], wrapped)) {
      return InvalidArgumentError("the server sent a malformed wrapped key");
    }
    keys.wrapped.emplace_back(epoch, std::move(wrapped));
  }
  return keys;
}

Status HttpsTransport::UploadKeys(const sync::CompartmentRef& where, uint32_t epoch, bool create,
                                  std::span<const std::pair<Id128, Bytes>> copies) {
  ApiForm form;
  form.Set("epoch", std::to_string(epoch))
      .Set("create", create ? "1" : "0")
      .Set("count", std::to_string(copies.size()));
  for (size_t i = 0; i < copies.size(); ++i) {
    form.Set("key_" + std::to_string(i), copies[i].first.ToHex() + ":" + ToHex(copies[i].second));
  }
  // Shared copies are kept once per device; an epoch is created once, so a creation repeated
  // after its reply was lost would fail.
  return impl_
      ->SendAuthenticated(PostForm(CompartmentPath(where) + "/keys", form,
                                   create ? Repeat::kUnsafe : Repeat::kSafe))
      .status();
}

Result<LogCheckpoint> HttpsTransport::Checkpoint() {
  CV_ASSIGN_OR_RETURN(ApiForm form, impl_->GetForm("/v1/log/checkpoint"));
  LogCheckpoint signed_checkpoint;
  sync::Checkpoint& checkpoint = signed_checkpoint.checkpoint;
  CV_ASSIGN_OR_RETURN(int64_t size, form.GetInt("size"));
  CV_ASSIGN_OR_RETURN(checkpoint.time_micros, form.GetInt("time"));
  CV_ASSIGN_OR_RETURN(Bytes root, form.GetHex("root", checkpoint.root.size()));
  CV_ASSIGN_OR_RETURN(Bytes signature,
                      form.GetHex("signature", signed_checkpoint.signature.size()));
  if (size < 0) return InvalidArgumentError("the server sent a negative log size");
  checkpoint.tree_size = static_cast<uint64_t>(size);
  std::copy(root.begin(), root.end(), checkpoint.root.begin());
  std::copy(signature.begin(), signature.end(), signed_checkpoint.signature.begin());
  return signed_checkpoint;
}

Result<std::vector<sync::MerkleHash>> HttpsTransport::ConsistencyProof(uint64_t old_size,
                                                                       uint64_t new_size) {
  CV_ASSIGN_OR_RETURN(ApiForm form,
                      impl_->GetForm("/v1/log/consistency?old=" + std::to_string(old_size) +
                                     "&new=" + std::to_string(new_size)));
  CV_ASSIGN_OR_RETURN(Bytes joined, form.GetHex("proof"));
  std::vector<sync::MerkleHash> proof(joined.size() / sizeof(sync::MerkleHash));
  if (proof.size() * sizeof(sync::MerkleHash) != joined.size() || proof.size() > 128) {
    return InvalidArgumentError("the server sent a malformed consistency proof");
  }
  for (size_t i = 0; i < proof.size(); ++i) {
    std::copy_n(joined.begin() + static_cast<std::ptrdiff_t>(i * proof[i].size()), proof[i].size(),
                proof[i].begin());
  }
  return proof;
}

Status HttpsTransport::UploadReads(const sync::CompartmentRef& where,
                                   std::span<const sync::OfflineRead> reads) {
  const crypto::DeviceIdentity& device = impl_->device;
  ApiForm form;
  form.Set("count", std::to_string(reads.size()));
  for (size_t i = 0; i < reads.size(); ++i) {
    const sync::OfflineRead& read = reads[i];
    const crypto::Signature signature =
        device.signing_keys().Sign(sync::OfflineReadSigningInput(read, device.device_id()));
    form.Set("read_" + std::to_string(i), std::to_string(read.happened_at_micros) + ":" +
                                              read.action + ":" + read.object_id + ":" +
                                              ToHex(signature));
  }
  // The server logs each read once (by device and signature), so an upload repeated after its
  // reply was lost logs nothing twice.
  return impl_->SendAuthenticated(PostForm(CompartmentPath(where) + "/reads", form, Repeat::kSafe))
      .status();
}

Status HttpsTransport::RecordAgreement(const Id128& case_id, const std::string& kind) {
  // The server keeps an agreement once (and logs each request for it).
  return impl_
      ->SendAuthenticated(PostForm("/v1/cases/" + case_id.ToHex() + "/agreements",
                                   ApiForm().Set("kind", kind), Repeat::kSafe))
      .status();
}

Result<ApiForm> HttpsTransport::CallForm(const std::string& method, const std::string& path,
                                         const ApiForm& form) {
  if (method == "GET") return impl_->GetForm(path);
  // Case administration requests are not all idempotent: never sent twice.
  CV_ASSIGN_OR_RETURN(Bytes reply, impl_->SendAuthenticated(PostForm(path, form, Repeat::kUnsafe)));
  return ApiForm::Decode(reply);
}

}  // namespace casevault::client
