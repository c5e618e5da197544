// `lakedev run|test|seed|build`: the selected nodes built into the target's DuckDB
// database by their materializations, reported as dbt reports them (console lines,
// target/run_results.json), with dbt's exit codes.
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <map>

#include "adapters/duckdb/database.hpp"
#include "cli/commands.hpp"
#include "cli/project_load.hpp"
#include "cli/runtime.hpp"
#include "cli/target.hpp"
#include "context/digest.hpp"
#include "context/pydatetime.hpp"
#include "context/relation.hpp"
#include "exec/hooks.hpp"
#include "exec/microbatch.hpp"
#include "exec/run_results.hpp"
#include "exec/scheduler.hpp"

namespace lakedev::cli {
namespace fs = std::filesystem;
using exec::NodeResult;
using exec::Status;
using manifest::ResourceType;

namespace {

struct Flavor {
  std::string which;
  std::set<std::string> types;
  std::optional<std::set<std::string>> ids = std::nullopt;  // retry: exactly these nodes
};

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "Found 5 models, 6 data tests, 2 seeds, 40 macros" (types with none left out).
std::string FoundLine(const manifest::Manifest& m) {
  std::map<ResourceType, size_t> counts;
  for (const auto& [id, n] : m.nodes)
    ++counts[n->resource_type];
  std::vector<std::string> parts;
  auto add = [&](size_t n, const char* one, const char* many) {
    if (n) parts.push_back(Plural(n, one, many));
  };
  add(counts[ResourceType::kModel], "model", "models");
  add(counts[ResourceType::kSnapshot], "snapshot", "snapshots");
  add(counts[ResourceType::kAnalysis], "analysis", "analyses");
  add(counts[ResourceType::kTest], "data test", "data tests");
  add(counts[ResourceType::kSeed], "seed", "seeds");
  add(counts[ResourceType::kOperation], "operation", "operations");
  add(counts[ResourceType::kUnitTest], "unit test", "unit tests");
  add(m.sources.size(), "source", "sources");
  add(m.exposures.size(), "exposure", "exposures");
  add(m.macros.size(), "macro", "macros");
  std::string out = "Found ";
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i ? ", " : "") + parts[i];
  return out;
}

// "2 seeds, 1 table model, 6 data tests" in the alphabetical order of dbt's type keys.
std::string FinishedCounts(const manifest::Manifest& m, const std::vector<NodeResult>& results) {
  std::map<std::string, size_t> counts;
  for (const auto& r : results) {
    const manifest::Node& n = *m.nodes.at(r.unique_id);
    std::string key = n.resource_type == ResourceType::kModel
                          ? exec::MaterializationOf(n) + " model"
                      : n.resource_type == ResourceType::kOperation ? "hook"
                      : n.resource_type == ResourceType::kUnitTest
                          ? "unit test"
                          : std::string(manifest::ResourceTypeName(n.resource_type));
    ++counts[key];
  }
  std::string out;
  for (const auto& [key, n] : counts) {
    std::string text = key == "test"   ? Plural(n, "test", "data tests")
                       : key == "hook" ? Plural(n, "project hook", "project hooks")
                                       : Plural(n, key, key + "s");
    out += (out.empty() ? "" : ", ") + text;
  }
  return out;
}

std::string Elapsed(double seconds) {
  int h = static_cast<int>(seconds / 3600);
  int m = static_cast<int>((seconds - h * 3600) / 60);
  double s = seconds - h * 3600 - m * 60;
  char buf[128];
  std::snprintf(buf, sizeof buf, "%d hours %d minutes and %.2f seconds (%.2fs).", h, m, s, seconds);
  return buf;
}

void PrintSummary(exec::RunConsole& out, const parse::ParsedProject& p,
                  const std::vector<NodeResult>& results, double seconds) {
  size_t pass = 0, warn = 0, error = 0, skip = 0, errors_listed = 0;
  for (const auto& r : results) {
    switch (r.status) {
      case Status::kSuccess:
      case Status::kPass:
        ++pass;
        break;
      case Status::kWarn:
        ++warn;
        break;
      case Status::kError:
      case Status::kFail:
        ++error;
        ++errors_listed;
        break;
      case Status::kSkipped:
        ++skip;
        if (r.message) ++errors_listed;
        break;
    }
  }
  out.Line("");
  out.Line("Finished running " + FinishedCounts(p.manifest, results) + " in " + Elapsed(seconds),
           "FinishedRunningStats", "E047");
  out.Line("");
  if (errors_listed == 0 && warn == 0) {
    out.Line(out.Paint("Completed successfully", exec::Color::kGreen), "EndOfRunSummary", "Z030");
  } else if (errors_listed == 0) {
    out.Line(out.Paint("Completed with " + Plural(warn, "warning", "warnings") + ":",
                       exec::Color::kYellow),
             "EndOfRunSummary", "Z030");
  } else {
    out.Line(out.Paint("Completed with " + Plural(errors_listed, "error", "errors") +
                           ", 0 partial successes, and " + Plural(warn, "warning", "warnings") +
                           ":",
                       exec::Color::kRed));
  }
  auto block = [&](const NodeResult& r, bool failure) {
    const manifest::Node& n = *p.manifest.nodes.at(r.unique_id);
    out.Line("");
    out.Line(out.Paint((failure ? "Failure in " : "Warning in ") + exec::NodeLabel(n),
                       failure ? exec::Color::kRed : exec::Color::kYellow),
             failure ? "RunResultFailure" : "RunResultWarning", failure ? "Z022" : "Z021",
             failure ? exec::Level::kError : exec::Level::kWarn);
    std::string message = r.message.value_or("");
    out.Line(failure ? "  " + message : message,
             failure ? "RunResultError" : "RunResultWarningMessage", failure ? "Z024" : "Z046",
             failure ? exec::Level::kError : exec::Level::kWarn);
    if (r.compiled_path && r.compiled.value_or(false)) {
      out.Line("");
      out.Line("  compiled code at " + *r.compiled_path, "SQLCompiledPath", "Z026");
    }
    if (r.failures_relation && r.status != Status::kError) {
      std::string select = "select * from " + *r.failures_relation;
      std::string rule(select.size(), '-');
      out.Line("");
      out.Line("  See test failures:\n  " + rule + "\n  " + select + "\n  " + rule);
    }
  };
  for (const auto& r : results) {
    if (r.status == Status::kError || r.status == Status::kFail ||
        (r.status == Status::kSkipped && r.message)) {
      block(r, true);
    }
  }
  for (const auto& r : results) {
    if (r.status == Status::kWarn) block(r, false);
  }
  out.Line("");
  out.Line("Done. PASS=" + std::to_string(pass) + " WARN=" + std::to_string(warn) +
               " ERROR=" + std::to_string(error) + " SKIP=" + std::to_string(skip) +
               " NO-OP=0 TOTAL=" + std::to_string(results.size()),
           "StatsLine", "Z023");
}

// dbt creates every schema the run builds into before the first node runs. Returns them.
std::set<std::pair<std::string, std::string>> CreateSchemas(adapters::Session& session,
                                                            const parse::ParsedProject& p,
                                                            const std::set<std::string>& selected) {
  std::set<std::pair<std::string, std::string>> done;
  for (const auto& id : selected) {
    auto it = p.manifest.nodes.find(id);
    if (it == p.manifest.nodes.end()) continue;
    const manifest::Node& n = *it->second;
    if (exec::MaterializationOf(n) == "ephemeral") continue;
    if (n.resource_type == ResourceType::kTest) {
      const jinja::Value* sf = n.config->Find("store_failures");
      if (!sf || !sf->Truthy()) continue;
    }
    if (!done.insert({n.database, n.schema}).second) continue;
    context::RelationParts parts;
    parts.database = n.database;
    parts.schema = n.schema;
    parts.include_identifier = false;
    session.Execute("create schema if not exists " + context::RenderRelation(parts), nullptr);
  }
  return done;
}

void OnSigint(int) {
  exec::CancelRun();
}

// --event-time-start / --event-time-end, checked before anything runs.
std::optional<int64_t> EventTimeFlag(const ParsedArgs& args, const char* flag) {
  auto text = args.Value(flag);
  if (!text) return std::nullopt;
  auto us = exec::ParseTimestamp(*text);
  if (!us) {
    throw Error(ErrorKind::kUsage, std::string(flag) + " '" + *text + "' is not a time", {},
                "give a date or a time in UTC, e.g. 2024-01-01 or 2024-01-01T10:00:00");
  }
  return us;
}

int RunBuild(const ParsedArgs& args, const Flavor& flavor) {
  int64_t started = context::NowMicros();
  std::optional<int64_t> event_time_start = EventTimeFlag(args, "--event-time-start");
  std::optional<int64_t> event_time_end = EventTimeFlag(args, "--event-time-end");
  exec::ConsoleOptions console;
  console.json = args.Value("--log-format").value_or("text") == "json";
  if (console.json || args.Flag("--no-use-colors")) {
    console.colors = false;
  } else {
    console.colors = args.Flag("--use-colors") || isatty(STDOUT_FILENO) != 0;
  }
  // The invocation id and the log file are known before the project is parsed, so the
  // first line goes to logs/dbt.log with them.
  console.invocation_id = context::Uuid4();
  ResolvedTarget located = ResolveTarget(args);
  std::string project_dir = fs::path(located.project.path).parent_path().string();
  console.log_file =
      (fs::path(project_dir.empty() ? "." : project_dir) / "logs" / "dbt.log").string();
  exec::RunConsole out(console);
  out.Line(std::string("Running with lakedev=") + LAKEDEV_VERSION + " (dbt-core 1.11.16)",
           "MainReportVersion", "A001");
  parse::ParsedProject& project = LoadProject(args, console.invocation_id, &located);
  const project::Target& target = project.settings.target;
  out.Line("Registered adapter: duckdb=" + duckdb::LibraryVersion().substr(1), "AdapterRegistered",
           "E034");
  out.Line(FoundLine(project.manifest), "FoundStats", "W006");
  out.Line("");
  std::set<std::string> selected =
      flavor.ids ? *flavor.ids : SelectNodes(args, project, flavor.types);
  exec::RunMetadata md;
  md.invocation_id = project.renderer->settings().invocation_id;
  md.started_at_us = started;
  md.args.AsDict().Set(jinja::Value::String("which"), jinja::Value::String(flavor.which));
  std::string target_dir = TargetDir(project);
  if (selected.empty()) {
    out.Line("Nothing to do. Try checking your model configs and model specification args",
             "NothingToDo", "Q035", exec::Level::kWarn);
    exec::WriteRunResults(target_dir, {}, md);
    return kExitOk;
  }

  int64_t threads = args.Value("--threads") ? std::stoll(*args.Value("--threads")) : target.threads;
  if (threads < 1) threads = 1;
  Runtime rt = OpenRuntime(project, args, flavor.which, threads);
  exec::RunContext& run = *rt.run;
  run.run_started_at_us = started;
  run.full_refresh = args.Flag("--full-refresh");
  run.console = &out;
  run.event_time_start_us = event_time_start;
  run.event_time_end_us = event_time_end;
  std::vector<exec::Worker>& workers = rt.workers;
  std::set<std::pair<std::string, std::string>> schemas =
      CreateSchemas(*workers[0].session, project, selected);

  out.Line("Concurrency: " + std::to_string(threads) + " threads (target='" + target.name + "')",
           "ConcurrencyLine", "Q027");
  out.Line("");
  exec::ScheduleOptions options;
  options.build = flavor.which == "build";
  options.fail_fast = args.Flag("--fail-fast");
  std::signal(SIGINT, OnSigint);
  std::vector<NodeResult> results =
      exec::RunProjectHooks(run, workers[0], "on-run-start", {}, schemas, out);
  // on-run-end's `results` are the nodes' (not the hooks').
  std::vector<NodeResult> node_results = exec::RunSelected(run, workers, selected, options, out);
  results.insert(results.end(), node_results.begin(), node_results.end());
  if (!exec::RunCancelled()) {
    for (auto& r : exec::RunProjectHooks(run, workers[0], "on-run-end", node_results, schemas, out))
      results.push_back(std::move(r));
  }
  std::signal(SIGINT, SIG_DFL);
  double seconds = static_cast<double>(context::NowMicros() - started) / 1e6;
  md.elapsed_seconds = seconds;
  exec::WriteRunResults(target_dir, results, md);
  WriteManifest(project);
  if (exec::RunCancelled()) {
    // As dbt on Ctrl-C: what finished is recorded, the run ends with exit code 2.
    out.Line("");
    out.Line(out.Paint("Exited because of keyboard interrupt", exec::Color::kRed));
    return kExitError;
  }
  PrintSummary(out, project, results, seconds);
  for (const auto& r : results) {
    if (r.status == Status::kError || r.status == Status::kFail) return kExitFailure;
  }
  return kExitOk;
}

std::vector<OptionSpec> RunOptions(bool full_refresh, bool store_failures) {
  std::vector<OptionSpec> options = ManifestOptions();
  for (auto& o : SelectionOptions())
    options.push_back(o);
  options.push_back({"--threads", "", "N", "worker threads (default: the target's threads)"});
  options.push_back({"--fail-fast", "-x", "", "stop at the first failure"});
  if (full_refresh) {
    options.push_back({"--full-refresh", "-f", "", "rebuild incremental models and seeds"});
  }
  if (store_failures) {
    options.push_back({"--store-failures", "", "", "keep each test's failing rows in a table"});
  }
  options.push_back({"--empty", "", "", "read no rows from refs and sources (build schemas only)"});
  options.push_back({"--event-time-start", "", "TIME", "microbatch models: build from this time"});
  options.push_back({"--event-time-end", "", "TIME", "microbatch models: build up to this time"});
  options.push_back({"--log-format", "", "FORMAT", "text (default) or json: one event a line"});
  options.push_back({"--use-colors", "", "", "color the status words even when not a terminal"});
  options.push_back({"--no-use-colors", "", "", "never color the output"});
  return options;
}

}  // namespace

int RunNodes(const ParsedArgs& args, const std::string& which, const std::set<std::string>& ids) {
  return RunBuild(args, {which, {}, ids});
}

Command RunCommand() {
  return {"run", "Build the selected models into the target database", RunOptions(true, false),
          [](const ParsedArgs& a) {
            return RunBuild(a, {"run", {"model"}});
          }};
}

Command TestCommand() {
  return {"test", "Run the selected data tests", RunOptions(false, true), [](const ParsedArgs& a) {
            return RunBuild(a, {"test", {"test", "unit_test"}});
          }};
}

Command SeedCommand() {
  return {"seed", "Load the selected seeds (CSV files) into tables", RunOptions(true, false),
          [](const ParsedArgs& a) {
            return RunBuild(a, {"seed", {"seed"}});
          }};
}

Command SnapshotCommand() {
  return {"snapshot", "Record changes of the selected snapshots' rows", RunOptions(false, false),
          [](const ParsedArgs& a) {
            return RunBuild(a, {"snapshot", {"snapshot"}});
          }};
}

Command BuildCommand() {
  return {"build", "Seed, run and test the selected nodes in DAG order", RunOptions(true, true),
          [](const ParsedArgs& a) {
            return RunBuild(a, {"build", {"model", "seed", "snapshot", "test", "unit_test"}});
          }};
}

}  // namespace lakedev::cli
