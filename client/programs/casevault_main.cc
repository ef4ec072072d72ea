// casevault: see casevault/client/cli/run_cli.h.
#include <string>
#include <vector>

#include "casevault/client/cli/run_cli.h"

extern char** environ;

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  casevault::client::cli::EnvironmentVariables variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const size_t equals = text.find('=');
    if (equals != std::string::npos) variables[text.substr(0, equals)] = text.substr(equals + 1);
  }
  return casevault::client::cli::RunCli(args, casevault::Env::Default(), variables, {});
}
