// Node config as dbt resolves it: the resource type's defaults, then the config trees of
// the node's own project and of the root project (walked along the node's fqn), then the
// properties file's `config:`, then config() calls in the node's SQL — merging each key
// the way dbt does (tags and hooks append, meta/grants/docs/... update, the rest replace).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "jinja/value.hpp"
#include "manifest/manifest.hpp"
#include "project/dbt_project.hpp"

namespace lakedev::parse {

// Every config key of `type` with dbt-duckdb's default, in manifest order.
jinja::DictPtr DefaultConfig(manifest::ResourceType type);

// The config-tree key of dbt_project.yml for a resource type ("models", "seeds", ...).
const char* ConfigTreeKey(manifest::ResourceType type);

// Merges `update` into `into` with dbt's per-key behaviour.
void MergeConfig(jinja::Dict& into, const jinja::Dict& update);

// The configs the project's tree gives a node with this fqn, level by level (the `+` and
// non-mapping keys of each level along the fqn).
std::vector<jinja::DictPtr> ProjectTreeConfigs(const project::DbtProject& project,
                                               manifest::ResourceType type,
                                               const std::vector<std::string>& fqn);

// The same, converting each level of the tree once (a parse asks for every node).
class ConfigTreeCache {
 public:
  std::vector<jinja::DictPtr> Levels(const project::DbtProject& project,
                                     manifest::ResourceType type,
                                     const std::vector<std::string>& fqn);

 private:
  jinja::DictPtr Converted(const yaml::Node& level);
  std::unordered_map<const yaml::Node*, jinja::DictPtr> converted_;
};

// `pre_hook` -> `pre-hook`, and hooks given as a string become a list.
void NormalizeConfigKeys(jinja::Dict& config);

}  // namespace lakedev::parse
