// Where a target's Iceberg sources come from and how they become views: the
// `iceberg_sources:` block of a duckdb target in profiles.yml (dbt-duckdb ignores keys it
// does not know, so the same profile still works with dbt-core + dbt-duckdb).
//
//   dev_local:
//     type: duckdb
//     path: ~/.ol-dbt/local.duckdb
//     iceberg_sources:
//       schema: main                              # default: the target's schema
//       view_name: "{catalog}__{database}__{table}"   # the default
//       reader: auto                              # auto | iceberg_scan | native
//       catalogs:
//         glue: {type: glue, region: us-east-1, layers: [raw, staging]}
//         wh:   {type: directory, path: /data/warehouse}
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "project/profiles.hpp"

namespace lakedev::lake {

enum class CatalogType { kDirectory, kGlue, kRest };

struct CatalogConfig {
  std::string name;  // the key under `catalogs:`; {catalog} in view names
  CatalogType type = CatalogType::kDirectory;
  std::vector<std::string> layers;  // databases --all-layers registers
  // type-specific settings as written (strings): path, region, endpoint, uri, ...
  std::map<std::string, std::string> options;
  std::string reader;  // overrides LakeConfig::reader when set
  SourceLocation at;
};

// How views read tables: DuckDB's iceberg extension on the table's metadata
// (iceberg_scan), the same on lakedev's partition-grouped index of the snapshot (indexed),
// or lakedev's own planner over read_parquet (native). "auto" picks indexed (as fast as
// iceberg_scan on full scans, ~10x on selective ones: bench/iceberg_read), except for
// tables with equality deletes, which DuckDB 1.4.4 applies across partitions (deleting
// rows it must keep): those are read natively.
inline constexpr const char* kReaders[] = {"auto", "iceberg_scan", "indexed", "native"};

struct LakeConfig {
  std::string schema;  // where views are created
  std::string view_name_template = "{catalog}__{database}__{table}";
  std::string reader = "auto";
  std::vector<CatalogConfig> catalogs;  // in the order written
  bool configured = false;              // false: the target has no iceberg_sources block
  std::string file;                     // profiles.yml, for errors
};

// Reads `iceberg_sources` of `target` (its schema is the default view schema). Errors point
// into profiles.yml with the fix.
LakeConfig ReadLakeConfig(const project::Target& target, const std::string& default_schema);

const CatalogConfig* FindCatalog(const LakeConfig& config, std::string_view name);

// The view name `tmpl` gives ({catalog}, {database}, {table} replaced).
std::string ExpandViewName(const std::string& tmpl, const std::string& catalog,
                           const std::string& database, const std::string& table);

std::string_view CatalogTypeName(CatalogType type);

}  // namespace lakedev::lake
