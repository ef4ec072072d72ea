#include "casevault/client/cli/arguments.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace casevault::client::cli {
namespace {

struct OptionInfo {
  std::string_view name;
  bool takes_value;
};

// One option a line, sorted by name, so that adding one changes one line; clang-format would set
// them in two columns.
// clang-format off
constexpr std::array kOptions = {
    OptionInfo{"--access", true},
    OptionInfo{"--agency", true},
    OptionInfo{"--calendar", true},
    OptionInfo{"--case", true},
    OptionInfo{"--clear", true},
    OptionInfo{"--code", true},
    OptionInfo{"--compartment", true},
    OptionInfo{"--days", true},
    OptionInfo{"--delete", false},
    OptionInfo{"--device", true},
    OptionInfo{"--edit", true},
    OptionInfo{"--field", true},
    OptionInfo{"--file", true},
    OptionInfo{"--final-report", true},
    OptionInfo{"--fingerprint", true},
    OptionInfo{"--format", true},
    OptionInfo{"--from", true},
    OptionInfo{"--help", false},
    OptionInfo{"--home", true},
    OptionInfo{"--hours", true},
    OptionInfo{"--json", false},
    OptionInfo{"--kdf", true},
    OptionInfo{"--media-type", true},
    OptionInfo{"--name", true},
    OptionInfo{"--outcome", true},
    OptionInfo{"--output", true},
    OptionInfo{"--overwrite", false},
    OptionInfo{"--passphrase-file", true},
    OptionInfo{"--pick", true},
    OptionInfo{"--reason", true},
    OptionInfo{"--record", true},
    OptionInfo{"--restore", false},
    OptionInfo{"--role", true},
    OptionInfo{"--server", true},
    OptionInfo{"--settings", true},
    OptionInfo{"--state", true},
    OptionInfo{"--subject", true},
    OptionInfo{"--to", true},
    OptionInfo{"--today", true},
    OptionInfo{"--type", true},
    OptionInfo{"--user", true},
    OptionInfo{"--value", true},
    OptionInfo{"--version", true},
    OptionInfo{"--view", true},
    OptionInfo{"--viewer", true},
};
// clang-format on

const OptionInfo* FindOption(std::string_view name) {
  for (const OptionInfo& option : kOptions) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

}  // namespace

bool OptionTakesValue(std::string_view name) {
  const OptionInfo* option = FindOption(name);
  return option != nullptr && option->takes_value;
}

bool IsKnownOption(std::string_view name) { return FindOption(name) != nullptr; }

Result<Arguments> Arguments::Parse(const std::vector<std::string>& args) {
  Arguments parsed;
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || !arg.starts_with("--")) {
      parsed.words_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const OptionInfo* option = FindOption(name);
    if (option == nullptr) {
      return InvalidArgumentError("unknown option " + name + " (see `casevault --help`)");
    }
    if (!option->takes_value) {
      if (equals != std::string::npos) return InvalidArgumentError(name + " takes no value");
      parsed.options_.emplace_back(name, "");
      continue;
    }
    if (equals != std::string::npos) {
      parsed.options_.emplace_back(name, arg.substr(equals + 1));
      continue;
    }
    if (i + 1 == args.size()) return InvalidArgumentError(name + " needs a value");
    parsed.options_.emplace_back(name, args[++i]);
  }
  return parsed;
}

bool Arguments::Has(std::string_view name) const {
  return std::any_of(options_.begin(), options_.end(),
                     [&](const auto& option) { return option.first == name; });
}

std::optional<std::string> Arguments::Value(std::string_view name) const {
  std::optional<std::string> value;
  for (const auto& [option, given] : options_) {
    if (option == name) value = given;
  }
  return value;
}

std::vector<std::string> Arguments::Values(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [option, given] : options_) {
    if (option == name) values.push_back(given);
  }
  return values;
}

Result<std::string> Arguments::Required(std::string_view name) const {
  std::optional<std::string> value = Value(name);
  if (!value || value->empty()) return InvalidArgumentError("give " + std::string(name));
  return *value;
}

Result<Id128> Arguments::RequiredId(std::string_view name) const {
  CV_ASSIGN_OR_RETURN(std::string hex, Required(name));
  Result<Id128> id = Id128::FromHex(hex);
  if (!id.ok()) {
    return InvalidArgumentError(std::string(name) + " takes an id of 32 hex digits, not \"" + hex +
                                "\"");
  }
  return id;
}

Result<std::optional<int>> Arguments::OptionalInt(std::string_view name, int min, int max) const {
  std::optional<std::string> text = Value(name);
  if (!text) return std::optional<int>();
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || error != std::errc() || end != text->data() + text->size() || value < min ||
      value > max) {
    return InvalidArgumentError(std::string(name) + " takes a whole number from " +
                                std::to_string(min) + " to " + std::to_string(max) + ", not \"" +
                                *text + "\"");
  }
  return std::optional<int>(value);
}

Status Arguments::CheckAllowed(std::span<const std::string_view> allowed,
                               std::string_view command) const {
  for (const auto& [option, value] : options_) {
    if (std::find(allowed.begin(), allowed.end(), option) == allowed.end()) {
      return InvalidArgumentError(option + " does not apply to `casevault " + std::string(command) +
                                  "` (see `casevault " + std::string(command) + " --help`)");
    }
  }
  return Status::Ok();
}

}  // namespace casevault::client::cli
