// The project's on-run-start and on-run-end hooks, run as dbt runs them around the nodes:
// packages' hooks first (by package name), the root project's last, each rendered in the
// node context plus, at the end, `results`, `schemas` and `database_schemas`; each
// executed outside any transaction; after one fails, the rest are skipped.
#pragma once

#include <string>
#include <vector>

#include "exec/console.hpp"
#include "exec/node_runner.hpp"

namespace lakedev::exec {

// `kind` is "on-run-start" or "on-run-end"; `earlier` are the results so far (for
// on-run-end's `results`); `schemas` the (database, schema) pairs the run built into.
std::vector<NodeResult> RunProjectHooks(
    RunContext& run, Worker& worker, const std::string& kind,
    const std::vector<NodeResult>& earlier,
    const std::set<std::pair<std::string, std::string>>& schemas, RunConsole& console);

// The hook's display name: "<package>.on-run-start.<index>".
std::string HookName(const manifest::Node& hook);

// `results` in on-run-end: one dict per result (status, message, node, timing, ...).
jinja::Value ResultsValue(const manifest::Manifest& manifest,
                          const std::vector<NodeResult>& results);

}  // namespace lakedev::exec
