// Arguments: a `casevault` command line, parsed into its words and its options.
//
// Words are the command path and its operands ("record", "add"; a file to secure). Options are
// "--name value", "--name=value" or switches ("--json"); every option `casevault` knows is in
// one table, so parsing never depends on the command, and each command then says which options
// apply to it (CheckAllowed). An option may repeat ("--field" for every field set); the single
// value accessors take the last. Nothing here prints or exits: failures are InvalidArgument
// statuses naming the option.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"

namespace casevault::client::cli {

// True when `name` (e.g. "--case") is an option that takes a value; false for a switch or an
// unknown option.
bool OptionTakesValue(std::string_view name);
// True when `name` is an option `casevault` knows.
bool IsKnownOption(std::string_view name);

class Arguments {
 public:
  // Parses `args` (without the program name). "--" ends the options: every later argument is a
  // word. InvalidArgument for an unknown option or an option missing its value.
  static Result<Arguments> Parse(const std::vector<std::string>& args);

  // The words, in order.
  const std::vector<std::string>& words() const { return words_; }
  // True when option `name` was given (at least once).
  bool Has(std::string_view name) const;
  // The last value given for `name`; nullopt when absent.
  std::optional<std::string> Value(std::string_view name) const;
  // Every value given for `name`, in order.
  std::vector<std::string> Values(std::string_view name) const;

  // The value of `name`; InvalidArgument ("give --case ...") when absent or empty.
  Result<std::string> Required(std::string_view name) const;
  // The value of `name` as an id; InvalidArgument when absent or not 32 hex digits.
  Result<Id128> RequiredId(std::string_view name) const;
  // The value of `name` as a whole number from `min` to `max`; nullopt when absent;
  // InvalidArgument when it is not such a number.
  Result<std::optional<int>> OptionalInt(std::string_view name, int min, int max) const;

  // OK when every option given is one of `allowed`; otherwise InvalidArgument naming the first
  // option that does not apply to `command`.
  Status CheckAllowed(std::span<const std::string_view> allowed, std::string_view command) const;

 private:
  std::vector<std::string> words_;
  std::vector<std::pair<std::string, std::string>> options_;  // in order; "" for a switch
};

}  // namespace casevault::client::cli
