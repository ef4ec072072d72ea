// init, enrol, device list|revoke, lease show: this device, its enrolment and its cases' leases.
#include "casevault/client/cli/command.h"
#include "casevault/client/cli/display_format.h"
#include "casevault/client/cli/text_table.h"
#include "casevault/client/my_devices.h"
#include "common_options.h"

namespace casevault::client::cli {
namespace {

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

Status LeaseShow(CommandContext& context) {
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(std::vector<Id128> cases, home->replica().KnownCases());
  JsonWriter json;
  json.BeginObject().Key("cases").BeginArray();
  TextTable table({"CASE", "LEASE", "LAST SYNC", "LEASE ENDS", "OPENS"});
  for (const Id128& case_id : cases) {
    CV_ASSIGN_OR_RETURN(const CaseLease lease, home->Lease(case_id));
    const bool open = home->CheckLease(case_id).ok();
    const std::string last = lease.synced_micros ? DisplayTime(*lease.synced_micros) : "never";
    const std::string ends = lease.ends_micros ? DisplayTime(*lease.ends_micros) : "-";
    std::string days = std::to_string(lease.days);
    days.append(lease.days == 1 ? " day" : " days");
    table.AddRow({case_id.ToHex(), days, last, ends, open ? "yes" : "no: sync first"});
    json.BeginObject()
        .Field("case", case_id.ToHex())
        .Field("lease_days", lease.days)
        .Field("last_sync", last)
        .Field("lease_ends", ends)
        .Field("opens", open)
        .EndObject();
  }
  return context.Output(
      json.EndArray().EndObject(),
      "offline lease of each case: days after its last sync, as its business unit set them\n" +
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
      {"lease show",
       "show the offline lease of each case here",
       "lease show",
       "Shows, for each case on this device, its offline lease (set by its business unit with\n"
       "`casevault case lease`; 14 days until its first sync), its last sync, when the lease\n"
       "ends and whether it still opens.\n",
       {},
       0,
       LeaseShow},
  };
}

}  // namespace casevault::client::cli
