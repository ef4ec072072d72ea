// init, enrol, device list|revoke, lease set|show: this device, its enrolment and its lease.
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/display_format.h"
#include "casevault/client/cli/text_table.h"
#include "casevault/client/my_devices.h"
#include "common_options.h"

namespace casevault::client::cli {
namespace {

constexpr int64_t kMicrosPerDay = int64_t{24} * 3600 * 1'000'000;

Result<crypto::KdfParams> KdfOption(const Arguments& args) {
  const std::string kdf = args.Value("--kdf").value_or("moderate");
  if (kdf == "moderate") return crypto::KdfParams::Moderate();
  if (kdf == "interactive") return crypto::KdfParams::Interactive();
  return InvalidArgumentError("--kdf is moderate or interactive, not \"" + kdf + "\"");
}

Status Init(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(std::string dir, context.HomeDir());
  CV_ASSIGN_OR_RETURN(crypto::KdfParams kdf, KdfOption(context.args()));
  if (DeviceHome::Exists(context.env(), dir)) {
    return AlreadyExistsError(dir +
                              " already holds a CaseVault device; use it, or give another --home");
  }
  CV_ASSIGN_OR_RETURN(Passphrase passphrase,
                      ObtainPassphrase(context.PassphraseSourcesOf(), "new passphrase", true));
  CV_RETURN_IF_ERROR(DeviceHome::Create(context.env(), dir, passphrase.text(), kdf));
  CV_ASSIGN_OR_RETURN(std::unique_ptr<DeviceHome> home,
                      DeviceHome::Unlock(context.env(), dir, passphrase.text()));
  const std::string device = home->device().device_id().ToHex();
  return context.Output(
      JsonWriter().BeginObject().Field("home", dir).Field("device", device).EndObject(),
      "device " + device + " created in " + dir +
          "\nnext: casevault enrol --server HOST:PORT --fingerprint HEX --code CODE\n");
}

Status Enrol(CommandContext& context) {
  const Arguments& args = context.args();
  CV_ASSIGN_OR_RETURN(std::string server, args.Required("--server"));
  CV_ASSIGN_OR_RETURN(ServerAddress address, ParseHostPort(server));
  CV_ASSIGN_OR_RETURN(address.fingerprint, args.Required("--fingerprint"));
  CV_ASSIGN_OR_RETURN(std::string code, args.Required("--code"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(Enrolment enrolment, home->Enrol(address, code));
  const std::string user = enrolment.user_id.ToHex();
  const std::string device = home->device().device_id().ToHex();
  return context.Output(JsonWriter()
                            .BeginObject()
                            .Field("user", user)
                            .Field("device", device)
                            .Field("server", server)
                            .EndObject(),
                        "enrolled with " + server + " as user " + user + " (device " + device +
                            ")\nnext: casevault case list; casevault sync\n");
}

Status DeviceList(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_ASSIGN_OR_RETURN(std::vector<MyDevice> devices, ListMyDevices(*server));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  const Id128 this_device = home->device().device_id();
  JsonWriter json;
  json.BeginObject().Key("devices").BeginArray();
  TextTable table({"DEVICE", "STATE", ""});
  for (const MyDevice& device : devices) {
    const bool this_one = device.device_id == this_device;
    json.BeginObject()
        .Field("device", device.device_id.ToHex())
        .Field("revoked", device.revoked)
        .Field("this_device", this_one)
        .EndObject();
    table.AddRow({device.device_id.ToHex(), device.revoked ? "revoked" : "active",
                  this_one ? "this device" : ""});
  }
  return context.Output(json.EndArray().EndObject(), table.Render());
}

Status DeviceRevoke(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(Id128 device, context.args().RequiredId("--device"));
  CV_ASSIGN_OR_RETURN(HttpsTransport * server, context.Server());
  CV_RETURN_IF_ERROR(RevokeMyDevice(*server, device));
  return context.Output(
      JsonWriter().BeginObject().Field("revoked", device.ToHex()).EndObject(),
      "device " + device.ToHex() +
          " revoked: the server refuses it from its next request and tells it to wipe its "
          "copies;\nthe next sync of the other members rotates the keys it held\n");
}

Status LeaseSet(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(std::optional<int> days,
                      context.args().OptionalInt("--days", 1, DeviceHome::kMaxLeaseDays));
  if (!days) return InvalidArgumentError("give --days");
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_RETURN_IF_ERROR(home->SetLeaseDays(*days));
  return context.Output(JsonWriter().BeginObject().Field("lease_days", *days).EndObject(),
                        "offline lease set to " + std::to_string(*days) +
                            " days: a case that has not synced for that long will not open here\n");
}

Status LeaseShow(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  const int days = home->settings().lease_days;
  CV_ASSIGN_OR_RETURN(std::vector<Id128> cases, home->replica().KnownCases());
  JsonWriter json;
  json.BeginObject().Field("lease_days", days).Key("cases").BeginArray();
  TextTable table({"CASE", "LAST SYNC", "LEASE ENDS", "OPENS"});
  for (const Id128& case_id : cases) {
    CV_ASSIGN_OR_RETURN(std::optional<int64_t> synced, home->replica().CaseSyncedAt(case_id));
    const bool open = home->CheckLease(case_id).ok();
    const std::string last = synced ? DisplayTime(*synced) : "never";
    const std::string ends = synced ? DisplayTime(*synced + days * kMicrosPerDay) : "-";
    table.AddRow({case_id.ToHex(), last, ends, open ? "yes" : "no: sync first"});
    json.BeginObject()
        .Field("case", case_id.ToHex())
        .Field("last_sync", last)
        .Field("lease_ends", ends)
        .Field("opens", open)
        .EndObject();
  }
  return context.Output(
      json.EndArray().EndObject(),
      "offline lease: " + std::to_string(days) + " days after a case's last sync\n" +
          (table.empty() ? std::string("no cases on this device yet\n") : table.Render()));
}

}  // namespace

std::vector<Command> DeviceCommands() {
  return {
      {"init",
       "create this device's keys and encrypted replica",
       "init [--kdf moderate|interactive]",
       R"(Creates this device: its signing and encryption keys, sealed in a keystore under your
passphrase (Argon2id), and an empty encrypted replica, in the home directory. The passphrase
is asked twice on the terminal (without echo), or read from --passphrase-file or
CASEVAULT_PASSPHRASE. Nothing in the directory opens without it; it cannot be recovered.
  --kdf moderate      the passphrase key's cost (default: about 0.35 s and 256 MiB)
  --kdf interactive   a cheaper, weaker setting for test runs and low-memory devices
)",
       {"--kdf"},
       0,
       Init},
      {"enrol",
       "enrol this device with the partnership's server",
       "enrol --server HOST:PORT --fingerprint HEX --code CODE",
       R"(Enrols this device for the user whose one-time enrolment code the server administrator
gave you. The server must present the certificate whose SHA-256 fingerprint you give
(casevault-server prints it): any other certificate is refused before anything is sent.
)",
       {"--server", "--fingerprint", "--code"},
       0,
       Enrol},
      {"device list",
       "list your enrolled devices",
       "device list",
       "Lists the devices enrolled for you, revoked ones included, marking this one.\n",
       {},
       0,
       DeviceList},
      {"device revoke",
       "revoke one of your devices (e.g. a lost laptop)",
       "device revoke --device ID",
       R"(Revokes one of your devices: the server refuses it from its next request and tells it
to wipe its copies; the next sync of the other members rotates the keys it held.
)",
       {"--device"},
       0,
       DeviceRevoke},
      {"lease set",
       "set how long cases stay open offline",
       "lease set --days N",
       R"(Sets the offline lease (1 to 365 days; 14 by default): a case that has not synced with
the server for that long will not open on this device until it syncs again.
)",
       {"--days"},
       0,
       LeaseSet},
      {"lease show",
       "show the offline lease of each case here",
       "lease show",
       "Shows the offline lease and, for each case on this device, its last sync and whether it\n"
       "still opens.\n",
       {},
       0,
       LeaseShow},
  };
}

}  // namespace casevault::client::cli
