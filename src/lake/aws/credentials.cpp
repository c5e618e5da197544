#include "lake/aws/credentials.hpp"

#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/paths.hpp"

namespace lakedev::lake::aws {

namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return std::string(s);
}

std::string ReadIfExists(const std::string& path) {
  try {
    return ReadFile(path);
  } catch (const Error&) {
    return "";
  }
}

std::string Home() {
  return GetEnv("HOME").value_or("");
}

Error ProfileError(const std::string& profile, std::string message, std::string fix) {
  return Error(ErrorKind::kConfig, "AWS profile '" + profile + "': " + std::move(message), {},
               std::move(fix));
}

AwsCredentials RunCredentialProcess(const std::string& profile, const std::string& command) {
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) {
    throw ProfileError(profile, "cannot run credential_process",
                       "check the command in ~/.aws/config");
  }
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    out.append(buf, n);
  int status = ::pclose(pipe);
  if (status != 0) {
    throw ProfileError(profile, "credential_process exited with status " + std::to_string(status),
                       "run the command yourself to see why (often an expired SSO login)");
  }
  try {
    auto j = nlohmann::json::parse(out);
    AwsCredentials c{
        j.at("AccessKeyId").get<std::string>(), j.at("SecretAccessKey").get<std::string>(),
        j.value("SessionToken", std::string()), "credential_process of profile " + profile};
    return c;
  } catch (const std::exception&) {
    // The output may hold a secret: say what is wrong with it, never show it.
    throw ProfileError(profile,
                       "credential_process printed something that is not the expected JSON "
                       "(Version, AccessKeyId, SecretAccessKey[, SessionToken, Expiration])",
                       "fix the command in ~/.aws/config");
  }
}

std::optional<AwsCredentials> FromEnvironment() {
  auto id = GetEnv("AWS_ACCESS_KEY_ID");
  auto secret = GetEnv("AWS_SECRET_ACCESS_KEY");
  if (!id || !secret || id->empty()) return std::nullopt;
  return AwsCredentials{*id, *secret, GetEnv("AWS_SESSION_TOKEN").value_or(""), "environment"};
}

AwsCredentials FromProfile(const std::string& name, const AwsFiles& files, AssumeRoleFn assume_role,
                           const std::string& region, std::set<std::string>& visiting) {
  if (!visiting.insert(name).second) {
    throw ProfileError(name, "source_profile chain loops back to it",
                       "make the source_profile chain end at a profile with keys");
  }
  std::optional<IniSection> p = files.Profile(name);
  if (!p) {
    throw ProfileError(name, "not found in ~/.aws/config or ~/.aws/credentials",
                       "create it (aws configure --profile " + name +
                           "), or set `profile:` / AWS_PROFILE to one that exists");
  }
  auto get = [&](const char* key) -> std::string {
    auto it = p->find(key);
    return it == p->end() ? "" : it->second;
  };
  if (std::string role = get("role_arn"); !role.empty()) {
    AwsCredentials source;
    if (std::string src = get("source_profile"); !src.empty()) {
      // A source profile's own role_arn is followed, except a profile naming itself,
      // whose keys are the source (as botocore does).
      if (src == name) {
        source = {get("aws_access_key_id"), get("aws_secret_access_key"), get("aws_session_token"),
                  "profile " + name};
      } else {
        source = FromProfile(src, files, assume_role, region, visiting);
      }
    } else if (get("credential_source") == "Environment") {
      auto env = FromEnvironment();
      if (!env) {
        throw ProfileError(name, "credential_source = Environment but AWS_ACCESS_KEY_ID is not set",
                           "export the source keys, or use source_profile");
      }
      source = *env;
    } else {
      throw ProfileError(name, "role_arn without source_profile or credential_source",
                         "add source_profile = <profile with keys>");
    }
    if (source.Empty()) {
      throw ProfileError(name, "its source profile has no keys", "check source_profile");
    }
    AwsCredentials c = assume_role(source, role, *p, region);
    c.source = "role " + role + " (profile " + name + ")";
    return c;
  }
  if (std::string process = get("credential_process"); !process.empty())
    return RunCredentialProcess(name, process);
  std::string id = get("aws_access_key_id");
  if (!id.empty()) {
    if (get("aws_secret_access_key").empty()) {
      throw ProfileError(name, "aws_access_key_id without aws_secret_access_key",
                         "add aws_secret_access_key to the profile");
    }
    return {id, get("aws_secret_access_key"), get("aws_session_token"), "profile " + name};
  }
  if (!get("sso_session").empty() || !get("sso_start_url").empty()) {
    throw ProfileError(name, "is an SSO profile, which lakedev reads through credential_process",
                       "add `credential_process = aws configure export-credentials --profile " +
                           name + " --format process` to it, after `aws sso login`");
  }
  throw ProfileError(name, "has no credentials",
                     "add aws_access_key_id/aws_secret_access_key, role_arn, or "
                     "credential_process to it");
}

std::string Upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::map<std::string, IniSection> ParseIni(const std::string& text) {
  std::map<std::string, IniSection> out;
  IniSection* current = nullptr;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view raw(text.data() + start, end - start);
    start = end + 1;
    std::string line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    bool indented = !raw.empty() && (raw[0] == ' ' || raw[0] == '\t');
    if (line.front() == '[' && line.back() == ']') {
      current = &out[Trim(std::string_view(line).substr(1, line.size() - 2))];
      continue;
    }
    // Indented lines are a nested block (e.g. `s3 =` followed by settings); not read.
    if (!current || indented) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    (*current)[Trim(std::string_view(line).substr(0, eq))] =
        Trim(std::string_view(line).substr(eq + 1));
  }
  return out;
}

AwsFiles AwsFiles::Load() {
  AwsFiles f;
  std::string creds = GetEnv("AWS_SHARED_CREDENTIALS_FILE").value_or(Home() + "/.aws/credentials");
  std::string config = GetEnv("AWS_CONFIG_FILE").value_or(Home() + "/.aws/config");
  f.credentials = ParseIni(ReadIfExists(ExpandUser(creds)));
  f.config = ParseIni(ReadIfExists(ExpandUser(config)));
  return f;
}

std::optional<IniSection> AwsFiles::Profile(const std::string& name) const {
  std::optional<IniSection> out;
  auto c = config.find(name == "default" ? "default" : "profile " + name);
  if (c == config.end() && name == "default") c = config.find("profile default");
  if (c != config.end()) out = c->second;
  if (auto k = credentials.find(name); k != credentials.end()) {
    if (!out) out.emplace();
    for (const auto& [key, value] : k->second)
      (*out)[key] = value;
  }
  return out;
}

std::string ProfileName(const AwsSettings& settings) {
  if (!settings.profile.empty()) return settings.profile;
  if (auto p = GetEnv("AWS_PROFILE"); p && !p->empty()) return *p;
  if (auto p = GetEnv("AWS_DEFAULT_PROFILE"); p && !p->empty()) return *p;
  return "default";
}

AwsCredentials ResolveCredentials(const AwsSettings& settings, const AwsFiles& files,
                                  AssumeRoleFn assume_role) {
  if (settings.profile.empty()) {
    if (auto env = FromEnvironment()) return *env;
  }
  std::string name = ProfileName(settings);
  if (name == "default" && !files.Profile(name)) {
    throw Error(ErrorKind::kConfig, "no AWS credentials found", {},
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure a profile in "
                "~/.aws/credentials (aws configure) and name it with AWS_PROFILE or the "
                "catalog's `profile:`");
  }
  std::set<std::string> visiting;
  return FromProfile(name, files, assume_role, ResolveRegion(settings, files), visiting);
}

std::string ResolveRegion(const AwsSettings& settings, const AwsFiles& files) {
  if (!settings.region.empty()) return settings.region;
  for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (auto r = GetEnv(var); r && !r->empty()) return *r;
  }
  if (auto p = files.Profile(ProfileName(settings))) {
    if (auto it = p->find("region"); it != p->end()) return it->second;
  }
  return "";
}

std::string EndpointOverride(const std::string& service, const AwsSettings& settings,
                             const AwsFiles& files) {
  if (auto e = GetEnv(("AWS_ENDPOINT_URL_" + Upper(service)).c_str()); e && !e->empty()) return *e;
  if (auto e = GetEnv("AWS_ENDPOINT_URL"); e && !e->empty()) return *e;
  if (auto p = files.Profile(ProfileName(settings))) {
    if (auto it = p->find("endpoint_url"); it != p->end()) return it->second;
  }
  return "";
}

}  // namespace lakedev::lake::aws
