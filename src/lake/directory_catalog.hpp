// A warehouse directory as a catalog: <root>/<database>[.db]/<table>/metadata/. The current
// metadata file is the one version-hint.text names (Hadoop tables), else the one with the
// highest version number (vN.metadata.json, or NNNNN-<uuid>.metadata.json as pyiceberg and
// Trino write them).
#pragma once

#include <optional>
#include <string>

#include "lake/catalog.hpp"

namespace lakedev::lake {

class DirectoryCatalog : public Catalog {
 public:
  explicit DirectoryCatalog(std::string root) : root_(std::move(root)) {}
  std::vector<std::string> ListDatabases() override;
  std::vector<CatalogTable> ListTables(const std::string& database) override;

 private:
  std::string root_;
};

// The current metadata file of the table in `table_dir`; nullopt when it has none.
std::optional<std::string> CurrentMetadataFile(const std::string& table_dir);

}  // namespace lakedev::lake
