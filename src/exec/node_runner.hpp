// Running one node on a worker: compile it (with the database reachable, as dbt does),
// find its materialization (`materialization_<name>_<adapter>` before `_default`; the
// root project before packages before dbt's own, packages never replacing a built-in),
// call it with the node's context, and turn what it left into a NodeResult.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "adapters/relation_cache.hpp"
#include "compile/compiler.hpp"
#include "exec/result.hpp"

namespace lakedev::exec {

class RunConsole;

// Shared by every worker of a run.
struct RunContext {
  parse::ParsedProject& project;
  adapters::RelationCache cache;
  std::string project_dir;  // absolute
  std::string target_path;  // as configured (relative to the project)
  std::mutex compile_mu;    // ephemeral models are compiled into shared nodes
  // Microbatch models: --event-time-start/--event-time-end, the time the run started (the
  // default end), --full-refresh; where batch lines are reported.
  std::optional<int64_t> event_time_start_us = std::nullopt;
  std::optional<int64_t> event_time_end_us = std::nullopt;
  int64_t run_started_at_us = 0;
  bool full_refresh = false;
  RunConsole* console = nullptr;
};

// One worker thread's own database session, renderer and compiler.
struct Worker {
  std::string thread_id;  // "Thread-1 (worker)"
  std::unique_ptr<adapters::Session> session;
  std::unique_ptr<context::Renderer> renderer;
  std::unique_ptr<compile::Compiler> compiler;
};

// A worker's database reachable from its renderer while one node (hook, operation) runs:
// bound on construction, unbound on destruction, also when the run throws.
class ExecutionScope {
 public:
  ExecutionScope(Worker& worker, adapters::RelationCache& cache) : worker_(worker) {
    execution_.session = worker.session.get();
    execution_.cache = &cache;
    worker.renderer->set_execution(&execution_);
  }
  ~ExecutionScope() { worker_.renderer->set_execution(nullptr); }
  ExecutionScope(const ExecutionScope&) = delete;
  ExecutionScope& operator=(const ExecutionScope&) = delete;
  context::Execution& execution() { return execution_; }

 private:
  Worker& worker_;
  context::Execution execution_;
};

// The text a result message shows for an error: a template's or lakedev's message (no
// location prefix), else what().
std::string ErrorText(const std::exception& e);

NodeResult RunNode(RunContext& run, Worker& worker, manifest::Node& node);

// The result of a node not run because something upstream failed.
NodeResult SkippedResult(const manifest::Node& node, const std::string& thread_id);

// The materialization name a node runs with: model config, or seed/test/snapshot.
std::string MaterializationOf(const manifest::Node& node);

// "Failure in model broken (models/broken.sql)" style label: "model broken (models/x.sql)".
std::string NodeLabel(const manifest::Node& node);

}  // namespace lakedev::exec
