// RAII wrapper over DuckDB's C API (duckdb.h): databases, connections, prepared
// statements and fully read results. duckdb.h itself stays out of this header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/duckdb/value.hpp"
#include "common/error.hpp"

struct _duckdb_database;
struct _duckdb_connection;
struct _duckdb_prepared_statement;

namespace lakedev::duckdb {

// An error DuckDB reported, with its error class ("Catalog", "Parser", "IO", ...).
// A fatal one (INTERNAL/FATAL) invalidates the whole database: callers must reopen it.
class DatabaseError : public Error {
 public:
  DatabaseError(std::string message, std::string error_class, bool fatal);
  const std::string& error_class() const { return error_class_; }
  bool fatal() const { return fatal_; }

 private:
  std::string error_class_;
  bool fatal_;
};

// Rows of a finished query, read completely from DuckDB's data chunks.
class Result {
 public:
  size_t ColumnCount() const { return names_.size(); }
  size_t RowCount() const { return rows_.size(); }
  const std::string& ColumnName(size_t col) const { return names_[col]; }
  // The SQL type as DuckDB spells it, e.g. "DECIMAL(18,3)", "INTEGER[]".
  const std::string& ColumnType(size_t col) const { return types_[col]; }
  const Value& At(size_t row, size_t col) const { return rows_[row][col]; }
  const std::vector<std::vector<Value>>& rows() const { return rows_; }
  // Rows changed by INSERT/UPDATE/DELETE; 0 for queries.
  uint64_t RowsChanged() const { return rows_changed_; }

 private:
  friend class ResultBuilder;
  std::vector<std::string> names_;
  std::vector<std::string> types_;
  std::vector<std::vector<Value>> rows_;
  uint64_t rows_changed_ = 0;
};

class PreparedStatement {
 public:
  PreparedStatement(PreparedStatement&&) noexcept;
  PreparedStatement& operator=(PreparedStatement&&) noexcept;
  ~PreparedStatement();

  size_t ParameterCount() const;
  // Binds parameter `index` (1-based, as in SQL's $1); scalar kinds only.
  void Bind(size_t index, const Value& value);
  Result Execute();

 private:
  friend class Connection;
  explicit PreparedStatement(_duckdb_prepared_statement* stmt) : stmt_(stmt) {}
  _duckdb_prepared_statement* stmt_ = nullptr;
};

class Connection {
 public:
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  // Runs one or more statements; the result is the last statement's.
  Result Query(std::string_view sql);
  PreparedStatement Prepare(std::string_view sql);
  // Cancels the running query from another thread; it then fails with "Interrupted".
  void Interrupt();

 private:
  friend class Database;
  explicit Connection(_duckdb_connection* conn) : conn_(conn) {}
  _duckdb_connection* conn_ = nullptr;
};

// Settings applied when the database opens (duckdb_set_config), in order.
using DatabaseConfig = std::vector<std::pair<std::string, std::string>>;

class Database {
 public:
  // `path` is a file or ":memory:". Throws DatabaseError when DuckDB refuses to open it.
  static Database Open(const std::string& path, const DatabaseConfig& config = {});

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  Connection Connect();
  const std::string& path() const { return path_; }

 private:
  Database(_duckdb_database* db, std::string path) : db_(db), path_(std::move(path)) {}
  _duckdb_database* db_ = nullptr;
  std::string path_;
};

// "v1.4.4" as the linked library reports it.
std::string LibraryVersion();

}  // namespace lakedev::duckdb
