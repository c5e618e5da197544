// Properties files (models/*.yml and friends): what they say about models, seeds,
// snapshots, analyses, macros and sources, read into plain structs with the location of
// every entry for error messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jinja/value.hpp"
#include "manifest/manifest.hpp"
#include "yaml/node.hpp"

namespace lakedev::parse {

// One entry of a `data_tests:` (or `tests:`) list, as written.
struct TestSpec {
  yaml::Node node;                    // the list entry (a string or a one-key mapping)
  std::optional<std::string> column;  // the column it was declared under, if any
};

struct ColumnSpec {
  manifest::Column column;
  std::vector<TestSpec> tests;
};

// One entry of a model's `versions:`.
struct VersionSpec {
  jinja::Value v;     // as written (1, 2, "1.5")
  std::string label;  // str(v)
  std::optional<std::string> defined_in;
  jinja::DictPtr config = std::make_shared<jinja::Dict>();
  std::optional<std::string> description;
  std::optional<std::string> deprecation_date;
  // The version's own columns; `include`/`exclude` say which of the model's it keeps.
  bool has_columns = false;
  bool include_all = true;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::vector<ColumnSpec> columns;
  std::vector<TestSpec> tests;
};

// A model/seed/snapshot/analysis entry: a patch to the node of that name.
struct NodePatch {
  std::string key;  // "models", "seeds", "snapshots", "analyses"
  std::string name;
  std::string file;  // original_file_path of the yml
  SourceLocation where;
  std::optional<std::string> description;
  jinja::DictPtr config = std::make_shared<jinja::Dict>();
  std::vector<ColumnSpec> columns;
  std::vector<TestSpec> tests;  // model-level
  jinja::Value constraints = jinja::Value::List();
  jinja::Value meta = jinja::Value::MakeDict();
  bool has_meta = false;
  std::vector<std::string> tags;
  jinja::Value docs = jinja::Value::MakeNone();
  std::optional<std::string> relation;  // snapshots defined in YAML: what they snapshot
  std::vector<VersionSpec> versions;
  std::optional<jinja::Value> latest_version;
  std::optional<std::string> deprecation_date;
};

// The columns a version has: the model's (all, or those `include` names, less `exclude`)
// then the version's own, which replace a model column of the same name.
std::vector<ColumnSpec> VersionColumns(const NodePatch& patch, const VersionSpec& version);

// dbt's deprecation_date as it writes it: a date becomes midnight UTC in ISO 8601.
std::string DeprecationDate(const yaml::Node& node);

// What a source and its tables both may set at top level (older spelling of config).
struct SourceSpecBase {
  std::optional<std::string> loaded_at_field;
  jinja::Value freshness = jinja::Value::MakeNone();
  bool has_freshness = false;
};

struct SourceTableSpec : SourceSpecBase {
  yaml::Node node;
  std::string name;
  std::optional<std::string> identifier;
  std::string description;
  std::vector<ColumnSpec> columns;
  std::vector<TestSpec> tests;
  jinja::Value meta = jinja::Value::MakeDict();
  std::vector<std::string> tags;
  jinja::Value quoting = jinja::Value::MakeDict();
  jinja::DictPtr config = std::make_shared<jinja::Dict>();
};

struct SourceSpec : SourceSpecBase {
  std::string name;
  std::string loader;
  std::string file;
  std::optional<std::string> database;
  std::optional<std::string> schema;
  std::string description;
  jinja::Value meta = jinja::Value::MakeDict();
  std::vector<std::string> tags;
  jinja::Value quoting = jinja::Value::MakeDict();
  jinja::DictPtr config = std::make_shared<jinja::Dict>();
  std::vector<SourceTableSpec> tables;
};

struct MacroPatch {
  std::string name;
  std::string file;
  std::string description;
  jinja::Value arguments = jinja::Value::List();  // [{name, type, description}]
  jinja::Value meta = jinja::Value::MakeDict();
  jinja::Value docs = jinja::Value::MakeNone();
};

struct PropertiesFile {
  std::string file;  // original_file_path
  std::vector<NodePatch> patches;
  std::vector<SourceSpec> sources;
  std::vector<MacroPatch> macros;
  std::vector<yaml::Node> exposures;   // as written; the parser reads them
  std::vector<yaml::Node> unit_tests;  // as written; the parser reads them
};

// The resource type a properties key patches ("models" -> model, "data_tests" -> test).
manifest::ResourceType PatchResourceType(const std::string& key);

// Reads one properties file. Throws Error with file:line:column on bad shapes.
PropertiesFile ReadPropertiesFile(const std::string& absolute, const std::string& original_path);

}  // namespace lakedev::parse
