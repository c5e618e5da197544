#include "cli/app.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "common/error.hpp"

namespace lakedev::cli {

namespace {

std::vector<Command> AllCommands() {
  return {BuildCommand(),    CleanCommand(),        CompileCommand(), DebugCommand(),
          JinjaCommand(),    LsCommand(),           ParseCommand(),   RetryCommand(),
          RunCommand(),      RunOperationCommand(), SeedCommand(),    ShowCommand(),
          SnapshotCommand(), SourcesCommand(),      TestCommand(),    VersionCommand()};
}

void PrintUsage(const std::vector<Command>& commands) {
  std::string text =
      "Usage: lakedev [--version] [--help] COMMAND [OPTIONS]\n\n"
      "Develop dbt projects locally on DuckDB over Iceberg, and run them on Trino.\n\n"
      "Commands:\n";
  size_t width = 14;
  for (const auto& c : commands)
    width = std::max(width, c.name.size() + 4);
  for (const auto& c : commands) {
    std::string name = "  " + c.name;
    name.resize(width, ' ');
    text += name + c.summary + "\n";
  }
  text += "\nRun 'lakedev COMMAND --help' for a command's options.\n";
  std::fputs(text.c_str(), stdout);
}

void PrintError(const Error& e) {
  std::string text = "Error: " + FormatError(e);
  std::fputs(text.c_str(), stderr);
}

}  // namespace

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<Command> commands = AllCommands();
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintUsage(commands);
    return args.empty() ? kExitError : kExitOk;
  }
  if (args[0] == "--version" || args[0] == "-V") args[0] = "version";
  try {
    for (const Command& c : commands) {
      if (c.name != args[0]) continue;
      std::vector<std::string> rest(args.begin() + 1, args.end());
      for (const auto& a : rest) {
        if (a == "--help" || a == "-h") {
          std::string text = "Usage: lakedev " + c.name + " " +
                             (c.synopsis.empty() ? "[OPTIONS]" : c.synopsis) + "\n\n" + c.summary +
                             "\n\n" + OptionsHelp(c.options);
          std::fputs(text.c_str(), stdout);
          return kExitOk;
        }
      }
      ParsedArgs parsed = ParseArgs(c.options, rest);
      if (!c.takes_positionals && !parsed.positionals().empty()) {
        throw Error(ErrorKind::kUsage, "unexpected argument '" + parsed.positionals()[0] + "'", {},
                    "see 'lakedev " + c.name + " --help'");
      }
      return c.run(parsed);
    }
    throw Error(ErrorKind::kUsage, "no such command '" + args[0] + "'", {},
                "run 'lakedev --help' for the list of commands");
  } catch (const Error& e) {
    PrintError(e);
    return kExitError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "Internal error: %s\n", e.what());
    return kExitError;
  }
}

}  // namespace lakedev::cli
