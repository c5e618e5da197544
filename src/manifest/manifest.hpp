// The manifest: every resource of a project and its packages after parsing, as dbt-core's
// manifest.json describes it (nodes, sources, macros, docs), plus the graph edges.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "jinja/ast.hpp"
#include "jinja/value.hpp"

namespace lakedev::manifest {

enum class ResourceType {
  kModel,
  kSeed,
  kSnapshot,
  kTest,
  kAnalysis,
  kOperation,
  kSource,
  kMacro,
  kUnitTest
};
std::string_view ResourceTypeName(ResourceType type);  // "model", "seed", ...

struct RefCall {
  std::string name;
  std::optional<std::string> package;
  std::optional<std::string> version;                     // str() of the version, to match
  jinja::Value version_value = jinja::Value::MakeNone();  // as given (ref('m', v=1) -> 1)
};

struct Column {
  std::string name;
  std::string description;
  std::optional<std::string> data_type;
  jinja::Value meta = jinja::Value::MakeDict();
  std::vector<std::string> tags;
  bool quote_set = false;
  bool quote = false;
  // Contract constraints, each {type, name, expression, warn_unenforced, warn_unsupported,
  // to, to_columns} as dbt records them.
  jinja::Value constraints = jinja::Value::List();
};

struct TestMetadata {
  std::string name;                                // not_null, accepted_values, ...
  std::optional<std::string> namespace_;           // dbt_utils for dbt_utils.expression_is_true
  jinja::Value kwargs = jinja::Value::MakeDict();  // as dbt records them
};

// A node: model, seed, snapshot, test (singular or generic), analysis, hook.
struct Node {
  ResourceType resource_type = ResourceType::kModel;
  std::string unique_id;
  std::string name;
  std::string package_name;
  std::string path;                // relative to the model/seed/... directory
  std::string original_file_path;  // relative to the project
  std::string root_dir;            // the project directory it came from
  std::string raw_code;
  std::string language = "sql";
  std::vector<std::string> fqn;
  std::string database;
  std::string schema;
  std::string alias;
  std::optional<std::string> relation_name;
  jinja::DictPtr config;             // resolved, every key of its resource type
  jinja::DictPtr unrendered_config;  // what was written, before defaults
  std::vector<RefCall> refs;
  std::vector<std::vector<std::string>> sources;  // [source_name, table_name]
  std::vector<std::string> depends_on_nodes;
  std::vector<std::string> depends_on_macros;
  std::vector<std::string> tags;
  std::string description;
  std::vector<Column> columns;
  jinja::Value constraints = jinja::Value::List();  // model-level contract constraints
  jinja::Value meta = jinja::Value::MakeDict();
  std::string checksum;  // sha256 of the file
  std::optional<std::string> patch_path;
  std::optional<std::string> version;  // as str(), for matching
  std::optional<std::string> latest_version;
  jinja::Value version_value = jinja::Value::MakeNone();  // as written in YAML (1, "1.5")
  jinja::Value latest_version_value = jinja::Value::MakeNone();
  std::optional<std::string> deprecation_date;
  // Generic tests only.
  std::optional<TestMetadata> test_metadata;
  std::optional<std::string> column_name;
  std::optional<std::string> attached_node;
  std::optional<std::string> file_key_name;
  // Unit tests only: {model, given, expect, overrides} as written (given/expect with
  // format and fixture filled in as dbt records them).
  jinja::Value unit_test = jinja::Value::MakeNone();
  // After compile.
  std::optional<std::string> compiled_code;
  std::vector<std::pair<std::string, std::string>> extra_ctes;  // (id, sql)
  bool enabled = true;
  std::shared_ptr<const jinja::TemplateAst> ast;  // the parsed raw_code
  // While a microbatch model runs one batch: {id, event_time_start, event_time_end} (None
  // otherwise), and the batch's name ("2024-01-02") that its compiled file carries.
  jinja::Value batch = jinja::Value::MakeNone();
  std::string batch_name;
};

struct Source {
  std::string unique_id;
  std::string source_name;
  std::string name;
  std::string identifier;
  std::string package_name;
  std::string path;
  std::string original_file_path;
  std::vector<std::string> fqn;
  std::string database;
  std::string schema;
  std::string relation_name;
  std::string description;
  std::string source_description;
  std::string loader;
  std::optional<std::string> loaded_at_field;
  jinja::Value freshness = jinja::Value::MakeNone();
  jinja::Value quoting = jinja::Value::MakeDict();
  jinja::Value meta = jinja::Value::MakeDict();
  jinja::Value source_meta = jinja::Value::MakeDict();
  std::vector<std::string> tags;
  std::vector<Column> columns;
  jinja::DictPtr config;
  jinja::DictPtr unrendered_config;
  bool enabled = true;
};

// An exposure (a dashboard, an application) and what it depends on.
struct Exposure {
  std::string unique_id;
  std::string name;
  std::string package_name;
  std::string path;
  std::string original_file_path;
  std::vector<std::string> fqn;
  std::string type;
  jinja::Value label = jinja::Value::MakeNone();
  jinja::Value maturity = jinja::Value::MakeNone();
  jinja::Value url = jinja::Value::MakeNone();
  jinja::Value owner = jinja::Value::MakeDict();
  std::string description;
  std::vector<RefCall> refs;
  std::vector<std::vector<std::string>> sources;
  std::vector<std::string> depends_on_nodes;
  std::vector<std::string> tags;
  jinja::Value meta = jinja::Value::MakeDict();
  jinja::DictPtr config;
  jinja::DictPtr unrendered_config;
  bool enabled = true;
};

struct Macro {
  std::string unique_id;  // macro.<package>.<name>
  std::string name;
  std::string package_name;
  std::string path;
  std::string original_file_path;
  std::string macro_sql;
  std::string description;
  std::optional<std::string> patch_path;
  jinja::Value arguments = jinja::Value::List();
  jinja::Value meta = jinja::Value::MakeDict();
  jinja::Value docs = jinja::Value::MakeNone();  // none: {show: true, node_color: null}
  jinja::Value supported_languages = jinja::Value::MakeNone();
  std::shared_ptr<jinja::MacroDef> def;
  std::shared_ptr<const jinja::TemplateAst> ast;  // the file it came from (owns def's strings)
  std::vector<std::string> depends_on_macros;
};

struct Doc {
  std::string unique_id;
  std::string name;
  std::string package_name;
  std::string path;
  std::string original_file_path;
  std::string block_contents;
};

struct Manifest {
  std::string root_project;
  std::map<std::string, std::unique_ptr<Node>> nodes;  // by unique_id
  std::map<std::string, std::unique_ptr<Source>> sources;
  std::map<std::string, std::unique_ptr<Exposure>> exposures;
  std::map<std::string, std::unique_ptr<Macro>> macros;
  std::map<std::string, Doc> docs;
  std::vector<std::unique_ptr<Node>> disabled;
  jinja::Value selectors = jinja::Value::MakeDict();  // selectors.yml entries by name
  std::map<std::string, std::vector<std::string>> parent_map;
  std::map<std::string, std::vector<std::string>> child_map;

  // Fills parent_map and child_map from depends_on (sorted, as dbt writes them).
  void BuildMaps();

  // The model/seed/snapshot `ref` names, as dbt resolves it from a node of
  // `from_package`: the given package only; else the root project, then the node's own
  // package, then any. nullptr when there is none.
  const Node* ResolveRef(const std::string& from_package, const RefCall& ref) const;
  const Source* FindSource(const std::string& source_name, const std::string& table) const;

 private:
  // Lookup indexes, rebuilt when the number of nodes or sources changed since.
  void IndexIfChanged() const;
  mutable std::unordered_map<std::string, std::vector<const Node*>> refable_by_name_;
  mutable std::map<std::pair<std::string, std::string>, const Source*> source_by_name_;
  mutable size_t indexed_nodes_ = SIZE_MAX;
  mutable size_t indexed_sources_ = SIZE_MAX;
};

}  // namespace lakedev::manifest
