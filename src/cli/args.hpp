// Command-line options in dbt's style: --name value, --name=value, -t value, flags.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakedev::cli {

struct OptionSpec {
  std::string name;        // "--project-dir"
  std::string short_name;  // "-t", or empty
  std::string metavar;     // "DIR" for options taking a value; empty for flags
  std::string help;
  // Takes every following argument up to the next option, as dbt's --select does
  // (`-s a b` selects a and b).
  bool multi = false;
};

class ParsedArgs {
 public:
  // The last value given for `name` (dbt's options keep the last one).
  std::optional<std::string> Value(std::string_view name) const;
  // Every value given for a repeatable option, in order.
  std::vector<std::string> Values(std::string_view name) const;
  bool Flag(std::string_view name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend ParsedArgs ParseArgs(const std::vector<OptionSpec>&, const std::vector<std::string>&);
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, std::vector<std::string>, std::less<>> all_values_;
  std::vector<std::string> positionals_;
};

// Throws Error(kUsage) for unknown options ("did you mean ...?") and missing values.
ParsedArgs ParseArgs(const std::vector<OptionSpec>& specs, const std::vector<std::string>& args);

// The options block of --help.
std::string OptionsHelp(const std::vector<OptionSpec>& specs);

}  // namespace lakedev::cli
