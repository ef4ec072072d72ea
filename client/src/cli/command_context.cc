#include "casevault/client/cli/command_context.h"

#include <unistd.h>

namespace casevault::client::cli {

bool CommandContext::ErrIsTerminal() const { return ::isatty(::fileno(streams_.err)) == 1; }

bool CommandContext::OutIsTerminal() const { return ::isatty(::fileno(streams_.out)) == 1; }

std::optional<std::string> CommandContext::Variable(std::string_view name) const {
  auto it = variables_.find(name);
  if (it == variables_.end()) return std::nullopt;
  return it->second;
}

Result<std::string> CommandContext::HomeDir() const {
  if (std::optional<std::string> home = args_.Value("--home"); home && !home->empty()) {
    return *home;
  }
  if (std::optional<std::string> home = Variable("CASEVAULT_HOME"); home && !home->empty()) {
    return *home;
  }
  if (std::optional<std::string> home = Variable("HOME"); home && !home->empty()) {
    return *home + "/.casevault";
  }
  return InvalidArgumentError("no home directory: give --home DIR or set CASEVAULT_HOME");
}

PassphraseSources CommandContext::PassphraseSourcesOf() const {
  PassphraseSources sources;
  sources.file = args_.Value("--passphrase-file");
  sources.variable = Variable("CASEVAULT_PASSPHRASE");
  sources.in = streams_.in;
  sources.prompt = streams_.err;
  return sources;
}

Result<DeviceHome*> CommandContext::Home() {
  if (home_) return home_.get();
  CV_ASSIGN_OR_RETURN(std::string dir, HomeDir());
  if (!DeviceHome::Exists(env_, dir)) {
    return NotFoundError("no CaseVault device in " + dir +
                         ": run `casevault init` first (or give --home)");
  }
  CV_ASSIGN_OR_RETURN(Passphrase passphrase,
                      ObtainPassphrase(PassphraseSourcesOf(), "passphrase", false));
  Result<std::unique_ptr<DeviceHome>> unlocked = DeviceHome::Unlock(env_, dir, passphrase.text());
  if (unlocked.status().code() == StatusCode::kWrongPassphrase) {
    return Status(StatusCode::kWrongPassphrase,
                  unlocked.status().message() +
                      ": check it and try again (it cannot be recovered; CASEVAULT_PASSPHRASE "
                      "and --passphrase-file are read before the prompt)");
  }
  CV_ASSIGN_OR_RETURN(home_, std::move(unlocked));
  return home_.get();
}

Result<HttpsTransport*> CommandContext::Server() {
  CV_ASSIGN_OR_RETURN(DeviceHome * home, Home());
  return home->Server();
}

Status CommandContext::OpenCase(const Id128& case_id) {
  CV_ASSIGN_OR_RETURN(DeviceHome * home, Home());
  return home->CheckLease(case_id);
}

Status CommandContext::Output(const JsonWriter& document, std::string_view text) const {
  const std::string json_line = document.text() + "\n";
  const std::string_view output = json() ? std::string_view(json_line) : text;
  std::fwrite(output.data(), 1, output.size(), streams_.out);
  return Status::Ok();
}

}  // namespace casevault::client::cli
