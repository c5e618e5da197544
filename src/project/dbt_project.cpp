#include "project/dbt_project.hpp"

#include <algorithm>
#include <filesystem>

#include "common/paths.hpp"
#include "project/yaml_checks.hpp"
#include "project/yaml_value.hpp"
#include "yaml/parse.hpp"

namespace lakedev::project {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> StringList(const YamlChecker& check, const yaml::Node& node,
                                    std::string_view key) {
  std::vector<std::string> out;
  if (node.IsString()) {
    out.push_back(node.AsString());
    return out;
  }
  if (!node.IsSequence()) {
    throw check.At(node, "'" + std::string(key) + "' must be a list of strings",
                   "write it as `" + std::string(key) + ": [\"a\", \"b\"]`");
  }
  for (const auto& item : node.items())
    out.push_back(check.String(item, key));
  return out;
}

// on-run-start / on-run-end: a string or a list of strings.
std::vector<std::string> Hooks(const YamlChecker& check, const yaml::Node* node,
                               std::string_view key) {
  if (!node || node->IsNull()) return {};
  return StringList(check, *node, key);
}

}  // namespace

DbtProject LoadDbtProject(const std::string& dir) {
  DbtProject p;
  p.dir = dir;
  p.file = JoinPath(dir, "dbt_project.yml");
  std::string text = ReadFile(p.file);
  p.root = yaml::Parse(text, p.file);
  YamlChecker check(text, p.file);
  check.Mapping(p.root, "dbt_project.yml");
  const yaml::Node* name = p.root.Find("name");
  if (!name) {
    throw check.At(p.root, "dbt_project.yml has no 'name'",
                   "add a line `name: my_project` (letters, digits and underscores)");
  }
  p.name = check.String(*name, "name");
  if (const yaml::Node* n = p.root.Find("profile"); n && !n->IsNull()) {
    p.profile = check.String(*n, "profile");
  }
  if (const yaml::Node* n = p.root.Find("version"); n && !n->IsNull()) p.version = n->ScalarText();
  struct PathKey {
    const char* key;
    std::vector<std::string>* out;
  };
  for (auto [key, out] :
       {PathKey{"model-paths", &p.model_paths}, PathKey{"seed-paths", &p.seed_paths},
        PathKey{"test-paths", &p.test_paths}, PathKey{"macro-paths", &p.macro_paths},
        PathKey{"snapshot-paths", &p.snapshot_paths}, PathKey{"analysis-paths", &p.analysis_paths},
        PathKey{"docs-paths", &p.docs_paths}, PathKey{"clean-targets", &p.clean_targets}}) {
    if (const yaml::Node* n = p.root.Find(key); n && !n->IsNull())
      *out = StringList(check, *n, key);
  }
  if (const yaml::Node* n = p.root.Find("target-path"); n && !n->IsNull()) {
    p.target_path = check.String(*n, "target-path");
  }
  if (const yaml::Node* n = p.root.Find("packages-install-path"); n && !n->IsNull()) {
    p.packages_install_path = check.String(*n, "packages-install-path");
  }
  if (const yaml::Node* n = p.root.Find("vars"); n && !n->IsNull()) {
    check.Mapping(*n, "vars");
    p.vars = ToValue(*n);
  }
  if (const yaml::Node* n = p.root.Find("quoting"); n && !n->IsNull()) {
    check.Mapping(*n, "quoting");
    p.quoting = ToValue(*n);
  }
  for (const char* key : {"models", "seeds", "snapshots", "sources", "analyses", "exposures",
                          "metrics", "semantic-models", "saved-queries", "unit_tests"}) {
    if (const yaml::Node* n = p.root.Find(key); n && !n->IsNull()) {
      check.Mapping(*n, key);
      p.config_trees[key] = *n;
    }
  }
  // dbt reads `tests:` as the older spelling of `data_tests:`; both at once is an error.
  const yaml::Node* tests = p.root.Find("tests");
  const yaml::Node* data_tests = p.root.Find("data_tests");
  if (tests && data_tests) {
    throw check.At(*p.root.FindKey("tests"), "dbt_project.yml has both 'tests' and 'data_tests'",
                   "keep only `data_tests:`");
  }
  if (const yaml::Node* n = data_tests ? data_tests : tests; n && !n->IsNull()) {
    check.Mapping(*n, "data_tests");
    p.config_trees["data_tests"] = *n;
  }
  p.on_run_start = Hooks(check, p.root.Find("on-run-start"), "on-run-start");
  p.on_run_end = Hooks(check, p.root.Find("on-run-end"), "on-run-end");
  if (const yaml::Node* n = p.root.Find("dispatch"); n && !n->IsNull()) {
    if (!n->IsSequence()) throw check.At(*n, "'dispatch' must be a list");
    for (const auto& entry : n->items()) {
      check.Mapping(entry, "a dispatch entry");
      DispatchEntry d;
      const yaml::Node* ns = entry.Find("macro_namespace");
      const yaml::Node* order = entry.Find("search_order");
      if (!ns || !order) {
        throw check.At(entry, "a dispatch entry needs 'macro_namespace' and 'search_order'");
      }
      d.macro_namespace = check.String(*ns, "macro_namespace");
      d.search_order = StringList(check, *order, "search_order");
      p.dispatch.push_back(std::move(d));
    }
  }
  return p;
}

std::vector<DbtProject> LoadInstalledPackages(const DbtProject& root) {
  std::vector<DbtProject> out;
  fs::path dir = fs::path(root.dir) / root.packages_install_path;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "dbt_project.yml")) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs)
    out.push_back(LoadDbtProject(d.string()));
  return out;
}

}  // namespace lakedev::project
