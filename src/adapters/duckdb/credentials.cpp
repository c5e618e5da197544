#include "adapters/duckdb/credentials.hpp"

#include <filesystem>
#include <set>

#include "adapters/duckdb/extensions.hpp"
#include "common/paths.hpp"
#include "project/yaml_checks.hpp"

namespace fs = std::filesystem;

namespace lakedev::duckdb {

namespace {
// dbt-duckdb keys lakedev reads today.
const std::set<std::string> kSupported = {
    "type",     "threads",       "path",           "database", "schema", "extensions",
    "settings", "external_root", "config_options", "attach",   "secrets"};
// Keys dbt-duckdb knows that lakedev does not act on yet (reported, not silently dropped).
const std::set<std::string> kKnownUnsupported = {"filesystems",
                                                 "remote",
                                                 "plugins",
                                                 "retries",
                                                 "flights",
                                                 "use_credential_provider",
                                                 "disable_transactions",
                                                 "keep_open",
                                                 "module_paths",
                                                 "is_ducklake",
                                                 "motherduck_token"};
}  // namespace

std::string DatabaseNameFromPath(const std::string& path) {
  if (path.empty() || path == ":memory:") return "memory";
  std::string base = fs::path(path).filename().string();
  size_t start = base.find_first_not_of('.');
  if (start == std::string::npos) return base;
  base = base.substr(start);
  return base.substr(0, base.find('.'));
}

Credentials ReadCredentials(const project::Target& target) {
  project::YamlChecker check(target.text, target.file);
  Credentials c;
  const yaml::Node& f = target.fields;
  if (const yaml::Node* path = f.Find("path"); path && !path->IsNull()) {
    c.path = check.String(*path, "path");
    c.path_at = path->where();
  }
  c.database = DatabaseNameFromPath(c.path);
  if (const yaml::Node* db = f.Find("database"); db && !db->IsNull()) {
    std::string given = check.String(*db, "database");
    if (given != c.database) {
      throw check.At(*db,
                     "'database' is '" + given + "' but the path '" + c.path +
                         "' gives the database name '" + c.database + "'",
                     "remove `database:` or set it to '" + c.database + "'");
    }
  }
  if (const yaml::Node* schema = f.Find("schema"); schema && !schema->IsNull()) {
    c.schema = check.String(*schema, "schema");
  }
  if (const yaml::Node* root = f.Find("external_root"); root && !root->IsNull()) {
    c.external_root = check.String(*root, "external_root");
  }
  if (const yaml::Node* exts = f.Find("extensions"); exts && !exts->IsNull()) {
    if (!exts->IsSequence()) throw check.At(*exts, "'extensions' must be a list");
    for (const yaml::Node& e : exts->items()) {
      if (e.IsString()) {
        c.extensions.push_back({e.AsString(), ""});
      } else if (e.IsMapping() && e.Find("name") && e.entries().size() <= 2) {
        const yaml::Node* repo = e.Find("repo");
        c.extensions.push_back(
            {check.String(*e.Find("name"), "name"), repo ? check.String(*repo, "repo") : ""});
      } else {
        throw check.At(e, "an extension must be a name or a mapping with 'name' and 'repo'");
      }
    }
  }
  auto read_pairs = [&](const char* key, auto&& add) {
    const yaml::Node* node = f.Find(key);
    if (!node || node->IsNull()) return;
    check.Mapping(*node, key);
    for (const auto& [k, v] : node->entries()) {
      if (v.IsMapping() || v.IsSequence()) {
        throw check.At(v, std::string(key) + "." + k.ScalarText() + " must be a single value");
      }
      add(k.ScalarText(), v);
    }
  };
  read_pairs("settings", [&](std::string name, const yaml::Node& v) {
    c.settings.push_back({std::move(name), v.ScalarText(), v.where()});
  });
  read_pairs("config_options", [&](std::string name, const yaml::Node& v) {
    c.config_options.emplace_back(std::move(name), v.ScalarText());
  });
  auto quote = [](const std::string& text) {
    std::string out = "'";
    for (char ch : text)
      out += ch == '\'' ? std::string("''") : std::string(1, ch);
    return out + "'";
  };
  if (const yaml::Node* list = f.Find("attach"); list && !list->IsNull()) {
    if (!list->IsSequence()) throw check.At(*list, "'attach' must be a list");
    for (const yaml::Node& a : list->items()) {
      check.Mapping(a, "an attach entry");
      const yaml::Node* path = a.Find("path");
      if (!path) throw check.At(a, "an attach entry needs a 'path'");
      std::string sql = "ATTACH IF NOT EXISTS " + quote(check.String(*path, "path"));
      if (const yaml::Node* alias = a.Find("alias"); alias && !alias->IsNull()) {
        sql += " AS " + check.String(*alias, "alias");
      }
      std::vector<std::string> options;
      if (const yaml::Node* t = a.Find("type"); t && !t->IsNull())
        options.push_back("TYPE " + t->ScalarText());
      if (const yaml::Node* sec = a.Find("secret"); sec && !sec->IsNull()) {
        options.push_back("SECRET " + sec->ScalarText());
      }
      if (const yaml::Node* ro = a.Find("read_only"); ro && !ro->IsNull() && ro->AsBool()) {
        options.push_back("READ_ONLY");
      }
      if (const yaml::Node* opts = a.Find("options"); opts && opts->IsMapping()) {
        for (const auto& [ok, ov] : opts->entries()) {
          std::string key = ok.ScalarText();
          if (ov.kind() == yaml::NodeKind::kBool) {
            if (ov.AsBool()) {
              for (char& ch : key)
                ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
              options.push_back(key);
            }
          } else if (!ov.IsNull()) {
            options.push_back(key + " " + (ov.IsString() ? quote(ov.AsString()) : ov.ScalarText()));
          }
        }
      }
      if (!options.empty()) {
        sql += " (";
        for (size_t i = 0; i < options.size(); ++i)
          sql += (i ? ", " : "") + options[i];
        sql += ")";
      }
      c.attach_sql.emplace_back(sql, a.where());
    }
  }
  if (const yaml::Node* list = f.Find("secrets"); list && !list->IsNull()) {
    if (!list->IsSequence()) throw check.At(*list, "'secrets' must be a list");
    for (const yaml::Node& sec : list->items()) {
      check.Mapping(sec, "a secret");
      std::string name, persistent;
      std::vector<std::string> params;
      for (const auto& [sk, sv] : sec.entries()) {
        std::string key = sk.ScalarText();
        if (key == "name") {
          name = sv.ScalarText();
        } else if (key == "persistent") {
          if (sv.AsBool()) persistent = " PERSISTENT";
        } else if (key == "scope" && sv.IsSequence()) {
          for (const yaml::Node& item : sv.items())
            params.push_back("scope " + quote(item.ScalarText()));
        } else if (sv.IsNull()) {
          continue;
        } else if (key == "type" || key == "provider" || sv.kind() == yaml::NodeKind::kBool ||
                   sv.kind() == yaml::NodeKind::kInt) {
          params.push_back(key + " " + sv.ScalarText());
        } else {
          params.push_back(key + " " + quote(sv.ScalarText()));
        }
      }
      std::string sql = std::string("CREATE") + (name.empty() ? "" : " OR REPLACE") + persistent +
                        " SECRET" + (name.empty() ? "" : " " + name) + " (";
      for (size_t i = 0; i < params.size(); ++i)
        sql += (i ? ", " : "") + params[i];
      c.secret_sql.emplace_back(sql + ")", sec.where());
    }
  }
  for (const auto& [k, v] : f.entries()) {
    std::string key = k.ScalarText();
    if (!kSupported.count(key) && kKnownUnsupported.count(key)) c.unsupported_keys.push_back(key);
  }
  return c;
}

Database OpenTarget(const project::Target& target, const Credentials& credentials) {
  project::YamlChecker check(target.text, target.file);
  auto fail = [&](std::string message, std::string fix) -> Error {
    if (credentials.path_at)
      return check.At(*credentials.path_at, std::move(message), std::move(fix));
    return Error(ErrorKind::kConfig, std::move(message), {target.file}, std::move(fix));
  };
  std::string path = credentials.path;
  if (path != ":memory:") {
    path = ExpandUser(path);
    fs::path parent = fs::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty() && !fs::is_directory(parent, ec)) {
      fs::create_directories(parent, ec);
      if (ec) {
        throw fail("cannot create the directory " + parent.string() + " for the DuckDB database " +
                       path + ": " + ec.message(),
                   "change `path:` in target '" + target.name +
                       "' to a location you can write, or create the directory");
      }
    }
  }
  DatabaseConfig config = credentials.config_options;
  for (auto& kv : OfflineConfig())
    config.push_back(kv);  // ours last: never download
  try {
    return Database::Open(path, config);
  } catch (const DatabaseError& e) {
    std::string fix = "check that " + path + " is a DuckDB file you can write";
    if (e.message().find("Conflicting lock") != std::string::npos) {
      fix =
          "another process has the database open (named above); close it, or point `path:` "
          "at another file";
    } else if (e.message().find("Permission denied") != std::string::npos ||
               e.message().find("Read-only") != std::string::npos) {
      fix = "make " + fs::path(path).parent_path().string() +
            " writable, or change `path:` in target '" + target.name + "'";
    }
    throw fail("cannot open the DuckDB database " + path + ": " + e.message(), fix);
  }
}

void ApplySettings(Connection& connection, const project::Target& target,
                   const Credentials& credentials) {
  for (const Setting& setting : credentials.settings) {
    std::string value;
    for (char ch : setting.value)
      value += ch == '\'' ? std::string("''") : std::string(1, ch);
    std::string name;
    for (char ch : setting.name)
      name += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    try {
      connection.Query("SET \"" + name + "\" = '" + value + "'");
    } catch (const DatabaseError& e) {
      project::YamlChecker check(target.text, target.file);
      throw check.At(setting.at,
                     "DuckDB refused the setting " + setting.name + " = '" + setting.value +
                         "': " + e.message(),
                     "fix settings." + setting.name + " in target '" + target.name +
                         "' (DuckDB's documentation lists the values it takes)");
    }
  }
}

void ApplyAttachAndSecrets(Connection& connection, const project::Target& target,
                           const Credentials& credentials) {
  project::YamlChecker check(target.text, target.file);
  for (const auto& [sql, at] : credentials.secret_sql) {
    try {
      connection.Query(sql);
    } catch (const DatabaseError& e) {
      // DuckDB's message names the parameter, never the statement (it holds the secret).
      throw check.At(at, "DuckDB refused a secret of target '" + target.name + "': " + e.message(),
                     "fix this entry of `secrets:` (DuckDB's CREATE SECRET documentation lists "
                     "the parameters of each type)");
    }
  }
  for (const auto& [sql, at] : credentials.attach_sql) {
    try {
      connection.Query(sql);
    } catch (const DatabaseError& e) {
      throw check.At(at,
                     "could not attach a database to target '" + target.name + "': " + e.message(),
                     "check the path and options of this entry of `attach:`");
    }
  }
}

}  // namespace lakedev::duckdb
