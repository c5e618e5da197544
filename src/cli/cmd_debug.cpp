// `lakedev debug`, like `dbt debug`: where the project and profiles are, whether they
// parse, which target is used, whether its database opens, and which DuckDB extensions
// load. Every failed check ends as one paragraph saying where and how to fix it.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "adapters/duckdb/credentials.hpp"
#include "adapters/duckdb/extensions.hpp"
#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "project/locate.hpp"
#include "project/profiles.hpp"
#include "project/project_file.hpp"
#include "project/yaml_checks.hpp"

namespace lakedev::cli {

namespace {

class Debug {
 public:
  explicit Debug(const ParsedArgs& args) : args_(args) {}

  int Run() {
    project::ProfilesLocation profiles = project::FindProfiles(args_.Value("--profiles-dir"));
    if (args_.Flag("--config-dir")) {
      out_.Line("To view your profiles.yml file, run:\n");
      out_.Line("xdg-open " + profiles.dir);
      return kExitOk;
    }
    project::ProjectLocation project = project::FindProject(args_.Value("--project-dir"));
    out_.Line(fmt::format("lakedev version: {}", LAKEDEV_VERSION));
    out_.Line(fmt::format("duckdb version: {}", duckdb::LibraryVersion()));
    out_.Line(fmt::format("Using profiles dir at {} ({})", profiles.dir, profiles.source));
    out_.Line(fmt::format("Using profiles.yml file at {}", profiles.file));
    out_.Line(fmt::format("Using dbt_project.yml file at {}", project.file));

    out_.Line("Configuration:");
    std::optional<project::Profiles> loaded_profiles = CheckProfiles(profiles);
    std::optional<project::ProjectFile> loaded_project = CheckProject(project);
    std::optional<project::Target> target;
    if (loaded_profiles && loaded_project) target = CheckTarget(*loaded_profiles, *loaded_project);
    out_.Line();

    if (target) {
      CheckConnection(*target);
    } else {
      out_.Line("Connection test skipped since no target was resolved");
    }
    out_.Line();
    if (failures_.empty()) {
      out_.Line(out_.Ok("All checks passed!"));
      return kExitOk;
    }
    out_.Line(
        fmt::format("{} check{} failed:", failures_.size(), failures_.size() == 1 ? "" : "s"));
    for (const auto& f : failures_)
      out_.Line(f);
    return kExitFailure;
  }

 private:
  void Fail(std::string paragraph) { failures_.push_back(std::move(paragraph)); }

  void Status(std::string_view what, bool ok, std::string_view detail) {
    std::string mark =
        ok ? out_.Ok(fmt::format("OK {}", detail)) : out_.Bad(fmt::format("ERROR {}", detail));
    out_.Line(fmt::format("  {} [{}]", what, mark));
  }

  std::optional<project::Profiles> CheckProfiles(const project::ProfilesLocation& loc) {
    if (!loc.found) {
      Status("profiles.yml file", false, "not found");
      Fail(fmt::format(
          "{}: not found. lakedev looks where dbt does: --profiles-dir, then DBT_PROFILES_DIR, "
          "then the current directory, then ~/.dbt; this time the directory came from {}.\n"
          "fix: create {} with your profile, or pass --profiles-dir <dir with profiles.yml>.\n",
          loc.file, loc.source, loc.file));
      return std::nullopt;
    }
    try {
      auto p = project::Profiles::Load(loc.file);
      Status("profiles.yml file", true, "found and valid");
      return p;
    } catch (const Error& e) {
      Status("profiles.yml file", false, "invalid");
      Fail(FormatError(e));
      return std::nullopt;
    }
  }

  std::optional<project::ProjectFile> CheckProject(const project::ProjectLocation& loc) {
    if (!loc.found) {
      Status("dbt_project.yml file", false, "not found");
      Fail(fmt::format(
          "{}: not found, and no parent directory of the current one has a dbt_project.yml.\n"
          "fix: run lakedev inside your dbt project, or pass --project-dir <project dir>.\n",
          loc.file));
      return std::nullopt;
    }
    try {
      auto p = project::LoadProjectFile(loc.file);
      Status("dbt_project.yml file", true, "found and valid");
      return p;
    } catch (const Error& e) {
      Status("dbt_project.yml file", false, "invalid");
      Fail(FormatError(e));
      return std::nullopt;
    }
  }

  std::optional<project::Target> CheckTarget(const project::Profiles& profiles,
                                             const project::ProjectFile& project) {
    try {
      project::Target t =
          profiles.Resolve(project.profile, args_.Value("--profile"), args_.Value("--target"));
      Status(fmt::format("profile: {}", t.profile_name), true, "found");
      Status(fmt::format("target: {}", t.name), true, "found");
      return t;
    } catch (const Error& e) {
      Status("target", false, "not resolved");
      Fail(FormatError(e));
      return std::nullopt;
    }
  }

  void CheckConnection(const project::Target& target) {
    out_.Line(fmt::format("adapter type: {}", target.type));
    if (target.type != "duckdb") {
      out_.Line(fmt::format("  Connection test: [{}]", out_.Bad("ERROR")));
      project::YamlChecker check(target.text, target.file);
      Fail(FormatError(check.At(*target.fields.Find("type"),
                                "target '" + target.name + "' uses the '" + target.type +
                                    "' adapter, which this lakedev build does not support yet "
                                    "(duckdb only)",
                                "pass --target with a duckdb target")));
      return;
    }
    duckdb::Credentials creds;
    try {
      creds = duckdb::ReadCredentials(target);
    } catch (const Error& e) {
      out_.Line(fmt::format("  Connection test: [{}]", out_.Bad("ERROR")));
      Fail(FormatError(e));
      return;
    }
    out_.Line("Connection:");
    const yaml::Node& f = target.fields;
    auto shown = [&](const char* key) {
      const yaml::Node* n = f.Find(key);
      return n ? n->Repr() : std::string("None");
    };
    out_.Line(fmt::format("  database: {}", creds.database));
    out_.Line(fmt::format("  schema: {}", creds.schema));
    out_.Line(fmt::format("  path: {}", creds.path));
    out_.Line(fmt::format("  threads: {}", target.threads));
    out_.Line(fmt::format("  extensions: {}", shown("extensions")));
    out_.Line(fmt::format("  settings: {}", f.Find("settings") ? shown("settings") : "{}"));
    out_.Line(fmt::format("  external_root: {}", creds.external_root));
    for (const auto& key : creds.unsupported_keys) {
      out_.Line(fmt::format(
          "  {}: {}", key, out_.Warn("set, but not supported by this lakedev build yet; ignored")));
    }

    std::optional<duckdb::Database> db;
    try {
      db.emplace(duckdb::OpenTarget(target, creds));
      auto conn = db->Connect();
      duckdb::ApplySettings(conn, target, creds);
      conn.Query("select 1 as id");
      out_.Line(fmt::format("  Connection test: [{}]", out_.Ok("OK connection ok")));
      CheckExtensions(conn, creds);
    } catch (const Error& e) {
      out_.Line(fmt::format("  Connection test: [{}]", out_.Bad("ERROR")));
      Fail(FormatError(e));
    }
  }

  void CheckExtensions(duckdb::Connection& conn, const duckdb::Credentials& creds) {
    std::vector<std::string> names(std::begin(duckdb::kBundledExtensions),
                                   std::end(duckdb::kBundledExtensions));
    for (const auto& e : creds.extensions) {
      if (std::find(names.begin(), names.end(), e.name) == names.end()) names.push_back(e.name);
    }
    out_.Line(fmt::format("Extensions (from {}):", duckdb::ExtensionDirectory()));
    std::string problems;
    bool missing = false;
    for (const auto& name : names) {
      duckdb::ExtensionStatus s = duckdb::LoadExtension(conn, name);
      bool not_found = !s.loaded && s.error == "file not found";
      Status(name, s.loaded, s.loaded ? "loaded" : not_found ? "not found" : "failed to load");
      if (s.loaded) continue;
      missing |= not_found;
      problems += fmt::format("  {}: {}: {}\n", name, s.error, s.path);
    }
    if (problems.empty()) return;
    std::string fix =
        missing ? "run scripts/bootstrap, which installs httpfs, aws, avro and iceberg; for other "
                  "extensions, or another location, set LAKEDEV_EXTENSION_DIR to a directory "
                  "holding " +
                      duckdb::LibraryVersion() + "/<platform>/<name>.duckdb_extension"
                : "reinstall the extension files with scripts/bootstrap (DuckDB checks their "
                  "signatures)";
    Fail(fmt::format(
        "DuckDB extensions could not load (lakedev never downloads them):\n{}fix: {}.\n", problems,
        fix));
  }

  const ParsedArgs& args_;
  Console out_;
  std::vector<std::string> failures_;
};

int RunDebug(const ParsedArgs& args) {
  return Debug(args).Run();
}

}  // namespace

std::vector<OptionSpec> ProjectOptions() {
  return {
      {"--project-dir", "", "DIR", "the dbt project (default: nearest dbt_project.yml upwards)"},
      {"--profiles-dir", "", "DIR", "where profiles.yml is (default: DBT_PROFILES_DIR, ., ~/.dbt)"},
      {"--profile", "", "NAME", "profile to use instead of dbt_project.yml's (or DBT_PROFILE)"},
      {"--target", "-t", "NAME", "target of the profile to use (or DBT_TARGET)"},
  };
}

Command DebugCommand() {
  std::vector<OptionSpec> options = ProjectOptions();
  options.push_back({"--config-dir", "", "", "only show where profiles.yml is expected"});
  return {"debug", "Check the project, profiles.yml, the target's database and extensions", options,
          RunDebug};
}

}  // namespace lakedev::cli
