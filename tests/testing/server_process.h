// ServerProcess: the casevault-server binary serving in a child process, for tests that need the
// real program (signals, restarts, other binaries talking to it).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "casevault/client/https_transport.h"

extern char** environ;

namespace casevault::testing {

class ServerProcess {
 public:
  // Runs `server_path serve --data-dir data_dir --listen 127.0.0.1:port --dev-tls` (port 0: any
  // free port), its events appended to `data_dir`.events, and reads where it listens.
  ServerProcess(const std::string& server_path, const std::string& data_dir, int port = 0) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (data_dir + ".events").c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    const std::vector<std::string> args = {server_path,  "serve",
                                           "--data-dir", data_dir,
                                           "--listen",   "127.0.0.1:" + std::to_string(port),
                                           "--dev-tls"};
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
      pid_ = -1;
      ::close(pipe_fds[0]);
      return;
    }
    output_ = ::fdopen(pipe_fds[0], "r");
    // The first two lines say where it listens and which certificate it serves.
    std::string banner;
    char line[512];
    for (int i = 0; i < 2 && std::fgets(line, sizeof line, output_) != nullptr; ++i) banner += line;
    std::smatch match;
    if (std::regex_search(banner, match, std::regex(R"(https://127\.0\.0\.1:(\d+))"))) {
      address_.port = std::atoi(match[1].str().c_str());
    }
    if (std::regex_search(banner, match, std::regex(R"(fingerprint ([0-9a-f]{64}))"))) {
      address_.fingerprint = match[1].str();
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) Kill(SIGKILL);
    if (output_ != nullptr) std::fclose(output_);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Where it listens, with the fingerprint of its certificate.
  const client::ServerAddress& address() const { return address_; }
  bool running() const { return pid_ > 0 && address_.port > 0 && !address_.fingerprint.empty(); }

  // Sends `signal` and waits for the process; returns its wait status.
  int Kill(int signal) {
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  // What it printed after the banner, up to its exit.
  std::string RestOfOutput() {
    std::string rest;
    for (int c = std::fgetc(output_); c != EOF; c = std::fgetc(output_)) {
      rest.push_back(static_cast<char>(c));
    }
    return rest;
  }

 private:
  pid_t pid_ = -1;
  std::FILE* output_ = nullptr;
  client::ServerAddress address_;
};

}  // namespace casevault::testing
