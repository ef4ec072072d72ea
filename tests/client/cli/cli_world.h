// CliWorld: the real `casevault-server` and `casevault` binaries on loopback, for end-to-end
// tests: a server in a temporary data directory, users made with its administrator commands,
// and people, each with their own device home, running `casevault` commands as processes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "testing/server_process.h"
#include "testing/temp_dir.h"

namespace casevault::client::cli {

// What a finished process left.
struct ProcessRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path) with environment `env` ("NAME=value" each) and standard input
// from /dev/null, waits for it and returns its exit code and output.
ProcessRun RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env);

// One person with one device: its home directory and passphrase.
struct Person {
  std::string name;
  std::string user_id;
  std::string home;
  std::string passphrase;
};

class CliWorld {
 public:
  // Starts a server in a fresh temporary directory.
  CliWorld();

  bool running() const { return server_ && server_->running(); }
  const std::string& dir() const { return dir_.path(); }
  // HOST:PORT, as `casevault enrol --server` takes it.
  std::string server_address() const;
  // The port the server listens on (127.0.0.1).
  int port() const { return port_; }
  const std::string& fingerprint() const { return server_->address().fingerprint; }

  // Creates a user with `casevault-server user add`, a device home with `casevault init`, and
  // enrols it with `casevault enrol` at `address` (HOST:PORT; the server's own when empty, or
  // e.g. a proxy in front of it). Check with running() and ::testing::Test::HasFailure().
  Person& Enrol(const std::string& name, bool business_unit = false,
                const std::string& address = "");
  // Creates the user on the server only; returns the enrolment code.
  std::string AddUser(Person& person, bool business_unit);
  // A second device of `person`: a new home enrolled with a fresh enrolment code.
  Person& AnotherDevice(const Person& person);

  // Runs `casevault` with `args` as `person` (their home and passphrase in the environment).
  ProcessRun Cli(const Person& person, const std::vector<std::string>& args,
                 const std::vector<std::string>& extra_env = {});
  // As Cli, with `casevault`'s standard output a terminal: it runs under script(1), which gives
  // it a pseudo-terminal and copies what it shows to `out` (lines end in "\r\n").
  ProcessRun CliOnTerminal(const Person& person, const std::vector<std::string>& args);
  // Runs the `casevault-server` administrator command `args` with --data-dir, in this process
  // (RunServerCommand, as the binary does; it works beside the running server).
  ProcessRun ServerAdmin(std::vector<std::string> args);

  // Stops the server (SIGTERM); RestartServer serves the same data on the same port again.
  void StopServer();
  void RestartServer();

 private:
  casevault::testing::TempDir dir_;
  std::string data_dir_;
  int port_ = 0;
  std::unique_ptr<casevault::testing::ServerProcess> server_;
  std::vector<std::unique_ptr<Person>> people_;
};

// The content of the file at `path` ("" when it cannot be read).
std::string ReadFile(const std::string& path);

// The first capture of `pattern` in `text`, or "".
std::string Capture(const std::string& text, const std::string& pattern);

}  // namespace casevault::client::cli
