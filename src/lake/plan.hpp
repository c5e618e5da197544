// What one `lakedev sources register` run changes, decided before anything is touched:
// the registry as it is, the tables the catalog lists now, and the user's filters in;
// a list of views to add, replace, leave alone or drop out. Pure, so it is unit tested.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lake/catalog.hpp"
#include "lake/config.hpp"

namespace lakedev::lake {

// One registered source: a row of the registry table.
struct Registration {
  std::string view_schema;
  std::string view_name;
  std::string catalog;
  std::string database;
  std::string table;
  std::string metadata_location;
  std::string reader;         // how the view reads the table: "iceberg_scan" or "native"
  std::string registered_at;  // when this metadata location was registered (UTC, ISO 8601)
  // Which snapshot the view reads: "" the metadata's current one, "id:<snapshot id>", or
  // "as-of:<YYYY-MM-DD HH:MM:SS>" (UTC) the one current then.
  std::string snapshot;
};

// Which tables a run covers: all of the listed databases, narrowed by --table (exact
// names), --include and --exclude (shell globs matched against "table" and
// "database.table").
struct TableFilter {
  std::vector<std::string> tables;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  bool Matches(const std::string& database, const std::string& table) const;
};

enum class ChangeKind { kAdd, kReplace, kUnchanged, kDrop };

struct Change {
  ChangeKind kind;
  Registration row;               // the row after the change (kDrop: the row removed)
  std::string previous_location;  // kReplace: what was registered before
};

struct PlanRequest {
  const CatalogConfig* catalog = nullptr;
  std::string view_schema;
  std::string view_name_template;
  std::string reader = "iceberg_scan";  // for new and replaced views
  // --snapshot / --as-of: set for every table of the run; nullopt keeps each row's own.
  std::optional<std::string> snapshot;
  std::vector<std::string> databases;  // listed completely this run
  std::vector<CatalogTable> tables;    // what the catalog listed in them
  TableFilter filter;
  bool force = false;  // replace views even when the metadata location is unchanged
  bool prune = false;  // drop views of tables the catalog no longer lists
  std::string now;     // registered_at for new rows
};

// `registered` is the whole registry; `existing` maps each relation already in the
// database (lower-cased "schema.name") to its kind ("VIEW", "BASE TABLE"). Throws
// Error(kConfig) when two tables would get one view name, or when a view name is taken
// by something lakedev did not register (a table of yours is never replaced).
std::vector<Change> MakePlan(const PlanRequest& request,
                             const std::vector<Registration>& registered,
                             const std::map<std::string, std::string>& existing);

// "schema.name" lower-cased: DuckDB resolves unquoted and quoted names case-insensitively.
std::string RelationKey(const std::string& schema, const std::string& name);

}  // namespace lakedev::lake
