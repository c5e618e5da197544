#include "exec/scheduler.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <queue>
#include <thread>

#include "exec/unit_test.hpp"
#include "graph/selector.hpp"

namespace lakedev::exec {
using manifest::Node;
using manifest::ResourceType;

namespace {

std::atomic<bool> g_cancelled{false};
std::atomic<std::vector<Worker>*> g_workers{nullptr};

bool IsEphemeral(const Node& n) {
  return n.resource_type == ResourceType::kModel && MaterializationOf(n) == "ephemeral";
}

struct Plan {
  std::vector<std::string> ids;
  std::map<std::string, std::set<std::string>> parents;
  std::map<std::string, std::set<std::string>> children;
  std::map<std::string, int> level;
};

Plan MakePlan(const manifest::Manifest& m, const std::set<std::string>& selected, bool build) {
  Plan plan;
  for (const auto& id : selected) {
    if (m.nodes.count(id)) plan.ids.push_back(id);
  }
  std::set<std::string> in_plan(plan.ids.begin(), plan.ids.end());
  for (const auto& id : plan.ids) {
    auto& ps = plan.parents[id];
    for (const auto& p : m.nodes.at(id)->depends_on_nodes) {
      if (in_plan.count(p)) ps.insert(p);
    }
  }
  // A unit test runs once its model's inputs exist, and before the model (which a failing
  // one skips).
  for (const auto& id : plan.ids) {
    const Node& n = *m.nodes.at(id);
    if (n.resource_type != ResourceType::kUnitTest || n.depends_on_nodes.empty()) continue;
    const std::string& model = n.depends_on_nodes[0];
    auto& ps = plan.parents[id];
    ps.erase(model);
    for (const auto& p : m.nodes.at(model)->depends_on_nodes) {
      if (in_plan.count(p)) ps.insert(p);
    }
    if (in_plan.count(model)) plan.parents[model].insert(id);
  }
  if (build) {
    // A node waits for the tests of its parents when it depends on everything they test.
    graph::Graph g(m);
    std::map<std::string, std::set<std::string>> extra;
    for (const auto& t : plan.ids) {
      if (m.nodes.at(t)->resource_type != ResourceType::kTest) continue;
      const auto& tested = plan.parents[t];
      for (const auto& p : tested) {
        for (const auto& c : plan.ids) {
          if (c == t || m.nodes.at(c)->resource_type == ResourceType::kTest) continue;
          if (!plan.parents[c].count(p)) continue;
          // A unit test runs before its model: a test of that model cannot gate it.
          const Node& cn = *m.nodes.at(c);
          if (cn.resource_type == ResourceType::kUnitTest && !cn.depends_on_nodes.empty() &&
              tested.count(cn.depends_on_nodes[0])) {
            continue;
          }
          std::set<std::string> ancestors = g.Ancestors({c}, -1);
          bool covers = std::all_of(tested.begin(), tested.end(),
                                    [&](const std::string& x) { return ancestors.count(x) > 0; });
          if (covers) extra[c].insert(t);
        }
      }
    }
    for (auto& [c, ts] : extra)
      plan.parents[c].insert(ts.begin(), ts.end());
  }
  for (const auto& [id, ps] : plan.parents) {
    for (const auto& p : ps)
      plan.children[p].insert(id);
  }
  // Level: the longest path from a node with no parents in the plan.
  std::map<std::string, size_t> pending;
  std::vector<std::string> order;
  for (const auto& id : plan.ids) {
    pending[id] = plan.parents[id].size();
    if (pending[id] == 0) order.push_back(id);
  }
  for (size_t i = 0; i < order.size(); ++i) {
    const std::string& id = order[i];
    int lvl = 0;
    for (const auto& p : plan.parents[id])
      lvl = std::max(lvl, plan.level[p] + 1);
    plan.level[id] = lvl;
    for (const auto& c : plan.children[id]) {
      if (--pending[c] == 0) order.push_back(c);
    }
  }
  return plan;
}

std::string Relation(const Node& n) {
  return n.schema + "." + n.alias;
}

// "microbatch" for a microbatch model, else its materialization (as dbt's lines say).
std::string ModelKind(const Node& n) {
  const jinja::Value* s = n.config->Find("incremental_strategy");
  if (MaterializationOf(n) == "incremental" && s && s->IsString() &&
      s->AsString() == "microbatch") {
    return "microbatch";
  }
  return MaterializationOf(n);
}

std::string StartMessage(const Node& n) {
  switch (n.resource_type) {
    case ResourceType::kSeed:
      return "START seed file " + Relation(n);
    case ResourceType::kTest:
      return "START test " + n.name;
    case ResourceType::kUnitTest:
      return "START unit_test " + UnitTestLabel(n);
    case ResourceType::kSnapshot:
      return "START snapshot " + Relation(n);
    default:
      return "START sql " + ModelKind(n) + " model " + Relation(n);
  }
}

std::string ResultMessage(const Node& n, const NodeResult& r) {
  bool ok = r.status != Status::kError;
  switch (n.resource_type) {
    case ResourceType::kSeed:
      return ok ? "OK loaded seed file " + Relation(n) : "ERROR loading seed file " + Relation(n);
    case ResourceType::kTest:
      return r.console_status + " " + n.name;
    case ResourceType::kUnitTest:
      return r.console_status + " " + UnitTestLabel(n);
    case ResourceType::kSnapshot:
      return ok ? "OK snapshotted " + Relation(n) : "ERROR snapshotting " + Relation(n);
    default:
      return (ok ? "OK created sql " : "ERROR creating sql ") + ModelKind(n) + " model " +
             Relation(n);
  }
}

// node_info as dbt's events carry it.
jinja::Value NodeInfo(const Node& n, const std::string& status) {
  jinja::Value d = jinja::Value::MakeDict();
  auto set = [&](const char* k, std::string v) {
    d.AsDict().Set(jinja::Value::String(k), jinja::Value::String(std::move(v)));
  };
  set("materialized", MaterializationOf(n));
  set("node_name", n.name);
  set("node_path", n.path);
  set("node_status", status);
  set("resource_type", std::string(manifest::ResourceTypeName(n.resource_type)));
  set("unique_id", n.unique_id);
  return d;
}

Event NodeEvent(const Node& n, const char* name, const char* code, Level level,
                const std::string& status, const std::string& thread) {
  Event e;
  e.name = name;
  e.code = code;
  e.level = level;
  e.thread = thread;
  e.data.AsDict().Set(jinja::Value::String("node_info"), NodeInfo(n, status));
  e.data.AsDict().Set(jinja::Value::String("status"), jinja::Value::String(status));
  return e;
}

// The result event of a node kind: LogModelResult, LogSeedResult, ...
Event ResultEvent(const Node& n, const NodeResult& r, const std::string& thread) {
  Level level = r.status == Status::kError || r.status == Status::kFail ? Level::kError
                : r.status == Status::kWarn                             ? Level::kWarn
                                                                        : Level::kInfo;
  std::string status(StatusName(r.status));
  switch (n.resource_type) {
    case ResourceType::kSeed:
      return NodeEvent(n, "LogSeedResult", "Q016", level, status, thread);
    case ResourceType::kTest:
      return NodeEvent(n, "LogTestResult", "Q007", level, status, thread);
    case ResourceType::kSnapshot:
      return NodeEvent(n, "LogSnapshotResult", "Q015", level, status, thread);
    default:
      return NodeEvent(n, "LogModelResult", "Q012", level, status, thread);
  }
}

Color StatusColor(Status s) {
  switch (s) {
    case Status::kSuccess:
    case Status::kPass:
      return Color::kGreen;
    case Status::kWarn:
    case Status::kSkipped:
      return Color::kYellow;
    default:
      return Color::kRed;
  }
}

}  // namespace

bool RunCancelled() {
  return g_cancelled;
}

void CancelRun() {
  g_cancelled = true;
  if (std::vector<Worker>* workers = g_workers.load()) {
    for (auto& w : *workers)
      w.session->Interrupt();
  }
}

std::vector<NodeResult> RunSelected(RunContext& run, std::vector<Worker>& workers,
                                    const std::set<std::string>& selected,
                                    const ScheduleOptions& options, RunConsole& console) {
  const manifest::Manifest& m = run.project.manifest;
  Plan plan = MakePlan(m, selected, options.build);
  size_t total = 0;
  for (const auto& id : plan.ids) {
    if (!IsEphemeral(*m.nodes.at(id))) ++total;
  }
  using Item = std::pair<int, std::string>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> ready;
  std::map<std::string, size_t> pending;
  for (const auto& id : plan.ids) {
    pending[id] = plan.parents[id].size();
    if (pending[id] == 0) ready.push({plan.level[id], id});
  }
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::string> skip;
  std::vector<NodeResult> results;
  size_t remaining = plan.ids.size();
  size_t next_index = 0;
  bool stop = false;

  auto skip_downstream = [&](const std::string& from) {
    std::vector<std::string> stack{from};
    // As dbt: a failing unit test also skips the other unit tests of its model.
    const Node& failed = *m.nodes.at(from);
    if (failed.resource_type == ResourceType::kUnitTest && !failed.depends_on_nodes.empty()) {
      for (const auto& id : plan.ids) {
        const Node& n = *m.nodes.at(id);
        if (id != from && n.resource_type == ResourceType::kUnitTest &&
            n.depends_on_nodes == failed.depends_on_nodes && skip.insert(id).second) {
          stack.push_back(id);
        }
      }
    }
    while (!stack.empty()) {
      std::string id = stack.back();
      stack.pop_back();
      for (const auto& c : plan.children[id]) {
        if (skip.insert(c).second) stack.push_back(c);
      }
    }
  };

  size_t running = 0;
  size_t stuck = 0;
  auto work = [&](Worker& w) {
    std::unique_lock lock(mu);
    while (true) {
      cv.wait(lock, [&] { return !ready.empty() || remaining == 0 || running == 0; });
      if (remaining == 0) return;
      if (ready.empty()) {
        // Nothing can start and nothing runs: the plan has a cycle (a scheduler bug);
        // stop rather than wait forever (the caller reports it).
        stuck = remaining;
        remaining = 0;
        cv.notify_all();
        return;
      }
      std::string id = ready.top().second;
      ready.pop();
      Node& node = *m.nodes.at(id);
      if (g_cancelled) {  // interrupted: what has not started is not run nor reported
        --remaining;
        for (const auto& c : plan.children[id]) {
          if (--pending[c] == 0) ready.push({plan.level[c], c});
        }
        cv.notify_all();
        continue;
      }
      bool skipped = skip.count(id) > 0 || stop;
      bool ephemeral = IsEphemeral(node);
      size_t index = ephemeral ? 0 : ++next_index;
      std::optional<NodeResult> result;
      if (skipped) {
        if (!ephemeral) {
          result = SkippedResult(node, w.thread_id);
          if (stop && !skip.count(id)) result->message = "Skipping due to fail_fast";
          if (!stop || skip.count(id)) {
            std::string what = node.resource_type == ResourceType::kTest ? "SKIP test " + node.name
                               : node.resource_type == ResourceType::kUnitTest
                                   ? "SKIP unit_test " + node.name
                                   : "SKIP relation " + Relation(node);
            console.NodeLine(
                index, total, what, "SKIP", Color::kYellow, std::nullopt,
                NodeEvent(node, "SkippingDetails", "Q034", Level::kInfo, "skipped", w.thread_id));
          }
        }
      } else if (!ephemeral) {
        ++running;
        lock.unlock();
        console.NodeLine(
            index, total, StartMessage(node), "RUN", Color::kNone, std::nullopt,
            NodeEvent(node, "LogStartLine", "Q011", Level::kInfo, "started", w.thread_id));
        NodeResult r = RunNode(run, w, node);
        console.NodeLine(index, total, ResultMessage(node, r), r.console_status,
                         StatusColor(r.status), r.execution_time,
                         ResultEvent(node, r, w.thread_id));
        lock.lock();
        --running;
        result = std::move(r);
      }
      if (result) {
        bool failed = result->status == Status::kError || result->status == Status::kFail;
        if (failed) {
          skip_downstream(id);
          if (options.fail_fast) stop = true;
        }
        results.push_back(std::move(*result));
      }
      for (const auto& c : plan.children[id]) {
        if (--pending[c] == 0) ready.push({plan.level[c], c});
      }
      --remaining;
      cv.notify_all();
    }
  };

  g_workers = &workers;
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers.size(); ++i)
    threads.emplace_back(work, std::ref(workers[i]));
  work(workers[0]);
  for (auto& t : threads)
    t.join();
  g_workers = nullptr;
  if (stuck) {
    throw Error(
        ErrorKind::kInternal,
        "lakedev's build order has a cycle: " + std::to_string(stuck) + " nodes could never start",
        {}, "please report this with the project's manifest");
  }
  return results;
}

}  // namespace lakedev::exec
