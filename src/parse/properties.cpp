#include "parse/properties.hpp"

#include <algorithm>

#include "common/paths.hpp"
#include "parse/config.hpp"
#include "project/yaml_checks.hpp"
#include "project/yaml_value.hpp"
#include "yaml/parse.hpp"

namespace lakedev::parse {
using jinja::Value;

namespace {

class Reader {
 public:
  Reader(const std::string& text, std::string file) : check_(text, file), file_(std::move(file)) {}

  PropertiesFile Read(const yaml::Node& root) {
    PropertiesFile out;
    out.file = file_;
    if (root.IsNull()) return out;
    check_.Mapping(root, file_);
    for (const char* key : {"models", "seeds", "snapshots", "analyses", "data_tests"}) {
      const yaml::Node* list = root.Find(key);
      if (!list || list->IsNull()) continue;
      for (const auto& entry : Items(*list, key))
        out.patches.push_back(Patch(key, entry));
    }
    if (const yaml::Node* list = root.Find("sources"); list && !list->IsNull()) {
      for (const auto& entry : Items(*list, "sources"))
        out.sources.push_back(Source(entry));
    }
    if (const yaml::Node* list = root.Find("exposures"); list && !list->IsNull()) {
      for (const auto& entry : Items(*list, "exposures")) {
        check_.Mapping(entry, "an exposure entry");
        Name(entry);
        out.exposures.push_back(entry);
      }
    }
    if (const yaml::Node* list = root.Find("unit_tests"); list && !list->IsNull()) {
      for (const auto& entry : Items(*list, "unit_tests")) {
        check_.Mapping(entry, "a unit test entry");
        Name(entry);
        if (!entry.Find("model")) {
          throw check_.At(entry, "a unit test needs the `model` it tests",
                          "add `model: <the model's name>`");
        }
        out.unit_tests.push_back(entry);
      }
    }
    if (const yaml::Node* list = root.Find("macros"); list && !list->IsNull()) {
      for (const auto& entry : Items(*list, "macros")) {
        check_.Mapping(entry, "a macro entry");
        MacroPatch m;
        m.name = Name(entry);
        m.file = file_;
        if (const yaml::Node* d = entry.Find("description")) m.description = Text(*d);
        if (const yaml::Node* args = entry.Find("arguments"); args && args->IsSequence()) {
          for (const auto& arg : args->items()) {
            Value a = Value::MakeDict();
            auto field = [&](const char* key) {
              const yaml::Node* f = arg.Find(key);
              return f && !f->IsNull() ? Value::String(f->ScalarText()) : Value::MakeNone();
            };
            a.AsDict().Set(Value::String("name"), field("name"));
            a.AsDict().Set(Value::String("type"), field("type"));
            Value desc = field("description");
            a.AsDict().Set(Value::String("description"), desc.IsNone() ? Value::String("") : desc);
            m.arguments.MutableItems().push_back(a);
          }
        }
        Value config = Value::MakeDict();
        if (const yaml::Node* c = entry.Find("config"); c && c->IsMapping())
          config = project::ToValue(*c);
        if (const yaml::Node* meta = entry.Find("meta"); meta && meta->IsMapping()) {
          m.meta = project::ToValue(*meta);
        } else if (const Value* meta_config = config.AsDict().Find("meta")) {
          m.meta = *meta_config;
        }
        if (const yaml::Node* docs = entry.Find("docs"); docs && docs->IsMapping()) {
          m.docs = project::ToValue(*docs);
        } else if (const Value* docs_config = config.AsDict().Find("docs")) {
          m.docs = *docs_config;
        }
        out.macros.push_back(std::move(m));
      }
    }
    return out;
  }

 private:
  const std::vector<yaml::Node>& Items(const yaml::Node& list, const char* key) {
    if (!list.IsSequence()) {
      throw check_.At(list, "'" + std::string(key) + "' must be a list of entries",
                      "write each entry as `- name: ...`");
    }
    return list.items();
  }

  std::string Name(const yaml::Node& entry) {
    const yaml::Node* name = entry.Find("name");
    if (!name) throw check_.At(entry, "this entry has no 'name'", "add `name: <the name>`");
    return name->ScalarText();
  }

  static std::string Text(const yaml::Node& n) { return n.IsNull() ? "" : n.ScalarText(); }

  std::vector<std::string> Tags(const yaml::Node* n) {
    std::vector<std::string> out;
    if (!n || n->IsNull()) return out;
    if (n->IsSequence()) {
      for (const auto& t : n->items())
        out.push_back(t.ScalarText());
    } else {
      out.push_back(n->ScalarText());
    }
    return out;
  }

  jinja::DictPtr Config(const yaml::Node& entry) {
    auto d = std::make_shared<jinja::Dict>();
    if (const yaml::Node* c = entry.Find("config"); c && !c->IsNull()) {
      check_.Mapping(*c, "config");
      Value v = project::ToValue(*c);
      for (const auto& [k, val] : v.AsDict().entries())
        d->Set(k, val);
      NormalizeConfigKeys(*d);
    }
    return d;
  }

  std::vector<TestSpec> Tests(const yaml::Node& entry, const std::optional<std::string>& column) {
    std::vector<TestSpec> out;
    const yaml::Node* data_tests = entry.Find("data_tests");
    const yaml::Node* tests = entry.Find("tests");
    if (data_tests && tests) {
      throw check_.At(*entry.FindKey("tests"), "both 'tests' and 'data_tests' are given",
                      "keep only `data_tests:`");
    }
    const yaml::Node* list = data_tests ? data_tests : tests;
    if (!list || list->IsNull()) return out;
    for (const auto& t : Items(*list, "data_tests"))
      out.push_back({t, column});
    return out;
  }

  // `constraints:` as dbt normalizes them (every key present).
  jinja::Value Constraints(const yaml::Node* list, bool model_level = false) {
    std::vector<jinja::Value> out;
    if (!list || list->IsNull()) return jinja::Value::List();
    for (const auto& c : Items(*list, "constraints")) {
      check_.Mapping(c, "a constraint");
      jinja::Value d = jinja::Value::MakeDict();
      auto field = [&](const char* k, jinja::Value fallback) {
        const yaml::Node* v = c.Find(k);
        d.AsDict().Set(jinja::Value::String(k),
                       v && !v->IsNull() ? project::ToValue(*v) : std::move(fallback));
      };
      if (!c.Find("type")) {
        throw check_.At(c, "a constraint needs a `type`",
                        "use one of check, not_null, unique, primary_key, foreign_key, custom");
      }
      field("type", jinja::Value::MakeNone());
      field("name", jinja::Value::MakeNone());
      field("expression", jinja::Value::MakeNone());
      field("warn_unenforced", jinja::Value::Bool(true));
      field("warn_unsupported", jinja::Value::Bool(true));
      field("to", jinja::Value::MakeNone());
      field("to_columns", jinja::Value::List());
      if (model_level) field("columns", jinja::Value::List());
      out.push_back(d);
    }
    return jinja::Value::List(std::move(out));
  }

  std::vector<ColumnSpec> Columns(const yaml::Node& entry) {
    std::vector<ColumnSpec> out;
    const yaml::Node* cols = entry.Find("columns");
    if (!cols || cols->IsNull()) return out;
    for (const auto& c : Items(*cols, "columns")) {
      check_.Mapping(c, "a column entry");
      ColumnSpec spec;
      spec.column.name = Name(c);
      if (const yaml::Node* d = c.Find("description")) spec.column.description = Text(*d);
      if (const yaml::Node* d = c.Find("data_type"); d && !d->IsNull()) {
        spec.column.data_type = d->ScalarText();
      }
      if (const yaml::Node* m = c.Find("meta"); m && !m->IsNull()) {
        spec.column.meta = project::ToValue(*m);
      }
      spec.column.tags = Tags(c.Find("tags"));
      if (const yaml::Node* q = c.Find("quote"); q && !q->IsNull()) {
        spec.column.quote_set = true;
        spec.column.quote = q->AsBool();
      }
      spec.column.constraints = Constraints(c.Find("constraints"));
      spec.tests = Tests(c, spec.column.name);
      out.push_back(std::move(spec));
    }
    return out;
  }

  NodePatch Patch(const char* key, const yaml::Node& entry) {
    check_.Mapping(entry, std::string("an entry of '") + key + "'");
    NodePatch p;
    p.key = key;
    p.name = Name(entry);
    p.file = file_;
    p.where = entry.where();
    if (const yaml::Node* d = entry.Find("description")) p.description = Text(*d);
    p.config = Config(entry);
    p.columns = Columns(entry);
    p.constraints = Constraints(entry.Find("constraints"), true);
    p.tests = Tests(entry, std::nullopt);
    if (const yaml::Node* m = entry.Find("meta"); m && !m->IsNull()) {
      p.meta = project::ToValue(*m);
      p.has_meta = true;
    }
    p.tags = Tags(entry.Find("tags"));
    if (const yaml::Node* d = entry.Find("docs"); d && !d->IsNull()) p.docs = project::ToValue(*d);
    if (const yaml::Node* r = entry.Find("relation"); r && !r->IsNull()) {
      p.relation = r->ScalarText();
    }
    if (const yaml::Node* v = entry.Find("latest_version"); v && !v->IsNull()) {
      p.latest_version = project::ToValue(*v);
    }
    if (const yaml::Node* d = entry.Find("deprecation_date"); d && !d->IsNull()) {
      p.deprecation_date = DeprecationDate(*d);
    }
    if (const yaml::Node* list = entry.Find("versions"); list && !list->IsNull()) {
      for (const auto& v : Items(*list, "versions"))
        p.versions.push_back(Version(v));
    }
    return p;
  }

  VersionSpec Version(const yaml::Node& entry) {
    check_.Mapping(entry, "a version entry");
    VersionSpec v;
    const yaml::Node* number = entry.Find("v");
    if (!number) throw check_.At(entry, "this version has no 'v'", "add `v: <version>`");
    v.v = project::ToValue(*number);
    v.label = number->ScalarText();
    if (const yaml::Node* n = entry.Find("defined_in"); n && !n->IsNull()) {
      v.defined_in = n->ScalarText();
    }
    if (const yaml::Node* d = entry.Find("description")) v.description = Text(*d);
    if (const yaml::Node* d = entry.Find("deprecation_date"); d && !d->IsNull()) {
      v.deprecation_date = DeprecationDate(*d);
    }
    v.config = Config(entry);
    v.tests = Tests(entry, std::nullopt);
    if (const yaml::Node* cols = entry.Find("columns"); cols && !cols->IsNull()) {
      v.has_columns = true;
      for (const auto& c : Items(*cols, "columns")) {
        if (const yaml::Node* inc = c.Find("include")) {
          v.include_all = inc->IsString() && (inc->AsString() == "all" || inc->AsString() == "*");
          if (inc->IsSequence()) {
            for (const auto& x : inc->items())
              v.include.push_back(x.ScalarText());
          }
          if (const yaml::Node* exc = c.Find("exclude"); exc && exc->IsSequence()) {
            for (const auto& x : exc->items())
              v.exclude.push_back(x.ScalarText());
          }
          continue;
        }
        yaml::Node seq = yaml::Node::Sequence();
        seq.Append(c);
        yaml::Node holder = yaml::Node::Mapping();
        holder.Set(yaml::Node::String("columns"), seq);
        for (auto& spec : Columns(holder))
          v.columns.push_back(std::move(spec));
      }
    }
    return v;
  }

  SourceSpec Source(const yaml::Node& entry) {
    check_.Mapping(entry, "a source entry");
    SourceSpec s;
    s.name = Name(entry);
    s.file = file_;
    if (const yaml::Node* n = entry.Find("database"); n && !n->IsNull())
      s.database = n->ScalarText();
    if (const yaml::Node* n = entry.Find("schema"); n && !n->IsNull()) s.schema = n->ScalarText();
    if (const yaml::Node* n = entry.Find("description")) s.description = Text(*n);
    if (const yaml::Node* n = entry.Find("loader"); n && !n->IsNull()) s.loader = n->ScalarText();
    if (const yaml::Node* n = entry.Find("meta"); n && !n->IsNull()) s.meta = project::ToValue(*n);
    s.tags = Tags(entry.Find("tags"));
    if (const yaml::Node* n = entry.Find("quoting"); n && !n->IsNull()) {
      s.quoting = project::ToValue(*n);
    }
    if (const yaml::Node* n = entry.Find("loaded_at_field"); n && !n->IsNull()) {
      s.loaded_at_field = n->ScalarText();
    }
    if (const yaml::Node* n = entry.Find("freshness")) {
      s.freshness = project::ToValue(*n);
      s.has_freshness = true;
    }
    s.config = Config(entry);
    if (const yaml::Node* tables = entry.Find("tables"); tables && !tables->IsNull()) {
      for (const auto& t : Items(*tables, "tables")) {
        check_.Mapping(t, "a source table entry");
        SourceTableSpec table;
        table.node = t;
        table.name = Name(t);
        if (const yaml::Node* n = t.Find("identifier"); n && !n->IsNull()) {
          table.identifier = n->ScalarText();
        }
        if (const yaml::Node* n = t.Find("description")) table.description = Text(*n);
        table.columns = Columns(t);
        table.tests = Tests(t, std::nullopt);
        if (const yaml::Node* n = t.Find("meta"); n && !n->IsNull()) {
          table.meta = project::ToValue(*n);
        }
        table.tags = Tags(t.Find("tags"));
        if (const yaml::Node* n = t.Find("quoting"); n && !n->IsNull()) {
          table.quoting = project::ToValue(*n);
        }
        if (const yaml::Node* n = t.Find("loaded_at_field"); n && !n->IsNull()) {
          table.loaded_at_field = n->ScalarText();
        }
        if (const yaml::Node* n = t.Find("freshness")) {
          table.freshness = project::ToValue(*n);
          table.has_freshness = true;
        }
        table.config = Config(t);
        s.tables.push_back(std::move(table));
      }
    }
    return s;
  }

  project::YamlChecker check_;
  std::string file_;
};

}  // namespace

manifest::ResourceType PatchResourceType(const std::string& key) {
  if (key == "seeds") return manifest::ResourceType::kSeed;
  if (key == "snapshots") return manifest::ResourceType::kSnapshot;
  if (key == "analyses") return manifest::ResourceType::kAnalysis;
  if (key == "data_tests") return manifest::ResourceType::kTest;
  return manifest::ResourceType::kModel;
}

std::vector<ColumnSpec> VersionColumns(const NodePatch& patch, const VersionSpec& version) {
  if (!version.has_columns) return patch.columns;
  std::vector<ColumnSpec> out;
  auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& c : patch.columns) {
    const std::string& name = c.column.name;
    bool included = version.include_all || listed(version.include, name);
    if (!included || listed(version.exclude, name)) continue;
    bool replaced = std::any_of(version.columns.begin(), version.columns.end(),
                                [&](const ColumnSpec& own) { return own.column.name == name; });
    if (!replaced) out.push_back(c);
  }
  for (const auto& c : version.columns)
    out.push_back(c);
  return out;
}

std::string DeprecationDate(const yaml::Node& node) {
  std::string text = node.ScalarText();
  if (node.kind() == yaml::NodeKind::kTimestamp && text.size() == 10) {
    return text + "T00:00:00+00:00";
  }
  return text;
}

PropertiesFile ReadPropertiesFile(const std::string& absolute, const std::string& original_path) {
  std::string text = ReadFile(absolute);
  yaml::Node root = yaml::Parse(text, original_path);
  return Reader(text, original_path).Read(root);
}

}  // namespace lakedev::parse
