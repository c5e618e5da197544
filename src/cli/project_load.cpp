#include "cli/project_load.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "cli/commands.hpp"
#include "cli/target.hpp"
#include "context/digest.hpp"
#include "graph/selector.hpp"
#include "manifest/manifest_json.hpp"
#include "project/locate.hpp"
#include "project/yaml_value.hpp"
#include "yaml/parse.hpp"

namespace lakedev::cli {
namespace fs = std::filesystem;

std::vector<OptionSpec> ManifestOptions() {
  std::vector<OptionSpec> options = ProjectOptions();
  options.push_back({"--vars", "", "YAML", "variables as a YAML dict, over the project's vars"});
  return options;
}

std::vector<OptionSpec> SelectionOptions() {
  OptionSpec select{"--select", "-s", "SELECTOR", "nodes to include (dbt's selector syntax)"};
  select.multi = true;
  OptionSpec models{"--models", "-m", "SELECTOR", "the older spelling of --select"};
  models.multi = true;
  OptionSpec exclude{"--exclude", "", "SELECTOR", "nodes to leave out"};
  exclude.multi = true;
  OptionSpec types{"--resource-type", "", "TYPE", "only these resource types (repeatable)"};
  types.multi = true;
  return {select,
          models,
          exclude,
          types,
          {"--selector", "", "NAME", "a selector from selectors.yml"},
          {"--indirect-selection", "", "MODE",
           "tests of selected nodes: eager, cautious, "
           "buildable, empty (default eager)"}};
}

parse::ParsedProject& LoadProject(const ParsedArgs& args, const std::string& invocation_id,
                                  const ResolvedTarget* located) {
  ResolvedTarget resolved = located ? *located : ResolveTarget(args);
  parse::ParseSettings settings;
  std::string dir = fs::path(resolved.project.path).parent_path().string();
  if (dir.empty()) dir = ".";
  settings.root = project::LoadDbtProject(dir);
  settings.packages = project::LoadInstalledPackages(settings.root);
  settings.target = resolved.target;
  settings.invocation_id = invocation_id.empty() ? context::Uuid4() : invocation_id;
  if (auto vars = args.Value("--vars")) {
    yaml::Node node = yaml::Parse(*vars, "--vars");
    if (!node.IsNull() && !node.IsMapping()) {
      throw Error(ErrorKind::kUsage,
                  "--vars must be a YAML dictionary, for example "
                  "--vars '{my_var: 1}'");
    }
    if (node.IsMapping()) settings.cli_vars = project::ToValue(node);
  }
  // Never freed (reachable from this static, so leak checkers stay quiet).
  static parse::ParsedProject* kept = nullptr;
  kept = parse::ParseProject(std::move(settings)).release();
  return *kept;
}

std::vector<std::string> SplitWords(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    size_t start = 0;
    while (start < v.size()) {
      size_t end = v.find_first_of(" \t", start);
      if (end == std::string::npos) end = v.size();
      if (end > start) out.push_back(v.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

std::set<std::string> SelectNodes(const ParsedArgs& args, const parse::ParsedProject& project,
                                  const std::set<std::string>& resource_types) {
  graph::Graph graph(project.manifest);
  // As dbt: a cycle stops every command that works on the graph (parse alone passes).
  if (std::vector<std::string> cycle = graph.FindCycle(); !cycle.empty()) {
    std::string path;
    for (auto it = cycle.rbegin(); it != cycle.rend(); ++it) {
      path += (path.empty() ? "" : " --> ") + *it;
    }
    throw Error(ErrorKind::kConfig, "Found a cycle: " + path, {},
                "remove one of the refs on this path");
  }
  graph::SelectionRequest request;
  request.select = args.Values("--select");
  for (const auto& m : args.Values("--models"))
    request.select.push_back(m);
  request.exclude = args.Values("--exclude");
  request.project_dir = project.settings.root.dir;
  if (auto mode = args.Value("--indirect-selection"))
    request.indirect = graph::ParseIndirect(*mode);
  if (auto name = args.Value("--selector")) {
    const jinja::Value* entry = project.manifest.selectors.AsDict().Find(*name);
    if (!entry) {
      throw Error(ErrorKind::kUsage, "Could not find selector named " + *name, {},
                  "define it in selectors.yml beside dbt_project.yml");
    }
    request.definition = *entry->AsDict().Find("definition");
  }
  std::set<std::string> selected = graph::Select(project.manifest, graph, request);
  std::set<std::string> out;
  for (const auto& id : selected) {
    std::string type = id.substr(0, id.find('.'));
    if (resource_types.empty() || resource_types.count(type)) out.insert(id);
  }
  return out;
}

std::string TargetDir(const parse::ParsedProject& project) {
  return (fs::path(project.settings.root.dir) / project.settings.root.target_path).string();
}

void WriteManifest(const parse::ParsedProject& project) {
  manifest::ManifestMetadata md;
  md.dbt_version = "1.11.16";
  md.project_name = project.settings.root.name;
  md.adapter_type = project.settings.target.type;
  auto now = std::chrono::system_clock::now();
  md.generated_at = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  std::string text = manifest::ManifestJson(project.manifest, md);
  fs::path dir = TargetDir(project);
  fs::create_directories(dir);
  fs::path tmp = dir / "manifest.json.tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) throw Error(ErrorKind::kIo, "could not write " + tmp.string());
  }
  fs::rename(tmp, dir / "manifest.json");
}

}  // namespace lakedev::cli
