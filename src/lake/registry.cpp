#include "lake/registry.hpp"

namespace lakedev::lake {

namespace {

std::string RegistryName() {
  return QuoteIdentifier(kRegistrySchema) + "." + QuoteIdentifier(kRegistryTable);
}

bool RegistryExists(duckdb::Connection& conn) {
  auto stmt = conn.Prepare(
      "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
      "AND schema_name = $1 AND table_name = $2");
  stmt.Bind(1, duckdb::Value::String(kRegistrySchema));
  stmt.Bind(2, duckdb::Value::String(kRegistryTable));
  return stmt.Execute().At(0, 0).AsInt() > 0;
}

void CreateRegistry(duckdb::Connection& conn) {
  conn.Query("CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(kRegistrySchema));
  // registered_at is UTC. One row per view; (catalog, database, table_name) says where
  // the table comes from.
  conn.Query("CREATE TABLE IF NOT EXISTS " + RegistryName() +
             " (view_schema VARCHAR NOT NULL, view_name VARCHAR NOT NULL,"
             " catalog VARCHAR NOT NULL, database VARCHAR NOT NULL, table_name VARCHAR NOT NULL,"
             " metadata_location VARCHAR NOT NULL, reader VARCHAR NOT NULL,"
             " registered_at TIMESTAMP NOT NULL, PRIMARY KEY (view_schema, view_name))");
}

std::string Describe(const Registration& r) {
  return r.catalog + ":" + r.database + "." + r.table;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string ViewSql(const Registration& row) {
  return "CREATE OR REPLACE VIEW " + QuoteIdentifier(row.view_schema) + "." +
         QuoteIdentifier(row.view_name) + " AS SELECT * FROM iceberg_scan(" +
         QuoteString(row.metadata_location) + ")";
}

std::vector<Registration> ReadRegistry(duckdb::Connection& conn) {
  std::vector<Registration> out;
  if (!RegistryExists(conn)) return out;
  duckdb::Result r = conn.Query(
      "SELECT view_schema, view_name, catalog, database, table_name, metadata_location, reader,"
      " strftime(registered_at, '%Y-%m-%dT%H:%M:%SZ') FROM " +
      RegistryName() + " ORDER BY view_schema, view_name");
  for (size_t i = 0; i < r.RowCount(); ++i) {
    auto s = [&](size_t col) { return r.At(i, col).AsString(); };
    out.push_back({s(0), s(1), s(2), s(3), s(4), s(5), s(6), s(7)});
  }
  return out;
}

std::map<std::string, std::string> ExistingRelations(duckdb::Connection& conn) {
  std::map<std::string, std::string> out;
  duckdb::Result r = conn.Query(
      "SELECT table_schema, table_name, table_type FROM information_schema.tables "
      "WHERE table_catalog = current_database()");
  for (size_t i = 0; i < r.RowCount(); ++i) {
    out[RelationKey(r.At(i, 0).AsString(), r.At(i, 1).AsString())] = r.At(i, 2).AsString();
  }
  return out;
}

void ApplyPlan(duckdb::Connection& conn, const std::vector<Change>& changes) {
  bool any = false;
  for (const auto& c : changes)
    any |= c.kind != ChangeKind::kUnchanged;
  if (!any) return;
  conn.Query("BEGIN TRANSACTION");
  const Registration* current = nullptr;
  try {
    CreateRegistry(conn);
    auto upsert = conn.Prepare("INSERT OR REPLACE INTO " + RegistryName() +
                               " VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS TIMESTAMP))");
    auto remove = conn.Prepare("DELETE FROM " + RegistryName() +
                               " WHERE view_schema = $1 AND view_name = $2");
    std::string created_schema;
    for (const Change& c : changes) {
      current = &c.row;
      const Registration& r = c.row;
      if (c.kind == ChangeKind::kUnchanged) continue;
      if (c.kind == ChangeKind::kDrop) {
        conn.Query("DROP VIEW IF EXISTS " + QuoteIdentifier(r.view_schema) + "." +
                   QuoteIdentifier(r.view_name));
        remove.Bind(1, duckdb::Value::String(r.view_schema));
        remove.Bind(2, duckdb::Value::String(r.view_name));
        remove.Execute();
        continue;
      }
      if (r.view_schema != created_schema) {
        conn.Query("CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(r.view_schema));
        created_schema = r.view_schema;
      }
      conn.Query(ViewSql(r));
      const std::string* values[] = {&r.view_schema, &r.view_name,    &r.catalog,
                                     &r.database,    &r.table,        &r.metadata_location,
                                     &r.reader,      &r.registered_at};
      for (size_t i = 0; i < std::size(values); ++i)
        upsert.Bind(i + 1, duckdb::Value::String(*values[i]));
      upsert.Execute();
    }
    current = nullptr;
    conn.Query("COMMIT");
  } catch (const Error& e) {
    try {
      conn.Query("ROLLBACK");
    } catch (const Error&) {
      // A fatal error invalidated the database; nothing was committed either way.
    }
    if (!current) throw;
    // DuckDB appends the statement with a caret; the table and file named here say more.
    std::string why = e.message().substr(0, e.message().find("\n\nLINE "));
    Error wrapped(e.kind(),
                  "registering " + Describe(*current) + " as " + current->view_schema + "." +
                      current->view_name + " failed, so nothing was changed: " + why,
                  {},
                  "check that " + current->metadata_location +
                      " is readable; --exclude the table to register the others");
    throw wrapped;
  }
}

}  // namespace lakedev::lake
