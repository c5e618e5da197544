// The `type: duckdb` target of profiles.yml, read as dbt-duckdb reads it, and opening the
// database it names the way lakedev always opens one (offline extension settings).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/duckdb/database.hpp"
#include "project/profiles.hpp"

namespace lakedev::duckdb {

struct ExtensionSpec {
  std::string name;
  std::string repo;  // from {name, repo}; lakedev never installs, so only shown
};

struct Setting {
  std::string name;
  std::string value;  // Python's str() of the YAML value, as dbt-duckdb sends it
  SourceLocation at;  // the value in profiles.yml, for errors
};

struct Credentials {
  std::string path = ":memory:";
  std::string database;  // derived from path as dbt-duckdb does
  std::string schema = "main";
  std::string external_root = ".";
  std::vector<ExtensionSpec> extensions;
  std::vector<Setting> settings;                                    // SET on each connection
  std::vector<std::pair<std::string, std::string>> config_options;  // given at open
  // `attach:` and `secrets:` as the statements dbt-duckdb runs when it opens the database
  // (ATTACH IF NOT EXISTS ..., CREATE SECRET ...), with where each was written.
  std::vector<std::pair<std::string, SourceLocation>> attach_sql;
  std::vector<std::pair<std::string, SourceLocation>> secret_sql;  // never printed
  std::vector<std::string> unsupported_keys;  // dbt-duckdb keys this build does not act on
  std::optional<SourceLocation> path_at;      // `path:` in profiles.yml, for errors
};

// Reads the duckdb-specific keys of `target`. Throws Error(kConfig) pointing into
// profiles.yml when a value has the wrong shape or `database` contradicts `path`.
Credentials ReadCredentials(const project::Target& target);

// dbt-duckdb's database name for a path: "memory" for :memory:, else the file name up
// to its first dot, leading dots skipped ("./.my.db.duckdb" -> "my").
std::string DatabaseNameFromPath(const std::string& path);

// Opens the target's database (parent directories created, ~ expanded) with
// OfflineConfig(). Errors name the path, point at `path:` in profiles.yml and say the fix.
Database OpenTarget(const project::Target& target, const Credentials& credentials);

// Runs the target's `attach:` and `secrets:` once the database is open (they hold for every
// connection). An error points at the entry in profiles.yml, never showing a secret.
void ApplyAttachAndSecrets(Connection& connection, const project::Target& target,
                           const Credentials& credentials);

// Runs the target's `settings:` on a new connection (dbt-duckdb does so per cursor); a
// refused setting is an Error pointing at its value in profiles.yml.
void ApplySettings(Connection& connection, const project::Target& target,
                   const Credentials& credentials);

}  // namespace lakedev::duckdb
