#include "casevault/client/cli/passphrase.h"

#include <termios.h>
#include <unistd.h>

namespace casevault::client::cli {
namespace {

// Turns terminal echo off on `fd` for the life of the guard, when `fd` is a terminal.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::isatty(fd_) != 1 || ::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

bool IsTerminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

}  // namespace

Passphrase Passphrase::Of(std::string_view text) {
  return Passphrase(crypto::SecretBytes::CopyOf(AsBytes(text)));
}

Result<Passphrase> Passphrase::ReadLine(std::FILE* in) {
  crypto::SecretBytes bytes(kMaxPassphraseBytes);
  size_t length = 0;
  bool ended = false;
  {
    EchoOff echo_off(::fileno(in));
    for (int c = std::fgetc(in); c != EOF; c = std::fgetc(in)) {
      if (c == '\n') {
        ended = true;
        break;
      }
      if (length == kMaxPassphraseBytes) {
        return InvalidArgumentError("the passphrase is longer than " +
                                    std::to_string(kMaxPassphraseBytes) + " bytes");
      }
      bytes.data()[length++] = static_cast<uint8_t>(c);
    }
  }
  if (length > 0 && bytes.data()[length - 1] == '\r') bytes.data()[--length] = 0;
  if (length == 0) {
    return InvalidArgumentError(ended ? "the passphrase is empty"
                                      : "no passphrase given: type it at the prompt, or use "
                                        "--passphrase-file or CASEVAULT_PASSPHRASE");
  }
  return Passphrase(crypto::SecretBytes::CopyOf(bytes.view().first(length)));
}

Result<Passphrase> ObtainPassphrase(const PassphraseSources& sources, std::string_view prompt,
                                    bool confirm) {
  if (sources.file) {
    std::FILE* file = std::fopen(sources.file->c_str(), "r");
    if (file == nullptr) {
      return NotFoundError("cannot open the passphrase file " + *sources.file);
    }
    Result<Passphrase> read = Passphrase::ReadLine(file);
    std::fclose(file);
    if (!read.ok()) return read.status().WithContext(*sources.file);
    return read;
  }
  if (sources.variable) {
    if (sources.variable->empty()) return InvalidArgumentError("CASEVAULT_PASSPHRASE is empty");
    return Passphrase::Of(*sources.variable);
  }
  const bool terminal = IsTerminal(sources.in);
  if (terminal) {
    std::fprintf(sources.prompt, "%.*s: ", static_cast<int>(prompt.size()), prompt.data());
    std::fflush(sources.prompt);
  }
  CV_ASSIGN_OR_RETURN(Passphrase first, Passphrase::ReadLine(sources.in));
  if (terminal) std::fputc('\n', sources.prompt);
  if (!terminal || !confirm) return first;
  std::fprintf(sources.prompt, "again, to confirm: ");
  std::fflush(sources.prompt);
  CV_ASSIGN_OR_RETURN(Passphrase second, Passphrase::ReadLine(sources.in));
  std::fputc('\n', sources.prompt);
  if (!first.Equals(second)) {
    return InvalidArgumentError("the two passphrases differ: nothing was created; try again");
  }
  return first;
}

}  // namespace casevault::client::cli
