#include "lake/config.hpp"

#include <set>

#include "project/yaml_checks.hpp"

namespace lakedev::lake {

namespace {

const char* const kPlaceholders[] = {"{catalog}", "{database}", "{table}"};

// Keys each catalog type reads; anything else is a typo we point at.
const std::map<CatalogType, std::set<std::string>> kCatalogKeys = {
    {CatalogType::kDirectory, {"type", "layers", "reader", "path"}},
    {CatalogType::kGlue,
     {"type", "layers", "reader", "region", "catalog_id", "endpoint", "profile", "s3_endpoint"}},
    {CatalogType::kRest,
     {"type", "layers", "reader", "uri", "warehouse", "credential", "token", "scope"}},
};

void CheckTemplate(const project::YamlChecker& check, const yaml::Node& node,
                   const std::string& tmpl) {
  for (size_t open = tmpl.find('{'); open != std::string::npos; open = tmpl.find('{', open + 1)) {
    size_t close = tmpl.find('}', open);
    std::string word = tmpl.substr(open, close == std::string::npos ? close : close - open + 1);
    bool known = false;
    for (const char* p : kPlaceholders)
      known |= word == p;
    if (!known) {
      throw check.At(node, "unknown placeholder " + word + " in view_name",
                     "use {catalog}, {database} and {table}");
    }
  }
  if (tmpl.find("{table}") == std::string::npos) {
    throw check.At(node, "view_name must contain {table}, or every table gets the same view name",
                   "for example \"{catalog}__{database}__{table}\"");
  }
}

std::string CheckReader(const project::YamlChecker& check, const yaml::Node& node) {
  std::string reader = check.String(node, "reader");
  for (const char* r : kReaders) {
    if (reader == r) return reader;
  }
  throw check.At(node, "unknown reader '" + reader + "'",
                 "use auto, iceberg_scan, indexed or native");
}

CatalogConfig ReadCatalog(const project::YamlChecker& check, const yaml::Node& key,
                          const yaml::Node& body) {
  CatalogConfig c;
  c.name = key.ScalarText();
  c.at = key.where();
  check.Mapping(body, "catalog '" + c.name + "'");
  const yaml::Node* type = body.Find("type");
  if (!type) {
    throw check.At(key, "catalog '" + c.name + "' has no type",
                   "add `type: glue`, `type: rest` or `type: directory`");
  }
  std::string t = check.String(*type, "type");
  if (t == "directory" || t == "hadoop") {
    c.type = CatalogType::kDirectory;
  } else if (t == "glue") {
    c.type = CatalogType::kGlue;
  } else if (t == "rest") {
    c.type = CatalogType::kRest;
  } else {
    throw check.At(*type, "unknown catalog type '" + t + "'", "use glue, rest or directory");
  }
  const auto& allowed = kCatalogKeys.at(c.type);
  for (const auto& [k, v] : body.entries()) {
    std::string name = k.ScalarText();
    if (!allowed.count(name)) {
      std::string known;
      for (const auto& a : allowed)
        known += (known.empty() ? "" : ", ") + a;
      throw check.At(k, "unknown key '" + name + "' for a " + t + " catalog",
                     "known keys: " + known);
    }
    if (name == "type") continue;
    if (name == "reader") {
      c.reader = CheckReader(check, v);
      continue;
    }
    if (name == "layers") {
      if (!v.IsSequence()) throw check.At(v, "'layers' must be a list of database names");
      for (const auto& item : v.items())
        c.layers.push_back(check.String(item, "layers"));
      continue;
    }
    if (v.IsMapping() || v.IsSequence() || v.IsNull())
      throw check.At(v, "'" + name + "' must be a single value");
    c.options[name] = v.ScalarText();
  }
  if (c.type == CatalogType::kDirectory && !c.options.count("path")) {
    throw check.At(key, "directory catalog '" + c.name + "' has no path",
                   "add `path: <warehouse directory>`");
  }
  if (c.type == CatalogType::kRest && !c.options.count("uri")) {
    throw check.At(key, "REST catalog '" + c.name + "' has no uri",
                   "add `uri: https://<catalog host>/...`");
  }
  return c;
}

}  // namespace

std::string_view CatalogTypeName(CatalogType type) {
  switch (type) {
    case CatalogType::kDirectory:
      return "directory";
    case CatalogType::kGlue:
      return "glue";
    case CatalogType::kRest:
      return "rest";
  }
  return "?";
}

LakeConfig ReadLakeConfig(const project::Target& target, const std::string& default_schema) {
  LakeConfig config;
  config.schema = default_schema;
  config.file = target.file;
  const yaml::Node* block = target.fields.Find("iceberg_sources");
  if (!block || block->IsNull()) return config;
  project::YamlChecker check(target.text, target.file);
  check.Mapping(*block, "iceberg_sources");
  config.configured = true;
  for (const auto& [k, v] : block->entries()) {
    std::string key = k.ScalarText();
    if (key == "schema") {
      config.schema = check.String(v, "schema");
    } else if (key == "view_name") {
      config.view_name_template = check.String(v, "view_name");
      CheckTemplate(check, v, config.view_name_template);
    } else if (key == "reader") {
      config.reader = CheckReader(check, v);
    } else if (key == "catalogs") {
      check.Mapping(v, "iceberg_sources.catalogs");
      for (const auto& [name, body] : v.entries())
        config.catalogs.push_back(ReadCatalog(check, name, body));
    } else {
      throw check.At(k, "unknown key '" + key + "' in iceberg_sources",
                     "known keys: schema, view_name, reader, catalogs");
    }
  }
  if (config.catalogs.empty()) {
    throw check.At(*block, "iceberg_sources has no catalogs",
                   "add `catalogs:` with at least one catalog (glue, rest or directory)");
  }
  return config;
}

const CatalogConfig* FindCatalog(const LakeConfig& config, std::string_view name) {
  for (const auto& c : config.catalogs) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string ExpandViewName(const std::string& tmpl, const std::string& catalog,
                           const std::string& database, const std::string& table) {
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    auto take = [&](std::string_view word, const std::string& value) {
      if (tmpl.compare(i, word.size(), word) != 0) return false;
      out += value;
      i += word.size();
      return true;
    };
    if (take("{catalog}", catalog) || take("{database}", database) || take("{table}", table))
      continue;
    out += tmpl[i++];
  }
  return out;
}

}  // namespace lakedev::lake
