#include "project/profiles.hpp"

#include "common/paths.hpp"
#include "project/yaml_checks.hpp"
#include "yaml/parse.hpp"

namespace lakedev::project {

namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

bool HasJinja(const std::string& s) {
  return s.find("{{") != std::string::npos || s.find("{%") != std::string::npos;
}

// dbt renders profile values with Jinja (env_var, var). Until lakedev's Jinja engine
// exists such a value is refused where it is, rather than used unrendered.
void RefuseJinja(const YamlChecker& check, const yaml::Node& node) {
  if (node.IsString() && HasJinja(node.AsString())) {
    throw check.At(node,
                   "this profile value uses Jinja (e.g. env_var), which this lakedev "
                   "build cannot render yet",
                   "write the value literally for now");
  }
  for (const auto& item : node.items())
    RefuseJinja(check, item);
  for (const auto& [k, v] : node.entries())
    RefuseJinja(check, v);
}

}  // namespace

Profiles Profiles::Load(const std::string& path) {
  Profiles p;
  p.path_ = path;
  p.text_ = ReadFile(path);
  p.root_ = yaml::Parse(p.text_, path);
  YamlChecker check(p.text_, path);
  if (p.root_.IsNull()) {
    throw check.At(p.root_, "profiles.yml is empty",
                   "add a profile: a top-level key naming it, with `target:` and `outputs:`");
  }
  check.Mapping(p.root_, "profiles.yml");
  return p;
}

std::vector<std::string> Profiles::ProfileNames() const {
  std::vector<std::string> names;
  for (const auto& [k, v] : root_.entries()) {
    // A top-level `config:` holds user settings in old dbt versions, not a profile.
    if (k.IsString() && k.AsString() != "config") names.push_back(k.AsString());
  }
  return names;
}

Target Profiles::Resolve(const std::optional<std::string>& project_profile,
                         std::optional<std::string> profile,
                         std::optional<std::string> target) const {
  YamlChecker check(text_, path_);
  if (!profile) profile = GetEnv("DBT_PROFILE");
  if (!profile) profile = project_profile;
  if (!profile) {
    throw Error(ErrorKind::kConfig,
                "no profile is set for this project; profiles in " + path_ + ": " +
                    JoinNames(ProfileNames()),
                {}, "add `profile: <name>` to dbt_project.yml, or pass --profile <name>");
  }
  const yaml::Node* prof = root_.Find(*profile);
  if (!prof || *profile == "config") {
    throw Error(ErrorKind::kConfig,
                "could not find profile named '" + *profile +
                    "'; profiles in this file: " + JoinNames(ProfileNames()),
                {path_}, "add it to profiles.yml, or fix `profile:` in dbt_project.yml");
  }
  check.Mapping(*prof, "profile '" + *profile + "'");
  const yaml::Node* outputs = prof->Find("outputs");
  if (!outputs) {
    throw check.At(*root_.FindKey(*profile), "profile '" + *profile + "' has no 'outputs'",
                   "add `outputs:` with one entry per target");
  }
  check.Mapping(*outputs, "outputs of profile '" + *profile + "'");

  // Where the target name came from, for the fix when it is wrong.
  std::string origin = "--target";
  bool from_file = false;
  if (!target && (target = GetEnv("DBT_TARGET"))) origin = "DBT_TARGET";
  const yaml::Node* target_node = prof->Find("target");
  if (!target && target_node && !target_node->IsNull()) {
    RefuseJinja(check, *target_node);
    target = check.String(*target_node, "target");
    from_file = true;
  }
  if (!target) {
    target = "default";
    origin = "the default (the profile sets no `target:`)";
  }

  std::vector<std::string> names;
  for (const auto& [k, v] : outputs->entries())
    names.push_back(k.ScalarText());
  const yaml::Node* output = outputs->Find(*target);
  if (!output) {
    const yaml::Node& at = from_file ? *target_node : *prof->FindKey("outputs");
    throw check.At(at,
                   "profile '" + *profile + "' has no target named '" + *target +
                       "'; its targets are: " + JoinNames(names),
                   from_file ? "set `target:` to one of those, or pass --target <name>"
                             : "the name came from " + origin +
                                   "; use one of those, or add an "
                                   "output '" +
                                   *target + "' under outputs:");
  }
  check.Mapping(*output, "target '" + *target + "' of profile '" + *profile + "'");
  RefuseJinja(check, *output);

  Target t;
  t.profile_name = *profile;
  t.name = *target;
  t.file = path_;
  t.text = text_;
  t.fields = *output;
  const yaml::Node* type = output->Find("type");
  if (!type) {
    throw check.At(*outputs->FindKey(*target),
                   "target '" + *target + "' of profile '" + *profile + "' has no 'type'",
                   "add `type: duckdb` (or the adapter this target uses)");
  }
  t.type = check.String(*type, "type");
  if (const yaml::Node* threads = output->Find("threads"))
    t.threads = check.Int(*threads, "threads");
  return t;
}

}  // namespace lakedev::project
