#include "casevault/client/cli/run_cli.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include "casevault/client/cli/command.h"
#include "casevault/client/cli/exit_codes.h"

namespace casevault::client::cli {
namespace {

constexpr std::string_view kGlobalHelp = R"(global options:
  --home DIR              the device's directory (default: $CASEVAULT_HOME, else ~/.casevault)
  --json                  print one JSON document instead of text
  --passphrase-file FILE  read the passphrase from the first line of FILE
  --help                  explain the command
environment: CASEVAULT_HOME, CASEVAULT_PASSPHRASE (the passphrase, for scripts), EDITOR
(for --edit). Without a passphrase file or variable, the passphrase is asked on the terminal.
)";

// The words of `path` ("record add" -> {"record", "add"}).
std::vector<std::string> WordsOf(std::string_view path) {
  std::vector<std::string> words;
  std::istringstream stream{std::string(path)};
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

std::string TopHelp(const std::vector<Command>& commands) {
  std::string text =
      "usage: casevault [--home DIR] [--json] [--passphrase-file FILE] COMMAND [OPTIONS]\n\n"
      "CaseVault keeps the records of child safeguarding practice reviews in an encrypted\n"
      "replica on this device, usable offline, synced with the partnership's server.\n\n"
      "commands:\n";
  for (const Command& command : commands) {
    std::string line = "  " + std::string(command.path);
    line.resize(std::max<size_t>(line.size() + 1, 22), ' ');
    text += line + std::string(command.summary) + "\n";
  }
  text += "\n" + std::string(kGlobalHelp) + "\n" + std::string(ExitCodeHelp());
  return text;
}

std::string GroupHelp(const std::vector<Command>& commands, const std::string& group) {
  std::string text = "casevault " + group + " commands:\n";
  for (const Command& command : commands) {
    if (WordsOf(command.path)[0] != group) continue;
    text += "  casevault " + std::string(command.usage) + "\n      " +
            std::string(command.summary) + "\n";
  }
  return text + "\nrun `casevault " + group + " SUBCOMMAND --help` for details\n";
}

std::string CommandHelp(const Command& command) {
  return "usage: casevault " + std::string(command.usage) + "\n\n" + std::string(command.help) +
         "\n" + std::string(kGlobalHelp) + "\n" + std::string(ExitCodeHelp());
}

// The command whose path the first words of `words` spell; nullptr for none.
const Command* FindCommand(const std::vector<Command>& commands,
                           const std::vector<std::string>& words) {
  const Command* found = nullptr;
  size_t found_length = 0;
  for (const Command& command : commands) {
    const std::vector<std::string> path = WordsOf(command.path);
    if (path.size() <= words.size() && path.size() > found_length &&
        std::equal(path.begin(), path.end(), words.begin())) {
      found = &command;
      found_length = path.size();
    }
  }
  return found;
}

bool IsGroup(const std::vector<Command>& commands, const std::string& word) {
  return std::any_of(commands.begin(), commands.end(), [&](const Command& command) {
    const std::vector<std::string> path = WordsOf(command.path);
    return path.size() > 1 && path[0] == word;
  });
}

void Write(std::FILE* stream, const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stream);
}

int Fail(const CliStreams& streams, const Status& status) {
  Write(streams.err, "casevault: " + status.message() + "\n");
  return ExitCodeFor(status);
}

int RunCommand(const Command& command, Env& env, const EnvironmentVariables& variables,
               const CliStreams& streams, const Arguments& args) {
  if (args.Has("--help")) {
    Write(streams.out, CommandHelp(command));
    return kExitOk;
  }
  std::vector<std::string_view> allowed(std::begin(kGlobalOptions), std::end(kGlobalOptions));
  allowed.insert(allowed.end(), command.options.begin(), command.options.end());
  if (Status status = args.CheckAllowed(allowed, command.path); !status.ok()) {
    return Fail(streams, status);
  }
  const size_t operands = args.words().size() - WordsOf(command.path).size();
  if (operands > command.operands) {
    return Fail(streams, InvalidArgumentError(
                             "unexpected word \"" + args.words()[args.words().size() - operands] +
                             "\" (see `casevault " + std::string(command.path) + " --help`)"));
  }
  CommandContext context(env, variables, streams, args);
  const Status status = command.run(context);
  std::fflush(streams.out);
  if (!status.ok()) return Fail(streams, status);
  return kExitOk;
}

}  // namespace

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto group : {DeviceCommands, CaseCommands, MemberCommands, RecordCommands, ConflictCommands,
                     FileCommands, SyncCommands, DeadlineCommands, ChronologyCommands,
                     DecisionCommands, PublicationCommands, DraftCommands}) {
    std::vector<Command> commands = group();
    all.insert(all.end(), commands.begin(), commands.end());
  }
  return all;
}

int RunCli(const std::vector<std::string>& args, Env& env, const EnvironmentVariables& variables,
           const CliStreams& streams) {
  const std::vector<Command> commands = AllCommands();
  Result<Arguments> parsed = Arguments::Parse(args);
  if (!parsed.ok()) return Fail(streams, parsed.status());
  const std::vector<std::string>& words = parsed->words();
  if (words.empty()) {
    const bool asked = parsed->Has("--help");
    Write(asked ? streams.out : streams.err, TopHelp(commands));
    return asked ? kExitOk : kExitUsage;
  }
  if (const Command* command = FindCommand(commands, words)) {
    return RunCommand(*command, env, variables, streams, *parsed);
  }
  if (IsGroup(commands, words[0])) {
    const bool asked = parsed->Has("--help") && words.size() == 1;
    if (!asked) {
      Write(streams.err, words.size() == 1 ? "casevault: give a " + words[0] + " subcommand\n"
                                           : "casevault: unknown command `casevault " + words[0] +
                                                 " " + words[1] + "`\n");
    }
    Write(asked ? streams.out : streams.err, GroupHelp(commands, words[0]));
    return asked ? kExitOk : kExitUsage;
  }
  Write(streams.err, "casevault: unknown command `" + words[0] + "`; see `casevault --help`\n");
  return kExitUsage;
}

}  // namespace casevault::client::cli
