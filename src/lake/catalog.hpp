// An Iceberg catalog as registration sees it: databases (namespaces) holding tables, each
// table known by the location of its current metadata file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lake/config.hpp"

namespace lakedev::lake {

struct CatalogTable {
  std::string database;
  std::string name;
  std::string metadata_location;  // s3://..., file:///..., or a local path
};

class Catalog {
 public:
  virtual ~Catalog() = default;
  virtual std::vector<std::string> ListDatabases() = 0;
  // The Iceberg tables of `database` (other table kinds are left out). Throws Error naming
  // the catalog and the database when it does not exist or cannot be read.
  virtual std::vector<CatalogTable> ListTables(const std::string& database) = 0;
};

std::unique_ptr<Catalog> OpenCatalog(const CatalogConfig& config);

}  // namespace lakedev::lake
