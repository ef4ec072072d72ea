// casevault-server: see casevault/server/server_command.h.
#include <cstdio>
#include <string>
#include <vector>

#include "casevault/server/server_command.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return casevault::server::RunServerCommand(args, casevault::Env::Default(), stdout, stderr);
}
