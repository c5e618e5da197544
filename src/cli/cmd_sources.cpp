// `lakedev sources register|list`: Iceberg tables of the configured catalogs as DuckDB
// views in the target's database (see src/lake/config.hpp for the configuration).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "adapters/duckdb/credentials.hpp"
#include "adapters/duckdb/extensions.hpp"
#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/target.hpp"
#include "lake/register.hpp"
#include "project/yaml_checks.hpp"

namespace lakedev::cli {

namespace {

struct OpenedTarget {
  ResolvedTarget resolved;
  lake::LakeConfig config;
  std::optional<duckdb::Database> db;
  std::optional<duckdb::Connection> conn;
};

void OpenLakeTarget(const ParsedArgs& args, OpenedTarget& out) {
  out.resolved = ResolveTarget(args);
  const project::Target& target = out.resolved.target;
  project::YamlChecker check(target.text, target.file);
  if (target.type != "duckdb") {
    throw check.At(*target.fields.Find("type"),
                   "target '" + target.name + "' is a " + target.type +
                       " target; Iceberg sources are registered into a duckdb target's database",
                   "pass --target with your local duckdb target");
  }
  duckdb::Credentials creds = duckdb::ReadCredentials(target);
  out.config = lake::ReadLakeConfig(target, creds.schema);
  if (!out.config.configured) {
    throw Error(ErrorKind::kConfig, "target '" + target.name + "' has no iceberg_sources block",
                {target.file},
                "add to the target in profiles.yml, for example:\n"
                "  iceberg_sources:\n"
                "    catalogs:\n"
                "      glue: {type: glue, region: us-east-1, layers: [my_raw_database]}");
  }
  out.db.emplace(duckdb::OpenTarget(target, creds));
  out.conn.emplace(out.db->Connect());
  duckdb::ApplySettings(*out.conn, target, creds);
}

void LoadIceberg(duckdb::Connection& conn) {
  for (const char* name : {"httpfs", "iceberg"}) {
    duckdb::ExtensionStatus s = duckdb::LoadExtension(conn, name);
    if (!s.loaded) {
      throw Error(ErrorKind::kConfig,
                  std::string("the DuckDB ") + name + " extension did not load: " + s.error,
                  {s.path}, "run scripts/bootstrap, or set LAKEDEV_EXTENSION_DIR");
    }
  }
}

std::string Source(const lake::Registration& r) {
  return r.catalog + ":" + r.database + "." + r.table;
}

int Register(const ParsedArgs& args) {
  OpenedTarget t;
  OpenLakeTarget(args, t);
  LoadIceberg(*t.conn);
  lake::RegisterOptions o;
  o.catalog = args.Value("--catalog").value_or("");
  o.databases = args.Values("--database");
  o.all_layers = args.Flag("--all-layers");
  o.filter.tables = args.Values("--table");
  o.filter.include = args.Values("--include");
  o.filter.exclude = args.Values("--exclude");
  o.dry_run = args.Flag("--dry-run");
  o.force = args.Flag("--force");
  o.prune = args.Flag("--prune");
  if (auto snapshot = args.Value("--snapshot")) {
    if (args.Value("--as-of")) {
      throw Error(ErrorKind::kUsage, "--snapshot and --as-of cannot be used together");
    }
    if (*snapshot == "current") {
      o.snapshot = "";
    } else if (!snapshot->empty() && std::all_of(snapshot->begin(), snapshot->end(), ::isdigit)) {
      o.snapshot = "id:" + *snapshot;
    } else {
      throw Error(ErrorKind::kUsage,
                  "--snapshot takes a snapshot id or 'current', not '" + *snapshot + "'");
    }
  } else if (auto as_of = args.Value("--as-of")) {
    lake::ParseUtcMillis(*as_of);  // refuses a malformed timestamp before anything runs
    o.snapshot = "as-of:" + *as_of;
  }
  if (auto reader = args.Value("--reader")) {
    if (std::find(std::begin(lake::kReaders), std::end(lake::kReaders), *reader) ==
        std::end(lake::kReaders)) {
      throw Error(ErrorKind::kUsage, "unknown --reader '" + *reader + "'", {},
                  "use auto, iceberg_scan, indexed or native");
    }
    o.reader = *reader;
  }
  if (auto w = args.Value("--workers")) {
    char* end = nullptr;
    long n = std::strtol(w->c_str(), &end, 10);
    if (*end || n < 1 || n > 64)
      throw Error(ErrorKind::kUsage, "--workers must be a number from 1 to 64, not '" + *w + "'");
    o.workers = static_cast<int>(n);
  }
  lake::RegisterReport report = lake::RegisterSources(*t.db, *t.conn, t.config, o);

  Console out;
  size_t counts[4] = {};
  for (const auto& c : report.changes) {
    ++counts[static_cast<int>(c.kind)];
    std::string view = c.row.view_schema + "." + c.row.view_name;
    switch (c.kind) {
      case lake::ChangeKind::kAdd:
        out.Line(fmt::format("  {} {} <- {}", out.Ok("add    "), view, Source(c.row)));
        break;
      case lake::ChangeKind::kReplace:
        out.Line(fmt::format("  {} {} <- {} ({})", out.Warn("replace"), view, Source(c.row),
                             c.previous_location != c.row.metadata_location ? "metadata changed"
                             : o.force                                      ? "forced"
                                                                            : "reader changed"));
        break;
      case lake::ChangeKind::kDrop:
        out.Line(fmt::format("  {} {} (was {})", out.Bad("drop   "), view, Source(c.row)));
        break;
      case lake::ChangeKind::kUnchanged:
        break;
    }
  }
  std::string summary = fmt::format("{} added, {} replaced, {} dropped, {} unchanged", counts[0],
                                    counts[1], counts[3], counts[2]);
  if (o.dry_run) {
    out.Line("Dry run, nothing changed: would have " + summary + ".");
  } else {
    out.Line(fmt::format("Sources in {}: {}.", t.db->path(), summary));
  }
  return kExitOk;
}

int List(const ParsedArgs& args) {
  OpenedTarget t;
  OpenLakeTarget(args, t);
  bool check = !args.Flag("--no-check");
  auto sources = lake::ListSources(*t.conn, t.config, check);
  Console out;
  if (sources.empty()) {
    out.Line("No Iceberg sources registered in " + t.db->path() +
             "; run 'lakedev sources register'.");
    return kExitOk;
  }
  size_t stale = 0;
  for (const auto& s : sources) {
    std::string status;
    switch (s.status) {
      case lake::SourceStatus::kCurrent:
        status = out.Ok("current");
        break;
      case lake::SourceStatus::kStale:
        status = out.Warn("stale: catalog has " + s.detail);
        ++stale;
        break;
      case lake::SourceStatus::kGone:
        status = out.Bad("gone from the catalog");
        ++stale;
        break;
      case lake::SourceStatus::kBroken:
        status = out.Bad("broken: " + s.detail + " is gone; run 'lakedev sources register " +
                         "--force --database " + s.row.database + " --table " + s.row.table + "'");
        ++stale;
        break;
      case lake::SourceStatus::kUnknown:
        status = check ? out.Warn("not checked: " + s.detail) : "not checked";
        break;
    }
    const auto& r = s.row;
    std::string pinned = r.snapshot.empty() ? "" : "  snapshot " + r.snapshot;
    out.Line(fmt::format("{}.{}  {}  registered {}{}  {}", r.view_schema, r.view_name, Source(r),
                         r.registered_at, pinned, status));
    out.Line("    " + r.metadata_location);
  }
  out.Line(fmt::format("{} source{}{}", sources.size(), sources.size() == 1 ? "" : "s",
                       stale ? fmt::format(", {} out of date: run 'lakedev sources register' "
                                           "(--prune drops those gone)",
                                           stale)
                             : ""));
  return kExitOk;
}

int RunSources(const ParsedArgs& args) {
  const auto& pos = args.positionals();
  if (pos.size() == 1 && pos[0] == "register") return Register(args);
  if (pos.size() == 1 && pos[0] == "list") return List(args);
  throw Error(ErrorKind::kUsage, "expected: lakedev sources register|list [OPTIONS]", {},
              "see 'lakedev sources --help'");
}

}  // namespace

Command SourcesCommand() {
  std::vector<OptionSpec> options = ProjectOptions();
  std::vector<OptionSpec> own = {
      {"--catalog", "", "NAME", "register: the catalog of iceberg_sources to read"},
      {"--database", "", "NAME", "register: a catalog database to register (repeatable)"},
      {"--all-layers", "", "", "register: every database listed in the catalogs' `layers`"},
      {"--table", "", "NAME", "register: only this table (or database.table; repeatable)"},
      {"--include", "", "GLOB", "register: only tables matching (table or database.table)"},
      {"--exclude", "", "GLOB", "register: skip tables matching (table or database.table)"},
      {"--dry-run", "", "", "register: show what would change, change nothing"},
      {"--force", "", "", "register: recreate views even when their metadata is unchanged"},
      {"--prune", "", "", "register: drop views of tables gone from the catalog"},
      {"--snapshot", "", "ID",
       "register: read this snapshot id ('current' to follow the metadata again)"},
      {"--as-of", "", "TIME", "register: read the snapshot current at TIME (UTC)"},
      {"--reader", "", "NAME", "register: auto, iceberg_scan, indexed or native (see README)"},
      {"--workers", "", "N", "register: catalog requests in flight at once (default 4)"},
      {"--no-check", "", "", "list: do not ask the catalogs whether registrations are current"},
  };
  options.insert(options.end(), own.begin(), own.end());
  Command c{"sources", "Register Iceberg tables as DuckDB views (register), or list them (list)",
            options, RunSources};
  c.takes_positionals = true;
  c.synopsis = "register|list [OPTIONS]";
  return c;
}

}  // namespace lakedev::cli
