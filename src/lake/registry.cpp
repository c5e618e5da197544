#include "lake/registry.hpp"

#include <unistd.h>

#include <algorithm>
#include <set>

#include "lake/workers.hpp"

namespace lakedev::lake {

namespace {

std::string RegistryName() {
  return QuoteIdentifier(kRegistrySchema) + "." + QuoteIdentifier(kRegistryTable);
}

// Whether the registry table (and, given one, its column) exists in this database.
bool RegistryHas(duckdb::Connection& conn, const std::string& column = "") {
  auto stmt = conn.Prepare(
      "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
      "AND schema_name = $1 AND table_name = $2 AND ($3 = '' OR column_name = $3)");
  stmt.Bind(1, duckdb::Value::String(kRegistrySchema));
  stmt.Bind(2, duckdb::Value::String(kRegistryTable));
  stmt.Bind(3, duckdb::Value::String(column));
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
             " registered_at TIMESTAMP NOT NULL, snapshot VARCHAR DEFAULT '',"
             " PRIMARY KEY (view_schema, view_name))");
  // Registries made before snapshot selection existed.
  conn.Query("ALTER TABLE " + RegistryName() +
             " ADD COLUMN IF NOT EXISTS snapshot VARCHAR DEFAULT ''");
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

std::string IcebergScanQuery(const Registration& row) {
  std::string options;
  if (row.snapshot.starts_with("id:")) {
    options = ", snapshot_from_id = " + row.snapshot.substr(3);
  } else if (row.snapshot.starts_with("as-of:")) {
    options = ", snapshot_from_timestamp = TIMESTAMP " + QuoteString(row.snapshot.substr(6));
  }
  return "SELECT * FROM iceberg_scan(" + QuoteString(row.metadata_location) + options + ")";
}

std::vector<Registration> ReadRegistry(duckdb::Connection& conn) {
  std::vector<Registration> out;
  if (!RegistryHas(conn)) return out;
  duckdb::Result r = conn.Query(
      "SELECT view_schema, view_name, catalog, database, table_name, metadata_location, reader,"
      " strftime(registered_at, '%Y-%m-%dT%H:%M:%SZ'), " +
      std::string(RegistryHas(conn, "snapshot") ? "coalesce(snapshot, '')" : "''") + " FROM " +
      RegistryName() + " ORDER BY view_schema, view_name");
  for (size_t i = 0; i < r.RowCount(); ++i) {
    auto s = [&](size_t col) { return r.At(i, col).AsString(); };
    out.push_back({s(0), s(1), s(2), s(3), s(4), s(5), s(6), s(7), s(8)});
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

namespace {

std::string Qualified(const std::string& schema, const std::string& name) {
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

// The one-line reason of a DuckDB error (it appends the statement with a caret).
std::string Reason(const Error& e) {
  return e.message().substr(0, e.message().find("\n\nLINE "));
}

Error RegistrationFailed(const Registration& r, const Error& e) {
  return Error(e.kind(),
               "registering " + Describe(r) + " as " + r.view_schema + "." + r.view_name +
                   " failed, so nothing was changed: " + Reason(e),
               {},
               "check that " + r.metadata_location +
                   " is readable; --exclude the table to register the others");
}

// Views staged by a run that was killed before its swap; nobody else uses the prefix.
void DropLeftoverStages(duckdb::Connection& conn) {
  auto stmt = conn.Prepare(
      "SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = "
      "current_database() AND starts_with(view_name, $1)");
  stmt.Bind(1, duckdb::Value::String(kStagePrefix));
  duckdb::Result r = stmt.Execute();
  for (size_t i = 0; i < r.RowCount(); ++i)
    conn.Query("DROP VIEW IF EXISTS " + Qualified(r.At(i, 0).AsString(), r.At(i, 1).AsString()));
}

// Creates every new view under a staging name on `workers` connections of their own, each
// staging its share in one transaction: creating a view reads the table's metadata file
// (DuckDB binds it), which is the slow part over S3, and a commit per view would cost a
// WAL flush each. Returns the staged names, in the order of `creates`.
std::vector<std::string> StageViews(duckdb::Database& db,
                                    const std::vector<const Registration*>& creates, int workers,
                                    const ViewQueryFn& view_query) {
  std::vector<std::string> staged(creates.size());
  std::string run = std::to_string(::getpid()) + "_";
  for (size_t i = 0; i < creates.size(); ++i)
    staged[i] = kStagePrefix + run + std::to_string(i);
  size_t shares = std::min<size_t>(creates.size(), static_cast<size_t>(std::max(workers, 1)));
  RunParallel(shares, workers, [&](size_t share) {
    duckdb::Connection own = db.Connect();
    // One GET per metadata file instead of a HEAD and a ranged GET.
    own.Query("SET SESSION force_download = true");
    own.Query("BEGIN TRANSACTION");
    for (size_t i = share; i < creates.size(); i += shares) {
      const Registration& r = *creates[i];
      try {
        own.Query("CREATE VIEW " + Qualified(r.view_schema, staged[i]) + " AS " + view_query(r));
      } catch (const Error& e) {
        throw RegistrationFailed(r, e);  // the connection's end rolls its share back
      }
    }
    own.Query("COMMIT");
  });
  return staged;
}

// Deletes the rows of `gone` views and inserts `rows`, a few statements in all (a
// single-row INSERT OR REPLACE costs milliseconds against the primary key).
void WriteRegistryRows(duckdb::Connection& conn, const std::vector<const Registration*>& gone,
                       const std::vector<const Registration*>& rows) {
  constexpr size_t kBatch = 500;
  for (size_t start = 0; start < gone.size(); start += kBatch) {
    std::string keys;
    for (size_t i = start; i < std::min(gone.size(), start + kBatch); ++i) {
      keys += (keys.empty() ? "(" : ", (") + QuoteString(gone[i]->view_schema) + ", " +
              QuoteString(gone[i]->view_name) + ")";
    }
    conn.Query("DELETE FROM " + RegistryName() + " WHERE (view_schema, view_name) IN (" + keys +
               ")");
  }
  for (size_t start = 0; start < rows.size(); start += kBatch) {
    std::string values;
    for (size_t i = start; i < std::min(rows.size(), start + kBatch); ++i) {
      const Registration& r = *rows[i];
      values += (values.empty() ? "(" : ", (");
      for (const std::string* v : {&r.view_schema, &r.view_name, &r.catalog, &r.database, &r.table,
                                   &r.metadata_location, &r.reader})
        values += QuoteString(*v) + ", ";
      values += "CAST(" + QuoteString(r.registered_at) + " AS TIMESTAMP), " +
                QuoteString(r.snapshot) + ")";
    }
    conn.Query("INSERT INTO " + RegistryName() +
               " (view_schema, view_name, catalog, database, table_name, metadata_location, "
               "reader, registered_at, snapshot) VALUES " +
               values);
  }
}

}  // namespace

void ApplyPlan(duckdb::Database& db, duckdb::Connection& conn, const std::vector<Change>& changes,
               int workers, const ViewQueryFn& view_query) {
  std::vector<const Registration*> creates;
  bool any = false;
  std::set<std::string> schemas;
  for (const auto& c : changes) {
    any |= c.kind != ChangeKind::kUnchanged;
    if (c.kind == ChangeKind::kAdd || c.kind == ChangeKind::kReplace) {
      creates.push_back(&c.row);
      schemas.insert(c.row.view_schema);
    }
  }
  if (!any) return;
  DropLeftoverStages(conn);
  for (const auto& schema : schemas)
    conn.Query("CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(schema));
  std::vector<std::string> staged;
  try {
    staged = StageViews(db, creates, workers, view_query);
  } catch (const Error&) {
    DropLeftoverStages(conn);
    throw;
  }

  // The swap: registry rows and the views users see change in one transaction.
  conn.Query("BEGIN TRANSACTION");
  try {
    CreateRegistry(conn);
    size_t next_stage = 0;
    std::vector<const Registration*> gone, rows;
    for (const Change& c : changes) {
      const Registration& r = c.row;
      if (c.kind == ChangeKind::kUnchanged) continue;
      conn.Query("DROP VIEW IF EXISTS " + Qualified(r.view_schema, r.view_name));
      gone.push_back(&r);
      if (c.kind == ChangeKind::kDrop) continue;
      conn.Query("ALTER VIEW " + Qualified(r.view_schema, staged[next_stage++]) + " RENAME TO " +
                 QuoteIdentifier(r.view_name));
      rows.push_back(&r);
    }
    WriteRegistryRows(conn, gone, rows);
    conn.Query("COMMIT");
  } catch (const Error&) {
    try {
      conn.Query("ROLLBACK");
      DropLeftoverStages(conn);
    } catch (const Error&) {
      // A fatal error invalidated the database; nothing was committed either way.
    }
    throw;
  }
}

}  // namespace lakedev::lake
