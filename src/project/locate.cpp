#include "project/locate.hpp"

#include <filesystem>

#include "common/error.hpp"
#include "common/paths.hpp"

namespace fs = std::filesystem;

namespace lakedev::project {

ProjectLocation FindProject(const std::optional<std::string>& flag) {
  std::optional<std::string> given = flag;
  std::string origin = "--project-dir";
  if (!given) {
    given = GetEnv("DBT_PROJECT_DIR");
    origin = "DBT_PROJECT_DIR";
  }
  ProjectLocation loc;
  std::error_code ec;
  if (given && !given->empty()) {
    std::string dir = ExpandUser(*given);
    if (!fs::is_directory(dir, ec)) {
      throw Error(ErrorKind::kUsage,
                  "the project directory " + dir + " (from " + origin +
                      ") does not exist or is not a directory",
                  {}, "pass the directory that contains dbt_project.yml");
    }
    loc.dir = dir;
    loc.file = JoinPath(dir, "dbt_project.yml");
    loc.found = fs::is_regular_file(loc.file, ec);
    return loc;
  }
  fs::path cwd = fs::current_path();
  for (fs::path dir = cwd;; dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / "dbt_project.yml", ec)) {
      loc.dir = dir.string();
      loc.file = (dir / "dbt_project.yml").string();
      loc.found = true;
      return loc;
    }
    if (dir == dir.root_path() || dir.empty()) break;
  }
  loc.dir = cwd.string();
  loc.file = (cwd / "dbt_project.yml").string();
  return loc;
}

ProfilesLocation FindProfiles(const std::optional<std::string>& flag) {
  ProfilesLocation loc;
  std::error_code ec;
  if (flag) {
    loc.dir = *flag;
    loc.source = "--profiles-dir";
  } else if (auto env = GetEnv("DBT_PROFILES_DIR")) {
    loc.dir = *env;
    loc.source = "DBT_PROFILES_DIR";
  } else if (fs::is_regular_file(fs::current_path() / "profiles.yml", ec)) {
    loc.dir = fs::current_path().string();
    loc.source = "the current directory";
  } else {
    loc.dir = ExpandUser("~/.dbt");
    loc.source = "~/.dbt";
  }
  loc.file = JoinPath(ExpandUser(loc.dir), "profiles.yml");
  loc.found = fs::is_regular_file(loc.file, ec);
  return loc;
}

}  // namespace lakedev::project
