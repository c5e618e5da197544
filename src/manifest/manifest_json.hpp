// target/manifest.json (schema v12) from the manifest.
#pragma once

#include <string>

#include "manifest/manifest.hpp"

namespace lakedev::manifest {

struct ManifestMetadata {
  std::string dbt_version;
  std::string project_name;
  std::string adapter_type;
  std::string invocation_id;
  std::string generated_at;
};

std::string ManifestJson(const Manifest& manifest, const ManifestMetadata& metadata);

}  // namespace lakedev::manifest
