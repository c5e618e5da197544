// `lakedev --version`: lakedev's version and build type, and the DuckDB it runs on.
#include <fmt/format.h>

#include "adapters/duckdb/database.hpp"
#include "adapters/duckdb/extensions.hpp"
#include "cli/commands.hpp"
#include "cli/console.hpp"

namespace lakedev::cli {

namespace {
int RunVersion(const ParsedArgs&) {
  Console out;
  out.Line(fmt::format("lakedev {} ({} build)", LAKEDEV_VERSION, LAKEDEV_BUILD_TYPE));
  auto db = duckdb::Database::Open(":memory:", duckdb::OfflineConfig());
  auto conn = db.Connect();
  auto r = conn.Query("SELECT library_version, source_id FROM pragma_version()");
  out.Line(fmt::format("duckdb {} (source id {})", r.At(0, 0).ToString(), r.At(0, 1).ToString()));
  out.Line(fmt::format("extensions: {}", duckdb::ExtensionDirectory()));
  return kExitOk;
}
}  // namespace

Command VersionCommand() {
  return {"version", "Show the versions of lakedev and of the DuckDB it runs on", {}, RunVersion};
}

}  // namespace lakedev::cli
