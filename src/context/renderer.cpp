#include "context/renderer.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>

#include "context/adapter_object.hpp"
#include "context/agate.hpp"
#include "context/column.hpp"
#include "context/digest.hpp"
#include "context/node_object.hpp"
#include "context/pydatetime.hpp"
#include "context/pyjson.hpp"
#include "context/relation.hpp"
#include "context/seed_csv.hpp"
#include "jinja/error.hpp"
#include "jinja/interpreter.hpp"
#include "jinja/json.hpp"
#include "jinja/objects.hpp"
#include "jinja/operations.hpp"
#include "jinja/parser.hpp"
#include "project/yaml_value.hpp"
#include "yaml/parse.hpp"

namespace lakedev::context {
using jinja::CallArgs;
using jinja::Dict;
using jinja::Interpreter;
using jinja::NativeFunction;
using jinja::TemplateError;
using jinja::TemplateErrorKind;
using jinja::Value;

namespace {

[[noreturn]] void CompilationError(const std::string& message) {
  throw TemplateError(TemplateErrorKind::kAssertion, message);
}

std::string StrArg(CallArgs& a, size_t index, const char* name, const char* function) {
  auto v = a.Take(index, name);
  if (!v) {
    jinja::ThrowTypeError(std::string(function) + "() missing required argument '" + name + "'");
  }
  return v->Str();
}

// dbt's ref(): ref(name), ref(package, name), with version= or v=.
manifest::RefCall ParseRefArgs(CallArgs& a) {
  manifest::RefCall ref;
  std::optional<Value> version;
  for (auto it = a.keyword.begin(); it != a.keyword.end();) {
    if (it->first == "version" || it->first == "v") {
      if (version) CompilationError("ref() got both 'version' and 'v'");
      version = it->second;
      it = a.keyword.erase(it);
    } else {
      ++it;
    }
  }
  if (!a.keyword.empty()) {
    jinja::ThrowTypeError("ref() got an unexpected keyword argument '" + a.keyword[0].first + "'");
  }
  if (a.positional.size() == 1) {
    ref.name = a.positional[0].Str();
  } else if (a.positional.size() == 2) {
    ref.package = a.positional[0].Str();
    ref.name = a.positional[1].Str();
  } else {
    CompilationError("ref() takes at most two arguments (" + std::to_string(a.positional.size()) +
                     " given)");
  }
  if (version && !version->IsNone()) {
    ref.version = version->Str();
    ref.version_value = *version;
  }
  a.positional.clear();
  return ref;
}

RelationParts NodeRelation(const manifest::Node& node) {
  RelationParts p;
  p.database = node.database;
  p.schema = node.schema;
  p.identifier = node.alias;
  const std::string* materialized = nullptr;
  if (node.config) {
    if (const Value* m = node.config->Find("materialized"); m && m->IsString()) {
      materialized = &m->AsString();
    }
  }
  if (materialized && (*materialized == "table" || *materialized == "incremental")) {
    p.type = "table";
  } else if (materialized && *materialized == "view") {
    p.type = "view";
  }
  return p;
}

// `config` in a node's context.
class ConfigObject : public jinja::Object {
 public:
  ConfigObject(manifest::Node* node, Mode mode, ParseCapture* capture)
      : node_(node), mode_(mode), capture_(capture) {}
  std::string TypeName() const override { return "Config"; }
  std::optional<Value> Call(Interpreter&, CallArgs& a) override {
    Value opts;
    if (a.positional.size() == 1 && a.keyword.empty()) {
      opts = a.positional[0];
      if (!opts.IsDict()) CompilationError("config() takes a dict or keyword arguments");
    } else if (a.positional.empty() && !a.keyword.empty()) {
      opts = Value::MakeDict();
      for (auto& [k, v] : a.keyword)
        opts.AsDict().Set(Value::String(k), v);
    } else {
      CompilationError(
          "Compilation Error in " + node_->unique_id +
          "\n  Invalid inline model config: config() takes a dict or keyword arguments");
    }
    a.positional.clear();
    a.keyword.clear();
    if (mode_ == Mode::kParse && capture_) Record(opts.AsDict());
    return Value::String("");
  }
  std::optional<Value> GetAttr(std::string_view name) override {
    auto self = this;
    if (name == "get") {
      return jinja::MakeFunction("get", [self](Interpreter&, CallArgs& a) {
        std::string key = StrArg(a, 0, "name", "get");
        Value fallback = a.Take(1, "default").value_or(Value::MakeNone());
        a.Take(2, "validator");
        a.ExpectNoMore("get");
        if (self->mode_ == Mode::kParse) return Value::String("");
        return self->Lookup(key).value_or(fallback);
      });
    }
    if (name == "require") {
      return jinja::MakeFunction("require", [self](Interpreter&, CallArgs& a) {
        std::string key = StrArg(a, 0, "name", "require");
        a.Take(1, "validator");
        a.ExpectNoMore("require");
        if (self->mode_ == Mode::kParse) return Value::String("");
        auto v = self->Lookup(key);
        if (!v) {
          CompilationError("Required config \"" + key + "\" not found in node " +
                           self->node_->unique_id);
        }
        return *v;
      });
    }
    if (name == "set") {
      return jinja::MakeFunction("set", [self](Interpreter&, CallArgs& a) {
        std::string key = StrArg(a, 0, "name", "set");
        Value value = a.Take(1, "value").value_or(Value::MakeNone());
        a.ExpectNoMore("set");
        if (self->mode_ == Mode::kParse && self->capture_) {
          Dict d;
          d.Set(Value::String(key), value);
          self->Record(d);
        }
        return Value::String("");
      });
    }
    if (name == "persist_relation_docs" || name == "persist_column_docs") {
      std::string which = name == "persist_relation_docs" ? "relation" : "columns";
      return jinja::MakeFunction(
          name == "persist_relation_docs" ? "persist_relation_docs" : "persist_column_docs",
          [self, which](Interpreter&, CallArgs& a) {
            a.ExpectNoMore(which);
            if (self->mode_ == Mode::kParse) return Value::Bool(false);
            auto docs = self->Lookup("persist_docs");
            if (!docs || !docs->IsDict()) return Value::Bool(false);
            const Value* v = docs->AsDict().Find(which);
            return Value::Bool(v && v->Truthy());
          });
    }
    return std::nullopt;
  }

 private:
  std::optional<Value> Lookup(const std::string& key) const {
    if (!node_->config) return std::nullopt;
    const Value* v = node_->config->Find(key);
    if (!v && key.find('_') != std::string::npos) {
      std::string dashed = key;
      for (char& c : dashed) {
        if (c == '_') c = '-';
      }
      if (dashed == "pre-hook" || dashed == "post-hook") v = node_->config->Find(dashed);
    }
    if (!v) return std::nullopt;
    return *v;
  }
  void Record(const Dict& opts) {
    for (const auto& [k, v] : opts.entries()) {
      std::string key = k.Str();
      if (key == "pre_hook") key = "pre-hook";
      if (key == "post_hook") key = "post-hook";
      capture_->config->Set(Value::String(key), v);
    }
  }

  manifest::Node* node_;
  Mode mode_;
  ParseCapture* capture_;
};

std::string HashHex(const std::string& s) {
  return Md5Hex(s);
}

Value MakeExceptions() {
  auto d = std::make_shared<Dict>();
  d->Set(Value::String("raise_compiler_error"),
         jinja::MakeFunction("raise_compiler_error", [](Interpreter&, CallArgs& a) -> Value {
           std::string msg = a.Take(0, "msg").value_or(Value::String("")).Str();
           CompilationError(msg);
         }));
  d->Set(Value::String("warn"), jinja::MakeFunction("warn", [](Interpreter&, CallArgs& a) {
           std::string msg = a.Take(0, "msg").value_or(Value::String("")).Str();
           std::cerr << "[WARNING]: " << msg << "\n";
           return Value::String("");
         }));
  d->Set(Value::String("raise_not_implemented"),
         jinja::MakeFunction("raise_not_implemented", [](Interpreter&, CallArgs& a) -> Value {
           std::string msg = a.Take(0, "msg").value_or(Value::String("")).Str();
           CompilationError(msg);
         }));
  return Value::MakeDict(d);
}

// The `target` value: the profile's output with the keys dbt exposes, secrets left out.
Value MakeTarget(const project::Target& t) {
  Value d = Value::MakeDict();
  auto set = [&](const char* k, Value v) { d.AsDict().Set(Value::String(k), std::move(v)); };
  for (const auto& [k, v] : t.fields.entries()) {
    std::string key = k.ScalarText();
    if (key == "password" || key == "token" || key == "pass" || key == "private_key" ||
        key == "secrets" || key == "settings") {
      continue;
    }
    set(key.c_str(), project::ToValue(v));
  }
  set("name", Value::String(t.name));
  set("target_name", Value::String(t.name));
  set("profile_name", Value::String(t.profile_name));
  set("type", Value::String(t.type));
  set("threads", Value::Int(t.threads));
  return d;
}

}  // namespace

Value LookupVar(const RenderSettings& settings, const std::string& package,
                const std::string& node_name, const std::string& name,
                const std::optional<Value>& fallback) {
  if (const Value* v = settings.cli_vars.AsDict().Find(name)) return *v;
  // The root project's vars scoped to the package, then its global vars; for a package's
  // node, the package's own vars come below the root's.
  auto lookup = [&](const project::DbtProject& p) -> const Value* {
    const Dict& vars = p.vars.AsDict();
    if (const Value* scoped = vars.Find(package); scoped && scoped->IsDict()) {
      if (const Value* v = scoped->AsDict().Find(name)) return v;
    }
    const Value* v = vars.Find(name);
    if (v && v->IsDict() && settings.projects.count(name)) return nullptr;  // a package scope
    return v;
  };
  if (const Value* v = lookup(*settings.root)) return *v;
  if (package != settings.root->name) {
    auto it = settings.projects.find(package);
    if (it != settings.projects.end()) {
      if (const Value* v = lookup(*it->second)) return *v;
    }
  }
  if (fallback) return *fallback;
  CompilationError("Required var '" + name + "' not found in config:\nVars supplied to " +
                   node_name + " = {}");
}

struct Renderer::NodeState {
  manifest::Node* node;
  Mode mode;
  ParseCapture* capture;
  Resolver* resolver;
};

Renderer::Renderer(RenderSettings settings, manifest::Manifest& manifest)
    : settings_(std::move(settings)), manifest_(manifest) {
  macros_ = std::make_unique<MacroNamespaces>(manifest_, settings_.root->name,
                                              settings_.target ? settings_.target->type : "");
  if (settings_.target) target_ = MakeTarget(*settings_.target);
  if (settings_.run_started_at_us == 0) settings_.run_started_at_us = NowMicros();
}

Renderer::~Renderer() = default;

const Dict& Renderer::Shared(const std::string& package, Mode mode) {
  auto key = std::make_pair(package, mode);
  auto it = shared_.find(key);
  if (it != shared_.end()) return *it->second;
  auto d = std::make_unique<Dict>();
  auto set = [&](const char* k, Value v) { d->Set(Value::String(k), std::move(v)); };
  bool execute = mode == Mode::kExecute;
  set("execute", Value::Bool(execute));
  set("target", target_);
  set("project_name", Value::String(settings_.root->name));
  set("invocation_id", Value::String(settings_.invocation_id));
  set("run_started_at", MakeDateTime(settings_.run_started_at_us, true));
  set("modules", [] {
    Value m = Value::MakeDict();
    m.AsDict().Set(Value::String("datetime"), DateTimeModule());
    m.AsDict().Set(Value::String("pytz"), PytzModule());
    return m;
  }());
  set("dbt_version", Value::String("1.11.16"));
  set("env_var", jinja::MakeFunction("env_var", [](Interpreter&, CallArgs& a) {
        std::string name = StrArg(a, 0, "var", "env_var");
        auto fallback = a.Take(1, "default");
        a.ExpectNoMore("env_var");
        if (name.rfind("DBT_ENV_SECRET_", 0) == 0) {
          CompilationError(
              "Secret env vars are allowed only in profiles.yml or packages.yml. "
              "Found '" +
              name + "' referenced in a model or macro");
        }
        if (const char* v = std::getenv(name.c_str())) return Value::String(v);
        if (fallback && !fallback->IsNone()) return Value::String(fallback->Str());
        CompilationError("Env var required but not provided: '" + name + "'");
      }));
  set("return", jinja::MakeFunction("return", [](Interpreter&, CallArgs& a) -> Value {
        Value v = a.Take(0, "value").value_or(Value::MakeNone());
        throw jinja::MacroReturn{v};
      }));
  set("exceptions", MakeExceptions());
  set("log", jinja::MakeFunction("log", [](Interpreter&, CallArgs& a) {
        std::string msg = a.Take(0, "msg").value_or(Value::String("")).Str();
        auto info = a.Take(1, "info");
        // As dbt: an info log is a line of the run's output, after the time.
        if (info && info->Truthy()) {
          std::time_t now = std::time(nullptr);
          std::tm tm{};
          gmtime_r(&now, &tm);
          char clock[16];
          std::strftime(clock, sizeof clock, "%H:%M:%S", &tm);
          std::cout << clock << "  " << msg << "\n" << std::flush;
        }
        return Value::String("");
      }));
  set("print", jinja::MakeFunction("print", [](Interpreter&, CallArgs& a) {
        std::cout << a.Take(0, "msg").value_or(Value::String("")).Str() << "\n";
        return Value::String("");
      }));
  set("tojson", jinja::MakeFunction("tojson", [](Interpreter&, CallArgs& a) {
        Value v = a.Take(0, "value").value_or(Value::MakeNone());
        auto sort = a.Take(1, "sort_keys");
        return Value::String(PyJsonDumps(v, sort && sort->Truthy()));
      }));
  set("fromjson", jinja::MakeFunction("fromjson", [](Interpreter&, CallArgs& a) {
        std::string text = StrArg(a, 0, "string", "fromjson");
        auto fallback = a.Take(1, "default");
        try {
          return jinja::FromJson(text);
        } catch (const TemplateError&) {
          return fallback.value_or(Value::MakeNone());
        }
      }));
  set("fromyaml", jinja::MakeFunction("fromyaml", [](Interpreter&, CallArgs& a) {
        std::string text = StrArg(a, 0, "value", "fromyaml");
        auto fallback = a.Take(1, "default");
        try {
          return project::ToValue(yaml::Parse(text, "<fromyaml>"));
        } catch (const Error&) {
          return fallback.value_or(Value::MakeNone());
        }
      }));
  set("local_md5", jinja::MakeFunction("local_md5", [](Interpreter&, CallArgs& a) {
        return Value::String(HashHex(StrArg(a, 0, "value", "local_md5")));
      }));
  set("zip", jinja::MakeFunction("zip", [](Interpreter&, CallArgs& a) {
        std::vector<std::vector<Value>> lists;
        for (const auto& v : a.positional)
          lists.push_back(jinja::Iterate(v));
        a.positional.clear();
        size_t n = lists.empty() ? 0 : SIZE_MAX;
        for (const auto& l : lists)
          n = std::min(n, l.size());
        std::vector<Value> out;
        for (size_t i = 0; i < n; ++i) {
          std::vector<Value> t;
          for (const auto& l : lists)
            t.push_back(l[i]);
          out.push_back(Value::Tuple(std::move(t)));
        }
        return Value::List(std::move(out));
      }));
  set("api", [] {
    Value d = Value::MakeDict();
    d.AsDict().Set(Value::String("Relation"), RelationApi());
    d.AsDict().Set(Value::String("Column"), ColumnApi());
    return d;
  }());
  set("graph", Value::MakeDict());
  // Results of statement blocks: none are stored until compile can run queries.
  set("load_result", jinja::MakeFunction("load_result", [](Interpreter&, CallArgs& a) {
        a.positional.clear();
        a.keyword.clear();
        return Value::MakeNone();
      }));
  set("store_result", jinja::MakeFunction("store_result", [](Interpreter&, CallArgs& a) {
        a.positional.clear();
        a.keyword.clear();
        return Value::String("");
      }));
  set("store_raw_result", jinja::MakeFunction("store_raw_result", [](Interpreter&, CallArgs& a) {
        a.positional.clear();
        a.keyword.clear();
        return Value::String("");
      }));
  set("load_relation", jinja::MakeFunction("load_relation", [](Interpreter&, CallArgs& a) {
        a.positional.clear();
        a.keyword.clear();
        return Value::MakeNone();
      }));
  set("flags", [&] {
    Value f = Value::MakeDict();
    f.AsDict().Set(Value::String("FULL_REFRESH"), Value::Bool(settings_.full_refresh));
    f.AsDict().Set(Value::String("STORE_FAILURES"), Value::Bool(settings_.store_failures));
    std::string which = settings_.which.empty() ? (execute ? "compile" : "parse") : settings_.which;
    f.AsDict().Set(Value::String("WHICH"), Value::String(which));
    return f;
  }());
  std::vector<std::string> packages;
  for (const auto& [name, project] : settings_.projects)
    packages.push_back(name);
  set("adapter", Value::Obj(std::make_shared<AdapterObject>(macros_.get(), settings_.root, packages,
                                                            package)));
  set("selected_resources", Value::List());
  // The macros override every member above, as in dbt (a project can define `ref`).
  for (const auto& [k, v] : macros_->For(package).entries())
    d->Set(k, v);
  const Dict& out = *d;
  shared_[key] = std::move(d);
  return out;
}

template <typename Set>
void Renderer::AddExecution(NodeState& st, Execution& ex, Set& set) {
  Execution* e = &ex;
  std::vector<std::string> packages;
  for (const auto& [name, project] : settings_.projects)
    packages.push_back(name);
  auto adapter = std::make_shared<AdapterObject>(macros_.get(), settings_.root, packages,
                                                 st.node->package_name);
  adapter->set_execution(e);
  set("adapter", Value::Obj(adapter));
  set("load_result", jinja::MakeFunction("load_result", [e](Interpreter&, CallArgs& a) {
        std::string name = StrArg(a, 0, "name", "load_result");
        a.ExpectNoMore("load_result");
        auto it = e->results.find(name);
        return it == e->results.end() ? Value::MakeNone() : it->second;
      }));
  auto store = [e](const std::string& name, Value response, Value table) {
    Value r = Value::MakeDict();
    Value data = Value::List();
    if (!table.IsNone()) data = Value::List(jinja::Iterate(table));
    r.AsDict().Set(Value::String("response"), std::move(response));
    r.AsDict().Set(Value::String("data"), std::move(data));
    r.AsDict().Set(Value::String("table"), std::move(table));
    e->results[name] = r;
  };
  set("store_result", jinja::MakeFunction("store_result", [store](Interpreter&, CallArgs& a) {
        std::string name = StrArg(a, 0, "name", "store_result");
        Value response = a.Take(1, "response").value_or(Value::MakeNone());
        Value table = a.Take(2, "agate_table").value_or(Value::MakeNone());
        a.ExpectNoMore("store_result");
        store(name, response, table);
        return Value::String("");
      }));
  set("store_raw_result",
      jinja::MakeFunction("store_raw_result", [store](Interpreter&, CallArgs& a) {
        std::string name = StrArg(a, 0, "name", "store_raw_result");
        Value message = a.Take(1, "message").value_or(Value::MakeNone());
        Value code = a.Take(2, "code").value_or(Value::MakeNone());
        Value rows = a.Take(3, "rows_affected").value_or(Value::MakeNone());
        Value table = a.Take(4, "agate_table").value_or(Value::MakeNone());
        a.ExpectNoMore("store_raw_result");
        adapters::Response r;
        if (!message.IsNone()) r.message = message.Str();
        if (!code.IsNone()) r.code = code.Str();
        if (rows.IsInt()) r.rows_affected = rows.AsInt();
        store(name, MakeResponse(r), table);
        return Value::String("");
      }));
  if (st.node->resource_type == manifest::ResourceType::kSeed) {
    manifest::Node* node = st.node;
    std::string path = (std::filesystem::path(node->root_dir) / node->original_file_path).string();
    set("seed_file_path", jinja::MakeFunction("seed_file_path", [path](Interpreter&, CallArgs& a) {
          a.ExpectNoMore("seed_file_path");
          return Value::String(path);
        }));
    set("load_agate_table",
        jinja::MakeFunction("load_agate_table", [node, path](Interpreter&, CallArgs& a) {
          a.ExpectNoMore("load_agate_table");
          char delimiter = ',';
          std::set<std::string> text_columns;
          if (const Value* d = node->config->Find("delimiter"); d && d->IsString()) {
            if (d->AsString().size() != 1) {
              CompilationError("the delimiter of seed " + node->name +
                               " must be one character, got '" + d->AsString() + "'");
            }
            delimiter = d->AsString()[0];
          }
          if (const Value* types = node->config->Find("column_types"); types && types->IsDict()) {
            for (const auto& [k, v] : types->AsDict().entries())
              text_columns.insert(k.Str());
          }
          SeedCsv csv = ReadSeedCsv(path, delimiter, text_columns);
          for (const auto& w : csv.warnings)
            std::cerr << path << ": " << w << "\n";
          return MakeAgateTable(std::make_shared<adapters::Table>(std::move(csv.table)));
        }));
  }
  set("write", jinja::MakeFunction("write", [e](Interpreter&, CallArgs& a) {
        e->written = StrArg(a, 0, "payload", "write");
        a.ExpectNoMore("write");
        return Value::String("");
      }));
}

jinja::DictPtr Renderer::NodeContext(NodeState& st) {
  auto d = std::make_shared<Dict>();
  const Dict& macros = macros_->For(st.node->package_name);
  auto set = [&](const char* k, Value v) {
    if (!macros.Find(k)) d->Set(Value::String(k), std::move(v));
  };
  NodeState* s = &st;
  Value ref = jinja::MakeFunction("ref", [s](Interpreter&, CallArgs& a) {
    manifest::RefCall call = ParseRefArgs(a);
    if (s->mode == Mode::kParse) {
      if (s->capture) s->capture->refs.push_back(call);
      return MakeRelation(NodeRelation(*s->node));
    }
    return s->resolver->Ref(*s->node, call);
  });
  Value source = jinja::MakeFunction("source", [s](Interpreter&, CallArgs& a) {
    std::string source_name = StrArg(a, 0, "source_name", "source");
    std::string table_name = StrArg(a, 1, "table_name", "source");
    a.ExpectNoMore("source");
    if (s->mode == Mode::kParse) {
      if (s->capture) s->capture->sources.push_back({source_name, table_name});
      return MakeRelation(NodeRelation(*s->node));
    }
    return s->resolver->Source(*s->node, source_name, table_name);
  });
  Value config = Value::Obj(std::make_shared<ConfigObject>(st.node, st.mode, st.capture));
  set("ref", ref);
  set("source", source);
  set("config", config);
  set("this", MakeRelation(NodeRelation(*st.node)));
  set("model", Value::Obj(std::make_shared<NodeObject>(st.node)));
  const RenderSettings* settings = &settings_;
  Renderer* self = this;
  set("var", jinja::MakeFunction("var", [s, settings, self](Interpreter&, CallArgs& a) {
        std::string name = StrArg(a, 0, "name", "var");
        std::optional<Value> fallback = a.Take(1, "default");
        a.ExpectNoMore("var");
        // A missing var is None while parsing; dbt fails only when compiling.
        if (!fallback && s->mode == Mode::kParse) fallback = Value::MakeNone();
        Value v = LookupVar(*settings, s->node->package_name, s->node->name, name, fallback);
        // As dbt: a var holding Jinja is rendered where it is used.
        if (v.IsString() && (v.AsString().find("{{") != std::string::npos ||
                             v.AsString().find("{%") != std::string::npos)) {
          auto ast = jinja::Parse(v.AsString(), "var('" + name + "')");
          return Value::String(self->Render(*s->node, *ast, s->mode, s->capture, s->resolver));
        }
        return v;
      }));
  set("render", jinja::MakeFunction("render", [s, self](Interpreter&, CallArgs& a) {
        std::string text = StrArg(a, 0, "string", "render");
        a.ExpectNoMore("render");
        auto ast = jinja::Parse(text, s->node->original_file_path);
        return Value::String(self->Render(*s->node, *ast, s->mode, s->capture, s->resolver));
      }));
  // A macro by name as the node's package resolves it, or from one package (a strategy
  // macro named in config); None when there is none.
  set("lakedev_find_macro",
      jinja::MakeFunction("lakedev_find_macro", [s, self](Interpreter&, CallArgs& a) {
        std::string name = StrArg(a, 0, "name", "lakedev_find_macro");
        Value package = a.Take(1, "package").value_or(Value::MakeNone());
        a.ExpectNoMore("lakedev_find_macro");
        const manifest::Macro* m = package.IsNone()
                                       ? self->macros_->Resolve(s->node->package_name, name)
                                       : self->macros_->Find(package.Str(), name);
        return m ? MacroValue(m) : Value::MakeNone();
      }));
  if (st.mode == Mode::kExecute && execution_) AddExecution(st, *execution_, set);
  Value builtins = Value::MakeDict();
  builtins.AsDict().Set(Value::String("ref"), ref);
  builtins.AsDict().Set(Value::String("source"), source);
  builtins.AsDict().Set(Value::String("config"), config);
  set("builtins", builtins);
  return d;
}

std::string Renderer::Render(manifest::Node& node, const jinja::TemplateAst& ast, Mode mode,
                             ParseCapture* capture, Resolver* resolver, const Dict* extra) {
  NodeState st{&node, mode, capture, resolver};
  jinja::DictPtr ctx = NodeContext(st);
  if (extra) {
    for (const auto& [k, v] : extra->entries())
      ctx->Set(k, v);
  }
  Interpreter interp(env_, *ctx, &Shared(node.package_name, mode));
  interp.set_lenient_undefined(mode == Mode::kParse);
  try {
    return interp.Render(ast);
  } catch (TemplateError& e) {
    // dbt's hint for the commonest cause: a macro that is not there.
    if (e.template_kind() == TemplateErrorKind::kUndefined &&
        e.message().ends_with("is undefined") && e.fix().empty()) {
      e.WithFix(
          "This can happen when calling a macro that does not exist: check the name, "
          "call a package's macro as package.macro(), and install packages with "
          "`dbt deps`");
    }
    throw;
  }
}

Value Renderer::Evaluate(manifest::Node& node, const std::string& expression, Mode mode,
                         ParseCapture* capture, Resolver* resolver) {
  auto ast = jinja::Parse("{% do __lakedev_value(" + expression + ") %}", node.original_file_path);
  auto result = std::make_shared<Value>();
  Dict extra;
  extra.Set(Value::String("__lakedev_value"),
            jinja::MakeFunction("__lakedev_value", [result](Interpreter&, CallArgs& a) {
              *result = a.Take(0, "value").value_or(Value::MakeNone());
              a.ExpectNoMore("value");
              return Value::MakeNone();
            }));
  Render(node, *ast, mode, capture, resolver, &extra);
  return *result;
}

Value Renderer::CallMacro(manifest::Node& node, const std::string& name, CallArgs args, Mode mode) {
  const manifest::Macro* macro = macros_->Resolve(node.package_name, name);
  if (!macro) CompilationError("macro '" + name + "' is not defined");
  NodeState st{&node, mode, nullptr, nullptr};
  jinja::DictPtr ctx = NodeContext(st);
  Interpreter interp(env_, *ctx, &Shared(node.package_name, mode));
  return interp.CallOutside(MacroValue(macro), args);
}

Value Renderer::CallMacro(manifest::Node& node, const manifest::Macro& macro, const Dict& extra,
                          Resolver* resolver, CallArgs args) {
  NodeState st{&node, Mode::kExecute, nullptr, resolver};
  jinja::DictPtr ctx = NodeContext(st);
  for (const auto& [k, v] : extra.entries())
    ctx->Set(k, v);
  Interpreter interp(env_, *ctx, &Shared(node.package_name, Mode::kExecute));
  return interp.CallOutside(MacroValue(&macro), args);
}

}  // namespace lakedev::context
