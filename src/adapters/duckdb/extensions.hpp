// Where lakedev finds DuckDB's extensions, and the settings every database is opened
// with so that DuckDB never downloads anything at run time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adapters/duckdb/database.hpp"

namespace lakedev::duckdb {

// The extensions scripts/bootstrap installs; iceberg loads avro by itself.
inline constexpr std::string_view kBundledExtensions[] = {"httpfs", "aws", "avro", "iceberg"};

// $LAKEDEV_EXTENSION_DIR, else the bootstrap cache lakedev was built against.
std::string ExtensionDirectory();

// Where DuckDB looks for extension `name`: <dir>/v1.4.4/linux_amd64/<name>.duckdb_extension.
std::string ExtensionPath(std::string_view name);

// extension_directory, autoinstall_known_extensions=false, autoload_known_extensions=true.
DatabaseConfig OfflineConfig();

struct ExtensionStatus {
  std::string name;
  std::string path;  // the file tried
  bool loaded = false;
  std::string error;  // why not, when !loaded
};

// LOADs one extension, reporting the file it tried and why it failed.
ExtensionStatus LoadExtension(Connection& connection, std::string_view name);

}  // namespace lakedev::duckdb
