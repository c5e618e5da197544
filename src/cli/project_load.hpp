// Parsing the project a command runs on: dbt_project.yml, installed packages, the
// target from profiles.yml, --vars; the options every manifest command takes.
#pragma once

#include <memory>
#include <set>

#include "cli/args.hpp"
#include "parse/parser.hpp"

namespace lakedev::cli {

// --project-dir, --profiles-dir, --profile, --target, --vars.
std::vector<OptionSpec> ManifestOptions();
// --select, --exclude, --selector, --resource-type, --indirect-selection.
std::vector<OptionSpec> SelectionOptions();

// The parsed project, kept until the process exits: freeing a large manifest object by
// object costs more than the exit that follows the command.
struct ResolvedTarget;

// `invocation_id`: the command's id when it already has one (empty: a new one);
// `resolved`: the project and target when the command located them already.
parse::ParsedProject& LoadProject(const ParsedArgs& args, const std::string& invocation_id = "",
                                  const ResolvedTarget* resolved = nullptr);

// Words of repeatable options that may each hold several ("a b" "c" -> a, b, c).
std::vector<std::string> SplitWords(const std::vector<std::string>& values);

// The unique_ids --select/--exclude/--selector pick, limited to `resource_types` (all when
// empty). Throws Error on a cycle in the graph or a bad selector.
std::set<std::string> SelectNodes(const ParsedArgs& args, const parse::ParsedProject& project,
                                  const std::set<std::string>& resource_types);

// Writes target/manifest.json (atomically).
void WriteManifest(const parse::ParsedProject& project);

// The absolute target directory of the project.
std::string TargetDir(const parse::ParsedProject& project);

}  // namespace lakedev::cli
