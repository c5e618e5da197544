// dbt's built-in macros (package "dbt"), written in Jinja under src/global_project/macros
// and embedded in the binary at build time (cmake/Embed.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace lakedev::global_project {

struct EmbeddedFile {
  std::string_view path;  // e.g. "macros/naming.sql"
  std::string_view text;
};

const std::vector<EmbeddedFile>& Files();

}  // namespace lakedev::global_project
