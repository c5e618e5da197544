#include "exec/hooks.hpp"

#include <algorithm>

#include "context/node_object.hpp"
#include "context/pydatetime.hpp"
#include "jinja/error.hpp"

namespace lakedev::exec {
using jinja::Value;
using manifest::Node;

namespace {

// "<project>-on-run-start-<i>" -> i
int HookIndex(const Node& hook) {
  size_t dash = hook.name.rfind('-');
  return dash == std::string::npos ? 0 : std::atoi(hook.name.c_str() + dash + 1);
}

std::string HookKind(const Node& hook) {
  return hook.name.find("-on-run-end-") != std::string::npos ? "on-run-end" : "on-run-start";
}

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

Value SchemaList(const std::set<std::pair<std::string, std::string>>& schemas, bool with_db) {
  std::vector<Value> out;
  std::set<std::string> seen;
  for (const auto& [db, schema] : schemas) {
    if (with_db) {
      out.push_back(Value::Tuple({Value::String(db), Value::String(schema)}));
    } else if (seen.insert(schema).second) {
      out.push_back(Value::String(schema));
    }
  }
  return Value::List(std::move(out));
}

}  // namespace

std::string HookName(const Node& hook) {
  return hook.package_name + "." + HookKind(hook) + "." + std::to_string(HookIndex(hook));
}

Value ResultsValue(const manifest::Manifest& manifest, const std::vector<NodeResult>& results) {
  std::vector<Value> out;
  for (const auto& r : results) {
    Value d = Value::MakeDict();
    auto set = [&](const char* k, Value v) { d.AsDict().Set(Value::String(k), std::move(v)); };
    set("status", Value::String(std::string(StatusName(r.status))));
    set("message", r.message ? Value::String(*r.message) : Value::MakeNone());
    set("execution_time", Value::Float(r.execution_time));
    set("failures", r.failures ? Value::Int(*r.failures) : Value::MakeNone());
    set("thread_id", Value::String(r.thread_id));
    set("unique_id", Value::String(r.unique_id));
    Value response = Value::MakeDict();
    if (r.response)
      response.AsDict().Set(Value::String("_message"), Value::String(r.response->message));
    set("adapter_response", response);
    auto it = manifest.nodes.find(r.unique_id);
    set("node", it == manifest.nodes.end()
                    ? Value::MakeNone()
                    : Value::Obj(std::make_shared<context::NodeObject>(it->second.get())));
    out.push_back(d);
  }
  return Value::List(std::move(out));
}

std::vector<NodeResult> RunProjectHooks(
    RunContext& run, Worker& w, const std::string& kind, const std::vector<NodeResult>& earlier,
    const std::set<std::pair<std::string, std::string>>& schemas, RunConsole& console) {
  const std::string& root = run.project.settings.root.name;
  std::vector<Node*> hooks;
  for (auto& [id, n] : run.project.manifest.nodes) {
    if (n->resource_type == manifest::ResourceType::kOperation && HookKind(*n) == kind &&
        n->name.find("-" + kind + "-") != std::string::npos) {
      hooks.push_back(n.get());
    }
  }
  // Packages' hooks by package name, the root project's last; each by its index.
  std::sort(hooks.begin(), hooks.end(), [&](const Node* a, const Node* b) {
    auto key = [&](const Node* n) {
      return std::make_tuple(n->package_name == root, n->package_name, HookIndex(*n));
    };
    return key(a) < key(b);
  });
  std::vector<NodeResult> results;
  if (hooks.empty()) return results;
  if (kind == "on-run-end") console.Line("");
  jinja::Dict extra;
  if (kind == "on-run-end") {
    extra.Set(Value::String("results"), ResultsValue(run.project.manifest, earlier));
    extra.Set(Value::String("schemas"), SchemaList(schemas, false));
    extra.Set(Value::String("database_schemas"), SchemaList(schemas, true));
  }
  bool failed = false;
  for (size_t i = 0; i < hooks.size(); ++i) {
    Node& hook = *hooks[i];
    std::string name = HookName(hook);
    NodeResult r;
    r.unique_id = hook.unique_id;
    r.thread_id = "main";
    r.failures = 1;
    if (failed) {
      r.status = Status::kSkipped;
      r.message = name + " skipped";
      results.push_back(r);
      continue;
    }
    ExecutionScope scope(w, run.cache);
    int64_t start = context::NowMicros();
    std::string error;
    std::string sql;
    try {
      sql = w.renderer->Render(hook, *hook.ast, context::Mode::kExecute, nullptr, w.compiler.get(),
                               &extra);
    } catch (const std::exception& e) {
      error = e.what();
    }
    int64_t compiled = context::NowMicros();
    r.timing.push_back({"compile", start, compiled});
    Event start_event;
    start_event.name = "LogHookStartLine";
    start_event.code = "Q032";
    console.NodeLine(i + 1, hooks.size(), "START hook: " + name, "RUN", Color::kNone, std::nullopt,
                     start_event);
    if (error.empty() && !Trimmed(sql).empty()) {
      try {
        w.session->Execute(sql, nullptr);
      } catch (const std::exception& e) {
        error = e.what();
      }
    }
    int64_t end = context::NowMicros();
    r.timing.push_back({"execute", compiled, end});
    r.execution_time = static_cast<double>(end - compiled) / 1e6;
    if (error.empty()) {
      r.status = Status::kSuccess;
      r.message = name + " passed";
      r.failures = 0;
      r.console_status = "OK";
    } else {
      r.status = Status::kError;
      r.message = name + " failed, error:\n " + error;
      r.console_status = "ERROR";
      failed = true;
    }
    Event end_event;
    end_event.name = "LogHookEndLine";
    end_event.code = "Q033";
    end_event.level = failed ? Level::kError : Level::kInfo;
    console.NodeLine(i + 1, hooks.size(), (failed ? "ERROR hook: " : "OK hook: ") + name,
                     r.console_status, failed ? Color::kRed : Color::kGreen, r.execution_time,
                     end_event);
    results.push_back(r);
  }
  if (kind == "on-run-start") console.Line("");
  return results;
}

}  // namespace lakedev::exec
