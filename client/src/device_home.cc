#include "casevault/client/device_home.h"

#include <ctime>

#include "casevault/client/log_audit.h"
#include "casevault/sync/api_form.h"

namespace casevault::client {
namespace {

using sync::ApiForm;

constexpr int64_t kMicrosPerDay = int64_t{24} * 3600 * 1'000'000;

std::string KeystorePath(const std::string& dir) { return dir + "/keystore"; }
std::string ReplicaDir(const std::string& dir) { return dir + "/replica"; }
std::string SettingsPath(const std::string& dir) { return dir + "/settings"; }

// "YYYY-MM-DD HH:MM UTC" for `micros` since the epoch.
std::string UtcTime(int64_t micros) {
  const std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &parts);
  return text;
}

Result<HomeSettings> ParseSettings(const ApiForm& form) {
  HomeSettings settings;
  settings.server.host = form.GetOr("host", "");
  settings.server.fingerprint = form.GetOr("fingerprint", "");
  CV_ASSIGN_OR_RETURN(int64_t port, form.GetInt("port"));
  if (port < 0 || port > 65535) {
    return CorruptionError("the settings file holds an impossible port");
  }
  settings.server.port = static_cast<int>(port);
  if (settings.enrolled()) {
    CV_ASSIGN_OR_RETURN(settings.user_id, form.GetId("user_id"));
  }
  return settings;
}

}  // namespace

DeviceHome::~DeviceHome() = default;

Status DeviceHome::Create(Env& env, const std::string& dir, std::string_view passphrase,
                          const crypto::KdfParams& params) {
  if (env.FileExists(KeystorePath(dir))) {
    return AlreadyExistsError(dir + " already holds a CaseVault device; unlock it instead");
  }
  CV_RETURN_IF_ERROR(env.CreateDirs(dir));
  DeviceHome home(env, dir);
  CV_RETURN_IF_ERROR(home.SaveSettings());
  return crypto::CreateKeystore(env, KeystorePath(dir), passphrase,
                                crypto::DeviceIdentity::Generate(), params);
}

bool DeviceHome::Exists(Env& env, const std::string& dir) {
  return env.FileExists(KeystorePath(dir));
}

Result<std::unique_ptr<DeviceHome>> DeviceHome::Unlock(Env& env, const std::string& dir,
                                                       std::string_view passphrase) {
  if (!Exists(env, dir)) {
    return NotFoundError("no CaseVault device in " + dir + ": run `casevault init` first");
  }
  std::unique_ptr<DeviceHome> home(new DeviceHome(env, dir));
  CV_ASSIGN_OR_RETURN(crypto::DeviceIdentity device,
                      crypto::UnlockKeystore(env, KeystorePath(dir), passphrase));
  home->device_ = std::make_unique<crypto::DeviceIdentity>(std::move(device));
  CV_ASSIGN_OR_RETURN(Bytes settings_bytes, ReadFileToBytes(env, SettingsPath(dir)));
  Result<ApiForm> settings_form = ApiForm::Decode(settings_bytes);
  if (!settings_form.ok()) {
    return CorruptionError("the settings file " + SettingsPath(dir) +
                           " is damaged: " + settings_form.status().message());
  }
  CV_ASSIGN_OR_RETURN(home->settings_, ParseSettings(*settings_form));
  CV_ASSIGN_OR_RETURN(home->replica_, Replica::Open(env, ReplicaDir(dir), *home->device_));
  return home;
}

Status DeviceHome::SaveSettings() {
  ApiForm form;
  form.Set("host", settings_.server.host)
      .Set("port", std::to_string(settings_.server.port))
      .Set("fingerprint", settings_.server.fingerprint);
  if (settings_.enrolled()) form.Set("user_id", settings_.user_id.ToHex());
  return WriteFileAtomically(env_, SettingsPath(dir_), form.Encode());
}

Result<Enrolment> DeviceHome::Enrol(const ServerAddress& address, const std::string& code) {
  if (settings_.enrolled()) {
    return FailedPreconditionError("this device is already enrolled with " + settings_.server.host +
                                   ":" + std::to_string(settings_.server.port));
  }
  CV_ASSIGN_OR_RETURN(std::unique_ptr<HttpsTransport> server,
                      HttpsTransport::Create(address, *device_, env_));
  CV_ASSIGN_OR_RETURN(Enrolment enrolment, server->Enrol(code));
  CV_RETURN_IF_ERROR(TrustServerLog(*replica_, enrolment));
  const HomeSettings before = settings_;
  settings_.server = address;
  settings_.user_id = enrolment.user_id;
  if (Status saved = SaveSettings(); !saved.ok()) {
    settings_ = before;
    return saved;
  }
  server_ = std::move(server);
  return enrolment;
}

Result<HttpsTransport*> DeviceHome::Server() {
  if (!settings_.enrolled()) {
    return FailedPreconditionError(
        "this device is not enrolled with a server yet: run `casevault enrol` with the code "
        "your administrator gave you");
  }
  if (!server_) {
    CV_ASSIGN_OR_RETURN(server_, HttpsTransport::Create(settings_.server, *device_, env_));
  }
  return server_.get();
}

Result<CaseLease> DeviceHome::Lease(const Id128& case_id) {
  CaseLease lease;
  CV_ASSIGN_OR_RETURN(lease.days, replica_->CaseLeaseDays(case_id));
  CV_ASSIGN_OR_RETURN(lease.synced_micros, replica_->CaseSyncedAt(case_id));
  if (lease.synced_micros) lease.ends_micros = *lease.synced_micros + lease.days * kMicrosPerDay;
  return lease;
}

Status DeviceHome::CheckLease(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(const CaseLease lease, Lease(case_id));
  if (!lease.ends_micros) {
    return FailedPreconditionError("case " + case_id.ToHex() +
                                   " has not synced with the server on this device yet: run "
                                   "`casevault sync` while connected");
  }
  if (env_.NowMicros() >= *lease.ends_micros) {
    return FailedPreconditionError("the offline lease of case " + case_id.ToHex() + " ended on " +
                                   UtcTime(*lease.ends_micros) + " (" + std::to_string(lease.days) +
                                   (lease.days == 1 ? " day" : " days") +
                                   " after its last sync): run `casevault sync` while "
                                   "connected to open it again");
  }
  return Status::Ok();
}

}  // namespace casevault::client
