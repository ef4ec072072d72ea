#include "casevault/client/cli/text_editor.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace casevault::client::cli {
namespace {

// `text` quoted for the shell: in single quotes, each ' written as '\''.
std::string ShellQuote(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted.push_back(c);
    }
  }
  return quoted + "'";
}

Status WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return IoError(std::string("cannot write the file to edit: ") + std::strerror(errno));
    }
    text.remove_prefix(static_cast<size_t>(written));
  }
  return Status::Ok();
}

Result<std::string> ReadAll(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("the editor left no file at " + path);
  std::string text;
  char buffer[8192];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  return text;
}

// Overwrites the file at `path` with zeros (as long as it is now) and removes it.
void Shred(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct stat info {};
    if (::fstat(fd, &info) == 0 && info.st_size > 0) {
      const std::string zeros(static_cast<size_t>(info.st_size), '\0');
      WriteAll(fd, zeros).IgnoreError();
      ::fsync(fd);
    }
    ::close(fd);
  }
  ::unlink(path.c_str());
}

Status RunEditor(const std::string& editor, const std::string& path) {
  const std::string command = editor + " " + ShellQuote(path);
  std::vector<std::string> args = {"/bin/sh", "-c", command};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    return InternalError("cannot start the editor `" + editor + "`");
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return InternalError("the editor `" + editor + "` failed; nothing was changed");
  }
  return Status::Ok();
}

// Runs `editor` on the file at `path` and reads back what it saved.
Result<std::string> EditFile(const std::string& editor, const std::string& path) {
  CV_RETURN_IF_ERROR(RunEditor(editor, path));
  return ReadAll(path);
}

}  // namespace

Result<std::string> EditText(const std::string& editor, const std::string& dir,
                             std::string_view text) {
  std::string path = dir + "/casevault-edit-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return IoError("cannot create a private file to edit in " + dir);
  ::fchmod(fd, 0600);
  const Status written = WriteAll(fd, text);
  ::close(fd);
  Result<std::string> edited = written.ok() ? EditFile(editor, path) : written;
  Shred(path);
  return edited;
}

}  // namespace casevault::client::cli
