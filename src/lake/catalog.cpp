#include "lake/catalog.hpp"

#include "common/paths.hpp"
#include "lake/aws/glue.hpp"
#include "lake/directory_catalog.hpp"
#include "lake/rest_catalog.hpp"

namespace lakedev::lake {

std::unique_ptr<Catalog> OpenCatalog(const CatalogConfig& config) {
  switch (config.type) {
    case CatalogType::kDirectory:
      return std::make_unique<DirectoryCatalog>(ExpandUser(config.options.at("path")));
    case CatalogType::kGlue:
      return std::make_unique<aws::GlueCatalog>(aws::ResolveGlueSettings(config));
    case CatalogType::kRest:
      return std::make_unique<RestCatalog>(ReadRestSettings(config));
  }
  throw Error(ErrorKind::kInternal, "unknown catalog type");
}

}  // namespace lakedev::lake
