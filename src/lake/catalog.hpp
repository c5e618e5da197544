// An Iceberg catalog as registration sees it: databases (namespaces) holding tables, each
// table known by the location of its current metadata file.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lake/config.hpp"

namespace lakedev::lake {

struct CatalogTable {
  std::string database;
  std::string name;
  std::string metadata_location;  // s3://..., file:///..., or a local path
};

// How DuckDB reaches the tables' files in S3: an S3 secret made from these.
struct StorageAccess {
  std::string key_id;
  std::string secret;
  std::string session_token;
  std::string region;
  std::string endpoint;  // empty for AWS's; else an http(s) URL (path-style addressing)
};

class Catalog {
 public:
  virtual ~Catalog() = default;
  // Credentials for the data files; nullopt when the files are local.
  virtual std::optional<StorageAccess> Storage() const { return std::nullopt; }
  virtual std::vector<std::string> ListDatabases() = 0;
  // The Iceberg tables of `database` (other table kinds are left out). Throws Error naming
  // the catalog and the database when it does not exist or cannot be read.
  virtual std::vector<CatalogTable> ListTables(const std::string& database) = 0;
};

std::unique_ptr<Catalog> OpenCatalog(const CatalogConfig& config);

}  // namespace lakedev::lake
