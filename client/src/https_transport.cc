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

}  // namespace

struct HttpsTransport::Impl {
  Impl(const ServerAddress& server, const crypto::DeviceIdentity& identity, Env& clock)
      : address(server), device(identity), env(clock), client(server.host, server.port) {}

  // Sends a request; returns the body of a 2xx reply or the Status it stands for.
  Result<Bytes> Send(const std::string& method, const std::string& path, ByteView body,
                     const std::string& content_type, bool authenticated);
  // Send with the session token, logging in first (and once more after a 401) as needed.
  Result<Bytes> SendAuthenticated(const std::string& method, const std::string& path, ByteView body,
                                  const std::string& content_type);
  Status Login();

  ServerAddress address;
  const crypto::DeviceIdentity& device;
  Env& env;
  std::array<uint8_t, 32> pinned{};
  httplib::SSLClient client;
  std::string token;
  int64_t token_expires_micros = 0;
};

Result<Bytes> HttpsTransport::Impl::Send(const std::string& method, const std::string& path,
                                         ByteView body, const std::string& content_type,
                                         bool authenticated) {
  httplib::Headers headers;
  if (authenticated) headers.emplace("Authorization", "Bearer " + token);
  const std::string payload(AsChars(body));
  httplib::Result result = method == "GET"   ? client.Get(path, headers)
                           : method == "PUT" ? client.Put(path, headers, payload, content_type)
                                             : client.Post(path, headers, payload, content_type);
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
  CV_ASSIGN_OR_RETURN(Bytes reply,
                      Send("POST", "/v1/login/challenge",
                           ApiForm().Set("device_id", device_id).Encode(), "text/plain", false));
  CV_ASSIGN_OR_RETURN(ApiForm challenge_form, ApiForm::Decode(reply));
  CV_ASSIGN_OR_RETURN(Bytes challenge, challenge_form.GetHex("challenge", 32));
  const crypto::Signature signature =
      device.signing_keys().Sign(sync::LoginSigningInput(challenge, device.device_id()));
  CV_ASSIGN_OR_RETURN(Bytes token_reply, Send("POST", "/v1/login",
                                              ApiForm()
                                                  .Set("device_id", device_id)
                                                  .SetHex("challenge", challenge)
                                                  .SetHex("signature", signature)
                                                  .Encode(),
                                              "text/plain", false));
  CV_ASSIGN_OR_RETURN(ApiForm token_form, ApiForm::Decode(token_reply));
  CV_ASSIGN_OR_RETURN(token, token_form.Get("token"));
  CV_ASSIGN_OR_RETURN(token_expires_micros, token_form.GetInt("expires"));
  return Status::Ok();
}

Result<Bytes> HttpsTransport::Impl::SendAuthenticated(const std::string& method,
                                                      const std::string& path, ByteView body,
                                                      const std::string& content_type) {
  if (token.empty() || env.NowMicros() + kTokenMarginMicros >= token_expires_micros) {
    CV_RETURN_IF_ERROR(Login());
  }
  Result<Bytes> reply = Send(method, path, body, content_type, true);
  if (reply.status().code() != StatusCode::kAuthenticationFailed ||
      reply.status().message().find("session token") == std::string::npos) {
    return reply;
  }
  // The server forgot the session (it restarted): log in again, once.
  CV_RETURN_IF_ERROR(Login());
  return Send(method, path, body, content_type, true);
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
  CV_ASSIGN_OR_RETURN(
      Bytes reply, impl_->Send("POST", "/v1/enrol",
                               ApiForm()
                                   .Set("code", code)
                                   .Set("device_id", device.device_id().ToHex())
                                   .SetHex("signing_key", device.signing_keys().public_key().bytes)
                                   .SetHex("box_key", device.box_keys().public_key().bytes)
                                   .Encode(),
                               "text/plain", false));
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
  CV_ASSIGN_OR_RETURN(Bytes reply,
                      impl_->SendAuthenticated("POST", CompartmentPath(where) + "/ops",
                                               sync::EncodeOps(ops), "application/octet-stream"));
  return sync::DecodePositions(reply, kMaxPositionsPerReply);
}

Result<sync::PullPage> HttpsTransport::Pull(const sync::CompartmentRef& where, uint64_t after_seq,
                                            size_t max_entries) {
  CV_ASSIGN_OR_RETURN(
      Bytes reply,
      impl_->SendAuthenticated("GET",
                               CompartmentPath(where) + "/ops?after=" + std::to_string(after_seq) +
                                   "&max=" + std::to_string(max_entries),
                               {}, ""));
  return sync::DecodePullPage(reply, std::max<size_t>(max_entries, 1));
}

Result<std::vector<sync::ChunkHash>> HttpsTransport::MissingChunks(
    const sync::CompartmentRef& where, std::span<const sync::ChunkHash> hashes) {
  CV_ASSIGN_OR_RETURN(
      Bytes reply,
      impl_->SendAuthenticated("POST", CompartmentPath(where) + "/chunks/missing",
                               sync::EncodeChunkHashes(hashes), "application/octet-stream"));
  return sync::DecodeChunkHashes(reply, hashes.size());
}

Status HttpsTransport::PutChunk(const sync::CompartmentRef& where, const sync::ChunkHash& hash,
                                ByteView sealed) {
  return impl_
      ->SendAuthenticated("PUT", CompartmentPath(where) + "/chunks/" + ToHex(hash), sealed,
                          "application/octet-stream")
      .status();
}

Result<Bytes> HttpsTransport::GetChunk(const sync::CompartmentRef& where,
                                       const sync::ChunkHash& hash) {
  return impl_->SendAuthenticated("GET", CompartmentPath(where) + "/chunks/" + ToHex(hash), {}, "");
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

}  // namespace

Result<CompartmentMembers> HttpsTransport::Members(const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(Bytes reply,
                      impl_->SendAuthenticated("GET", CompartmentPath(where) + "/members", {}, ""));
  CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(reply));
  CompartmentMembers members;
  CV_ASSIGN_OR_RETURN(std::string latest, form.Get("latest"));
  CV_ASSIGN_OR_RETURN(members.latest_epoch, Epoch(latest));
  members.writable = form.GetOr("writable", "0") == "1";
  CV_ASSIGN_OR_RETURN(int64_t stale, form.GetInt("stale_holders"));
  members.stale_holders = static_cast<size_t>(std::max<int64_t>(stale, 0));
  CV_ASSIGN_OR_RETURN(int64_t count, form.GetInt("count"));
  for (int64_t i = 0; i < count; ++i) {
    CV_ASSIGN_OR_RETURN(std::string entry, form.Get("device_" + std::to_string(i)));
    CV_ASSIGN_OR_RETURN(std::vector<std::string> fields, Fields(entry, 6, "member device"));
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
  CV_ASSIGN_OR_RETURN(Bytes reply,
                      impl_->SendAuthenticated("GET", CompartmentPath(where) + "/keys", {}, ""));
  CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(reply));
  DeviceKeys keys;
  CV_ASSIGN_OR_RETURN(std::string latest, form.Get("latest"));
  CV_ASSIGN_OR_RETURN(keys.latest_epoch, Epoch(latest));
  CV_ASSIGN_OR_RETURN(int64_t count, form.GetInt("count"));
  for (int64_t i = 0; i < count; ++i) {
    CV_ASSIGN_OR_RETURN(std::string entry, form.Get("key_" + std::to_string(i)));
    CV_ASSIGN_OR_RETURN(std::vector<std::string> fields, Fields(entry, 2, "wrapped key"));
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
  return impl_
      ->SendAuthenticated("POST", CompartmentPath(where) + "/keys", form.Encode(), "text/plain")
      .status();
}

Result<LogCheckpoint> HttpsTransport::Checkpoint() {
  CV_ASSIGN_OR_RETURN(Bytes reply, impl_->SendAuthenticated("GET", "/v1/log/checkpoint", {}, ""));
  CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(reply));
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
  CV_ASSIGN_OR_RETURN(
      Bytes reply, impl_->SendAuthenticated("GET",
                                            "/v1/log/consistency?old=" + std::to_string(old_size) +
                                                "&new=" + std::to_string(new_size),
                                            {}, ""));
  CV_ASSIGN_OR_RETURN(ApiForm form, ApiForm::Decode(reply));
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
  return impl_
      ->SendAuthenticated("POST", CompartmentPath(where) + "/reads", form.Encode(), "text/plain")
      .status();
}

Status HttpsTransport::RecordAgreement(const Id128& case_id, const std::string& kind) {
  return impl_
      ->SendAuthenticated("POST", "/v1/cases/" + case_id.ToHex() + "/agreements",
                          ApiForm().Set("kind", kind).Encode(), "text/plain")
      .status();
}

Result<ApiForm> HttpsTransport::CallForm(const std::string& method, const std::string& path,
                                         const ApiForm& form) {
  CV_ASSIGN_OR_RETURN(Bytes reply,
                      impl_->SendAuthenticated(method, path, form.Encode(), "text/plain"));
  return ApiForm::Decode(reply);
}

}  // namespace casevault::client
