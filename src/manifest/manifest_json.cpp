#include "manifest/manifest_json.hpp"

#include "common/python_format.hpp"

namespace lakedev::manifest {
using jinja::Value;

namespace {

// A small JSON writer: objects and arrays with commas handled, Values as Python's
// json.dumps writes them.
class Json {
 public:
  std::string out;

  void Key(std::string_view k) {
    Comma();
    Quoted(k);
    out += ": ";
    fresh_ = true;
  }
  void Begin(char c) {
    Comma();
    out += c;
    fresh_ = true;
  }
  void End(char c) {
    out += c;
    fresh_ = false;
  }
  void String(std::string_view s) {
    Comma();
    Quoted(s);
  }
  void Quoted(std::string_view s) {
    out += '"';
    // Runs of characters that need no escaping are appended at once.
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out.append(s, start, i - start);
      start = i + 1;
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        }
      }
    }
    out.append(s, start, s.size() - start);
    out += '"';
    fresh_ = false;
  }
  void Raw(std::string_view s) {
    Comma();
    out += s;
    fresh_ = false;
  }
  void Null() { Raw("null"); }
  void Bool(bool b) { Raw(b ? "true" : "false"); }
  void Opt(const std::optional<std::string>& s) {
    if (s)
      String(*s);
    else
      Null();
  }
  void Strings(const std::vector<std::string>& items) {
    Begin('[');
    for (const auto& s : items)
      String(s);
    End(']');
  }
  void Val(const Value& v) {
    switch (v.kind()) {
      case Value::Kind::kNone:
      case Value::Kind::kUndefined:
        Null();
        return;
      case Value::Kind::kBool:
        Bool(v.AsBool());
        return;
      case Value::Kind::kInt:
        Raw(std::to_string(v.AsInt()));
        return;
      case Value::Kind::kFloat:
        Raw(PythonFloatRepr(v.AsDouble()));
        return;
      case Value::Kind::kString:
        String(v.AsString());
        return;
      case Value::Kind::kList:
      case Value::Kind::kTuple:
        Begin('[');
        for (const auto& item : v.Items())
          Val(item);
        End(']');
        return;
      case Value::Kind::kDict:
        Begin('{');
        for (const auto& [k, item] : v.AsDict().entries()) {
          Key(k.Str());
          Val(item);
        }
        End('}');
        return;
      default:
        String(v.Str());
        return;
    }
  }

 private:
  void Comma() {
    if (!fresh_) out += ", ";
    fresh_ = false;
  }
  bool fresh_ = true;
};

void Columns(Json& j, const std::vector<Column>& columns) {
  j.Begin('{');
  for (const auto& c : columns) {
    j.Key(c.name);
    j.Begin('{');
    j.Key("name");
    j.String(c.name);
    j.Key("description");
    j.String(c.description);
    j.Key("meta");
    j.Val(c.meta);
    j.Key("data_type");
    j.Opt(c.data_type);
    j.Key("constraints");
    j.Val(c.constraints);
    j.Key("quote");
    if (c.quote_set)
      j.Bool(c.quote);
    else
      j.Null();
    j.Key("tags");
    j.Strings(c.tags);
    j.End('}');
  }
  j.End('}');
}

void WriteRefs(Json& j, const std::vector<RefCall>& refs);

void WriteNode(Json& j, const Node& n) {
  ResourceType t = n.resource_type;
  j.Begin('{');
  j.Key("database");
  j.String(n.database);
  j.Key("schema");
  j.String(n.schema);
  j.Key("name");
  j.String(n.name);
  j.Key("resource_type");
  j.String(ResourceTypeName(t));
  j.Key("package_name");
  j.String(n.package_name);
  j.Key("path");
  j.String(n.path);
  j.Key("original_file_path");
  j.String(n.original_file_path);
  j.Key("unique_id");
  j.String(n.unique_id);
  j.Key("fqn");
  j.Strings(n.fqn);
  j.Key("alias");
  j.String(n.alias);
  j.Key("checksum");
  j.Begin('{');
  j.Key("name");
  j.String(n.test_metadata ? "none" : "sha256");
  j.Key("checksum");
  j.String(n.checksum);
  j.End('}');
  j.Key("config");
  j.Val(n.config ? Value::MakeDict(n.config) : Value::MakeDict());
  j.Key("tags");
  j.Strings(n.tags);
  j.Key("description");
  j.String(n.description);
  j.Key("columns");
  Columns(j, n.columns);
  j.Key("meta");
  j.Val(n.meta);
  const Value* group = n.config ? n.config->Find("group") : nullptr;
  j.Key("group");
  j.Val(group ? *group : Value::MakeNone());
  const Value* docs = n.config ? n.config->Find("docs") : nullptr;
  j.Key("docs");
  if (docs) {
    j.Val(*docs);
  } else {
    j.Raw("{\"show\": true, \"node_color\": null}");
  }
  j.Key("patch_path");
  j.Opt(n.patch_path);
  j.Key("unrendered_config");
  j.Val(n.unrendered_config ? Value::MakeDict(n.unrendered_config) : Value::MakeDict());
  j.Key("relation_name");
  j.Opt(n.relation_name);
  j.Key("raw_code");
  j.String(n.raw_code);
  if (t == ResourceType::kSeed) {
    j.Key("depends_on");
    j.Begin('{');
    j.Key("macros");
    j.Strings(n.depends_on_macros);
    j.End('}');
    j.End('}');
    return;
  }
  j.Key("language");
  j.String(n.language);
  j.Key("refs");
  WriteRefs(j, n.refs);
  j.Key("sources");
  j.Begin('[');
  for (const auto& s : n.sources)
    j.Strings(s);
  j.End(']');
  j.Key("depends_on");
  j.Begin('{');
  j.Key("macros");
  j.Strings(n.depends_on_macros);
  j.Key("nodes");
  j.Strings(n.depends_on_nodes);
  j.End('}');
  if (n.compiled_code) {
    j.Key("compiled");
    j.Bool(true);
    j.Key("compiled_code");
    j.String(*n.compiled_code);
  }
  j.Key("contract");
  j.Begin('{');
  const Value* contract = n.config ? n.config->Find("contract") : nullptr;
  const Value* enforced =
      contract && contract->IsDict() ? contract->AsDict().Find("enforced") : nullptr;
  const Value* alias_types =
      contract && contract->IsDict() ? contract->AsDict().Find("alias_types") : nullptr;
  j.Key("enforced");
  j.Bool(enforced && enforced->Truthy());
  j.Key("alias_types");
  j.Bool(!alias_types || alias_types->Truthy());
  j.Key("checksum");
  j.Null();
  j.End('}');
  if (t == ResourceType::kModel) {
    const Value* access = n.config ? n.config->Find("access") : nullptr;
    j.Key("access");
    j.Val(access ? *access : Value::String("protected"));
    j.Key("constraints");
    j.Val(n.constraints);
    j.Key("version");
    j.Val(n.version_value);
    j.Key("latest_version");
    j.Val(n.latest_version_value);
    j.Key("deprecation_date");
    j.Opt(n.deprecation_date);
  }
  if (n.test_metadata) {
    j.Key("column_name");
    j.Opt(n.column_name);
    j.Key("file_key_name");
    j.Opt(n.file_key_name);
    j.Key("attached_node");
    j.Opt(n.attached_node);
    j.Key("test_metadata");
    j.Begin('{');
    j.Key("name");
    j.String(n.test_metadata->name);
    j.Key("kwargs");
    j.Val(n.test_metadata->kwargs);
    j.Key("namespace");
    j.Opt(n.test_metadata->namespace_);
    j.End('}');
  }
  j.End('}');
}

void WriteSource(Json& j, const Source& s) {
  j.Begin('{');
  j.Key("database");
  j.String(s.database);
  j.Key("schema");
  j.String(s.schema);
  j.Key("name");
  j.String(s.name);
  j.Key("resource_type");
  j.String("source");
  j.Key("package_name");
  j.String(s.package_name);
  j.Key("path");
  j.String(s.path);
  j.Key("original_file_path");
  j.String(s.original_file_path);
  j.Key("unique_id");
  j.String(s.unique_id);
  j.Key("fqn");
  j.Strings(s.fqn);
  j.Key("source_name");
  j.String(s.source_name);
  j.Key("source_description");
  j.String(s.source_description);
  j.Key("loader");
  j.String(s.loader);
  j.Key("identifier");
  j.String(s.identifier);
  j.Key("quoting");
  j.Val(s.quoting);
  j.Key("loaded_at_field");
  j.Opt(s.loaded_at_field);
  j.Key("loaded_at_query");
  j.Null();
  j.Key("freshness");
  j.Val(s.freshness);
  j.Key("description");
  j.String(s.description);
  j.Key("columns");
  Columns(j, s.columns);
  j.Key("meta");
  j.Val(s.meta);
  j.Key("source_meta");
  j.Val(s.source_meta);
  j.Key("tags");
  j.Strings(s.tags);
  j.Key("config");
  j.Val(s.config ? Value::MakeDict(s.config) : Value::MakeDict());
  j.Key("patch_path");
  j.Null();
  j.Key("unrendered_config");
  j.Val(s.unrendered_config ? Value::MakeDict(s.unrendered_config) : Value::MakeDict());
  j.Key("relation_name");
  j.String(s.relation_name);
  j.End('}');
}

void WriteRefs(Json& j, const std::vector<RefCall>& refs) {
  j.Begin('[');
  for (const auto& r : refs) {
    j.Begin('{');
    j.Key("name");
    j.String(r.name);
    j.Key("package");
    j.Opt(r.package);
    j.Key("version");
    if (r.version_value.IsNone()) {
      j.Opt(r.version);
    } else {
      j.Val(r.version_value);
    }
    j.End('}');
  }
  j.End(']');
}

void WriteExposure(Json& j, const Exposure& e) {
  j.Begin('{');
  j.Key("name");
  j.String(e.name);
  j.Key("resource_type");
  j.String("exposure");
  j.Key("package_name");
  j.String(e.package_name);
  j.Key("path");
  j.String(e.path);
  j.Key("original_file_path");
  j.String(e.original_file_path);
  j.Key("unique_id");
  j.String(e.unique_id);
  j.Key("fqn");
  j.Strings(e.fqn);
  j.Key("type");
  j.String(e.type);
  j.Key("owner");
  j.Val(e.owner);
  j.Key("description");
  j.String(e.description);
  j.Key("label");
  j.Val(e.label);
  j.Key("maturity");
  j.Val(e.maturity);
  j.Key("meta");
  j.Val(e.meta);
  j.Key("tags");
  j.Strings(e.tags);
  j.Key("config");
  j.Val(Value::MakeDict(e.config));
  j.Key("unrendered_config");
  j.Val(Value::MakeDict(e.unrendered_config));
  j.Key("url");
  j.Val(e.url);
  j.Key("depends_on");
  j.Begin('{');
  j.Key("macros");
  j.Raw("[]");
  j.Key("nodes");
  j.Strings(e.depends_on_nodes);
  j.End('}');
  j.Key("refs");
  WriteRefs(j, e.refs);
  j.Key("sources");
  j.Begin('[');
  for (const auto& src : e.sources)
    j.Strings(src);
  j.End(']');
  j.End('}');
}

void WriteMap(Json& j, const std::map<std::string, std::vector<std::string>>& map) {
  j.Begin('{');
  for (const auto& [k, v] : map) {
    j.Key(k);
    j.Strings(v);
  }
  j.End('}');
}

}  // namespace

std::string ManifestJson(const Manifest& m, const ManifestMetadata& md) {
  Json j;
  j.Begin('{');
  j.Key("metadata");
  j.Begin('{');
  j.Key("dbt_schema_version");
  j.String("https://schemas.getdbt.com/dbt/manifest/v12.json");
  j.Key("dbt_version");
  j.String(md.dbt_version);
  j.Key("generated_at");
  j.String(md.generated_at);
  j.Key("invocation_id");
  j.String(md.invocation_id);
  j.Key("project_name");
  j.String(md.project_name);
  j.Key("adapter_type");
  j.String(md.adapter_type);
  j.End('}');
  j.Key("nodes");
  j.Begin('{');
  for (const auto& [id, n] : m.nodes) {
    if (n->resource_type == ResourceType::kUnitTest) continue;  // under "unit_tests"
    j.Key(id);
    WriteNode(j, *n);
  }
  j.End('}');
  j.Key("sources");
  j.Begin('{');
  for (const auto& [id, s] : m.sources) {
    j.Key(id);
    WriteSource(j, *s);
  }
  j.End('}');
  j.Key("macros");
  j.Begin('{');
  for (const auto& [id, mac] : m.macros) {
    j.Key(id);
    j.Begin('{');
    j.Key("name");
    j.String(mac->name);
    j.Key("resource_type");
    j.String("macro");
    j.Key("package_name");
    j.String(mac->package_name);
    j.Key("path");
    j.String(mac->path);
    j.Key("original_file_path");
    j.String(mac->original_file_path);
    j.Key("unique_id");
    j.String(mac->unique_id);
    j.Key("description");
    j.String(mac->description);
    j.Key("meta");
    j.Val(mac->meta);
    j.Key("docs");
    if (mac->docs.IsNone()) {
      j.Raw("{\"show\": true, \"node_color\": null}");
    } else {
      j.Val(mac->docs);
    }
    j.Key("patch_path");
    j.Opt(mac->patch_path);
    j.Key("arguments");
    j.Val(mac->arguments);
    j.Key("supported_languages");
    j.Val(mac->supported_languages);
    j.Key("depends_on");
    j.Begin('{');
    j.Key("macros");
    j.Strings(mac->depends_on_macros);
    j.End('}');
    j.End('}');
  }
  j.End('}');
  j.Key("docs");
  j.Begin('{');
  for (const auto& [id, d] : m.docs) {
    j.Key(id);
    j.Begin('{');
    j.Key("name");
    j.String(d.name);
    j.Key("resource_type");
    j.String("doc");
    j.Key("package_name");
    j.String(d.package_name);
    j.Key("path");
    j.String(d.path);
    j.Key("original_file_path");
    j.String(d.original_file_path);
    j.Key("unique_id");
    j.String(d.unique_id);
    j.Key("block_contents");
    j.String(d.block_contents);
    j.End('}');
  }
  j.End('}');
  j.Key("exposures");
  j.Begin('{');
  for (const auto& [id, e] : m.exposures) {
    j.Key(id);
    WriteExposure(j, *e);
  }
  j.End('}');
  j.Key("metrics");
  j.Raw("{}");
  j.Key("groups");
  j.Raw("{}");
  j.Key("selectors");
  j.Val(m.selectors);
  j.Key("disabled");
  j.Begin('{');
  std::map<std::string, std::vector<const Node*>> disabled;
  for (const auto& n : m.disabled)
    disabled[n->unique_id].push_back(n.get());
  for (const auto& [id, list] : disabled) {
    j.Key(id);
    j.Begin('[');
    for (const auto* n : list)
      WriteNode(j, *n);
    j.End(']');
  }
  j.End('}');
  j.Key("parent_map");
  WriteMap(j, m.parent_map);
  j.Key("child_map");
  WriteMap(j, m.child_map);
  j.Key("group_map");
  j.Raw("{}");
  j.Key("saved_queries");
  j.Raw("{}");
  j.Key("semantic_models");
  j.Raw("{}");
  j.Key("unit_tests");
  j.Begin('{');
  for (const auto& [id, n] : m.nodes) {
    if (n->resource_type != ResourceType::kUnitTest) continue;
    const jinja::Dict& spec = n->unit_test.AsDict();
    j.Key(id);
    j.Begin('{');
    j.Key("model");
    j.Val(*spec.Find("model"));
    j.Key("given");
    j.Val(*spec.Find("given"));
    j.Key("expect");
    j.Val(*spec.Find("expect"));
    j.Key("name");
    j.String(n->name);
    j.Key("resource_type");
    j.String("unit_test");
    j.Key("package_name");
    j.String(n->package_name);
    j.Key("path");
    j.String(n->path);
    j.Key("original_file_path");
    j.String(n->original_file_path);
    j.Key("unique_id");
    j.String(n->unique_id);
    j.Key("fqn");
    j.Strings(n->fqn);
    j.Key("description");
    j.String(n->description);
    j.Key("overrides");
    j.Val(*spec.Find("overrides"));
    j.Key("depends_on");
    j.Begin('{');
    j.Key("macros");
    j.Strings(n->depends_on_macros);
    j.Key("nodes");
    j.Strings(n->depends_on_nodes);
    j.End('}');
    j.Key("config");
    j.Val(Value::MakeDict(n->config));
    j.Key("schema");
    j.String(n->schema);
    j.Key("versions");
    j.Null();
    j.Key("version");
    j.Null();
    j.End('}');
  }
  j.End('}');
  j.End('}');
  return j.out;
}

}  // namespace lakedev::manifest
