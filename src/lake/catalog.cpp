#include "lake/catalog.hpp"

#include "common/paths.hpp"
#include "lake/aws/glue.hpp"
#include "lake/directory_catalog.hpp"

namespace lakedev::lake {

std::unique_ptr<Catalog> OpenCatalog(const CatalogConfig& config) {
  switch (config.type) {
    case CatalogType::kDirectory:
      return std::make_unique<DirectoryCatalog>(ExpandUser(config.options.at("path")));
    case CatalogType::kGlue:
      return std::make_unique<aws::GlueCatalog>(aws::ResolveGlueSettings(config));
    case CatalogType::kRest:
      break;
  }
  throw Error(ErrorKind::kConfig,
              "catalog '" + config.name + "' is of type " +
                  std::string(CatalogTypeName(config.type)) +
                  ", which this lakedev build cannot read yet",
              config.at, "use a glue or directory catalog for now");
}

}  // namespace lakedev::lake
