// profiles.yml: profiles, their outputs (targets), and picking the target to use the way
// dbt does (--profile/DBT_PROFILE > dbt_project.yml; --target/DBT_TARGET > `target:` >
// "default").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "yaml/node.hpp"

namespace lakedev::project {

struct Target {
  std::string profile_name;
  std::string name;
  std::string type;  // adapter: duckdb, trino, ...
  int64_t threads = 1;
  yaml::Node fields;  // the output's mapping, adapter-specific keys included
  std::string file;   // profiles.yml path, for adapter errors that point into it
  std::string text;   // its contents, for the source line in those errors
};

class Profiles {
 public:
  // Parses profiles.yml. Throws Error(kYaml/kConfig) with file:line:column.
  static Profiles Load(const std::string& path);

  std::vector<std::string> ProfileNames() const;

  // Resolves the target to use. `profile` and `target` are the command-line overrides;
  // their environment fallbacks (DBT_PROFILE, DBT_TARGET) are read here.
  Target Resolve(const std::optional<std::string>& project_profile,
                 std::optional<std::string> profile, std::optional<std::string> target) const;

 private:
  std::string path_;
  std::string text_;
  yaml::Node root_;
};

}  // namespace lakedev::project
