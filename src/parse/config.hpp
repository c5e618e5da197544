// Node config as dbt resolves it: the resource type's defaults, then the config trees of
// the node's own project and of the root project (walked along the node's fqn), then the
// properties file's `config:`, then config() calls in the node's SQL — merging each key
// the way dbt does (tags and hooks append, meta/grants/docs/... update, the rest replace).
#pragma once

#include <functional>
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
  // `rendered`: values holding Jinja rendered natively by the renderer set below (dbt
  // renders dbt_project.yml's configs, hooks aside); else as written (unrendered_config).
  std::vector<jinja::DictPtr> Levels(const project::DbtProject& project,
                                     manifest::ResourceType type,
                                     const std::vector<std::string>& fqn, bool rendered = false);
  void set_renderer(std::function<jinja::Value(const jinja::Value&)> render) {
    render_ = std::move(render);
  }

 private:
  jinja::DictPtr Converted(const yaml::Node& level, bool rendered);
  std::unordered_map<const yaml::Node*, jinja::DictPtr> converted_;
  std::unordered_map<const yaml::Node*, jinja::DictPtr> rendered_;
  std::function<jinja::Value(const jinja::Value&)> render_;
};

// dbt's native rendering of a config value: a string holding Jinja becomes the value it
// renders to (a lone `{{ expr }}` its value; other text the Python literal it spells, or
// the text); lists and dicts are rendered item by item; hooks are left for run time.
// `evaluate` gives the value of an expression, `render` a template's text.
jinja::Value RenderConfigValue(const jinja::Value& value,
                               const std::function<jinja::Value(const std::string&)>& evaluate,
                               const std::function<std::string(const std::string&)>& render);

// `pre_hook` -> `pre-hook`, and hooks given as a string become a list.
void NormalizeConfigKeys(jinja::Dict& config);

}  // namespace lakedev::parse
