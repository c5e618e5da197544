// `lakedev sources register` and `sources list` without the printing: choose the catalogs
// and databases, list their tables, plan, and apply the plan in one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/duckdb/database.hpp"
#include "lake/config.hpp"
#include "lake/plan.hpp"

namespace lakedev::lake {

struct RegisterOptions {
  std::string catalog;                 // --catalog; empty: the only one, or all for --all-layers
  std::vector<std::string> databases;  // --database
  bool all_layers = false;             // every catalog's `layers`
  TableFilter filter;
  bool dry_run = false;
  bool force = false;
  bool prune = false;
  int workers = 4;     // catalog requests and view creations in flight at once
  std::string reader;  // --reader: overrides the configuration for the tables registered
  // --snapshot ID|current / --as-of TS as Registration::snapshot; nullopt keeps each
  // registration's own selection.
  std::optional<std::string> snapshot;
};

struct RegisterReport {
  std::vector<Change> changes;  // in catalog, database, table order; drops last
  bool applied = false;         // false for a dry run or when nothing changed
};

// `conn` (of `db`) must have the iceberg extension loaded. Throws Error (nothing changed)
// when a catalog cannot be listed or a view cannot be created.
RegisterReport RegisterSources(duckdb::Database& db, duckdb::Connection& conn,
                               const LakeConfig& config, const RegisterOptions& options);

// kBroken: the view reads a local file that is gone (lakedev's index, or a local
// metadata file): queries fail until the table is registered again.
enum class SourceStatus { kCurrent, kStale, kGone, kBroken, kUnknown };

struct ListedSource {
  Registration row;
  SourceStatus status = SourceStatus::kUnknown;
  std::string detail;  // kStale: the catalog's metadata location; kUnknown: why
};

// The registry, each row checked against its catalog when `check` is set.
std::vector<ListedSource> ListSources(duckdb::Connection& conn, const LakeConfig& config,
                                      bool check);

// Milliseconds since the epoch of "YYYY-MM-DD[ HH:MM[:SS[.fff]]]" in UTC.
int64_t ParseUtcMillis(const std::string& text);

// UTC now as "YYYY-MM-DD HH:MM:SS", what registered_at stores.
std::string UtcNow();

}  // namespace lakedev::lake
