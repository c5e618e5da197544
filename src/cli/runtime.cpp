#include "cli/runtime.hpp"

#include "adapters/duckdb/credentials.hpp"
#include "adapters/duckdb/extensions.hpp"
#include "adapters/duckdb/session.hpp"

namespace lakedev::cli {

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
    exec::Worker w;
    w.thread_id = "Thread-" + std::to_string(i + 1) + " (worker)";
    w.session = std::make_unique<duckdb::DuckDbSession>(std::move(conn));
    w.renderer = std::make_unique<context::Renderer>(settings, project.manifest);
    w.compiler = std::make_unique<compile::Compiler>(project, *w.renderer);
    rt.workers.push_back(std::move(w));
  }
  return rt;
}

}  // namespace lakedev::cli
