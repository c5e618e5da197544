// The source registry: a table in the target's DuckDB file recording each registered view
// (which catalog table, which metadata file, when), and the views themselves. Views are
// plain DuckDB views, so dbt-duckdb sees them too.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "adapters/duckdb/database.hpp"
#include "lake/plan.hpp"

namespace lakedev::lake {

// Where the registry lives in the DuckDB file.
inline constexpr const char* kRegistrySchema = "_lakedev";
inline constexpr const char* kRegistryTable = "sources";

// The rows of the registry, ordered by view; empty when nothing was ever registered.
std::vector<Registration> ReadRegistry(duckdb::Connection& conn);

// Relations of the database's own catalog, lower-cased "schema.name" -> table_type.
std::map<std::string, std::string> ExistingRelations(duckdb::Connection& conn);

// Carries out a plan in one transaction: every view and registry row changes, or none
// does (the error names the table that failed and nothing is left half-done).
void ApplyPlan(duckdb::Connection& conn, const std::vector<Change>& changes);

// The SQL of a registration's view.
std::string ViewSql(const Registration& row);

// SQL quoting: "name" with inner quotes doubled; 'text' with inner quotes doubled.
std::string QuoteIdentifier(std::string_view name);
std::string QuoteString(std::string_view text);

}  // namespace lakedev::lake
