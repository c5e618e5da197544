#include "adapters/duckdb/session.hpp"

#include <cstdlib>

namespace lakedev::duckdb {
using JValue = jinja::Value;

JValue ToJinja(const Value& v) {
  using K = Value::Kind;
  switch (v.kind()) {
    case K::kNull:
      return JValue::MakeNone();
    case K::kBool:
      return JValue::Bool(v.AsBool());
    case K::kInt:
      return JValue::Int(v.AsInt());
    case K::kUInt:
      if (v.AsUInt() <= static_cast<uint64_t>(INT64_MAX)) {
        return JValue::Int(static_cast<int64_t>(v.AsUInt()));
      }
      return JValue::Float(static_cast<double>(v.AsUInt()));
    case K::kDouble:
      return JValue::Float(v.AsDouble());
    case K::kDecimal:
    case K::kHugeInt: {
      const std::string& text = v.AsString();
      if (text.find('.') == std::string::npos && text.size() < 19) {
        return JValue::Int(std::strtoll(text.c_str(), nullptr, 10));
      }
      return JValue::Float(std::strtod(text.c_str(), nullptr));
    }
    case K::kList: {
      std::vector<JValue> items;
      for (const auto& c : v.children())
        items.push_back(ToJinja(c));
      return JValue::List(std::move(items));
    }
    case K::kStruct: {
      JValue d = JValue::MakeDict();
      for (size_t i = 0; i < v.children().size(); ++i) {
        d.AsDict().Set(JValue::String(v.field_names()[i]), ToJinja(v.children()[i]));
      }
      return d;
    }
    case K::kMap: {
      JValue d = JValue::MakeDict();
      const auto& kv = v.children();
      for (size_t i = 0; i + 1 < kv.size(); i += 2)
        d.AsDict().Set(ToJinja(kv[i]), ToJinja(kv[i + 1]));
      return d;
    }
    case K::kString:
    case K::kBlob:
    case K::kUuid:
      return JValue::String(v.AsString());
    default:
      return JValue::String(v.ToString());
  }
}

adapters::Response DuckDbSession::Execute(const std::string& sql, adapters::Table* table) {
  Result result = conn_.Query(sql);
  adapters::Response response;  // dbt-duckdb reports "OK" for every statement
  if (table) {
    table->column_names.clear();
    table->column_types.clear();
    table->rows.clear();
    for (size_t c = 0; c < result.ColumnCount(); ++c) {
      table->column_names.push_back(result.ColumnName(c));
      table->column_types.push_back(result.ColumnType(c));
    }
    table->rows.reserve(result.RowCount());
    for (const auto& row : result.rows()) {
      std::vector<JValue> out;
      out.reserve(row.size());
      for (const auto& cell : row)
        out.push_back(ToJinja(cell));
      table->rows.push_back(std::move(out));
    }
  }
  return response;
}

void DuckDbSession::Begin() {
  if (in_transaction_) return;
  conn_.Query("BEGIN TRANSACTION");
  in_transaction_ = true;
}

void DuckDbSession::Commit() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  conn_.Query("COMMIT");
}

void DuckDbSession::Rollback() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  conn_.Query("ROLLBACK");
}

namespace {

std::string Literal(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<adapters::RelationInfo> DuckDbSession::ListRelations(const std::string& database,
                                                                 const std::string& schema) {
  Result r = conn_.Query(
      "select table_catalog, table_schema, table_name, table_type "
      "from system.information_schema.tables where lower(table_catalog) = lower(" +
      Literal(database) + ") and lower(table_schema) = lower(" + Literal(schema) + ")");
  std::vector<adapters::RelationInfo> out;
  for (const auto& row : r.rows()) {
    adapters::RelationInfo info;
    info.database = row[0].AsString();
    info.schema = row[1].AsString();
    info.identifier = row[2].AsString();
    info.type = row[3].AsString() == "VIEW" ? "view" : "table";
    out.push_back(std::move(info));
  }
  return out;
}

// As dbt-duckdb: DESCRIBE (no catalog-wide scan), the type string carrying any precision.
std::vector<adapters::ColumnInfo> DuckDbSession::Columns(const std::string& relation) {
  Result r;
  try {
    r = conn_.Query("select column_name, column_type from (describe " + relation + ")");
  } catch (const DatabaseError& e) {
    // As dbt-duckdb: a relation that does not exist has no columns.
    if (e.error_class() == "Catalog") return {};
    throw;
  }
  std::vector<adapters::ColumnInfo> out;
  for (const auto& row : r.rows()) {
    adapters::ColumnInfo c;
    c.name = row[0].AsString();
    c.data_type = row[1].AsString();
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> DuckDbSession::ListSchemas(const std::string& database) {
  Result r = conn_.Query(
      "select schema_name from system.information_schema.schemata where lower(catalog_name) = "
      "lower(" +
      Literal(database) + ")");
  std::vector<std::string> out;
  for (const auto& row : r.rows())
    out.push_back(row[0].AsString());
  return out;
}

}  // namespace lakedev::duckdb
