// Passphrase: how `casevault` obtains the passphrase that unlocks a device's keystore.
//
// In order: the first line of the file named by --passphrase-file; the CASEVAULT_PASSPHRASE
// environment variable; otherwise a prompt on the terminal with echo turned off (termios), or,
// when input is not a terminal, the first line of standard input. The passphrase is held in
// protected memory (crypto::SecretBytes) and never printed.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "casevault/base/result.h"
#include "casevault/crypto/secret_bytes.h"

namespace casevault::client::cli {

// The longest passphrase accepted, in bytes.
inline constexpr size_t kMaxPassphraseBytes = 1024;

// A passphrase in protected memory, wiped when destroyed.
class Passphrase {
 public:
  // Copies `text` into protected memory.
  static Passphrase Of(std::string_view text);
  // Reads one line from `in` (without its line ending) into protected memory, turning off echo
  // while it reads when `in` is a terminal. InvalidArgument when the line is empty or too long,
  // or `in` ends first.
  static Result<Passphrase> ReadLine(std::FILE* in);

  // The passphrase, valid while this object lives.
  std::string_view text() const { return AsChars(bytes_.view()); }
  // Constant-time comparison of length and content.
  bool Equals(const Passphrase& other) const { return bytes_.Equals(other.bytes_); }

 private:
  explicit Passphrase(crypto::SecretBytes bytes) : bytes_(std::move(bytes)) {}

  crypto::SecretBytes bytes_;
};

// Where a passphrase may come from.
struct PassphraseSources {
  // --passphrase-file, when given.
  std::optional<std::string> file;
  // CASEVAULT_PASSPHRASE, when set.
  std::optional<std::string> variable;
  // Standard input, and where prompts go (standard error).
  std::FILE* in = stdin;
  std::FILE* prompt = stderr;
};

// The passphrase from the first source that has one (see above). When it is typed at a
// terminal and `confirm` is set (a new passphrase), asks twice and refuses a mismatch with
// InvalidArgument. NotFound for a missing file; InvalidArgument for an empty passphrase.
Result<Passphrase> ObtainPassphrase(const PassphraseSources& sources, std::string_view prompt,
                                    bool confirm);

}  // namespace casevault::client::cli
