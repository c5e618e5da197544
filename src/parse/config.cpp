#include "parse/config.hpp"

#include <algorithm>
#include <map>

#include "project/yaml_value.hpp"

namespace lakedev::parse {
using jinja::Dict;
using jinja::DictPtr;
using jinja::Value;
using manifest::ResourceType;

namespace {

// A copy whose lists and dicts are new (templates may mutate a node's config).
Value DeepCopy(const Value& v) {
  if (v.IsList()) {
    std::vector<Value> items;
    for (const auto& item : v.Items())
      items.push_back(DeepCopy(item));
    return Value::List(std::move(items));
  }
  if (v.IsDict()) {
    Value d = Value::MakeDict();
    for (const auto& [k, item] : v.AsDict().entries())
      d.AsDict().Set(k, DeepCopy(item));
    return d;
  }
  return v;
}

}  // namespace

namespace {

Value Str(const char* s) {
  return Value::String(s);
}
Value None() {
  return Value::MakeNone();
}
Value EmptyDict() {
  return Value::MakeDict();
}
Value EmptyList() {
  return Value::List();
}

Value DocsDefault() {
  Value d = Value::MakeDict();
  d.AsDict().Set(Str("show"), Value::Bool(true));
  d.AsDict().Set(Str("node_color"), None());
  return d;
}

Value ContractDefault() {
  Value d = Value::MakeDict();
  d.AsDict().Set(Str("enforced"), Value::Bool(false));
  d.AsDict().Set(Str("alias_types"), Value::Bool(true));
  return d;
}

enum class Merge { kClobber, kAppend, kUpdate, kDictKeyAppend };

Merge MergeOf(const std::string& key) {
  if (key == "tags" || key == "pre-hook" || key == "post-hook" || key == "packages") {
    return Merge::kAppend;
  }
  if (key == "meta" || key == "docs" || key == "quoting" || key == "column_types" ||
      key == "contract" || key == "snapshot_meta_column_names") {
    return Merge::kUpdate;
  }
  if (key == "grants") return Merge::kDictKeyAppend;
  return Merge::kClobber;
}

std::vector<Value> AsList(const Value& v) {
  if (v.IsSequence()) return v.Items();
  if (v.IsNone()) return {};
  return {v};
}

}  // namespace

const char* ConfigTreeKey(ResourceType type) {
  switch (type) {
    case ResourceType::kSeed:
      return "seeds";
    case ResourceType::kSnapshot:
      return "snapshots";
    case ResourceType::kTest:
      return "data_tests";
    case ResourceType::kSource:
      return "sources";
    case ResourceType::kAnalysis:
      return "models";  // as dbt: analyses use the models tree
    default:
      return "models";
  }
}

namespace {

DictPtr BuildDefaultConfig(ResourceType type);

}  // namespace

DictPtr DefaultConfig(ResourceType type) {
  // Built once per resource type (it is asked for several times per node), then copied.
  static const std::map<ResourceType, DictPtr> prototypes = [] {
    std::map<ResourceType, DictPtr> out;
    for (ResourceType t : {ResourceType::kModel, ResourceType::kSeed, ResourceType::kSnapshot,
                           ResourceType::kTest, ResourceType::kAnalysis, ResourceType::kOperation,
                           ResourceType::kSource, ResourceType::kMacro}) {
      out[t] = BuildDefaultConfig(t);
    }
    return out;
  }();
  auto copy = std::make_shared<Dict>();
  for (const auto& [k, v] : prototypes.at(type)->entries())
    copy->Set(k, DeepCopy(v));
  return copy;
}

namespace {

DictPtr BuildDefaultConfig(ResourceType type) {
  auto d = std::make_shared<Dict>();
  auto set = [&](const char* k, Value v) { d->Set(Str(k), std::move(v)); };
  if (type == ResourceType::kSource) {
    auto after = [] {
      Value a = Value::MakeDict();
      a.AsDict().Set(Str("count"), None());
      a.AsDict().Set(Str("period"), None());
      return a;
    };
    Value freshness = Value::MakeDict();
    freshness.AsDict().Set(Str("warn_after"), after());
    freshness.AsDict().Set(Str("error_after"), after());
    freshness.AsDict().Set(Str("filter"), None());
    set("enabled", Value::Bool(true));
    set("event_time", None());
    set("freshness", freshness);
    set("loaded_at_field", None());
    set("loaded_at_query", None());
    set("meta", EmptyDict());
    set("tags", EmptyList());
    set("static_analysis", None());
    return d;
  }
  set("enabled", Value::Bool(true));
  set("alias", None());
  set("schema", type == ResourceType::kTest ? Str("dbt_test__audit") : None());
  set("database", None());
  set("tags", EmptyList());
  set("meta", EmptyDict());
  set("group", None());
  set("static_analysis", None());
  if (type == ResourceType::kTest) {
    set("materialized", Str("test"));
    set("severity", Str("ERROR"));
    set("store_failures", None());
    set("store_failures_as", None());
    set("where", None());
    set("limit", None());
    set("fail_calc", Str("count(*)"));
    set("warn_if", Str("!= 0"));
    set("error_if", Str("!= 0"));
    return d;
  }
  set("materialized", Str(type == ResourceType::kSeed       ? "seed"
                          : type == ResourceType::kSnapshot ? "snapshot"
                                                            : "view"));
  set("incremental_strategy", None());
  set("batch_size", None());
  set("lookback", Value::Int(1));
  set("begin", None());
  set("persist_docs", EmptyDict());
  set("post-hook", EmptyList());
  set("pre-hook", EmptyList());
  set("quoting", EmptyDict());
  set("column_types", EmptyDict());
  set("full_refresh", None());
  set("unique_key", None());
  set("on_schema_change", Str("ignore"));
  set("on_configuration_change", Str("apply"));
  set("grants", EmptyDict());
  set("packages", EmptyList());
  set("docs", DocsDefault());
  set("contract", ContractDefault());
  set("event_time", None());
  set("concurrent_batches", None());
  if (type == ResourceType::kModel) {
    set("access", Str("protected"));
    set("freshness", None());
  }
  if (type == ResourceType::kSeed) {
    set("delimiter", Str(","));
    set("quote_columns", None());
  }
  if (type == ResourceType::kSnapshot) {
    set("strategy", None());
    set("target_schema", None());
    set("target_database", None());
    set("updated_at", None());
    set("check_cols", None());
    Value names = Value::MakeDict();
    for (const char* k :
         {"dbt_valid_to", "dbt_valid_from", "dbt_scd_id", "dbt_updated_at", "dbt_is_deleted"}) {
      names.AsDict().Set(Str(k), None());
    }
    set("snapshot_meta_column_names", names);
    set("dbt_valid_to_current", None());
  }
  return d;
}

}  // namespace

void NormalizeConfigKeys(Dict& config) {
  for (const char* old_key : {"pre_hook", "post_hook"}) {
    if (const Value* v = config.Find(old_key)) {
      std::string new_key = old_key;
      new_key[3] = '-';
      Value copy = *v;
      config.Erase(Value::String(old_key));
      config.Set(Value::String(new_key), copy);
    }
  }
}

void MergeConfig(Dict& into, const Dict& update) {
  for (const auto& [k, v] : update.entries()) {
    std::string key = k.Str();
    const Value* current = into.Find(key);
    switch (current ? MergeOf(key) : Merge::kClobber) {
      case Merge::kClobber:
        into.Set(k, DeepCopy(v));  // `update` may be shared (a cached project level)
        break;
      case Merge::kAppend: {
        std::vector<Value> items = AsList(*current);
        for (const auto& item : AsList(v))
          items.push_back(item);
        into.Set(k, Value::List(std::move(items)));
        break;
      }
      case Merge::kDictKeyAppend: {
        // grants: `+select` extends the existing list, `select` replaces it.
        if (!current->IsDict() || !v.IsDict()) {
          into.Set(k, v);
          break;
        }
        Value merged = Value::MakeDict();
        for (const auto& [ck, cv] : current->AsDict().entries()) {
          merged.AsDict().Set(ck, Value::List(AsList(cv)));
        }
        for (const auto& [uk, uv] : v.AsDict().entries()) {
          std::string name = uk.Str();
          if (!name.empty() && name[0] == '+') {
            std::string stripped = name.substr(1);
            if (const Value* existing = merged.AsDict().Find(stripped)) {
              std::vector<Value> items = AsList(*existing);
              for (const auto& item : AsList(uv))
                items.push_back(item);
              merged.AsDict().Set(Value::String(stripped), Value::List(std::move(items)));
              continue;
            }
            merged.AsDict().Set(Value::String(stripped), Value::List(AsList(uv)));
            continue;
          }
          merged.AsDict().Set(uk, Value::List(AsList(uv)));
        }
        into.Set(k, merged);
        break;
      }
      case Merge::kUpdate: {
        if (!current->IsDict() || !v.IsDict()) {
          into.Set(k, v);
          break;
        }
        Value merged = Value::MakeDict();
        for (const auto& [ck, cv] : current->AsDict().entries())
          merged.AsDict().Set(ck, cv);
        for (const auto& [uk, uv] : v.AsDict().entries())
          merged.AsDict().Set(uk, uv);
        into.Set(k, merged);
        break;
      }
    }
  }
}

std::vector<DictPtr> ProjectTreeConfigs(const project::DbtProject& project, ResourceType type,
                                        const std::vector<std::string>& fqn) {
  ConfigTreeCache cache;
  return cache.Levels(project, type, fqn);
}

std::vector<DictPtr> ConfigTreeCache::Levels(const project::DbtProject& project, ResourceType type,
                                             const std::vector<std::string>& fqn, bool rendered) {
  std::vector<DictPtr> out;
  auto tree = project.config_trees.find(ConfigTreeKey(type));
  if (tree == project.config_trees.end()) return out;
  const yaml::Node* level = &tree->second;
  out.push_back(Converted(*level, rendered));
  for (const auto& part : fqn) {
    const yaml::Node* next = level->Find(part);
    if (!next || !next->IsMapping()) break;
    out.push_back(Converted(*next, rendered));
    level = next;
  }
  return out;
}

namespace {

bool HasJinja(const std::string& s) {
  return s.find("{{") != std::string::npos || s.find("{%") != std::string::npos;
}

// Python's ast.literal_eval for the scalars a rendered config spells.
Value PyLiteral(const std::string& text) {
  std::string t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
    t.pop_back();
  size_t b = 0;
  while (b < t.size() && std::isspace(static_cast<unsigned char>(t[b])))
    ++b;
  t = t.substr(b);
  if (t == "True") return Value::Bool(true);
  if (t == "False") return Value::Bool(false);
  if (t == "None") return Value::MakeNone();
  if (!t.empty()) {
    char* end = nullptr;
    long long i = std::strtoll(t.c_str(), &end, 10);
    if (*end == '\0' && (std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '-')) {
      return Value::Int(i);
    }
    double d = std::strtod(t.c_str(), &end);
    if (*end == '\0' &&
        (std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '-' || t[0] == '.')) {
      return Value::Float(d);
    }
  }
  return Value::String(text);
}

}  // namespace

Value RenderConfigValue(const Value& v, const std::function<Value(const std::string&)>& evaluate,
                        const std::function<std::string(const std::string&)>& render) {
  if (v.IsString()) {
    const std::string& text = v.AsString();
    if (!HasJinja(text)) return v;
    size_t open = text.find_first_not_of(" \t\n");
    size_t close = text.find_last_not_of(" \t\n");
    if (text.compare(open, 2, "{{") == 0 && close >= 1 && text.compare(close - 1, 2, "}}") == 0) {
      std::string inner = text.substr(open + 2, close - 1 - open - 2);
      if (!HasJinja(inner) && inner.find("}}") == std::string::npos) {
        Value result = evaluate(inner);
        return result.IsString() ? PyLiteral(result.AsString()) : result;
      }
    }
    return PyLiteral(render(text));
  }
  if (v.IsList()) {
    std::vector<Value> out;
    for (const auto& item : v.Items())
      out.push_back(RenderConfigValue(item, evaluate, render));
    return Value::List(std::move(out));
  }
  if (v.IsDict()) {
    Value out = Value::MakeDict();
    for (const auto& [k, item] : v.AsDict().entries())
      out.AsDict().Set(k, RenderConfigValue(item, evaluate, render));
    return out;
  }
  return v;
}

DictPtr ConfigTreeCache::Converted(const yaml::Node& node, bool rendered) {
  if (rendered && render_) {
    auto it = rendered_.find(&node);
    if (it != rendered_.end()) return it->second;
    auto d = std::make_shared<Dict>();
    for (const auto& [k, v] : Converted(node, false)->entries()) {
      std::string key = k.Str();
      bool hook = key == "pre-hook" || key == "post-hook";
      d->Set(k, hook ? v : render_(v));
    }
    rendered_[&node] = d;
    return d;
  }
  auto it = converted_.find(&node);
  if (it != converted_.end()) return it->second;
  auto d = std::make_shared<Dict>();
  for (const auto& [k, v] : node.entries()) {
    std::string key = k.ScalarText();
    if (!key.empty() && key[0] == '+') {
      key = key.substr(1);
      while (!key.empty() && key[0] == ' ')
        key.erase(0, 1);
      d->Set(Value::String(key), project::ToValue(v));
    } else if (!v.IsMapping()) {
      d->Set(Value::String(key), project::ToValue(v));
    }
  }
  NormalizeConfigKeys(*d);
  converted_[&node] = d;
  return d;
}

}  // namespace lakedev::parse
