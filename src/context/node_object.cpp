#include "context/node_object.hpp"

#include "jinja/objects.hpp"

namespace lakedev::context {
using jinja::Value;

Value StringList(const std::vector<std::string>& items) {
  std::vector<Value> out;
  out.reserve(items.size());
  for (const auto& s : items)
    out.push_back(Value::String(s));
  return Value::List(std::move(out));
}

namespace {

Value OptString(const std::optional<std::string>& s) {
  return s ? Value::String(*s) : Value::MakeNone();
}

Value RefsValue(const std::vector<manifest::RefCall>& refs) {
  std::vector<Value> out;
  for (const auto& r : refs) {
    Value d = Value::MakeDict();
    d.AsDict().Set(Value::String("name"), Value::String(r.name));
    d.AsDict().Set(Value::String("package"), OptString(r.package));
    d.AsDict().Set(Value::String("version"), OptString(r.version));
    out.push_back(d);
  }
  return Value::List(std::move(out));
}

}  // namespace

std::optional<Value> NodeObject::GetAttr(std::string_view name) {
  const manifest::Node& n = *node_;
  if (name == "get") {  // model is a dict in dbt: model.get('constraints', [])
    const manifest::Node* node = node_;
    return jinja::MakeFunction("get", [node](jinja::Interpreter&, jinja::CallArgs& a) {
      Value key = a.Take(0, "key").value_or(Value::MakeNone());
      Value fallback = a.Take(1, "default").value_or(Value::MakeNone());
      a.ExpectNoMore("get");
      NodeObject self(node);
      auto v = key.IsString() && key.AsString() != "get" ? self.GetItem(key) : std::nullopt;
      return v.value_or(fallback);
    });
  }
  if (name == "unique_id") return Value::String(n.unique_id);
  if (name == "name") return Value::String(n.name);
  if (name == "resource_type") return Value::String(std::string(ResourceTypeName(n.resource_type)));
  if (name == "package_name") return Value::String(n.package_name);
  if (name == "path") return Value::String(n.path);
  if (name == "original_file_path") return Value::String(n.original_file_path);
  if (name == "raw_code" || name == "raw_sql") return Value::String(n.raw_code);
  if (name == "language") return Value::String(n.language);
  if (name == "fqn") return StringList(n.fqn);
  if (name == "database") return Value::String(n.database);
  if (name == "schema") return Value::String(n.schema);
  if (name == "alias") return Value::String(n.alias);
  if (name == "identifier") return Value::String(n.alias);
  if (name == "relation_name") return OptString(n.relation_name);
  if (name == "config") return n.config ? Value::MakeDict(n.config) : Value::MakeDict();
  if (name == "tags") return StringList(n.tags);
  if (name == "description") return Value::String(n.description);
  if (name == "meta") return n.meta;
  if (name == "refs") return RefsValue(n.refs);
  if (name == "sources") {
    std::vector<Value> out;
    for (const auto& s : n.sources)
      out.push_back(StringList(s));
    return Value::List(std::move(out));
  }
  if (name == "depends_on") {
    Value d = Value::MakeDict();
    d.AsDict().Set(Value::String("nodes"), StringList(n.depends_on_nodes));
    d.AsDict().Set(Value::String("macros"), StringList(n.depends_on_macros));
    return d;
  }
  if (name == "columns") {
    Value d = Value::MakeDict();
    for (const auto& c : n.columns) {
      Value col = Value::MakeDict();
      col.AsDict().Set(Value::String("name"), Value::String(c.name));
      col.AsDict().Set(Value::String("description"), Value::String(c.description));
      col.AsDict().Set(Value::String("data_type"), OptString(c.data_type));
      col.AsDict().Set(Value::String("meta"), c.meta);
      col.AsDict().Set(Value::String("tags"), StringList(c.tags));
      col.AsDict().Set(Value::String("constraints"), c.constraints);
      col.AsDict().Set(Value::String("quote"),
                       c.quote_set ? Value::Bool(c.quote) : Value::MakeNone());
      d.AsDict().Set(Value::String(c.name), col);
    }
    return d;
  }
  if (name == "constraints") return n.constraints;
  if (name == "batch") return n.batch;
  if (name == "contract") {
    const Value* c = n.config ? n.config->Find("contract") : nullptr;
    return c ? *c : Value::MakeDict();
  }
  if (name == "version") return OptString(n.version);
  if (name == "latest_version") return OptString(n.latest_version);
  if (name == "column_name") return OptString(n.column_name);
  if (name == "attached_node") return OptString(n.attached_node);
  if (name == "compiled_code" || name == "compiled_sql") return OptString(n.compiled_code);
  if (name == "checksum") {
    Value d = Value::MakeDict();
    d.AsDict().Set(Value::String("name"), Value::String("sha256"));
    d.AsDict().Set(Value::String("checksum"), Value::String(n.checksum));
    return d;
  }
  if (name == "test_metadata") {
    if (!n.test_metadata) return Value::MakeNone();
    Value d = Value::MakeDict();
    d.AsDict().Set(Value::String("name"), Value::String(n.test_metadata->name));
    d.AsDict().Set(Value::String("kwargs"), n.test_metadata->kwargs);
    d.AsDict().Set(Value::String("namespace"), OptString(n.test_metadata->namespace_));
    return d;
  }
  return std::nullopt;
}

std::optional<Value> NodeObject::GetItem(const Value& key) {
  if (!key.IsString()) return std::nullopt;
  return GetAttr(key.AsString());
}

std::string NodeObject::Repr() const {
  return "<" + node_->unique_id + ">";
}

}  // namespace lakedev::context
