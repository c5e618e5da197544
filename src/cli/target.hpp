// Resolving the target a project command runs against, the way dbt does: dbt_project.yml
// found from --project-dir or upwards from cwd, profiles.yml from the usual places, the
// profile and target from flags, environment and files.
#pragma once

#include "cli/args.hpp"
#include "project/profiles.hpp"
#include "project/project_file.hpp"

namespace lakedev::cli {

struct ResolvedTarget {
  project::ProjectFile project;
  project::Target target;
};

// Throws Error with the location and the fix when a file is missing or invalid.
ResolvedTarget ResolveTarget(const ParsedArgs& args);

}  // namespace lakedev::cli
