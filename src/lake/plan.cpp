#include "lake/plan.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <set>

namespace lakedev::lake {

namespace {

bool Glob(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string RelationKey(const std::string& schema, const std::string& name) {
  return Lower(schema) + "." + Lower(name);
}

bool TableFilter::Matches(const std::string& database, const std::string& table) const {
  std::string qualified = database + "." + table;
  auto any = [&](const std::vector<std::string>& patterns) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& p) { return Glob(p, table) || Glob(p, qualified); });
  };
  bool named = std::any_of(tables.begin(), tables.end(),
                           [&](const std::string& t) { return t == table || t == qualified; });
  if ((!tables.empty() || !include.empty()) && !named && !any(include)) return false;
  return !any(exclude);
}

std::vector<Change> MakePlan(const PlanRequest& request,
                             const std::vector<Registration>& registered,
                             const std::map<std::string, std::string>& existing) {
  const std::string& catalog = request.catalog->name;
  std::map<std::string, const Registration*> by_view;
  for (const auto& r : registered)
    by_view[RelationKey(r.view_schema, r.view_name)] = &r;

  std::vector<Change> changes;
  std::map<std::string, const CatalogTable*> claimed;  // view key -> the table taking it
  for (const CatalogTable& t : request.tables) {
    if (!request.filter.Matches(t.database, t.name)) continue;
    Registration row{request.view_schema,
                     ExpandViewName(request.view_name_template, catalog, t.database, t.name),
                     catalog,
                     t.database,
                     t.name,
                     t.metadata_location,
                     request.reader,
                     request.now,
                     request.snapshot.value_or("")};
    std::string key = RelationKey(row.view_schema, row.view_name);
    if (auto [it, fresh] = claimed.emplace(key, &t); !fresh) {
      throw Error(ErrorKind::kConfig,
                  "tables " + it->second->database + "." + it->second->name + " and " + t.database +
                      "." + t.name + " would both become the view " + row.view_schema + "." +
                      row.view_name + " (DuckDB names are case-insensitive)",
                  {}, "change iceberg_sources.view_name, or --exclude one of them");
    }
    auto reg = by_view.find(key);
    if (reg == by_view.end()) {
      auto other = existing.find(key);
      if (other != existing.end() && other->second != "VIEW") {
        throw Error(ErrorKind::kConfig,
                    "cannot register " + t.database + "." + t.name + " as " + row.view_schema +
                        "." + row.view_name + ": a " + Lower(other->second) +
                        " of that name exists and lakedev did not create it",
                    {},
                    "drop or rename that relation, or choose another iceberg_sources.view_name "
                    "or schema");
      }
      // A view of that name that lakedev did not register (say, made by a script before)
      // is taken over.
      changes.push_back({ChangeKind::kAdd, std::move(row), ""});
      continue;
    }
    const Registration& old = *reg->second;
    if (!request.snapshot) row.snapshot = old.snapshot;
    if (old.catalog != catalog || old.database != t.database || old.table != t.name) {
      throw Error(ErrorKind::kConfig,
                  "the view " + row.view_schema + "." + row.view_name + " is registered for " +
                      old.catalog + ":" + old.database + "." + old.table + ", not for " + catalog +
                      ":" + t.database + "." + t.name,
                  {}, "change iceberg_sources.view_name so that the two get different names");
    }
    if (old.metadata_location == row.metadata_location && old.reader == row.reader &&
        old.snapshot == row.snapshot && !request.force) {
      changes.push_back({ChangeKind::kUnchanged, old, ""});
      continue;
    }
    changes.push_back({ChangeKind::kReplace, std::move(row), old.metadata_location});
  }

  if (request.prune) {
    std::set<std::string> databases(request.databases.begin(), request.databases.end());
    for (const auto& r : registered) {
      if (r.catalog != catalog || !databases.count(r.database)) continue;
      if (!request.filter.Matches(r.database, r.table)) continue;
      auto now = claimed.find(RelationKey(r.view_schema, r.view_name));
      bool current = now != claimed.end() && now->second->database == r.database &&
                     now->second->name == r.table;
      // Gone upstream, or registered under a name the view_name template no longer gives.
      if (!current) changes.push_back({ChangeKind::kDrop, r, ""});
    }
  }
  return changes;
}

}  // namespace lakedev::lake
