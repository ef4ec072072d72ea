// Command: one `casevault` command (e.g. "record add"), as the dispatcher and `--help` see it,
// and the tables of every command group.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "casevault/base/status.h"
#include "casevault/client/cli/command_context.h"

namespace casevault::client::cli {

// The options every command accepts.
inline constexpr std::string_view kGlobalOptions[] = {"--home", "--json", "--help",
                                                      "--passphrase-file"};

struct Command {
  // The command's words, e.g. "record add".
  std::string_view path;
  // One line for the command list.
  std::string_view summary;
  // The synopsis: what follows "casevault " on the usage line(s).
  std::string_view usage;
  // What it does and what its options mean, for `--help`.
  std::string_view help;
  // The options it accepts besides kGlobalOptions.
  std::vector<std::string_view> options;
  // How many words may follow the path (e.g. the file `file secure` secures).
  size_t operands = 0;
  // Runs the command; output goes through the context. The Status's message is printed on
  // failure and its code chooses the exit code (exit_codes.h).
  Status (*run)(CommandContext& context) = nullptr;
};

// The command groups, one table each (one source file each).
std::vector<Command> DeviceCommands();    // init, enrol, device list|revoke, lease show
std::vector<Command> CaseCommands();      // case create|list|show|state|lease|close
std::vector<Command> MemberCommands();    // member ..., agreement sign, interest declare
std::vector<Command> RecordCommands();    // record add|edit|show|list|history
std::vector<Command> ConflictCommands();  // conflict list|resolve
std::vector<Command> FileCommands();      // file secure|get|list
std::vector<Command> SyncCommands();      // sync, log verify
std::vector<Command> DraftCommands();     // drafts share|views|view|withdraw|purge
std::vector<Command> DeadlineCommands();  // deadlines

// The review's products: its integrated chronology, sharing decisions and published report.
std::vector<Command> ChronologyCommands();   // chronology show|export
std::vector<Command> DecisionCommands();     // decision add|list
std::vector<Command> PublicationCommands();  // pseudonym add|list, publish

// Every command, grouped in the order above.
std::vector<Command> AllCommands();

}  // namespace casevault::client::cli
