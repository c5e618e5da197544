#include "parse/generic_tests.hpp"

#include <algorithm>
#include <filesystem>
#include <regex>

#include "context/digest.hpp"
#include "jinja/error.hpp"
#include "jinja/parser.hpp"
#include "parse/config.hpp"
#include "project/yaml_value.hpp"

namespace lakedev::parse {
namespace fs = std::filesystem;
using jinja::Dict;
using jinja::DictPtr;
using jinja::Value;
using manifest::Node;
using manifest::ResourceType;

namespace {

// The argument keys dbt moves from a test's arguments into its config, in this order.
const char* const kConfigArgs[] = {
    "severity",  "tags",           "enabled",           "where", "limit",    "warn_if", "error_if",
    "fail_calc", "store_failures", "store_failures_as", "meta",  "database", "schema",  "alias"};

// Each run of characters other than ASCII letters, digits and _ becomes one "_".
std::string CleanPart(const std::string& s) {
  std::string out;
  bool in_run = false;
  for (char c : s) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (ok) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  return out;
}

// The metadata dbt hashes into a test's unique_id: dicts with sorted keys, every leaf str().
Value Hashable(const Value& v) {
  if (v.IsDict()) {
    std::vector<std::pair<std::string, Value>> items;
    for (const auto& [k, val] : v.AsDict().entries())
      items.emplace_back(k.Str(), val);
    std::sort(items.begin(), items.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    Value out = Value::MakeDict();
    for (const auto& [k, val] : items)
      out.AsDict().Set(Value::String(k), Hashable(val));
    return out;
  }
  if (v.IsSequence()) {
    std::vector<Value> items;
    for (const auto& item : v.Items())
      items.push_back(Hashable(item));
    return Value::List(std::move(items));
  }
  return Value::String(v.Str());
}

// How dbt writes a config value into a test's raw_code: strings double-quoted (only `"`
// escaped), everything else as Python's str().
std::string ConfigLiteral(const Value& v) {
  if (!v.IsString()) return v.Str();
  std::string out = "\"";
  for (char c : v.AsString()) {
    if (c == '"')
      out += "\\\"";
    else
      out += c;
  }
  return out + "\"";
}

bool IsJinjaCall(const std::string& s) {
  static const std::regex re(R"(^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$)");
  return std::regex_match(s, re);
}

std::string QuoteArg(const std::string& s) {
  return Value::String(s).Repr();
}

}  // namespace

TestName GenericTestName(const std::string& test_type, const std::string& target,
                         const Dict& args) {
  std::vector<std::pair<std::string, Value>> sorted;
  for (const auto& [k, v] : args.entries()) {
    if (k.Str() != "model") sorted.emplace_back(k.Str(), v);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string unique;
  bool first = true;
  for (const auto& [k, v] : sorted) {
    std::vector<Value> parts;
    if (v.IsDict()) {
      for (const auto& [dk, dv] : v.AsDict().entries())
        parts.push_back(dv);
    } else if (v.IsSequence()) {
      parts = v.Items();
    } else {
      parts.push_back(v);
    }
    for (const auto& part : parts) {
      if (!first) unique += "__";
      first = false;
      unique += CleanPart(part.Str());
    }
  }
  TestName name;
  name.full = test_type + "_" + target + "_" + unique;
  name.short_name = name.full;
  if (name.full.size() >= 64) {
    name.short_name = (test_type + "_" + target).substr(0, 30) + "_" + context::Md5Hex(name.full);
  }
  return name;
}

struct GenericTestBuilder::Target {
  std::string name;                 // entry name (source: "<source>_<table>")
  std::string file_key_name;        // models.orders, sources.raw
  std::string model_expr;           // ref('orders') / source('raw', 'orders')
  manifest::RefCall ref;            // what model_expr calls, when a ref
  std::vector<std::string> source;  // or when a source: [source, table]
  std::optional<std::string> attached_node;
  bool is_source = false;
  std::vector<std::string> column_tags;  // sources: source + table tags
  std::map<std::string, std::vector<std::string>> tags_by_column;
};

void GenericTestBuilder::AddFromProperties(
    const project::DbtProject& project, const PropertiesFile& file,
    const std::map<std::string, std::unique_ptr<Node>>& nodes) {
  for (const auto& patch : file.patches) {
    ResourceType type = PatchResourceType(patch.key);
    if (type == ResourceType::kTest) continue;  // singular tests' properties
    if (type == ResourceType::kModel && !patch.versions.empty()) {
      for (const auto& v : patch.versions) {
        Target t;
        t.name = patch.name + "_v" + v.label;
        t.file_key_name = patch.key + "." + patch.name;
        t.model_expr = "ref(" + QuoteArg(patch.name) + ", version=" + QuoteArg(v.label) + ")";
        t.ref = {patch.name, std::nullopt, v.label, v.v};
        t.attached_node = "model." + project.name + "." + patch.name + ".v" + v.label;
        std::vector<ColumnSpec> columns = VersionColumns(patch, v);
        for (const auto& c : columns)
          t.tags_by_column[c.column.name] = c.column.tags;
        for (const auto& c : columns) {
          for (const auto& spec : c.tests)
            Build(project, file, t, spec);
        }
        for (const auto& spec : patch.tests)
          Build(project, file, t, spec);
        for (const auto& spec : v.tests)
          Build(project, file, t, spec);
      }
      continue;
    }
    std::string id =
        std::string(manifest::ResourceTypeName(type)) + "." + project.name + "." + patch.name;
    auto it = nodes.find(id);
    if (it == nodes.end()) continue;
    Target t;
    t.name = patch.name;
    t.file_key_name = patch.key + "." + patch.name;
    t.model_expr = "ref(" + QuoteArg(patch.name) + ")";
    t.ref.name = patch.name;
    t.attached_node = id;
    for (const auto& c : patch.columns)
      t.tags_by_column[c.column.name] = c.column.tags;
    for (const auto& c : patch.columns) {
      for (const auto& spec : c.tests)
        Build(project, file, t, spec);
    }
    for (const auto& spec : patch.tests)
      Build(project, file, t, spec);
  }
  for (const auto& src : file.sources) {
    for (const auto& table : src.tables) {
      Target t;
      t.name = src.name + "_" + table.name;
      t.file_key_name = "sources." + src.name;
      t.model_expr = "source(" + QuoteArg(src.name) + ", " + QuoteArg(table.name) + ")";
      t.source = {src.name, table.name};
      t.is_source = true;
      t.column_tags = src.tags;
      t.column_tags.insert(t.column_tags.end(), table.tags.begin(), table.tags.end());
      for (const auto& c : table.columns)
        t.tags_by_column[c.column.name] = c.column.tags;
      for (const auto& c : table.columns) {
        for (const auto& spec : c.tests)
          Build(project, file, t, spec);
      }
      for (const auto& spec : table.tests)
        Build(project, file, t, spec);
    }
  }
}

void GenericTestBuilder::Build(const project::DbtProject& project, const PropertiesFile& file,
                               const Target& target, const TestSpec& spec) {
  // The test's name and arguments, from `- not_null`, `- name: {args}` or
  // `- test_name: name` with the arguments beside it.
  std::string test_name;
  Value args = Value::MakeDict();
  if (spec.column) args.AsDict().Set(Value::String("column_name"), Value::String(*spec.column));
  const yaml::Node& n = spec.node;
  auto add_args = [&](const Value& given) {
    if (given.IsNone()) return;
    if (!given.IsDict()) {
      throw Error(ErrorKind::kConfig,
                  "test arguments must be a dict, got " + given.TypeName() + " (value " +
                      given.Repr() + ")",
                  n.where());
    }
    Value arguments;
    for (const auto& [k, v] : given.AsDict().entries()) {
      if (k.Str() == "arguments") {
        arguments = v;
        continue;
      }
      args.AsDict().Set(k, v);
    }
    if (arguments.IsDict()) {
      for (const auto& [k, v] : arguments.AsDict().entries())
        args.AsDict().Set(k, v);
    }
  };
  if (n.IsString()) {
    test_name = n.AsString();
  } else if (n.IsMapping()) {
    if (const yaml::Node* tn = n.Find("test_name")) {
      test_name = tn->ScalarText();
      Value rest = Value::MakeDict();
      for (const auto& [k, v] : n.entries()) {
        if (k.ScalarText() != "test_name")
          rest.AsDict().Set(project::ToValue(k), project::ToValue(v));
      }
      add_args(rest);
    } else {
      if (n.entries().size() != 1) {
        std::string keys;
        for (const auto& [k, v] : n.entries())
          keys += (keys.empty() ? "'" : ", '") + k.ScalarText() + "'";
        throw Error(ErrorKind::kConfig,
                    "test definition dictionary must have exactly one key, got [" + keys +
                        "] instead (" + std::to_string(n.entries().size()) + " keys)",
                    n.where());
      }
      test_name = n.entries()[0].first.ScalarText();
      add_args(project::ToValue(n.entries()[0].second));
    }
  } else {
    throw Error(ErrorKind::kConfig, "a data test must be a name or a mapping", n.where());
  }
  if (args.AsDict().Find("model")) {
    throw Error(ErrorKind::kConfig,
                "Test arguments include \"model\", which is a reserved argument", n.where());
  }
  std::optional<std::string> namespace_;
  std::string short_test = test_name;
  if (auto dot = test_name.find('.'); dot != std::string::npos) {
    namespace_ = test_name.substr(0, dot);
    short_test = test_name.substr(dot + 1);
  }
  Dict& a = args.AsDict();
  std::optional<std::string> custom_name;
  if (const Value* v = a.Find("name")) {
    custom_name = v->Str();
    a.Erase(Value::String("name"));
  }
  std::string description;
  if (const Value* v = a.Find("description")) {
    description = v->Str();
    a.Erase(Value::String("description"));
  }
  // Config arguments (top level or under `config:`), in dbt's order.
  auto builder_config = std::make_shared<Dict>();
  Value config_arg = Value::MakeNone();
  if (const Value* c = a.Find("config")) {
    config_arg = *c;
    a.Erase(Value::String("config"));
  }
  for (const char* key : kConfigArgs) {
    std::optional<Value> v;
    if (const Value* top = a.Find(key)) {
      v = *top;
      a.Erase(Value::String(key));
    }
    if ((!v || !v->Truthy()) && config_arg.IsDict()) {
      if (const Value* c = config_arg.AsDict().Find(key)) {
        v = *c;
        config_arg.AsDict().Erase(Value::String(key));
      }
    }
    if (v && !v->IsNone()) builder_config->Set(Value::String(key), *v);
  }
  if (config_arg.IsDict()) {
    for (const auto& [k, v] : config_arg.AsDict().entries())
      builder_config->Set(k, v);
  }
  std::string type = (target.is_source ? "source_" : "") + short_test;
  if (namespace_) type = *namespace_ + "_" + type;
  TestName names = GenericTestName(type, target.name, a);
  std::string name = custom_name ? *custom_name : names.full;
  std::string short_name = custom_name ? *custom_name : names.short_name;
  if (!custom_name && short_name != names.full && !builder_config->Find("alias")) {
    builder_config->Set(Value::String("alias"), Value::String(short_name));
  }
  // kwargs: the arguments, then `model`.
  Value kwargs = Value::MakeDict();
  for (const auto& [k, v] : a.entries())
    kwargs.AsDict().Set(k, v);
  kwargs.AsDict().Set(Value::String("model"),
                      Value::String("{{ get_where_subquery(" + target.model_expr + ") }}"));
  manifest::TestMetadata meta;
  meta.name = short_test;
  meta.namespace_ = namespace_;
  meta.kwargs = kwargs;
  Value hashed = Value::MakeDict();
  hashed.AsDict().Set(Value::String("namespace"),
                      namespace_ ? Value::String(*namespace_) : Value::MakeNone());
  hashed.AsDict().Set(Value::String("name"), Value::String(short_test));
  hashed.AsDict().Set(Value::String("kwargs"), kwargs);
  std::string hash = context::Md5Hex(name + Hashable(hashed).Repr());

  auto node = std::make_unique<Node>();
  Node& t = *node;
  t.resource_type = ResourceType::kTest;
  t.name = name;
  t.package_name = project.name;
  t.unique_id = "test." + project.name + "." + name + "." + hash.substr(hash.size() - 10);
  t.path = short_name + ".sql";
  t.original_file_path = file.file;
  t.root_dir = project.dir;
  t.fqn = {project.name};
  fs::path yml_dir = fs::path(file.file).parent_path();
  bool skip_first = true;
  for (const auto& part : yml_dir) {
    if (skip_first) {
      skip_first = false;
      continue;
    }
    t.fqn.push_back(part.string());
  }
  t.fqn.push_back(name);
  t.description = description;
  t.column_name = spec.column;
  t.file_key_name = target.file_key_name;
  t.attached_node = target.attached_node;
  t.test_metadata = meta;
  std::string macro_call = namespace_ ? *namespace_ + ".test_" + short_test : "test_" + short_test;
  t.raw_code = "{{ " + macro_call + "(**_dbt_generic_test_kwargs) }}";
  if (!builder_config->empty()) {
    std::string call;
    for (const auto& [k, v] : builder_config->entries()) {
      call += (call.empty() ? "" : ",") + k.Str() + "=" + ConfigLiteral(v);
    }
    t.raw_code += "{{ config(" + call + ") }}";
  }
  auto cached = asts_.find(t.raw_code);
  if (cached == asts_.end()) {
    cached = asts_.emplace(t.raw_code, jinja::Parse(t.raw_code, t.original_file_path)).first;
  }
  t.ast = cached->second;  // most tests share their raw_code
  t.checksum = "";
  // Refs and sources: those in the arguments (in argument order), then the target's.
  context::ParseCapture capture;
  for (const auto& [k, v] : a.entries()) {
    if (k.Str() == "column_name" || !v.IsString() || !IsJinjaCall(v.AsString())) continue;
    p_.renderer->Evaluate(t, v.AsString(), context::Mode::kParse, &capture, nullptr);
  }
  // The target's own ref/source, recorded as rendering `model_expr` would record it.
  if (target.source.empty()) {
    capture.refs.push_back(target.ref);
  } else {
    capture.sources.push_back(target.source);
  }
  t.refs = capture.refs;
  t.sources = capture.sources;
  // The test macro's own config() calls count; builtin not_null/unique are not rendered.
  bool fast_path = !namespace_ && (short_test == "not_null" || short_test == "unique");
  // The test macro as dbt records it: the namespace's when given; else the yml's own
  // package, the root project, any other package, then dbt's.
  const context::MacroNamespaces& macros = p_.renderer->macros();
  const manifest::Macro* macro =
      namespace_ ? macros.Find(*namespace_, "test_" + short_test) : nullptr;
  if (!macro) macro = macros.Resolve(project.name, "test_" + short_test);
  if (!macro) macro = macros.FindInAnyPackage("test_" + short_test);
  if (macro) t.depends_on_macros.push_back(macro->unique_id);
  if (!fast_path) {
    // get_where_subquery as the project resolves it (projects override it).
    const manifest::Macro* where = macros.Resolve(project.name, "get_where_subquery");
    t.depends_on_macros.push_back(where ? where->unique_id : "macro.dbt.get_where_subquery");
  }
  auto sql_config = std::make_shared<Dict>();
  jinja::DictPtr unrendered_sql;
  if (!fast_path && macro) {
    context::ParseCapture macro_capture;
    Dict extra;
    extra.Set(Value::String("_dbt_generic_test_kwargs"), kwargs);
    try {
      p_.renderer->Render(t, *t.ast, context::Mode::kParse, &macro_capture, nullptr, &extra);
    } catch (const jinja::TemplateError&) {
      // dbt ignores what a test macro cannot render at parse time; compile reports it.
    }
    // The macro's config() calls include the one dbt appends to raw_code with the
    // builder's config, so dbt merges that config twice (tags come out doubled), and
    // records the calls on top of the builder's config as written.
    sql_config = macro_capture.config;
    unrendered_sql = std::make_shared<Dict>();
    for (const auto& [k, v] : builder_config->entries())
      unrendered_sql->Set(k, v);
    MergeConfig(*unrendered_sql, *macro_capture.config);
  }
  finish_(t, builder_config, sql_config, unrendered_sql);
  // Tags: the column's (and for sources the source's and table's), the test's own, sorted
  // and unique; then any the project's data_tests tree adds.
  std::vector<std::string> tags = target.column_tags;
  if (spec.column) {
    auto it = target.tags_by_column.find(*spec.column);
    if (it != target.tags_by_column.end())
      tags.insert(tags.end(), it->second.begin(), it->second.end());
  }
  if (const Value* bt = builder_config->Find("tags")) {
    for (const auto& x : bt->IsSequence() ? bt->Items() : std::vector<Value>{*bt})
      tags.push_back(x.Str());
  }
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  for (const auto& tag : t.tags) {
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
  }
  t.tags = tags;
  if (auto prior = by_id_.find(t.unique_id); prior != by_id_.end()) {
    throw Error(ErrorKind::kConfig,
                "dbt found two data_tests with the name \"" + t.name + "\" defined on column \"" +
                    spec.column.value_or("") + "\" in \"" + target.file_key_name + "\".",
                n.where(), "remove one of them, or give one a different `name:`");
  }
  by_id_[t.unique_id] = node.get();
  nodes_.push_back(std::move(node));
}

}  // namespace lakedev::parse
