// The source registry: a table in the target's DuckDB file recording each registered view
// (which catalog table, which metadata file, when), and the views themselves. Views are
// plain DuckDB views, so dbt-duckdb sees them too.
#pragma once

#include <functional>
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

// Names of views staged by a registration before its swap (see ApplyPlan).
inline constexpr const char* kStagePrefix = "__lakedev_stage_";

// Carries out a plan. New views are first created under staging names, `workers` at a
// time on their own connections of `db` (creating a view reads its metadata file); then
// one transaction on `conn` swaps them in and updates the registry. Every view and
// registry row changes, or none does: an error names the table that failed; a run killed
// before the swap leaves only staged views, which the next run drops.
// `view_query` gives the SELECT of each new view (it may read the table's metadata; it is
// called from the worker threads).
using ViewQueryFn = std::function<std::string(const Registration&)>;
void ApplyPlan(duckdb::Database& db, duckdb::Connection& conn, const std::vector<Change>& changes,
               int workers, const ViewQueryFn& view_query);

// The SELECT of a view read by DuckDB's iceberg extension: iceberg_scan('<location>').
std::string IcebergScanQuery(const Registration& row);

// SQL quoting: "name" with inner quotes doubled; 'text' with inner quotes doubled.
std::string QuoteIdentifier(std::string_view name);
std::string QuoteString(std::string_view text);

}  // namespace lakedev::lake
