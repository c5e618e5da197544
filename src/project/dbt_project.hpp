// A dbt project as dbt-core reads it from dbt_project.yml: its name, where its files are,
// its vars and the config trees (`models:`, `seeds:`, ...) that give nodes their config.
// The root project and every installed package are each one DbtProject.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jinja/value.hpp"
#include "yaml/node.hpp"

namespace lakedev::project {

struct DispatchEntry {
  std::string macro_namespace;
  std::vector<std::string> search_order;
};

struct DbtProject {
  std::string dir;   // the project's directory
  std::string file;  // its dbt_project.yml
  std::string name;
  std::optional<std::string> profile;
  std::string version;
  std::vector<std::string> model_paths{"models"};
  std::vector<std::string> seed_paths{"seeds"};
  std::vector<std::string> test_paths{"tests"};
  std::vector<std::string> macro_paths{"macros"};
  std::vector<std::string> snapshot_paths{"snapshots"};
  std::vector<std::string> analysis_paths{"analyses"};
  std::vector<std::string> docs_paths;  // empty: dbt then looks in every other path
  std::string target_path = "target";
  std::vector<std::string> clean_targets;  // empty: [target_path], as dbt
  std::string packages_install_path = "dbt_packages";
  // `vars:` as written: top-level keys are global, a key naming a project scopes a dict.
  jinja::Value vars = jinja::Value::MakeDict();
  // Config trees by resource key ("models", "seeds", "snapshots", "data_tests", "sources",
  // "analyses", ...); `tests:` is read as "data_tests" as dbt does.
  std::map<std::string, yaml::Node> config_trees;
  std::vector<std::string> on_run_start;
  std::vector<std::string> on_run_end;
  std::vector<DispatchEntry> dispatch;
  jinja::Value quoting = jinja::Value::MakeDict();
  yaml::Node root;
};

// Reads `dir`/dbt_project.yml. Throws Error(kYaml/kConfig) with file:line:column.
DbtProject LoadDbtProject(const std::string& dir);

// The packages installed under the root project's packages-install-path, each a
// directory with a dbt_project.yml, in name order (dbt's order for equal precedence).
std::vector<DbtProject> LoadInstalledPackages(const DbtProject& root);

}  // namespace lakedev::project
