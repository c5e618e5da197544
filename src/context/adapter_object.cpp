#include "context/adapter_object.hpp"

#include <algorithm>
#include <set>

#include "context/agate.hpp"
#include "context/column.hpp"
#include "context/relation.hpp"
#include "jinja/error.hpp"
#include "jinja/objects.hpp"

namespace lakedev::context {
using jinja::CallArgs;
using jinja::Interpreter;
using jinja::NativeFunction;
using jinja::Value;

namespace {}  // namespace

Value AdapterObject::Dispatch(const std::string& macro_name,
                              const std::optional<std::string>& macro_namespace) const {
  // Which packages to search: the root project's dispatch config for the namespace; else
  // the root project then the namespace when it names a loaded project (the root, a
  // package, dbt itself); else the node's own search order (nullopt).
  std::vector<std::optional<std::string>> search{std::nullopt};
  if (macro_namespace) {
    const project::DispatchEntry* config = nullptr;
    for (const auto& d : root_->dispatch) {
      if (d.macro_namespace == *macro_namespace) config = &d;
    }
    bool loaded =
        *macro_namespace == kInternalPackage ||
        std::find(packages_.begin(), packages_.end(), *macro_namespace) != packages_.end();
    if (config) {
      search.assign(config->search_order.begin(), config->search_order.end());
    } else if (loaded) {
      search = {root_->name, *macro_namespace};
    }
  }
  std::vector<std::string> prefixes;
  if (!macros_->adapter_type().empty()) prefixes.push_back(macros_->adapter_type());
  prefixes.push_back("default");
  std::string attempts;
  for (const auto& package : search) {
    for (const auto& prefix : prefixes) {
      std::string name = prefix + "__" + macro_name;
      const manifest::Macro* found =
          package ? macros_->Find(*package, name) : macros_->Resolve(package_, name);
      if (!attempts.empty()) attempts += ", ";
      attempts += "'" + (package ? *package + "." : std::string()) + name + "'";
      if (found) return MacroValue(found);
    }
  }
  throw jinja::TemplateError(
      jinja::TemplateErrorKind::kAssertion,
      "In dispatch: No macro named '" + macro_name + "' found within namespace: '" +
          (macro_namespace ? *macro_namespace : "None") + "'\n    Searched for: " + attempts);
}

std::optional<Value> AdapterObject::GetAttr(std::string_view name) {
  AdapterObject* self = this;
  if (execution_) {
    if (auto method = ExecutionMethod(*execution_, name, root_->quoting)) return method;
  } else if (name == "execute") {
    return jinja::MakeFunction("execute", [](Interpreter&, CallArgs& a) -> Value {
      a.positional.clear();
      a.keyword.clear();
      throw jinja::TemplateError(jinja::TemplateErrorKind::kAssertion,
                                 "this template runs a query, and lakedev has no database "
                                 "connection here (only duckdb targets are connected so far)");
    });
  }
  if (name == "dispatch") {
    return jinja::MakeFunction("dispatch", [self](Interpreter&, CallArgs& a) {
      auto macro_name = a.Take(0, "macro_name");
      if (!macro_name) jinja::ThrowTypeError("dispatch() missing required argument 'macro_name'");
      auto ns = a.Take(1, "macro_namespace");
      a.Take(2, "packages");
      a.ExpectNoMore("dispatch");
      std::optional<std::string> namespace_;
      if (ns && !ns->IsNone()) namespace_ = ns->Str();
      return self->Dispatch(macro_name->Str(), namespace_);
    });
  }
  if (name == "quote") {
    return jinja::MakeFunction("quote", [](Interpreter&, CallArgs& a) {
      std::string id = a.Take(0, "identifier").value_or(Value::String("")).Str();
      a.ExpectNoMore("quote");
      return Value::String("\"" + id + "\"");
    });
  }
  if (name == "type") {
    std::string type = macros_->adapter_type();
    return jinja::MakeFunction("type", [type](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("type");
      return Value::String(type);
    });
  }
  if (name == "Relation") return RelationApi();
  if (name == "convert_type") {
    return jinja::MakeFunction("convert_type", [](Interpreter&, CallArgs& a) {
      Value table = a.Take(0, "agate_table").value_or(Value::MakeNone());
      Value index = a.Take(1, "col_idx").value_or(Value::MakeNone());
      a.ExpectNoMore("convert_type");
      const adapters::Table* t = AgateTableOf(table);
      if (!t || !index.IsInt() || index.AsInt() < 0 ||
          static_cast<size_t>(index.AsInt()) >= t->column_types.size()) {
        jinja::ThrowTypeError("convert_type() expects a seed's table and a column index");
      }
      return Value::String(t->column_types[static_cast<size_t>(index.AsInt())]);
    });
  }
  if (name == "Column") return ColumnApi();
  if (name == "quote_as_configured") {
    Value quoting = root_->quoting;
    return jinja::MakeFunction("quote_as_configured", [quoting](Interpreter&, CallArgs& a) {
      std::string id = a.Take(0, "identifier").value_or(Value::String("")).Str();
      std::string key = a.Take(1, "quote_key").value_or(Value::String("")).Str();
      a.ExpectNoMore("quote_as_configured");
      const Value* q = quoting.IsDict() ? quoting.AsDict().Find(key) : nullptr;
      if (q && !q->IsNone() && !q->Truthy()) return Value::String(id);
      return Value::String("\"" + id + "\"");
    });
  }
  if (name == "quote_seed_column") {
    return jinja::MakeFunction("quote_seed_column", [](Interpreter&, CallArgs& a) {
      std::string column = a.Take(0, "column").value_or(Value::String("")).Str();
      Value config = a.Take(1, "quote_config").value_or(Value::MakeNone());
      a.ExpectNoMore("quote_seed_column");
      if (!config.IsNone() && !config.IsBool()) {
        jinja::ThrowTypeError(
            "The seed configuration value of \"quote_columns\" has an invalid "
            "type " +
            config.TypeName());
      }
      if (config.IsBool() && !config.Truthy()) return Value::String(column);
      return Value::String("\"" + column + "\"");
    });
  }
  if (name == "expand_target_column_types") {
    // DuckDB's VARCHAR has no length to widen.
    return jinja::MakeFunction("expand_target_column_types", [](Interpreter&, CallArgs& a) {
      a.positional.clear();
      a.keyword.clear();
      return Value::String("");
    });
  }
  if (name == "valid_incremental_strategies") {
    return jinja::MakeFunction("valid_incremental_strategies", [](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("valid_incremental_strategies");
      return Value::List({Value::String("append"), Value::String("delete+insert"),
                          Value::String("merge"), Value::String("microbatch")});
    });
  }
  if (name == "get_incremental_strategy_macro") {
    // The strategy's get_incremental_<strategy>_sql as the node's package resolves it
    // (dbt looks it up in the context it is given; the macros are the same).
    return jinja::MakeFunction("get_incremental_strategy_macro", [self](Interpreter&, CallArgs& a) {
      a.Take(0, "model_context");
      Value strategy_value = a.Take(1, "strategy").value_or(Value::MakeNone());
      a.ExpectNoMore("get_incremental_strategy_macro");
      std::string strategy = strategy_value.IsNone() ? "default" : strategy_value.Str();
      static const std::set<std::string> kBuiltin{"append", "delete+insert", "merge",
                                                  "insert_overwrite", "microbatch"};
      static const std::set<std::string> kValid{"append", "delete+insert", "merge", "microbatch",
                                                "default"};
      if (kBuiltin.count(strategy) && !kValid.count(strategy)) {
        throw jinja::TemplateError(
            jinja::TemplateErrorKind::kAssertion,
            "The incremental strategy '" + strategy + "' is not valid for this adapter");
      }
      std::string macro = "get_incremental_";
      for (char c : strategy)
        macro += c == '+' ? '_' : c;
      macro += "_sql";
      const manifest::Macro* found = self->macros_->Resolve(self->package_, macro);
      if (!found) {
        throw jinja::TemplateError(jinja::TemplateErrorKind::kAssertion,
                                   "dbt could not find an incremental strategy macro with the "
                                   "name \"" +
                                       macro + "\" in " + self->root_->name);
      }
      return MacroValue(found);
    });
  }
  if (name == "get_relation" || name == "load_relation") {
    return jinja::MakeFunction("get_relation", [](Interpreter&, CallArgs& a) {
      a.positional.clear();
      a.keyword.clear();
      return Value::MakeNone();
    });
  }
  if (name == "get_columns_in_relation" || name == "list_relations_without_caching") {
    return jinja::MakeFunction("get_columns_in_relation", [](Interpreter&, CallArgs& a) {
      a.positional.clear();
      a.keyword.clear();
      return Value::List();
    });
  }
  return std::nullopt;
}

}  // namespace lakedev::context
