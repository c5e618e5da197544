// adapter.<method> calls that reach the database, as dbt-duckdb's adapter answers them.
#include <algorithm>
#include <set>

#include "context/agate.hpp"
#include "context/column.hpp"
#include "context/execution.hpp"
#include "context/relation.hpp"
#include "jinja/error.hpp"
#include "jinja/objects.hpp"

namespace lakedev::context {
using adapters::RelationInfo;
using jinja::CallArgs;
using jinja::Interpreter;
using jinja::Value;

namespace {

class ResponseObject : public jinja::Object {
 public:
  explicit ResponseObject(adapters::Response r) : r_(std::move(r)) {}
  std::string TypeName() const override { return "AdapterResponse"; }
  std::optional<Value> GetAttr(std::string_view name) override {
    if (name == "_message") return Value::String(r_.message);
    if (name == "code") return r_.code ? Value::String(*r_.code) : Value::MakeNone();
    if (name == "rows_affected") {
      return r_.rows_affected ? Value::Int(*r_.rows_affected) : Value::MakeNone();
    }
    return std::nullopt;
  }
  std::optional<Value> GetItem(const Value& key) override {
    if (!key.IsString()) return std::nullopt;
    return GetAttr(key.AsString());
  }
  std::string Str() const override { return r_.message; }
  std::string Repr() const override {
    return "AdapterResponse(_message='" + r_.message +
           "', code=" + (r_.code ? "'" + *r_.code + "'" : std::string("None")) +
           ", rows_affected=" + (r_.rows_affected ? std::to_string(*r_.rows_affected) : "None") +
           ")";
  }

 private:
  adapters::Response r_;
};

const RelationParts& PartsOf(const Value& v, const char* function) {
  auto* r = v.IsObject() ? dynamic_cast<RelationObject*>(v.AsObject().get()) : nullptr;
  if (!r) {
    jinja::ThrowTypeError(std::string("adapter.") + function + "() expects a relation, got " +
                          v.Repr());
  }
  return r->parts();
}

RelationInfo InfoOf(const RelationParts& p) {
  return {p.database, p.schema, p.identifier, p.type};
}

Value RelationOf(const RelationInfo& info, const Value& quoting) {
  RelationParts p;
  p.database = info.database;
  p.schema = info.schema;
  p.identifier = info.identifier;
  p.type = info.type;
  ApplyQuoting(quoting, p);
  return MakeRelation(std::move(p));
}

std::string Arg(CallArgs& a, size_t i, const char* name) {
  auto v = a.Take(i, name);
  return v && !v->IsNone() ? v->Str() : std::string();
}

std::string TypeWord(const RelationParts& p) {
  return p.type == "view" ? "view" : "table";
}

}  // namespace

Value MakeResponse(const adapters::Response& response) {
  return Value::Obj(std::make_shared<ResponseObject>(response));
}

std::optional<Value> ExecutionMethod(Execution& ex, std::string_view name, const Value& quoting) {
  Execution* e = &ex;
  adapters::Session& s = *ex.session;
  adapters::Session* sp = &s;
  if (name == "execute") {
    return jinja::MakeFunction("execute", [e](Interpreter&, CallArgs& a) {
      std::string sql = Arg(a, 0, "sql");
      auto auto_begin = a.Take(1, "auto_begin");
      auto fetch = a.Take(2, "fetch");
      auto limit = a.Take(3, "limit");
      a.ExpectNoMore("execute");
      if (auto_begin && auto_begin->Truthy()) e->session->Begin();
      auto table = std::make_shared<adapters::Table>();
      adapters::Response r =
          e->session->Execute(sql, fetch && fetch->Truthy() ? table.get() : nullptr);
      if (limit && limit->IsInt() && table->rows.size() > static_cast<size_t>(limit->AsInt())) {
        table->rows.resize(static_cast<size_t>(limit->AsInt()));
      }
      return Value::Tuple({MakeResponse(r), MakeAgateTable(table)});
    });
  }
  if (name == "get_relation") {
    return jinja::MakeFunction("get_relation", [e, quoting](Interpreter&, CallArgs& a) {
      std::string database = Arg(a, 0, "database");
      std::string schema = Arg(a, 1, "schema");
      std::string identifier = Arg(a, 2, "identifier");
      a.ExpectNoMore("get_relation");
      auto found = e->cache->Get(*e->session, database, schema, identifier);
      if (!found) return Value::MakeNone();
      return RelationOf(*found, quoting);
    });
  }
  if (name == "list_relations_without_caching" || name == "list_relations") {
    bool by_relation = name == "list_relations_without_caching";
    return jinja::MakeFunction(
        std::string(name), [sp, quoting, by_relation](Interpreter&, CallArgs& a) {
          std::string database, schema;
          if (by_relation) {
            Value schema_rel = a.Take(0, "schema_relation").value_or(Value());
            const RelationParts& p = PartsOf(schema_rel, "list_relations_without_caching");
            database = p.database;
            schema = p.schema;
          } else {
            database = Arg(a, 0, "database");
            schema = Arg(a, 1, "schema");
          }
          a.ExpectNoMore("list_relations");
          std::vector<Value> out;
          for (const auto& r : sp->ListRelations(database, schema))
            out.push_back(RelationOf(r, quoting));
          return Value::List(std::move(out));
        });
  }
  if (name == "get_columns_in_relation") {
    return jinja::MakeFunction("get_columns_in_relation", [sp](Interpreter&, CallArgs& a) {
      Value rel = a.Take(0, "relation").value_or(Value());
      a.ExpectNoMore("get_columns_in_relation");
      PartsOf(rel, "get_columns_in_relation");
      sp->Begin();  // dbt runs this introspection with auto_begin
      std::vector<Value> out;
      for (auto& c : sp->Columns(rel.Str()))
        out.push_back(MakeColumn(std::move(c)));
      return Value::List(std::move(out));
    });
  }
  if (name == "get_missing_columns") {
    return jinja::MakeFunction("get_missing_columns", [sp](Interpreter&, CallArgs& a) {
      Value from = a.Take(0, "from_relation").value_or(Value());
      Value to = a.Take(1, "to_relation").value_or(Value());
      a.ExpectNoMore("get_missing_columns");
      PartsOf(from, "get_missing_columns");
      PartsOf(to, "get_missing_columns");
      auto to_cols = sp->Columns(to.Str());
      std::vector<Value> out;
      for (auto& c : sp->Columns(from.Str())) {
        bool present = std::any_of(to_cols.begin(), to_cols.end(), [&](const auto& t) {
          return adapters::Lower(t.name) == adapters::Lower(c.name);
        });
        if (!present) out.push_back(MakeColumn(std::move(c)));
      }
      return Value::List(std::move(out));
    });
  }
  if (name == "assert_valid_snapshot_target_given_strategy") {
    return jinja::MakeFunction(std::string(name), [sp](Interpreter&, CallArgs& a) {
      Value rel = a.Take(0, "relation").value_or(Value());
      a.Take(1, "column_names");
      a.Take(2, "strategy");
      a.ExpectNoMore("assert_valid_snapshot_target_given_strategy");
      PartsOf(rel, "assert_valid_snapshot_target_given_strategy");
      sp->Begin();
      std::set<std::string> have;
      for (const auto& c : sp->Columns(rel.Str()))
        have.insert(adapters::Lower(c.name));
      std::string missing;
      for (const char* need : {"dbt_scd_id", "dbt_valid_from", "dbt_valid_to"}) {
        if (!have.count(need)) missing += (missing.empty() ? "" : ", ") + std::string(need);
      }
      if (!missing.empty()) {
        throw jinja::TemplateError(
            jinja::TemplateErrorKind::kAssertion,
            "Snapshot target is not a snapshot table (missing \"" + missing + "\")");
      }
      return Value::String("");
    });
  }
  if (name == "drop_relation") {
    return jinja::MakeFunction("drop_relation", [e](Interpreter&, CallArgs& a) {
      Value rel = a.Take(0, "relation").value_or(Value());
      a.ExpectNoMore("drop_relation");
      const RelationParts& p = PartsOf(rel, "drop_relation");
      e->session->Execute("drop " + TypeWord(p) + " if exists " + rel.Str() + " cascade", nullptr);
      e->cache->Drop(p.database, p.schema, p.identifier);
      return Value::MakeNone();
    });
  }
  if (name == "truncate_relation") {
    return jinja::MakeFunction("truncate_relation", [e](Interpreter&, CallArgs& a) {
      Value rel = a.Take(0, "relation").value_or(Value());
      a.ExpectNoMore("truncate_relation");
      PartsOf(rel, "truncate_relation");
      e->session->Begin();
      e->session->Execute("truncate table " + rel.Str(), nullptr);
      return Value::MakeNone();
    });
  }
  if (name == "rename_relation") {
    return jinja::MakeFunction("rename_relation", [e](Interpreter&, CallArgs& a) {
      Value from = a.Take(0, "from_relation").value_or(Value());
      Value to = a.Take(1, "to_relation").value_or(Value());
      a.ExpectNoMore("rename_relation");
      const RelationParts& f = PartsOf(from, "rename_relation");
      const RelationParts& t = PartsOf(to, "rename_relation");
      RelationParts only_name = t;
      only_name.include_database = only_name.include_schema = false;
      // As dbt-duckdb: inside the transaction, with the destination's type.
      e->session->Begin();
      e->session->Execute("alter " + TypeWord(t.type.empty() ? f : t) + " " + from.Str() +
                              " rename to " + RenderRelation(only_name),
                          nullptr);
      RelationInfo to_info = InfoOf(t);
      if (to_info.type.empty()) to_info.type = f.type;
      e->cache->Rename(InfoOf(f), to_info);
      return Value::MakeNone();
    });
  }
  if (name == "create_schema" || name == "drop_schema") {
    bool create = name == "create_schema";
    return jinja::MakeFunction(std::string(name), [e, create](Interpreter&, CallArgs& a) {
      Value rel = a.Take(0, "relation").value_or(Value());
      a.ExpectNoMore(create ? "create_schema" : "drop_schema");
      RelationParts p = PartsOf(rel, create ? "create_schema" : "drop_schema");
      p.include_identifier = false;
      if (create) {
        e->session->Execute("create schema if not exists " + RenderRelation(p), nullptr);
        e->cache->AddSchema(p.database, p.schema);
      } else {
        e->session->Execute("drop schema if exists " + RenderRelation(p) + " cascade", nullptr);
        e->cache->DropSchema(p.database, p.schema);
      }
      return Value::MakeNone();
    });
  }
  if (name == "check_schema_exists") {
    return jinja::MakeFunction("check_schema_exists", [sp](Interpreter&, CallArgs& a) {
      std::string database = Arg(a, 0, "database");
      std::string schema = Arg(a, 1, "schema");
      a.ExpectNoMore("check_schema_exists");
      for (const auto& s : sp->ListSchemas(database)) {
        if (adapters::Lower(s) == adapters::Lower(schema)) return Value::Bool(true);
      }
      return Value::Bool(false);
    });
  }
  if (name == "list_schemas") {
    return jinja::MakeFunction("list_schemas", [sp](Interpreter&, CallArgs& a) {
      std::string database = Arg(a, 0, "database");
      a.ExpectNoMore("list_schemas");
      std::vector<Value> out;
      for (const auto& s : sp->ListSchemas(database))
        out.push_back(Value::String(s));
      return Value::List(std::move(out));
    });
  }
  if (name == "cache_added" || name == "cache_dropped") {
    bool added = name == "cache_added";
    return jinja::MakeFunction(std::string(name), [e, added](Interpreter&, CallArgs& a) {
      Value rel = a.Take(0, "relation").value_or(Value());
      a.ExpectNoMore(added ? "cache_added" : "cache_dropped");
      const RelationParts& p = PartsOf(rel, "cache_added");
      if (added)
        e->cache->Add(InfoOf(p));
      else
        e->cache->Drop(p.database, p.schema, p.identifier);
      return Value::String("");
    });
  }
  if (name == "cache_renamed") {
    return jinja::MakeFunction("cache_renamed", [e](Interpreter&, CallArgs& a) {
      Value from = a.Take(0, "from_relation").value_or(Value());
      Value to = a.Take(1, "to_relation").value_or(Value());
      a.ExpectNoMore("cache_renamed");
      e->cache->Rename(InfoOf(PartsOf(from, "cache_renamed")),
                       InfoOf(PartsOf(to, "cache_renamed")));
      return Value::String("");
    });
  }
  if (name == "commit" || name == "begin" || name == "rollback") {
    std::string which(name);
    return jinja::MakeFunction(which, [sp, which](Interpreter&, CallArgs& a) {
      a.ExpectNoMore(which);
      if (which == "commit")
        sp->Commit();
      else if (which == "begin")
        sp->Begin();
      else
        sp->Rollback();
      return Value::String("");
    });
  }
  return std::nullopt;
}

}  // namespace lakedev::context
