// adapters::Session over one DuckDB connection: SQL with explicit transactions and the
// introspection queries dbt-duckdb answers from information_schema.
#pragma once

#include <atomic>

#include "adapters/adapter.hpp"
#include "adapters/duckdb/database.hpp"

namespace lakedev::duckdb {

class DuckDbSession : public adapters::Session {
 public:
  explicit DuckDbSession(Connection connection) : conn_(std::move(connection)) {}

  adapters::Response Execute(const std::string& sql, adapters::Table* table) override;
  void Begin() override;
  void Commit() override;
  void Rollback() override;
  bool InTransaction() const override { return in_transaction_; }
  void Interrupt() override { conn_.Interrupt(); }
  std::vector<adapters::RelationInfo> ListRelations(const std::string& database,
                                                    const std::string& schema) override;
  std::vector<adapters::ColumnInfo> Columns(const std::string& relation) override;
  std::vector<std::string> ListSchemas(const std::string& database) override;

  Connection& connection() { return conn_; }

 private:
  Connection conn_;
  bool in_transaction_ = false;
};

// A DuckDB value as templates see a query's cell (agate's types in dbt): numbers as int or
// float, text as str, dates and times in ISO text, nested values as lists and dicts.
jinja::Value ToJinja(const Value& value);

}  // namespace lakedev::duckdb
