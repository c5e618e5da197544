// Finding dbt_project.yml and profiles.yml exactly where dbt-core 1.11 looks for them.
#pragma once

#include <optional>
#include <string>

namespace lakedev::project {

struct ProjectLocation {
  std::string dir;   // the project directory (cwd when nothing was found)
  std::string file;  // dir/dbt_project.yml
  bool found = false;
};

// --project-dir, else $DBT_PROJECT_DIR, else the nearest directory from cwd upwards that
// has a dbt_project.yml, else cwd. An explicit directory that does not exist is an error.
ProjectLocation FindProject(const std::optional<std::string>& flag);

struct ProfilesLocation {
  std::string dir;     // as given (dbt prints it that way), or absolute for the defaults
  std::string file;    // dir joined with profiles.yml
  std::string source;  // "--profiles-dir", "DBT_PROFILES_DIR", "the current directory", "~/.dbt"
  bool found = false;  // the file exists
};

// --profiles-dir, else $DBT_PROFILES_DIR, else cwd when it has a profiles.yml, else ~/.dbt.
ProfilesLocation FindProfiles(const std::optional<std::string>& flag);

}  // namespace lakedev::project
