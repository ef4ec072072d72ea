#include "casevault/server/server_command.h"

#include <csignal>
#include <ctime>
#include <map>
#include <optional>
#include <string_view>

#include "casevault/server/case_vault_server.h"
#include "casevault/server/sqlite_server_store.h"

namespace casevault::server {
namespace {

constexpr std::string_view kUsage = R"(usage:
  casevault-server serve --data-dir DIR [--listen HOST:PORT] [--dev-tls |
                         --tls-cert FILE --tls-key FILE] [--config FILE] [--threads N]
  casevault-server user add --data-dir DIR --name NAME --organisation ORG [--business-unit]
  casevault-server user code --data-dir DIR --user ID
  casevault-server revoke-grant --data-dir DIR --user ID --case ID --compartment NAME
  casevault-server revoke-device --data-dir DIR --device ID
  casevault-server case close --data-dir DIR --case ID
  casevault-server log show --data-dir DIR --case ID

serve        runs the server (HTTPS only); prints the certificate fingerprint clients pin.
             --dev-tls creates a self-signed certificate in the data directory on first run.
             --threads N: connections served at once (default 128; an idle keep-alive
             connection holds one for 5 s).
             SIGTERM or SIGINT: stop accepting, answer requests in flight, exit 0.
user add     creates a user and prints their id and a one-time enrolment code.
             --business-unit: partnership staff, who may open cases (and then run them:
             inviting agencies, assigning reviewers and panel members).
user code    prints a fresh enrolment code for a user (the old one stops working).
revoke-grant withdraws a grant at once (compartments: shared, agency:<id>). Grants are made
             by people on the case, never here: only an agency's nominated representative
             opens its compartment to others.
revoke-device
             refuses a lost or retired device from its next request; it is told to remove its
             copies.
case close   ends a review: destroys the case's sealed keys, operation logs, grants and file
             chunks on the server (its access-log entries stay); devices remove their copies.
log show     prints every access-log entry of a case, allowed and refused, closed or not:
             who, which device, when (and when a read made offline happened), what, result.

exit codes: 0 done, 1 failed (the message says why), 2 bad usage.
)";

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Flags as name -> value ("" for a switch); positional words in order.
struct Parsed {
  std::vector<std::string> words;
  std::map<std::string, std::string, std::less<>> flags;
};

const std::map<std::string_view, bool> kFlagTakesValue = {
    {"--data-dir", true}, {"--listen", true},  {"--dev-tls", false},      {"--tls-cert", true},
    {"--tls-key", true},  {"--config", true},  {"--name", true},          {"--organisation", true},
    {"--user", true},     {"--case", true},    {"--compartment", true},   {"--device", true},
    {"--help", false},    {"--threads", true}, {"--business-unit", false}};

Result<Parsed> Parse(const std::vector<std::string>& args) {
  Parsed parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!arg.starts_with("--")) {
      parsed.words.push_back(arg);
      continue;
    }
    auto known = kFlagTakesValue.find(arg);
    if (known == kFlagTakesValue.end()) return InvalidArgumentError("unknown option " + arg);
    if (!known->second) {
      parsed.flags[arg] = "";
      continue;
    }
    if (i + 1 == args.size()) return InvalidArgumentError(arg + " needs a value");
    parsed.flags[arg] = args[++i];
  }
  return parsed;
}

Result<std::string> Required(const Parsed& parsed, std::string_view flag) {
  auto it = parsed.flags.find(flag);
  if (it == parsed.flags.end() || it->second.empty()) {
    return InvalidArgumentError("give " + std::string(flag));
  }
  return it->second;
}

Result<Id128> RequiredId(const Parsed& parsed, std::string_view flag) {
  CV_ASSIGN_OR_RETURN(std::string hex, Required(parsed, flag));
  auto id = Id128::FromHex(hex);
  if (!id.ok()) return InvalidArgumentError(std::string(flag) + " takes an id (32 hex digits)");
  return id;
}

// Reads `key = value` lines of a config file into flags not given on the command line.
Status MergeConfig(Env& env, const std::string& path, Parsed& parsed) {
  CV_ASSIGN_OR_RETURN(Bytes bytes, ReadFileToBytes(env, path));
  const std::map<std::string_view, std::string_view> keys = {{"listen", "--listen"},
                                                             {"data_dir", "--data-dir"},
                                                             {"tls_cert", "--tls-cert"},
                                                             {"tls_key", "--tls-key"},
                                                             {"dev_tls", "--dev-tls"}};
  std::string_view rest = AsChars(bytes);
  for (int line_number = 1; !rest.empty(); ++line_number) {
    const size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    auto trim = [](std::string_view text) {
      while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
      }
      return text;
    };
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const size_t equals = line.find('=');
    const std::string where = path + ":" + std::to_string(line_number);
    if (equals == std::string_view::npos) return InvalidArgumentError(where + ": not key = value");
    const std::string_view key = trim(line.substr(0, equals));
    const std::string_view value = trim(line.substr(equals + 1));
    auto flag = keys.find(key);
    if (flag == keys.end())
      return InvalidArgumentError(where + ": unknown key " + std::string(key));
    if (flag->second == "--dev-tls") {
      if (value == "true") parsed.flags.try_emplace(std::string(flag->second), "");
      continue;
    }
    parsed.flags.try_emplace(std::string(flag->second), std::string(value));
  }
  return Status::Ok();
}

Result<ServerOptions> ServeOptions(Env& env, Parsed& parsed) {
  if (auto config = parsed.flags.find("--config"); config != parsed.flags.end()) {
    CV_RETURN_IF_ERROR(MergeConfig(env, config->second, parsed));
  }
  ServerOptions options;
  CV_ASSIGN_OR_RETURN(options.data_dir, Required(parsed, "--data-dir"));
  if (auto listen = parsed.flags.find("--listen"); listen != parsed.flags.end()) {
    const size_t colon = listen->second.rfind(':');
    int port = -1;
    if (colon != std::string::npos) {
      const std::string digits = listen->second.substr(colon + 1);
      if (!digits.empty() && digits.size() <= 5 &&
          digits.find_first_not_of("0123456789") == std::string::npos) {
        port = std::stoi(digits);
      }
    }
    if (port < 0 || port > 65535) {
      return InvalidArgumentError("--listen takes HOST:PORT, e.g. 127.0.0.1:8443");
    }
    options.host = listen->second.substr(0, colon);
    options.port = port;
  }
  if (auto threads = parsed.flags.find("--threads"); threads != parsed.flags.end()) {
    const std::string& text = threads->second;
    if (text.empty() || text.size() > 4 ||
        text.find_first_not_of("0123456789") != std::string::npos || std::stoi(text) < 1) {
      return InvalidArgumentError("--threads takes a number of connections from 1 to 9999");
    }
    options.threads = static_cast<size_t>(std::stoi(text));
  }
  options.dev_tls = parsed.flags.contains("--dev-tls");
  if (!options.dev_tls) {
    CV_ASSIGN_OR_RETURN(options.cert_path, Required(parsed, "--tls-cert"));
    CV_ASSIGN_OR_RETURN(options.key_path, Required(parsed, "--tls-key"));
  }
  return options;
}

Status Serve(Env& env, Parsed& parsed, std::FILE* out, std::FILE* err) {
  CV_ASSIGN_OR_RETURN(ServerOptions options, ServeOptions(env, parsed));
  // Signals are taken by sigwait on this thread: block them before any thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  JsonLinesEventLog events(err);
  CV_ASSIGN_OR_RETURN(auto server, CaseVaultServer::Open(env, options, events));
  CV_ASSIGN_OR_RETURN(int port, server->Start());
  std::fprintf(out, "casevault-server listening on https://%s:%d\nfingerprint %s\n",
               options.host.c_str(), port, server->fingerprint().c_str());
  std::fflush(out);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  server->Stop();
  std::fprintf(out, "stopped (%s)\n", signal == SIGTERM ? "SIGTERM" : "SIGINT");
  return Status::Ok();
}

// "YYYY-MM-DD HH:MM:SS" (UTC) of `micros` since the epoch.
std::string UtcText(int64_t micros) {
  const std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
  return text;
}

// Prints the access-log entries of case `case_id`, oldest first, one a line.
Status PrintCaseLog(AccessLog& log, const Id128& case_id, std::FILE* out) {
  constexpr size_t kPage = 10'000;
  size_t shown = 0;
  for (uint64_t from = 0;; from += kPage) {
    CV_ASSIGN_OR_RETURN(std::vector<AccessEntry> entries, log.Entries(from, kPage));
    for (const AccessEntry& entry : entries) {
      if (entry.case_id != case_id) continue;
      ++shown;
      const std::string offline =
          entry.happened_at_micros ? " (read offline at " + UtcText(*entry.happened_at_micros) + ")"
                                   : "";
      std::fprintf(out, "%s UTC  user %s  device %s  %s %s %s  %s: %s%s\n",
                   UtcText(entry.time_micros).c_str(), entry.user_id.ToHex().c_str(),
                   entry.device_id.ToHex().c_str(), entry.action.c_str(),
                   entry.compartment.empty() ? "-" : entry.compartment.c_str(),
                   entry.object_id.empty() ? "-" : entry.object_id.c_str(),
                   entry.allowed ? "allowed" : "REFUSED", entry.reason.c_str(), offline.c_str());
    }
    if (entries.size() < kPage) break;
  }
  std::fprintf(out, "%zu entries for case %s\n", shown, case_id.ToHex().c_str());
  return Status::Ok();
}

// The administrator's commands, on the server's store.
Status Administer(Env& env, const Parsed& parsed, std::FILE* out) {
  CV_ASSIGN_OR_RETURN(std::string data_dir, Required(parsed, "--data-dir"));
  CV_ASSIGN_OR_RETURN(std::unique_ptr<SqliteServerStore> store,
                      SqliteServerStore::Open(env, data_dir));
  Identity identity(store->identities(), env);
  CaseRoster roster(store->cases(), env);
  AccessPolicy policy(store->grants(), store->agreements(), roster, env);
  const std::string& command = parsed.words[0];
  const std::string sub = parsed.words.size() > 1 ? parsed.words[1] : "";
  if (command == "user" && sub == "add") {
    CV_ASSIGN_OR_RETURN(std::string name, Required(parsed, "--name"));
    CV_ASSIGN_OR_RETURN(std::string organisation, Required(parsed, "--organisation"));
    CV_ASSIGN_OR_RETURN(User user, identity.CreateUser(name, organisation,
                                                       parsed.flags.contains("--business-unit")));
    CV_ASSIGN_OR_RETURN(std::string code, identity.CreateEnrolmentCode(user.user_id));
    std::fprintf(out, "user %s\nenrolment code %s\n", user.user_id.ToHex().c_str(), code.c_str());
    return Status::Ok();
  }
  if (command == "user" && sub == "code") {
    CV_ASSIGN_OR_RETURN(Id128 user_id, RequiredId(parsed, "--user"));
    CV_ASSIGN_OR_RETURN(std::string code, identity.CreateEnrolmentCode(user_id));
    std::fprintf(out, "enrolment code %s\n", code.c_str());
    return Status::Ok();
  }
  if (command == "revoke-grant") {
    CV_ASSIGN_OR_RETURN(Id128 user_id, RequiredId(parsed, "--user"));
    CV_ASSIGN_OR_RETURN(Id128 case_id, RequiredId(parsed, "--case"));
    CV_ASSIGN_OR_RETURN(std::string compartment, Required(parsed, "--compartment"));
    if (!sync::IsValidCompartmentName(compartment)) {
      return InvalidArgumentError("no compartment may be called \"" + compartment + "\"");
    }
    CV_RETURN_IF_ERROR(policy.Revoke(user_id, {case_id, compartment}));
    std::fprintf(out, "grant on %s of case %s withdrawn\n", compartment.c_str(),
                 case_id.ToHex().c_str());
    return Status::Ok();
  }
  if (command == "case" && sub == "close") {
    CV_ASSIGN_OR_RETURN(Id128 case_id, RequiredId(parsed, "--case"));
    WrappedKeys keys(store->keys(), env);
    CaseClosure closure(store->closures(), store->hub(), store->draft_views(), keys, policy, env);
    CV_ASSIGN_OR_RETURN(ClosureReport report, closure.Close(case_id, Id128{}));
    std::fprintf(out, "case %s closed; %llu file chunks destroyed\n", case_id.ToHex().c_str(),
                 static_cast<unsigned long long>(report.chunks_destroyed));
    return Status::Ok();
  }
  if (command == "log" && sub == "show") {
    CV_ASSIGN_OR_RETURN(Id128 case_id, RequiredId(parsed, "--case"));
    return PrintCaseLog(store->access_log(), case_id, out);
  }
  if (command == "revoke-device") {
    CV_ASSIGN_OR_RETURN(Id128 device_id, RequiredId(parsed, "--device"));
    CV_RETURN_IF_ERROR(identity.GetDevice(device_id).status());
    CV_RETURN_IF_ERROR(identity.RevokeDevice(device_id));
    std::fprintf(out, "device %s revoked\n", device_id.ToHex().c_str());
    return Status::Ok();
  }
  return InvalidArgumentError("unknown command");
}

}  // namespace

int RunServerCommand(const std::vector<std::string>& args, Env& env, std::FILE* out,
                     std::FILE* err) {
  Result<Parsed> parsed = Parse(args);
  if (!parsed.ok() || parsed->words.empty() || parsed->flags.contains("--help")) {
    if (!parsed.ok())
      std::fprintf(err, "casevault-server: %s\n", parsed.status().message().c_str());
    std::fprintf(parsed.ok() && parsed->flags.contains("--help") ? out : err, "%s",
                 std::string(kUsage).c_str());
    return parsed.ok() && parsed->flags.contains("--help") ? kExitOk : kExitUsage;
  }
  const std::string& command = parsed->words[0];
  const bool known = command == "serve" || command == "user" || command == "revoke-grant" ||
                     command == "revoke-device" || command == "case" || command == "log";
  if (!known) {
    std::fprintf(err, "casevault-server: unknown command %s\n%s", command.c_str(),
                 std::string(kUsage).c_str());
    return kExitUsage;
  }
  const Status status =
      command == "serve" ? Serve(env, *parsed, out, err) : Administer(env, *parsed, out);
  if (!status.ok()) {
    std::fprintf(err, "casevault-server: %s\n", status.message().c_str());
    return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailed;
  }
  return kExitOk;
}

}  // namespace casevault::server
