#include "exec/node_runner.hpp"

#include <filesystem>
#include <fstream>

#include "adapters/duckdb/database.hpp"
#include "context/agate.hpp"
#include "context/pydatetime.hpp"
#include "exec/console.hpp"
#include "exec/microbatch.hpp"
#include "exec/unit_test.hpp"
#include "jinja/error.hpp"
#include "jinja/objects.hpp"
#include "jinja/operations.hpp"

namespace lakedev::exec {
namespace fs = std::filesystem;
using jinja::Value;
using manifest::Node;
using manifest::ResourceType;

namespace {

std::string Indent(const std::string& text) {
  std::string out = "  ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// pre_hooks / post_hooks as a materialization sees them: [{sql, transaction, index}].
Value Hooks(const Node& node, const char* key) {
  std::vector<Value> out;
  const Value* v = node.config ? node.config->Find(key) : nullptr;
  std::vector<Value> items;
  if (v && v->IsList())
    items = jinja::Iterate(*v);
  else if (v && (v->IsString() || v->IsDict()))
    items.push_back(*v);
  int64_t index = 0;
  for (const auto& item : items) {
    Value h = Value::MakeDict();
    Value sql = Value::String(""), transaction = Value::Bool(true);
    if (item.IsDict()) {
      if (const Value* s = item.AsDict().Find("sql")) sql = *s;
      if (const Value* t = item.AsDict().Find("transaction")) transaction = *t;
    } else {
      sql = Value::String(item.Str());
    }
    h.AsDict().Set(Value::String("sql"), sql);
    h.AsDict().Set(Value::String("transaction"), transaction);
    h.AsDict().Set(Value::String("index"), Value::Int(index++));
    out.push_back(h);
  }
  return Value::List(std::move(out));
}

const manifest::Macro* FindMaterialization(context::MacroNamespaces& macros,
                                           const parse::ParsedProject& p, const std::string& name,
                                           const std::string& adapter) {
  const std::string& root = p.settings.root.name;
  for (const std::string& prefix : {adapter, std::string("default")}) {
    std::string macro = "materialization_" + name + "_" + prefix;
    if (const auto* m = macros.Find(root, macro)) return m;
    const auto* builtin = macros.Find(context::kInternalPackage, macro);
    if (!builtin) {  // packages may add materializations, never replace a built-in one
      for (const auto& pkg : p.settings.packages) {
        if (const auto* m = macros.Find(pkg.name, macro)) return m;
      }
    }
    if (builtin) return builtin;
  }
  throw Error(ErrorKind::kConfig,
              "No materialization '" + name + "' was found for adapter " + adapter +
                  "! (searched types 'default' and '" + adapter + "')",
              {}, "check `materialized:` in the model's config, or define the materialization");
}

// The response a statement stored under `main` (a seed stores its own "INSERT n").
AdapterResponse MainResponse(const context::Execution& ex) {
  AdapterResponse r{"OK", std::nullopt, std::nullopt};
  auto it = ex.results.find("main");
  if (it == ex.results.end() || !it->second.IsDict()) return r;
  const Value* response = it->second.AsDict().Find("response");
  if (!response || response->IsNone()) return r;
  r.message = response->Str();
  if (response->IsObject()) {
    Value code = jinja::GetAttr(*response, "code");
    if (code.IsString()) r.code = code.AsString();
    Value rows = jinja::GetAttr(*response, "rows_affected");
    if (rows.IsInt()) r.rows_affected = rows.AsInt();
  }
  return r;
}

std::string Plural(int64_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// A test's one row (failures, should_warn, should_error) judged by its severity.
void JudgeTest(const Node& node, const context::Execution& ex, NodeResult& r) {
  auto it = ex.results.find("main");
  const adapters::Table* table = nullptr;
  if (it != ex.results.end() && it->second.IsDict()) {
    if (const Value* t = it->second.AsDict().Find("table")) table = context::AgateTableOf(*t);
  }
  if (!table || table->rows.size() != 1 || table->column_names.size() != 3) {
    throw Error(ErrorKind::kDatabase,
                "lakedev failed to execute " + node.unique_id +
                    ": the test query must return one row of (failures, should_warn, "
                    "should_error)");
  }
  const auto& row = table->rows[0];
  int64_t failures = row[0].AsInt();
  std::string severity = "ERROR";
  if (const Value* s = node.config->Find("severity"); s && s->IsString()) {
    severity = s->AsString();
    for (char& c : severity)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  auto config_str = [&](const char* key) {
    const Value* v = node.config->Find(key);
    return v ? v->Str() : std::string();
  };
  r.failures = failures;
  if (severity == "ERROR" && row[2].Truthy()) {
    r.status = Status::kFail;
    r.message =
        "Got " + Plural(failures, "result") + ", configured to fail if " + config_str("error_if");
    r.console_status = "FAIL " + std::to_string(failures);
  } else if (row[1].Truthy()) {
    r.status = Status::kWarn;
    r.message =
        "Got " + Plural(failures, "result") + ", configured to warn if " + config_str("warn_if");
    r.console_status = "WARN " + std::to_string(failures);
  } else {
    r.status = Status::kPass;
    r.console_status = "PASS";
    r.failures = 0;  // as dbt: a passing test reports no failures, whatever it counted
  }
}

// Adds the relations a materialization returned to the cache; returns them rendered.
std::vector<std::string> AddReturnedRelations(const Value& returned,
                                              adapters::RelationCache& cache) {
  const Value* relations = returned.IsDict() ? returned.AsDict().Find("relations") : nullptr;
  if (!relations) {
    throw jinja::TemplateError(
        jinja::TemplateErrorKind::kAssertion,
        "Invalid return value from materialization, expected a dict with key 'relations', got " +
            returned.Repr());
  }
  std::vector<std::string> rendered;
  for (const auto& rel : jinja::Iterate(*relations)) {
    auto part = [&](const char* k) {
      Value v = jinja::GetAttr(rel, k);
      return v.IsNone() ? std::string() : v.Str();
    };
    cache.Add({part("database"), part("schema"), part("identifier"), part("type")});
    rendered.push_back(rel.Str());
  }
  return rendered;
}

}  // namespace

std::string ErrorText(const std::exception& e) {
  if (auto* te = dynamic_cast<const jinja::TemplateError*>(&e)) return te->message();
  if (auto* err = dynamic_cast<const Error*>(&e)) return err->message();
  return e.what();
}

std::string MaterializationOf(const Node& node) {
  switch (node.resource_type) {
    case ResourceType::kSeed:
      return "seed";
    case ResourceType::kTest:
      return "test";
    case ResourceType::kSnapshot:
      return "snapshot";
    default:
      break;
  }
  const Value* m = node.config ? node.config->Find("materialized") : nullptr;
  return m && m->IsString() ? m->AsString() : "view";
}

std::string NodeLabel(const Node& node) {
  return std::string(manifest::ResourceTypeName(node.resource_type)) + " " + node.name + " (" +
         node.original_file_path + ")";
}

NodeResult SkippedResult(const Node& node, const std::string& thread_id) {
  NodeResult r;
  r.unique_id = node.unique_id;
  r.status = Status::kSkipped;
  r.thread_id = thread_id;
  r.compiled = false;
  if (node.resource_type == ResourceType::kModel || node.resource_type == ResourceType::kSnapshot) {
    r.relation_name = node.relation_name;
  }
  r.console_status = "SKIP";
  return r;
}

namespace {

// One run of a node's materialization. `batch`: a microbatch batch (recompile the node;
// `incremental` forces is_incremental() true and should_full_refresh() false, as dbt
// does for every batch after the first).
NodeResult RunOnce(RunContext& run, Worker& w, Node& node, bool batch, bool incremental) {
  NodeResult r;
  r.unique_id = node.unique_id;
  r.thread_id = w.thread_id;
  bool is_seed = node.resource_type == ResourceType::kSeed;
  bool is_test = node.resource_type == ResourceType::kTest;
  if (node.resource_type == ResourceType::kModel || node.resource_type == ResourceType::kSnapshot) {
    r.relation_name = node.relation_name;
  }
  ExecutionScope scope(w, run.cache);
  context::Execution& ex = scope.execution();
  int64_t start = context::NowMicros();
  Timing compile{"compile", start, start};
  std::string phase = "Compilation";
  try {
    {
      std::lock_guard lock(run.compile_mu);
      if (batch)
        w.compiler->Recompile(node);
      else
        w.compiler->Compile(node);
    }
    compile.completed_us = context::NowMicros();
    r.timing.push_back(compile);
    if (!is_seed) {
      r.compiled = true;
      r.compiled_code = node.compiled_code;
      std::string path = compile::Compiler::CompiledPath(run.target_path, node);
      r.compiled_path = path;
      WriteFile(fs::path(run.project_dir) / path, node.compiled_code.value_or(""));
    }
    Timing execute{"execute", context::NowMicros(), 0};
    phase = "Runtime";
    const manifest::Macro* macro =
        FindMaterialization(w.renderer->macros(), run.project, MaterializationOf(node),
                            w.renderer->macros().adapter_type());
    jinja::Dict extra;
    Value sql = node.compiled_code ? Value::String(*node.compiled_code) : Value::MakeNone();
    extra.Set(Value::String("sql"), sql);
    extra.Set(Value::String("compiled_code"), sql);
    extra.Set(Value::String("pre_hooks"), Hooks(node, "pre-hook"));
    extra.Set(Value::String("post_hooks"), Hooks(node, "post-hook"));
    extra.Set(Value::String("database"), Value::String(node.database));
    extra.Set(Value::String("schema"), Value::String(node.schema));
    if (incremental) {
      extra.Set(Value::String("is_incremental"),
                jinja::MakeFunction("is_incremental", [](jinja::Interpreter&, jinja::CallArgs& a) {
                  a.ExpectNoMore("is_incremental");
                  return Value::Bool(true);
                }));
      extra.Set(
          Value::String("should_full_refresh"),
          jinja::MakeFunction("should_full_refresh", [](jinja::Interpreter&, jinja::CallArgs& a) {
            a.ExpectNoMore("should_full_refresh");
            return Value::Bool(false);
          }));
    }
    Value returned = w.renderer->CallMacro(node, *macro, extra, w.compiler.get());
    std::vector<std::string> relations = AddReturnedRelations(returned, run.cache);
    if (is_test && !relations.empty()) r.failures_relation = relations[0];
    // What is still open was not committed by the materialization (a test): dbt rolls it
    // back when it releases the connection.
    w.session->Rollback();
    execute.completed_us = context::NowMicros();
    r.timing.push_back(execute);
    if (ex.written) {
      WriteFile(fs::path(run.project_dir) / compile::Compiler::RunPath(run.target_path, node),
                *ex.written);
    }
    AdapterResponse response = MainResponse(ex);
    r.response = response;
    if (is_test) {
      JudgeTest(node, ex, r);
    } else {
      r.status = Status::kSuccess;
      r.message = response.message;
      r.console_status = response.message;
    }
  } catch (const std::exception& e) {
    try {
      w.session->Rollback();
    } catch (const std::exception&) {
    }
    // Renames inside the rolled-back transaction may have reached the cache.
    run.cache.Clear();
    if (r.timing.empty()) {
      compile.completed_us = context::NowMicros();
      r.timing.push_back(compile);
      r.compiled = false;
    } else if (r.timing.size() == 1) {
      r.timing.push_back({"execute", compile.completed_us, context::NowMicros()});
    }
    bool template_error = dynamic_cast<const jinja::TemplateError*>(&e) != nullptr;
    std::string kind = template_error ? "Compilation" : phase;
    r.status = Status::kError;
    r.message = kind + " Error in " + NodeLabel(node) + "\n" + Indent(ErrorText(e));
    r.response.reset();
    r.console_status = "ERROR";
  }
  int64_t end = context::NowMicros();
  r.execution_time = static_cast<double>(end - start) / 1e6;
  if (is_seed || is_test) r.relation_name.reset();
  return r;
}

bool IsMicrobatch(const Node& n) {
  if (n.resource_type != ResourceType::kModel || MaterializationOf(n) != "incremental")
    return false;
  const Value* s = n.config->Find("incremental_strategy");
  return s && s->IsString() && s->AsString() == "microbatch";
}

NodeResult RunMicrobatch(RunContext& run, Worker& w, Node& node) {
  NodeResult r;
  r.unique_id = node.unique_id;
  r.thread_id = w.thread_id;
  r.relation_name = node.relation_name;
  r.compiled = true;
  r.failures = 0;  // as dbt's microbatch result, whatever its batches did
  auto fail = [&](const std::string& message) {
    r.status = Status::kError;
    r.message = "Runtime Error in " + NodeLabel(node) + "\n  " + message;
    r.console_status = "ERROR";
    return r;
  };
  const Value* size_value = node.config->Find("batch_size");
  std::optional<BatchSize> size =
      size_value && size_value->IsString() ? ParseBatchSize(size_value->AsString()) : std::nullopt;
  if (!size) {
    return fail("Microbatch model '" + node.name +
                "' does not have a 'batch_size' config (one of ['hour', 'day', 'month', 'year']) "
                "specificed.");
  }
  auto existing = run.cache.Get(*w.session, node.database, node.schema, node.alias);
  const Value* fr = node.config->Find("full_refresh");
  bool full_refresh = fr && !fr->IsNone() ? fr->Truthy() : run.full_refresh;
  bool is_incremental = existing && existing->type == "table" && !full_refresh;
  int64_t end = CeilingTime(run.event_time_end_us.value_or(run.run_started_at_us), *size);
  int64_t start;
  if (run.event_time_start_us) {
    start = TruncateTime(*run.event_time_start_us, *size);
  } else if (!is_incremental) {
    const Value* begin = node.config->Find("begin");
    auto parsed = begin && !begin->IsNone() ? ParseTimestamp(begin->Str()) : std::nullopt;
    if (!parsed) {
      return fail("Microbatch model '" + node.name + "' requires a 'begin' configuration.");
    }
    start = TruncateTime(*parsed, *size);
  } else {
    const Value* lb = node.config->Find("lookback");
    int lookback = lb && lb->IsInt() ? static_cast<int>(lb->AsInt()) : 1;
    if (end == TruncateTime(end, *size)) ++lookback;
    start = OffsetTime(end, *size, -lookback);
  }
  std::vector<Batch> batches = BuildBatches(start, end, *size);
  std::string relation = node.schema + "." + node.alias;
  r.batches_successful.emplace();
  r.batches_failed.emplace();
  bool skip = false;
  for (size_t i = 0; i < batches.size(); ++i) {
    const Batch& b = batches[i];
    std::string name = BatchName(b.start_us, *size);
    std::string label = "batch " + name + " of " + relation;
    auto pair = std::make_pair(IsoTime(b.start_us), IsoTime(b.end_us));
    if (skip) {
      r.batches_failed->push_back(pair);
      if (run.console) {
        run.console->BatchLine(i + 1, batches.size(), "SKIP " + label, "SKIP", Color::kYellow,
                               std::nullopt, w.thread_id);
      }
      continue;
    }
    Value batch = Value::MakeDict();
    batch.AsDict().Set(Value::String("id"), Value::String(BatchId(b.start_us, *size)));
    batch.AsDict().Set(Value::String("event_time_start"), Value::String(PyStrTime(b.start_us)));
    batch.AsDict().Set(Value::String("event_time_end"), Value::String(PyStrTime(b.end_us)));
    node.batch = batch;
    node.batch_name = name;
    if (run.console) {
      run.console->BatchLine(i + 1, batches.size(), "START " + label, "RUN", Color::kNone,
                             std::nullopt, w.thread_id);
    }
    NodeResult br = RunOnce(run, w, node, true, i > 0 || is_incremental);
    r.execution_time += br.execution_time;
    if (r.timing.empty()) r.timing = br.timing;
    bool ok = br.status == Status::kSuccess;
    if (run.console) {
      run.console->BatchLine(i + 1, batches.size(),
                             (ok ? "OK created " : "ERROR creating ") + label,
                             ok ? br.console_status : "ERROR", ok ? Color::kGreen : Color::kRed,
                             br.execution_time, w.thread_id);
    }
    if (ok) {
      r.batches_successful->push_back(pair);
    } else {
      r.batches_failed->push_back(pair);
      if (!r.message) r.message = br.message;
      // The first batch failing means the table may not be there: skip the rest, as dbt.
      if (i == 0) skip = true;
    }
    r.compiled_code = node.compiled_code;
  }
  node.batch = Value::MakeNone();
  node.batch_name.clear();
  size_t ok = r.batches_successful->size(), failed = r.batches_failed->size();
  if (failed == 0) {
    r.status = Status::kSuccess;
    r.message = "SUCCESS";
  } else if (ok == 0) {
    r.status = Status::kError;
    r.message = r.message.value_or("ERROR");
  } else {
    r.status = Status::kError;  // dbt: partial success, counted as an error
    r.message = "PARTIAL SUCCESS (" + std::to_string(ok) + "/" + std::to_string(ok + failed) + ")";
  }
  r.console_status = r.status == Status::kSuccess ? "SUCCESS" : r.message.value_or("ERROR");
  return r;
}

}  // namespace

NodeResult RunNode(RunContext& run, Worker& w, Node& node) {
  if (node.resource_type == ResourceType::kUnitTest) return RunUnitTest(run, w, node);
  if (IsMicrobatch(node)) return RunMicrobatch(run, w, node);
  return RunOnce(run, w, node, false, false);
}

}  // namespace lakedev::exec
