#include "cli/target.hpp"

#include "project/locate.hpp"

namespace lakedev::cli {

ResolvedTarget ResolveTarget(const ParsedArgs& args) {
  project::ProjectLocation where = project::FindProject(args.Value("--project-dir"));
  if (!where.found) {
    throw Error(ErrorKind::kConfig,
                "no dbt_project.yml in " + where.dir + " or any directory above it", {},
                "run lakedev inside your dbt project, or pass --project-dir <project dir>");
  }
  project::ProfilesLocation profiles = project::FindProfiles(args.Value("--profiles-dir"));
  if (!profiles.found) {
    throw Error(ErrorKind::kConfig,
                profiles.file + " not found (the directory came from " + profiles.source + ")", {},
                "create it, or pass --profiles-dir <dir with profiles.yml>");
  }
  ResolvedTarget out{project::LoadProjectFile(where.file), {}};
  out.target = project::Profiles::Load(profiles.file)
                   .Resolve(out.project.profile, args.Value("--profile"), args.Value("--target"));
  return out;
}

}  // namespace lakedev::cli
