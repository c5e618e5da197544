// `lakedev run-operation`, `show`, `retry` and `clean`: a macro run on the target, a
// node's (or an inline query's) first rows, the failed part of the last run again, and
// the clean-targets removed.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/project_load.hpp"
#include "cli/runtime.hpp"
#include "context/agate.hpp"
#include "context/pydatetime.hpp"
#include "context/pyjson.hpp"
#include "exec/run_results.hpp"
#include "jinja/json.hpp"
#include "jinja/parser.hpp"
#include "project/yaml_value.hpp"
#include "yaml/parse.hpp"

namespace lakedev::cli {
namespace fs = std::filesystem;
using jinja::Value;

namespace {

// A node standing for "no node" (run-operation, show --inline): the root project's.
manifest::Node& OperationNode(parse::ParsedProject& p, const std::string& name,
                              const std::string& sql) {
  static manifest::Node node;
  node.resource_type = manifest::ResourceType::kOperation;
  node.name = name;
  node.package_name = p.settings.root.name;
  node.unique_id = "operation." + node.package_name + "." + name;
  node.root_dir = p.settings.root.dir;
  node.original_file_path = "inline";
  node.database = parse::TargetDatabase(p.settings.target);
  const yaml::Node* schema = p.settings.target.fields.Find("schema");
  node.schema = schema ? schema->ScalarText() : "main";
  node.alias = name;
  node.raw_code = sql;
  node.config = std::make_shared<jinja::Dict>();
  return node;
}

int RunOperation(const ParsedArgs& args) {
  if (args.positionals().size() != 1) {
    throw Error(ErrorKind::kUsage, "run-operation takes one macro name", {},
                "lakedev run-operation MACRO [--args '{key: value}']");
  }
  std::string macro_name = args.positionals()[0];
  parse::ParsedProject& project = LoadProject(args);
  jinja::CallArgs call;
  if (auto text = args.Value("--args")) {
    yaml::Node node = yaml::Parse(*text, "--args");
    if (!node.IsNull() && !node.IsMapping()) {
      throw Error(ErrorKind::kUsage, "--args must be a YAML dictionary", {},
                  "for example --args '{table: orders, days: 3}'");
    }
    if (node.IsMapping()) {
      Value given = project::ToValue(node);
      for (const auto& [k, v] : given.AsDict().entries())
        call.keyword.emplace_back(k.Str(), v);
    }
  }
  std::string package = project.settings.root.name;
  std::string name = macro_name;
  if (size_t dot = macro_name.find('.'); dot != std::string::npos) {
    package = macro_name.substr(0, dot);
    name = macro_name.substr(dot + 1);
  }
  Runtime rt = OpenRuntime(project, args, "run-operation", 1);
  exec::Worker& w = rt.workers[0];
  const manifest::Macro* macro = package == project.settings.root.name
                                     ? w.renderer->macros().Resolve(package, name)
                                     : w.renderer->macros().Find(package, name);
  if (!macro) {
    throw Error(ErrorKind::kConfig, "Could not find a macro with the name '" + macro_name + "'", {},
                "check the name; a package's macro is called as package.macro");
  }
  manifest::Node& node = OperationNode(project, "run-operation", "");
  exec::ExecutionScope scope(w, rt.run->cache);
  int64_t started = context::NowMicros();
  try {
    w.renderer->CallMacro(node, *macro, jinja::Dict(), w.compiler.get(), std::move(call));
    w.session->Commit();
  } catch (...) {
    w.session->Rollback();
    throw;
  }
  // As dbt: run_results.json records the macro's run.
  exec::NodeResult r;
  r.unique_id = macro->unique_id;
  r.thread_id = "main";
  r.failures = 0;
  int64_t ended = context::NowMicros();
  r.execution_time = static_cast<double>(ended - started) / 1e6;
  exec::RunMetadata md;
  md.invocation_id = project.renderer->settings().invocation_id;
  md.started_at_us = started;
  md.elapsed_seconds = r.execution_time;
  md.args.AsDict().Set(Value::String("which"), Value::String("run-operation"));
  exec::WriteRunResults(TargetDir(project), {r}, md);
  return kExitOk;
}

int RunShow(const ParsedArgs& args) {
  parse::ParsedProject& project = LoadProject(args);
  int64_t limit = args.Value("--limit") ? std::stoll(*args.Value("--limit")) : 5;
  Runtime rt = OpenRuntime(project, args, "show", 1);
  exec::Worker& w = rt.workers[0];
  exec::ExecutionScope scope(w, rt.run->cache);
  std::string sql;
  std::string title;
  if (auto inline_sql = args.Value("--inline")) {
    manifest::Node& node = OperationNode(project, "inline_query", *inline_sql);
    auto ast = jinja::Parse(*inline_sql, "inline");
    sql = w.renderer->Render(node, *ast, context::Mode::kExecute, nullptr, w.compiler.get());
    title = "Previewing inline node:";
  } else {
    // The node itself, not the tests that indirect selection brings along.
    std::set<std::string> selected =
        SelectNodes(args, project, {"model", "seed", "snapshot", "analysis"});
    if (selected.empty()) selected = SelectNodes(args, project, {"test"});
    if (selected.size() != 1) {
      throw Error(
          ErrorKind::kUsage,
          "show needs exactly one node; the selection picked " + std::to_string(selected.size()),
          {}, "narrow --select to one node, or pass --inline 'select ...'");
    }
    manifest::Node& node = *project.manifest.nodes.at(*selected.begin());
    w.compiler->Compile(node);
    sql = node.compiled_code.value_or("");
    if (node.resource_type == manifest::ResourceType::kSeed) {
      sql = "select * from " + node.relation_name.value_or(node.alias);
    }
    title = "Previewing node '" + node.name + "':";
  }
  adapters::Table table;
  std::string query = sql;
  if (limit >= 0)
    query = "select * from (" + sql + "\n) as model_limit_subq limit " + std::to_string(limit);
  w.session->Execute(query, &table);
  if (args.Value("--output").value_or("text") == "json") {
    Value rows = Value::List();
    for (const auto& row : table.rows) {
      Value d = Value::MakeDict();
      for (size_t c = 0; c < row.size(); ++c)
        d.AsDict().Set(Value::String(table.column_names[c]), row[c]);
      rows.MutableItems().push_back(d);
    }
    std::cout << context::PyJsonDumps(rows) << "\n";
  } else {
    std::cout << title << "\n"
              << context::FormatTable(table, static_cast<size_t>(-1), 1000) << "\n";
  }
  return kExitOk;
}

int RunRetry(const ParsedArgs& args) {
  parse::ParsedProject& project = LoadProject(args);
  fs::path path = fs::path(TargetDir(project)) / "run_results.json";
  std::ifstream in(path);
  if (!in) {
    throw Error(ErrorKind::kConfig,
                "there is no previous run to retry: " + path.string() + " does not exist", {},
                "run lakedev build (or run, test, seed) first");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  Value results = jinja::FromJson(ss.str());
  std::string which = "build";
  if (const Value* a = results.AsDict().Find("args"); a && a->IsDict()) {
    if (const Value* w = a->AsDict().Find("which"); w && w->IsString()) which = w->AsString();
  }
  std::set<std::string> ids;
  for (const auto& r : results.AsDict().Find("results")->Items()) {
    std::string status = r.AsDict().Find("status")->Str();
    std::string id = r.AsDict().Find("unique_id")->Str();
    if ((status == "error" || status == "fail" || status == "skipped") &&
        project.manifest.nodes.count(id) && id.rfind("operation.", 0) != 0) {
      ids.insert(id);
    }
  }
  if (ids.empty()) {
    std::cout << "Nothing to do: the last " << which << " had no errors, failures or skips\n";
    return kExitOk;
  }
  return RunNodes(args, which, ids);
}

int RunClean(const ParsedArgs& args) {
  parse::ParsedProject& project = LoadProject(args);
  const project::DbtProject& root = project.settings.root;
  fs::path dir = fs::weakly_canonical(root.dir);
  std::vector<std::string> targets = root.clean_targets;
  if (targets.empty()) targets.push_back(root.target_path);
  std::set<fs::path> protected_paths;
  for (const auto* list : {&root.model_paths, &root.seed_paths, &root.test_paths, &root.macro_paths,
                           &root.snapshot_paths, &root.analysis_paths}) {
    for (const auto& p : *list)
      protected_paths.insert(fs::weakly_canonical(dir / p));
  }
  for (const auto& t : targets) {
    fs::path p = fs::weakly_canonical(dir / t);
    if (protected_paths.count(p)) {
      throw Error(ErrorKind::kConfig, "lakedev will not clean the source path " + p.string(), {},
                  "remove it from clean-targets in dbt_project.yml");
    }
    std::string rel = fs::relative(p, dir).string();
    if (rel.rfind("..", 0) == 0) {
      throw Error(ErrorKind::kConfig,
                  "lakedev will not clean " + p.string() + ": it is outside the project", {},
                  "list only directories inside the project in clean-targets");
    }
    std::cout << "Checking " << p.string() << "/*\n";
    std::error_code ec;
    fs::remove_all(p, ec);
    std::cout << "Cleaned " << p.string() << "/*\n";
  }
  std::cout << "Finished cleaning all paths.\n";
  return kExitOk;
}

}  // namespace

Command RunOperationCommand() {
  std::vector<OptionSpec> options = ManifestOptions();
  options.push_back({"--args", "", "YAML", "the macro's keyword arguments, as a YAML dict"});
  Command c{"run-operation", "Run a macro against the target database", options, RunOperation};
  c.takes_positionals = true;
  c.synopsis = "MACRO [OPTIONS]";
  return c;
}

Command ShowCommand() {
  std::vector<OptionSpec> options = ManifestOptions();
  for (auto& o : SelectionOptions())
    options.push_back(o);
  options.push_back({"--inline", "", "SQL", "a query (Jinja allowed) instead of a node"});
  options.push_back({"--limit", "", "N", "rows to show (default 5; -1 for all)"});
  options.push_back({"--output", "-o", "FORMAT", "text (default) or json"});
  return {"show", "Preview the rows of a node or an inline query", options, RunShow};
}

Command RetryCommand() {
  std::vector<OptionSpec> options = ManifestOptions();
  options.push_back({"--threads", "", "N", "worker threads (default: the target's threads)"});
  options.push_back({"--fail-fast", "-x", "", "stop at the first failure"});
  return {"retry", "Run again the nodes that failed or were skipped last time", options, RunRetry};
}

Command CleanCommand() {
  return {"clean", "Delete the project's clean-targets (default: the target directory)",
          ProjectOptions(), RunClean};
}

}  // namespace lakedev::cli
