#include "cli/args.hpp"

#include <algorithm>

#include "common/error.hpp"

namespace lakedev::cli {

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

const OptionSpec* Find(const std::vector<OptionSpec>& specs, std::string_view name) {
  for (const auto& s : specs) {
    if (s.name == name || (!s.short_name.empty() && s.short_name == name)) return &s;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> ParsedArgs::Value(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> ParsedArgs::Values(std::string_view name) const {
  auto it = all_values_.find(name);
  if (it == all_values_.end()) return {};
  return it->second;
}

bool ParsedArgs::Flag(std::string_view name) const {
  return values_.find(name) != values_.end();
}

ParsedArgs ParseArgs(const std::vector<OptionSpec>& specs, const std::vector<std::string>& args) {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') {
      parsed.positionals_.push_back(arg);
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const OptionSpec* spec = Find(specs, name);
    if (!spec) {
      std::string message = "no such option: " + name;
      std::string best;
      size_t best_distance = 3;
      for (const auto& s : specs) {
        size_t d = EditDistance(name, s.name);
        if (d < best_distance) best_distance = d, best = s.name;
      }
      throw Error(ErrorKind::kUsage, message, {},
                  best.empty() ? "see --help for the options" : "did you mean " + best + "?");
    }
    if (spec->metavar.empty()) {
      if (inline_value) throw Error(ErrorKind::kUsage, "option " + name + " does not take a value");
      parsed.values_[spec->name] = "";
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        throw Error(ErrorKind::kUsage,
                    "option " + name + " requires a value (" + spec->metavar + ")");
      }
      inline_value = args[++i];
    }
    parsed.values_[spec->name] = *inline_value;
    parsed.all_values_[spec->name].push_back(*inline_value);
    while (spec->multi && i + 1 < args.size() &&
           !(args[i + 1].size() >= 2 && args[i + 1][0] == '-')) {
      parsed.values_[spec->name] = args[++i];
      parsed.all_values_[spec->name].push_back(args[i]);
    }
  }
  return parsed;
}

std::string OptionsHelp(const std::vector<OptionSpec>& specs) {
  std::string out = "Options:\n";
  for (const auto& s : specs) {
    std::string left = "  " + (s.short_name.empty() ? "" : s.short_name + ", ") + s.name +
                       (s.metavar.empty() ? "" : " " + s.metavar);
    if (left.size() < 30)
      left.resize(30, ' ');
    else
      left += "  ";
    out += left + s.help + "\n";
  }
  return out;
}

}  // namespace lakedev::cli
