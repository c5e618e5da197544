// target/run_results.json (dbt's schema v6), written atomically.
#pragma once

#include <string>
#include <vector>

#include "exec/result.hpp"
#include "jinja/value.hpp"

namespace lakedev::exec {

struct RunMetadata {
  std::string invocation_id;
  int64_t started_at_us = 0;
  double elapsed_seconds = 0;
  jinja::Value args = jinja::Value::MakeDict();  // the command's flags (which, select, ...)
};

std::string RunResultsJson(const std::vector<NodeResult>& results, const RunMetadata& metadata);
void WriteRunResults(const std::string& target_dir, const std::vector<NodeResult>& results,
                     const RunMetadata& metadata);

// "2026-11-25T15:20:12.506666Z"
std::string IsoTimestamp(int64_t epoch_us);

}  // namespace lakedev::exec
