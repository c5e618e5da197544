#include "context/relation.hpp"

#include "jinja/error.hpp"
#include "jinja/objects.hpp"

namespace lakedev::context {
using jinja::CallArgs;
using jinja::Interpreter;
using jinja::NativeFunction;
using jinja::Value;

namespace {

std::string Quote(const std::string& s, bool quote) {
  return quote ? "\"" + s + "\"" : s;
}

// A keyword argument given as a bool, or the current value.
bool BoolArg(CallArgs& a, size_t index, const char* name, bool current) {
  auto v = a.Take(index, name);
  return v && !v->IsNone() ? v->Truthy() : current;
}

std::optional<std::string> StringArg(CallArgs& a, size_t index, const char* name) {
  auto v = a.Take(index, name);
  if (!v || v->IsNone()) return std::nullopt;
  return v->Str();
}

}  // namespace

std::string RenderRelation(const RelationParts& p) {
  std::string out;
  auto add = [&](bool include, const std::string& part, bool quote) {
    if (!include || part.empty()) return;
    if (!out.empty()) out += '.';
    out += Quote(part, quote);
  };
  add(p.include_database, p.database, p.quote_database);
  add(p.include_schema, p.schema, p.quote_schema);
  add(p.include_identifier, p.identifier, p.quote_identifier);
  // --empty: no rows, the same columns; a batch's event-time filter wraps that.
  if (p.limit_zero) out = "(select * from " + out + " where false limit 0)";
  if (!p.event_time_filter.empty()) {
    return "(select * from " + out + " where " + p.event_time_filter + ")";
  }
  return out;
}

void ApplyQuoting(const Value& quoting, RelationParts& parts) {
  if (!quoting.IsDict()) return;
  auto apply = [&](const char* key, bool& flag) {
    const Value* v = quoting.AsDict().Find(key);
    if (v && !v->IsNone()) flag = v->Truthy();
  };
  apply("database", parts.quote_database);
  apply("schema", parts.quote_schema);
  apply("identifier", parts.quote_identifier);
}

std::optional<Value> RelationObject::GetAttr(std::string_view name) {
  const RelationParts& p = parts_;
  auto str_or_none = [](const std::string& s) {
    return s.empty() ? Value::MakeNone() : Value::String(s);
  };
  if (name == "database") return str_or_none(p.database);
  if (name == "schema") return str_or_none(p.schema);
  if (name == "identifier" || name == "name" || name == "table") return str_or_none(p.identifier);
  if (name == "type") return str_or_none(p.type);
  if (name == "is_table") return Value::Bool(p.type == "table");
  if (name == "is_view") return Value::Bool(p.type == "view");
  if (name == "is_cte") return Value::Bool(p.type == "cte");
  if (name == "path") {
    Value d = Value::MakeDict();
    d.AsDict().Set(Value::String("database"), str_or_none(p.database));
    d.AsDict().Set(Value::String("schema"), str_or_none(p.schema));
    d.AsDict().Set(Value::String("identifier"), str_or_none(p.identifier));
    return d;
  }
  if (name == "metadata") return Metadata();
  if (name == "get") {
    auto self = shared_from_this();
    return jinja::MakeFunction("get", [self](Interpreter&, CallArgs& a) {
      std::string key = a.Take(0, "key").value_or(Value::String("")).Str();
      Value fallback = a.Take(1, "default").value_or(Value::MakeNone());
      a.ExpectNoMore("get");
      return self->GetItem(Value::String(key)).value_or(fallback);
    });
  }
  RelationParts copy = p;
  if (name == "include") {
    return jinja::MakeFunction("include", [copy](Interpreter&, CallArgs& a) mutable {
      copy.include_database = BoolArg(a, 0, "database", copy.include_database);
      copy.include_schema = BoolArg(a, 1, "schema", copy.include_schema);
      copy.include_identifier = BoolArg(a, 2, "identifier", copy.include_identifier);
      a.ExpectNoMore("include");
      return MakeRelation(copy);
    });
  }
  if (name == "quote") {
    return jinja::MakeFunction("quote", [copy](Interpreter&, CallArgs& a) mutable {
      copy.quote_database = BoolArg(a, 0, "database", copy.quote_database);
      copy.quote_schema = BoolArg(a, 1, "schema", copy.quote_schema);
      copy.quote_identifier = BoolArg(a, 2, "identifier", copy.quote_identifier);
      a.ExpectNoMore("quote");
      return MakeRelation(copy);
    });
  }
  if (name == "incorporate") {
    return jinja::MakeFunction("incorporate", [copy](Interpreter&, CallArgs& a) mutable {
      if (auto t = StringArg(a, 1, "type")) copy.type = *t;
      if (auto path = a.Take(0, "path"); path && path->IsDict()) {
        auto part = [](const Value* v) { return v->IsNone() ? std::string() : v->Str(); };
        if (const Value* v = path->AsDict().Find("database")) copy.database = part(v);
        if (const Value* v = path->AsDict().Find("schema")) copy.schema = part(v);
        if (const Value* v = path->AsDict().Find("identifier")) copy.identifier = part(v);
      }
      a.ExpectNoMore("incorporate");
      return MakeRelation(copy);
    });
  }
  if (name == "render") {
    return jinja::MakeFunction("render", [copy](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("render");
      return Value::String(RenderRelation(copy));
    });
  }
  return std::nullopt;
}

Value RelationObject::Metadata() const {
  Value d = Value::MakeDict();
  d.AsDict().Set(Value::String("type"), Value::String("DuckDBRelation"));
  return d;
}

std::optional<Value> RelationObject::GetItem(const Value& key) {
  if (!key.IsString()) return std::nullopt;
  const std::string& k = key.AsString();
  if (k == "metadata") return Metadata();
  if (k == "database" || k == "schema" || k == "identifier" || k == "type" || k == "path") {
    return GetAttr(k);
  }
  if (k == "quote_policy" || k == "include_policy") {
    Value d = Value::MakeDict();
    bool q = k == "quote_policy";
    d.AsDict().Set(Value::String("database"),
                   Value::Bool(q ? parts_.quote_database : parts_.include_database));
    d.AsDict().Set(Value::String("schema"),
                   Value::Bool(q ? parts_.quote_schema : parts_.include_schema));
    d.AsDict().Set(Value::String("identifier"),
                   Value::Bool(q ? parts_.quote_identifier : parts_.include_identifier));
    return d;
  }
  return std::nullopt;
}

Value MakeRelation(RelationParts parts) {
  return Value::Obj(std::make_shared<RelationObject>(std::move(parts)));
}

namespace {

class RelationApiObject : public jinja::Object {
 public:
  std::string TypeName() const override { return "type"; }
  std::optional<Value> GetAttr(std::string_view name) override {
    if (name != "create") return std::nullopt;
    return jinja::MakeFunction("create", [](Interpreter&, CallArgs& a) {
      RelationParts p;
      p.database = StringArg(a, 0, "database").value_or("");
      p.schema = StringArg(a, 1, "schema").value_or("");
      p.identifier = StringArg(a, 2, "identifier").value_or("");
      p.type = StringArg(a, 3, "type").value_or("");
      a.ExpectNoMore("create");
      return MakeRelation(std::move(p));
    });
  }
};

}  // namespace

Value RelationApi() {
  return Value::Obj(std::make_shared<RelationApiObject>());
}

}  // namespace lakedev::context
