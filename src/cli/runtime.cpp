#include "cli/runtime.hpp"

#include "adapters/duckdb/credentials.hpp"
#include "adapters/duckdb/extensions.hpp"
#include "adapters/duckdb/session.hpp"
#include "lake/catalog.hpp"
#include "lake/config.hpp"
#include "lake/registry.hpp"
#include "lake/storage_secret.hpp"

namespace lakedev::cli {

namespace {

// source('x', 't') whose schema and identifier name a registered catalog table (database
// and table) reads that table's view. A source may pick among catalogs with
// `meta: {iceberg_catalog: name}`; a name matching tables of several catalogs is an error.
compile::Compiler::SourceRedirect RegisteredSource(const std::vector<lake::Registration>& rows,
                                                   const project::Target& target) {
  auto by_table = std::make_shared<
      std::map<std::pair<std::string, std::string>, std::vector<lake::Registration>>>();
  for (const auto& r : rows)
    (*by_table)[{adapters::Lower(r.database), adapters::Lower(r.table)}].push_back(r);
  std::string database = parse::TargetDatabase(target);
  return [by_table, database](const manifest::Source& s) -> std::optional<context::RelationParts> {
    auto it = by_table->find({adapters::Lower(s.schema), adapters::Lower(s.identifier)});
    if (it == by_table->end()) return std::nullopt;
    std::vector<const lake::Registration*> matches;
    std::string wanted;
    if (const jinja::Value* m =
            s.meta.IsDict() ? s.meta.AsDict().Find("iceberg_catalog") : nullptr) {
      wanted = m->Str();
    }
    for (const auto& r : it->second) {
      if (wanted.empty() || r.catalog == wanted) matches.push_back(&r);
    }
    if (matches.empty()) return std::nullopt;
    if (matches.size() > 1) {
      std::string names;
      for (const auto* r : matches)
        names += (names.empty() ? "" : ", ") + r->catalog;
      throw Error(ErrorKind::kConfig,
                  "source " + s.source_name + "." + s.name + " (" + s.schema + "." + s.identifier +
                      ") is registered from several catalogs: " + names,
                  {s.original_file_path},
                  "say which in the source's meta, e.g. meta: {iceberg_catalog: " +
                      matches[0]->catalog + "}");
    }
    context::RelationParts parts;
    parts.database = database;
    parts.schema = matches[0]->view_schema;
    parts.identifier = matches[0]->view_name;
    parts.type = "view";
    return parts;
  };
}

}  // namespace

Runtime OpenRuntime(parse::ParsedProject& project, const ParsedArgs& args, const std::string& which,
                    int64_t threads) {
  const project::Target& target = project.settings.target;
  if (target.type != "duckdb") {
    throw Error(ErrorKind::kConfig,
                "target '" + target.name + "' is a " + target.type +
                    " target; lakedev runs projects on duckdb targets so far",
                {target.file}, "pass --target with a duckdb target");
  }
  duckdb::Credentials creds = duckdb::ReadCredentials(target);
  Runtime rt;
  rt.db = std::make_unique<duckdb::Database>(duckdb::OpenTarget(target, creds));
  rt.run.reset(new exec::RunContext{
      project, {}, project.settings.root.dir, project.settings.root.target_path, {}});
  {
    duckdb::Connection conn = rt.db->Connect();
    duckdb::ApplyAttachAndSecrets(conn, target, creds);
  }
  // Registered Iceberg sources: their views need DuckDB's iceberg reader (and S3 access
  // for catalogs in S3) on every connection, and source() resolves to them.
  lake::LakeConfig lake_config = lake::ReadLakeConfig(target, creds.schema);
  std::vector<lake::Registration> registered;
  std::map<std::string, std::optional<lake::StorageAccess>> storage;
  if (lake_config.configured) {
    duckdb::Connection conn = rt.db->Connect();
    registered = lake::ReadRegistry(conn);
    for (const auto& c : lake_config.catalogs) {
      if (c.type == lake::CatalogType::kGlue) storage[c.name] = lake::OpenCatalog(c)->Storage();
    }
  }
  context::RenderSettings settings = project.renderer->settings();
  settings.which = which;
  settings.full_refresh = args.Flag("--full-refresh");
  settings.store_failures = args.Flag("--store-failures");
  for (int64_t i = 0; i < std::max<int64_t>(threads, 1); ++i) {
    duckdb::Connection conn = rt.db->Connect();
    duckdb::ApplySettings(conn, target, creds);
    for (const auto& ext : creds.extensions) {
      duckdb::ExtensionStatus s = duckdb::LoadExtension(conn, ext.name);
      if (!s.loaded) {
        throw Error(ErrorKind::kConfig,
                    "the DuckDB extension " + ext.name + " did not load: " + s.error, {s.path},
                    "run scripts/bootstrap, or remove it from the target's extensions");
      }
    }
    if (lake_config.configured) {
      for (const char* ext : {"httpfs", "iceberg"})
        duckdb::LoadExtension(conn, ext);  // a failure shows when a view is read
      for (const auto& [catalog, access] : storage) {
        if (access) lake::CreateStorageSecret(conn, catalog, *access);
      }
    }
    exec::Worker w;
    w.thread_id = "Thread-" + std::to_string(i + 1) + " (worker)";
    w.session = std::make_unique<duckdb::DuckDbSession>(std::move(conn));
    w.renderer = std::make_unique<context::Renderer>(settings, project.manifest);
    w.compiler = std::make_unique<compile::Compiler>(project, *w.renderer);
    w.compiler->set_empty(args.Flag("--empty"));
    if (!registered.empty()) w.compiler->set_source_redirect(RegisteredSource(registered, target));
    rt.workers.push_back(std::move(w));
  }
  return rt;
}

}  // namespace lakedev::cli
