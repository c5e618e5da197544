// Running the selected nodes in DAG order on N worker threads, as dbt's graph queue does:
// among the nodes whose parents are done, the shallowest first (ties by unique_id); in
// `build`, a node also waits for the tests on its parents, and a failing test skips what
// is downstream. Ephemeral models are compiled where they are used, never run.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "exec/console.hpp"
#include "exec/node_runner.hpp"

namespace lakedev::exec {

struct ScheduleOptions {
  bool build = false;      // tests gate their parents' children
  bool fail_fast = false;  // stop at the first failure
};

// Runs `selected` (unique_ids of nodes) with `workers` (one thread each); returns the
// results in completion order.
std::vector<NodeResult> RunSelected(RunContext& run, std::vector<Worker>& workers,
                                    const std::set<std::string>& selected,
                                    const ScheduleOptions& options, RunConsole& console);

// Interrupts every running statement (SIGINT); the run then stops scheduling: nodes not
// started are left out of the results (as dbt's), the one interrupted is an error.
void CancelRun();
bool RunCancelled();

}  // namespace lakedev::exec
