// What the commands that reach the database share: the target's DuckDB opened (settings,
// extensions), one worker per thread with its session, renderer and compiler, and the
// run context over the parsed project.
#pragma once

#include <memory>
#include <vector>

#include "adapters/duckdb/database.hpp"
#include "cli/args.hpp"
#include "exec/node_runner.hpp"

namespace lakedev::cli {

struct Runtime {
  std::unique_ptr<duckdb::Database> db;
  std::unique_ptr<exec::RunContext> run;
  std::vector<exec::Worker> workers;
};

// Opens the target's database for `project` (a duckdb target; else an Error naming the
// fix) with `threads` workers whose renderers report `which` in flags.WHICH.
Runtime OpenRuntime(parse::ParsedProject& project, const ParsedArgs& args, const std::string& which,
                    int64_t threads);

}  // namespace lakedev::cli
