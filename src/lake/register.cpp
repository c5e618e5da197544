#include "lake/register.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "common/paths.hpp"
#include "lake/catalog.hpp"
#include "lake/file_io.hpp"
#include "lake/iceberg/indexed.hpp"
#include "lake/iceberg/native_sql.hpp"
#include "lake/registry.hpp"
#include "lake/storage_secret.hpp"
#include "lake/workers.hpp"

namespace lakedev::lake {

namespace {

std::string CatalogNames(const LakeConfig& config) {
  std::string out;
  for (const auto& c : config.catalogs)
    out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

// Which databases of which catalogs this run lists.
std::vector<std::pair<const CatalogConfig*, std::vector<std::string>>> Scope(
    const LakeConfig& config, const RegisterOptions& o) {
  if (!o.all_layers && o.databases.empty()) {
    throw Error(ErrorKind::kUsage, "say which databases to register", {},
                "pass --database NAME (repeatable) or --all-layers (the `layers` of each "
                "catalog in iceberg_sources)");
  }
  std::vector<const CatalogConfig*> catalogs;
  if (!o.catalog.empty()) {
    const CatalogConfig* c = FindCatalog(config, o.catalog);
    if (!c) {
      throw Error(ErrorKind::kUsage, "no catalog '" + o.catalog + "' in iceberg_sources", {},
                  "the catalogs configured are: " + CatalogNames(config));
    }
    catalogs.push_back(c);
  } else if (config.catalogs.size() == 1 || o.databases.empty()) {
    for (const auto& c : config.catalogs)
      catalogs.push_back(&c);
  } else {
    throw Error(ErrorKind::kUsage, "--database is ambiguous with several catalogs configured", {},
                "add --catalog NAME (one of " + CatalogNames(config) + ")");
  }
  std::vector<std::pair<const CatalogConfig*, std::vector<std::string>>> out;
  for (const CatalogConfig* c : catalogs) {
    std::vector<std::string> dbs = o.databases;
    if (o.all_layers) {
      for (const auto& l : c->layers) {
        if (std::find(dbs.begin(), dbs.end(), l) == dbs.end()) dbs.push_back(l);
      }
    }
    if (!dbs.empty()) out.emplace_back(c, std::move(dbs));
  }
  if (out.empty()) {
    throw Error(ErrorKind::kConfig, "--all-layers: no catalog has `layers`", {config.file},
                "list the databases to register under `layers:` of a catalog in "
                "iceberg_sources, or pass --database NAME");
  }
  return out;
}

// Where the index of a registration lives: one directory per table, one subdirectory per
// (metadata file, snapshot) so that a re-registration never overwrites an index in use.
std::filesystem::path TableIndexDir(const std::string& root, const Registration& r) {
  return std::filesystem::path(root) / r.catalog / r.database / r.table;
}

std::string IndexDir(const std::string& root, const Registration& r) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016zx",
                std::hash<std::string>{}(r.metadata_location + "\n" + r.snapshot));
  return (TableIndexDir(root, r) / hash).string();
}

// The snapshot a registration reads; throws naming the table when it is not there.
const iceberg::Snapshot* SelectedSnapshot(const iceberg::TableMetadata& m, const Registration& r) {
  if (r.snapshot.empty()) return m.CurrentSnapshot();
  const iceberg::Snapshot* s = nullptr;
  if (r.snapshot.starts_with("id:")) {
    s = m.FindSnapshot(std::stoll(r.snapshot.substr(3)));
  } else if (r.snapshot.starts_with("as-of:")) {
    s = m.SnapshotAsOf(ParseUtcMillis(r.snapshot.substr(6)));
  }
  if (!s) {
    throw Error(ErrorKind::kConfig,
                r.database + "." + r.table + " has no snapshot " + r.snapshot +
                    " (expired, or before the table existed)",
                {}, "register it with --snapshot current, or another --snapshot / --as-of");
  }
  return s;
}

// The query of a registration's view (see kReaders): iceberg_scan on the table's
// metadata; iceberg_scan on lakedev's index of the snapshot; or lakedev's planner, now,
// as read_parquet over the snapshot's files. "auto" indexes, except tables with equality
// deletes, which it plans itself.
std::string ViewQuery(const Registration& r, const std::optional<StorageAccess>& storage,
                      const std::string& index_root) {
  if (r.reader == "iceberg_scan") return IcebergScanQuery(r);
  FileIO io(storage);
  std::string json = io.Read(r.metadata_location);
  iceberg::TableMetadata m = iceberg::ParseMetadata(json, r.metadata_location);
  const iceberg::Snapshot* current = SelectedSnapshot(m, r);
  bool equality_deletes = false;
  if (current) {
    auto eq = current->summary.find("total-equality-deletes");
    equality_deletes = eq != current->summary.end() && eq->second != "0";
  }
  if (r.reader == "indexed" || (r.reader == "auto" && !equality_deletes)) {
    // Nothing to index in an empty table; a v1 snapshot without a manifest list is read
    // as it is, unless the index was asked for by name (which then says why not).
    if (!current || (r.reader == "auto" && current->manifest_list.empty()))
      return IcebergScanQuery(r);
    iceberg::IndexedTable index =
        iceberg::WriteIndexedTable(json, m, *current, io, IndexDir(index_root, r));
    return "SELECT * FROM iceberg_scan(" + QuoteString(index.metadata_path) + ")";
  }
  // The current snapshot reads with the current schema (a column added since shows as
  // null); an older one with the schema it was written with, as Iceberg readers do.
  const iceberg::Schema& schema =
      current == m.CurrentSnapshot() ? m.CurrentSchema() : m.SchemaOf(current);
  return iceberg::NativeScanSql(m, schema, iceberg::PlanScan(m, current, io));
}

}  // namespace

int64_t ParseUtcMillis(const std::string& text) {
  std::tm tm{};
  double seconds = 0;
  int y, mo, d, h = 0, mi = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%lf", &y, &mo, &d, &h, &mi, &seconds) < 3) {
    throw Error(ErrorKind::kUsage, "bad timestamp '" + text + "'", {},
                "write it as YYYY-MM-DD[ HH:MM[:SS]] (UTC)");
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + static_cast<int64_t>(seconds * 1000);
}

std::string UtcNow() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

RegisterReport RegisterSources(duckdb::Database& db, duckdb::Connection& conn,
                               const LakeConfig& config, const RegisterOptions& options) {
  auto scope = Scope(config, options);
  std::vector<Registration> registered = ReadRegistry(conn);
  std::map<std::string, std::string> existing = ExistingRelations(conn);
  std::string now = UtcNow();

  RegisterReport report;
  std::vector<Change> drops;
  std::map<std::string, std::string> taken;  // view key -> table, across catalogs
  std::map<std::string, std::optional<StorageAccess>> storage;  // per catalog
  for (const auto& [catalog_config, databases] : scope) {
    std::unique_ptr<Catalog> catalog = OpenCatalog(*catalog_config);
    PlanRequest request;
    request.catalog = catalog_config;
    request.view_schema = config.schema;
    request.view_name_template = config.view_name_template;
    request.databases = databases;
    std::vector<std::vector<CatalogTable>> listed(databases.size());
    RunParallel(databases.size(), options.workers,
                [&](size_t i) { listed[i] = catalog->ListTables(databases[i]); });
    for (auto& tables : listed)
      request.tables.insert(request.tables.end(), tables.begin(), tables.end());
    request.reader = !options.reader.empty()           ? options.reader
                     : !catalog_config->reader.empty() ? catalog_config->reader
                                                       : config.reader;
    // After listing: a REST catalog vends storage credentials with the tables it loads.
    storage[catalog_config->name] = catalog->Storage();
    if (storage[catalog_config->name] && !options.dry_run)
      CreateStorageSecret(conn, catalog_config->name, *storage[catalog_config->name]);
    request.snapshot = options.snapshot;
    request.filter = options.filter;
    request.force = options.force;
    request.prune = options.prune;
    request.now = now;
    for (Change& c : MakePlan(request, registered, existing)) {
      std::string from = c.row.catalog + ":" + c.row.database + "." + c.row.table;
      if (c.kind != ChangeKind::kDrop) {
        auto [it, fresh] = taken.emplace(RelationKey(c.row.view_schema, c.row.view_name), from);
        if (!fresh) {
          throw Error(ErrorKind::kConfig,
                      it->second + " and " + from + " would both become the view " +
                          c.row.view_schema + "." + c.row.view_name,
                      {config.file}, "put {catalog} in iceberg_sources.view_name");
        }
      }
      (c.kind == ChangeKind::kDrop ? drops : report.changes).push_back(std::move(c));
    }
  }
  for (auto& d : drops)
    report.changes.push_back(std::move(d));
  // Indexes sit beside the database file (lakedev's cache for an in-memory one).
  std::string index_root =
      db.path() == ":memory:" || db.path().empty()
          ? JoinPath(GetEnv("LAKEDEV_CACHE").value_or(ExpandUser("~/.cache/lakedev")), "index")
          : db.path() + ".lakedev/index";
  if (!options.dry_run) {
    ApplyPlan(db, conn, report.changes, options.workers, [&](const Registration& r) {
      return ViewQuery(r, storage.at(r.catalog), index_root);
    });
    // Indexes no registration uses any more (replaced or dropped) go; best effort.
    for (const auto& c : report.changes) {
      if (c.kind == ChangeKind::kUnchanged) continue;
      std::error_code ec;
      std::filesystem::path keep = IndexDir(index_root, c.row);
      for (const auto& e :
           std::filesystem::directory_iterator(TableIndexDir(index_root, c.row), ec)) {
        if (c.kind == ChangeKind::kDrop || e.path() != keep)
          std::filesystem::remove_all(e.path(), ec);
      }
    }
    for (const auto& c : report.changes)
      report.applied |= c.kind != ChangeKind::kUnchanged;
  }
  return report;
}

std::vector<ListedSource> ListSources(duckdb::Connection& conn, const LakeConfig& config,
                                      bool check) {
  std::vector<ListedSource> out;
  for (auto& row : ReadRegistry(conn))
    out.push_back({std::move(row), SourceStatus::kUnknown, ""});
  // Local files the views read, checked first: without them the view cannot be queried.
  std::map<std::string, std::string> local_file;  // view key -> the file it reads
  {
    duckdb::Result views = conn.Query(
        "SELECT schema_name, view_name, regexp_extract(sql, 'iceberg_scan\\(''([^'']*)''', 1) "
        "FROM duckdb_views() WHERE database_name = current_database()");
    for (size_t i = 0; i < views.RowCount(); ++i) {
      std::string file = views.At(i, 2).AsString();
      if (file.starts_with("file://")) file = file.substr(7);
      if (!file.empty() && file.find("://") == std::string::npos)
        local_file[RelationKey(views.At(i, 0).AsString(), views.At(i, 1).AsString())] = file;
    }
  }
  for (ListedSource& s : out) {
    auto f = local_file.find(RelationKey(s.row.view_schema, s.row.view_name));
    std::error_code ec;
    if (f != local_file.end() && !std::filesystem::exists(f->second, ec)) {
      s.status = SourceStatus::kBroken;
      s.detail = f->second;
    }
  }
  if (!check) return out;
  // One listing per (catalog, database), shared by its rows.
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> listings;
  std::map<std::pair<std::string, std::string>, std::string> failures;
  std::map<std::string, std::unique_ptr<Catalog>> opened;
  for (ListedSource& s : out) {
    if (s.status == SourceStatus::kBroken) continue;
    const Registration& r = s.row;
    auto key = std::make_pair(r.catalog, r.database);
    if (!listings.count(key) && !failures.count(key)) {
      const CatalogConfig* c = FindCatalog(config, r.catalog);
      if (!c) {
        failures[key] = "catalog '" + r.catalog + "' is no longer configured";
      } else {
        try {
          auto& catalog = opened[c->name];
          if (!catalog) catalog = OpenCatalog(*c);
          auto& tables = listings[key];
          for (const auto& t : catalog->ListTables(r.database))
            tables[t.name] = t.metadata_location;
        } catch (const Error& e) {
          listings.erase(key);
          failures[key] = e.message();
        }
      }
    }
    if (auto f = failures.find(key); f != failures.end()) {
      s.detail = f->second;
      continue;
    }
    const auto& tables = listings[key];
    auto t = tables.find(r.table);
    if (t == tables.end()) {
      s.status = SourceStatus::kGone;
    } else if (t->second != r.metadata_location) {
      s.status = SourceStatus::kStale;
      s.detail = t->second;
    } else {
      s.status = SourceStatus::kCurrent;
    }
  }
  return out;
}

}  // namespace lakedev::lake
