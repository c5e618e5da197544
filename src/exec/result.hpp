// What running one node produced, as run_results.json (v6) and the console report it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace lakedev::exec {

enum class Status { kSuccess, kError, kSkipped, kPass, kFail, kWarn };
std::string_view StatusName(Status status);  // "success", "error", ...

struct Timing {
  std::string name;  // "compile" or "execute"
  int64_t started_us = 0;
  int64_t completed_us = 0;
};

struct AdapterResponse {
  std::string message;
  std::optional<std::string> code;
  std::optional<int64_t> rows_affected;
};

struct NodeResult {
  std::string unique_id;
  Status status = Status::kSuccess;
  std::optional<std::string> message;
  std::optional<AdapterResponse> response;  // none: {} (errors, skips)
  std::vector<Timing> timing;
  std::string thread_id;
  double execution_time = 0;
  std::optional<int64_t> failures;
  std::optional<bool> compiled;
  std::optional<std::string> compiled_code;
  std::optional<std::string> relation_name;
  // For the console: where the node's compiled SQL was written (errors point at it).
  std::optional<std::string> compiled_path;
  // A test's stored failures (store_failures): the relation holding its failing rows.
  std::optional<std::string> failures_relation;
  // A microbatch model's batches ([start, end] in ISO form), for run_results' batch_results.
  std::optional<std::vector<std::pair<std::string, std::string>>> batches_successful;
  std::optional<std::vector<std::pair<std::string, std::string>>> batches_failed;
  // The console line's status word ("OK", "INSERT 3", "FAIL 1", ...).
  std::string console_status;
};

}  // namespace lakedev::exec
