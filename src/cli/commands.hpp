// The commands of `lakedev`; each one is a thin file over the modules.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "cli/args.hpp"

namespace lakedev::cli {

// Exit codes, as dbt's: 0 success, 1 the command ran and something failed, 2 the
// command could not run (bad usage, unexpected error).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitError = 2;

struct Command {
  std::string name;
  std::string summary;
  std::vector<OptionSpec> options;
  int (*run)(const ParsedArgs& args);
  bool takes_positionals = false;
  std::string synopsis = {};  // what follows the command name in its usage line, if not [OPTIONS]
};

Command VersionCommand();
Command DebugCommand();
Command JinjaCommand();
Command SourcesCommand();
Command ParseCommand();
Command LsCommand();
Command CompileCommand();
Command RunCommand();
Command TestCommand();
Command SeedCommand();
Command BuildCommand();
Command SnapshotCommand();
Command RunOperationCommand();
Command ShowCommand();
Command RetryCommand();
Command CleanCommand();

// Runs exactly the nodes `ids` as the command `which` (run, build, ...) would (retry).
int RunNodes(const ParsedArgs& args, const std::string& which, const std::set<std::string>& ids);

// The options every project command takes to find its files.
std::vector<OptionSpec> ProjectOptions();

}  // namespace lakedev::cli
