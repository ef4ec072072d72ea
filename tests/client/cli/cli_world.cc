#include "cli_world.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "casevault/server/server_command.h"
#include "testing/stream_text.h"

namespace casevault::client::cli {
namespace {

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// The environment every child gets: the sanitizer settings and PATH of this process.
std::vector<std::string> BaseEnvironment() {
  std::vector<std::string> env;
  for (const char* name : {"PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS", "TMPDIR"}) {
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  return env;
}

}  // namespace

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string Capture(const std::string& text, const std::string& pattern) {
  std::smatch match;
  return std::regex_search(text, match, std::regex(pattern)) ? match[1].str() : "";
}

ProcessRun RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  char out_path[] = "/tmp/casevault-cli-out-XXXXXX";
  char err_path[] = "/tmp/casevault-cli-err-XXXXXX";
  const int out_fd = ::mkstemp(out_path);
  const int err_fd = ::mkstemp(err_path);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  std::vector<std::string> args = argv;
  std::vector<std::string> environment = BaseEnvironment();
  environment.insert(environment.end(), env.begin(), env.end());
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env = CStrings(environment);
  ProcessRun run;
  pid_t pid = 0;
  if (posix_spawn(&pid, c_args[0], &actions, nullptr, c_args.data(), c_env.data()) == 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_fd);
  ::close(err_fd);
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  ::unlink(out_path);
  ::unlink(err_path);
  return run;
}

CliWorld::CliWorld() : data_dir_(dir_.File("server")) {
  server_ = std::make_unique<casevault::testing::ServerProcess>(CASEVAULT_SERVER_PATH, data_dir_);
  port_ = server_->address().port;
}

std::string CliWorld::server_address() const { return "127.0.0.1:" + std::to_string(port_); }

std::string CliWorld::AddUser(Person& person, bool business_unit) {
  std::vector<std::string> args = {"user",           "add",        "--name", person.name,
                                   "--organisation", "Partnership"};
  if (business_unit) args.push_back("--business-unit");
  const ProcessRun added = ServerAdmin(args);
  EXPECT_EQ(added.exit_code, 0) << added.err;
  person.user_id = Capture(added.out, "user ([0-9a-f]{32})");
  return Capture(added.out, "enrolment code ([0-9a-f]+)");
}

Person& CliWorld::Enrol(const std::string& name, bool business_unit, const std::string& address) {
  auto person = std::make_unique<Person>();
  person->name = name;
  person->home = dir_.File("home-" + std::to_string(people_.size()));
  person->passphrase = "passphrase of " + name;
  const std::string code = AddUser(*person, business_unit);
  const ProcessRun init = Cli(*person, {"init", "--kdf", "interactive"});
  EXPECT_EQ(init.exit_code, 0) << init.err;
  const ProcessRun enrolled =
      Cli(*person, {"enrol", "--server", address.empty() ? server_address() : address,
                    "--fingerprint", fingerprint(), "--code", code});
  EXPECT_EQ(enrolled.exit_code, 0) << enrolled.err;
  people_.push_back(std::move(person));
  return *people_.back();
}

Person& CliWorld::AnotherDevice(const Person& person) {
  auto device = std::make_unique<Person>(person);
  device->home = dir_.File("home-" + std::to_string(people_.size()));
  const ProcessRun code = ServerAdmin({"user", "code", "--user", person.user_id});
  EXPECT_EQ(code.exit_code, 0) << code.err;
  EXPECT_EQ(Cli(*device, {"init", "--kdf", "interactive"}).exit_code, 0);
  const ProcessRun enrolled =
      Cli(*device, {"enrol", "--server", server_address(), "--fingerprint", fingerprint(), "--code",
                    Capture(code.out, "enrolment code ([0-9a-f]+)")});
  EXPECT_EQ(enrolled.exit_code, 0) << enrolled.err;
  people_.push_back(std::move(device));
  return *people_.back();
}

ProcessRun CliWorld::Cli(const Person& person, const std::vector<std::string>& args,
                         const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv = {CASEVAULT_CLI_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env = {"CASEVAULT_HOME=" + person.home,
                                  "CASEVAULT_PASSPHRASE=" + person.passphrase};
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  ProcessRun run = RunProcess(argv, env);
  EXPECT_EQ(run.out.find(person.passphrase), std::string::npos) << "the passphrase was printed";
  EXPECT_EQ(run.err.find(person.passphrase), std::string::npos) << "the passphrase was printed";
  return run;
}

ProcessRun CliWorld::CliOnTerminal(const Person& person, const std::vector<std::string>& args) {
  std::string command = std::string("'") + CASEVAULT_CLI_PATH + "'";
  for (const std::string& arg : args) {
    EXPECT_EQ(arg.find('\''), std::string::npos) << "no quote in a terminal command's words";
    command += " '" + arg + "'";
  }
  return RunProcess({"/usr/bin/script", "--quiet", "--return", "--command", command, "/dev/null"},
                    {"CASEVAULT_HOME=" + person.home, "CASEVAULT_PASSPHRASE=" + person.passphrase,
                     "SHELL=/bin/sh"});
}

ProcessRun CliWorld::ServerAdmin(std::vector<std::string> args) {
  args.push_back("--data-dir");
  args.push_back(data_dir_);
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  ProcessRun run;
  run.exit_code = server::RunServerCommand(args, Env::Default(), out, err);
  run.out = casevault::testing::ReadAndClose(out);
  run.err = casevault::testing::ReadAndClose(err);
  return run;
}

void CliWorld::StopServer() { server_->Kill(SIGTERM); }

void CliWorld::RestartServer() {
  server_ =
      std::make_unique<casevault::testing::ServerProcess>(CASEVAULT_SERVER_PATH, data_dir_, port_);
}

}  // namespace casevault::client::cli
