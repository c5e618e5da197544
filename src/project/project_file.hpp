// dbt_project.yml: the parts lakedev reads so far (name, profile), with their locations.
#pragma once

#include <optional>
#include <string>

#include "yaml/node.hpp"

namespace lakedev::project {

struct ProjectFile {
  std::string path;
  std::string name;
  std::optional<std::string> profile;
  yaml::Node root;
};

// Parses and checks dbt_project.yml. Throws Error(kYaml/kConfig) with file:line:column.
ProjectFile LoadProjectFile(const std::string& path);

}  // namespace lakedev::project
