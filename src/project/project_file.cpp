#include "project/project_file.hpp"

#include "common/paths.hpp"
#include "project/yaml_checks.hpp"
#include "yaml/parse.hpp"

namespace lakedev::project {

ProjectFile LoadProjectFile(const std::string& path) {
  std::string text = ReadFile(path);
  ProjectFile project;
  project.path = path;
  project.root = yaml::Parse(text, path);
  YamlChecker check(text, path);
  check.Mapping(project.root, "dbt_project.yml");
  const yaml::Node* name = project.root.Find("name");
  if (!name) {
    throw check.At(project.root, "dbt_project.yml has no 'name'",
                   "add a line `name: my_project` (letters, digits and underscores)");
  }
  project.name = check.String(*name, "name");
  if (const yaml::Node* profile = project.root.Find("profile"); profile && !profile->IsNull()) {
    project.profile = check.String(*profile, "profile");
  }
  return project;
}

}  // namespace lakedev::project
