// What the executor and the dbt context need from a database, whichever it is (DuckDB
// embedded, Trino later): a session per worker thread running SQL, with transactions, and
// the introspection dbt's adapter answers (relations in a schema, columns of a relation).
// Values cross this boundary as Jinja values, the form templates see them in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jinja/value.hpp"

namespace lakedev::adapters {

struct RelationInfo {
  std::string database;
  std::string schema;
  std::string identifier;
  std::string type;  // "table" or "view"
};

struct ColumnInfo {
  std::string name;
  std::string data_type;  // as the database spells it: "INTEGER", "DECIMAL(18,3)"
  std::optional<int64_t> char_size;
  std::optional<int64_t> numeric_precision;
  std::optional<int64_t> numeric_scale;
};

// A query's rows, as dbt hands them to templates (an agate table there).
struct Table {
  std::vector<std::string> column_names;
  std::vector<std::string> column_types;  // the database's type names
  std::vector<std::vector<jinja::Value>> rows;
};

// dbt's AdapterResponse: what the console and run_results report about a statement.
struct Response {
  std::string message = "OK";
  std::optional<std::string> code;
  std::optional<int64_t> rows_affected;
};

class Session {
 public:
  virtual ~Session() = default;
  // Runs `sql` (one or more statements). With `table`, the last statement's rows land there.
  virtual Response Execute(const std::string& sql, Table* table) = 0;
  // BEGIN unless a transaction is open; COMMIT/ROLLBACK when one is.
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
  virtual bool InTransaction() const = 0;
  // Cancels the running statement; called from another thread.
  virtual void Interrupt() = 0;
  virtual std::vector<RelationInfo> ListRelations(const std::string& database,
                                                  const std::string& schema) = 0;
  // The columns of a relation, given as SQL ("db"."schema"."t", or a temporary table's name).
  virtual std::vector<ColumnInfo> Columns(const std::string& relation) = 0;
  virtual std::vector<std::string> ListSchemas(const std::string& database) = 0;
};

}  // namespace lakedev::adapters
