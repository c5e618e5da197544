#include "exec/run_results.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "context/pydatetime.hpp"
#include "context/pyjson.hpp"

namespace lakedev::exec {
namespace fs = std::filesystem;
using jinja::Value;

std::string IsoTimestamp(int64_t epoch_us) {
  std::time_t secs = static_cast<std::time_t>(epoch_us / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(epoch_us % 1000000));
  return buf;
}

namespace {

Value OptStr(const std::optional<std::string>& s) {
  return s ? Value::String(*s) : Value::MakeNone();
}

Value ResultValue(const NodeResult& r) {
  Value d = Value::MakeDict();
  auto set = [&](const char* k, Value v) { d.AsDict().Set(Value::String(k), std::move(v)); };
  set("status", Value::String(std::string(StatusName(r.status))));
  std::vector<Value> timing;
  for (const auto& t : r.timing) {
    Value e = Value::MakeDict();
    e.AsDict().Set(Value::String("name"), Value::String(t.name));
    e.AsDict().Set(Value::String("started_at"), Value::String(IsoTimestamp(t.started_us)));
    e.AsDict().Set(Value::String("completed_at"), Value::String(IsoTimestamp(t.completed_us)));
    timing.push_back(e);
  }
  set("timing", Value::List(std::move(timing)));
  set("thread_id", Value::String(r.thread_id));
  set("execution_time", Value::Float(r.execution_time));
  Value response = Value::MakeDict();
  if (r.response) {
    response.AsDict().Set(Value::String("_message"), Value::String(r.response->message));
    if (r.response->code)
      response.AsDict().Set(Value::String("code"), Value::String(*r.response->code));
    if (r.response->rows_affected) {
      response.AsDict().Set(Value::String("rows_affected"), Value::Int(*r.response->rows_affected));
    }
  }
  set("adapter_response", response);
  set("message", OptStr(r.message));
  set("failures", r.failures ? Value::Int(*r.failures) : Value::MakeNone());
  set("unique_id", Value::String(r.unique_id));
  set("compiled", r.compiled ? Value::Bool(*r.compiled) : Value::MakeNone());
  set("compiled_code", OptStr(r.compiled_code));
  set("relation_name", OptStr(r.relation_name));
  if (r.batches_successful) {
    auto pairs = [](const std::vector<std::pair<std::string, std::string>>& items) {
      std::vector<Value> out;
      for (const auto& [a, b] : items)
        out.push_back(Value::List({Value::String(a), Value::String(b)}));
      return Value::List(std::move(out));
    };
    Value b = Value::MakeDict();
    b.AsDict().Set(Value::String("successful"), pairs(*r.batches_successful));
    b.AsDict().Set(
        Value::String("failed"),
        pairs(r.batches_failed.value_or(std::vector<std::pair<std::string, std::string>>{})));
    set("batch_results", b);
  } else {
    set("batch_results", Value::MakeNone());
  }
  return d;
}

}  // namespace

std::string RunResultsJson(const std::vector<NodeResult>& results, const RunMetadata& m) {
  Value root = Value::MakeDict();
  Value md = Value::MakeDict();
  auto mset = [&](const char* k, Value v) { md.AsDict().Set(Value::String(k), std::move(v)); };
  mset("dbt_schema_version", Value::String("https://schemas.getdbt.com/dbt/run-results/v6.json"));
  mset("dbt_version", Value::String("1.11.16"));
  mset("generated_at", Value::String(IsoTimestamp(context::NowMicros())));
  mset("invocation_id", Value::String(m.invocation_id));
  mset("invocation_started_at", Value::String(IsoTimestamp(m.started_at_us)));
  mset("env", Value::MakeDict());
  root.AsDict().Set(Value::String("metadata"), md);
  std::vector<Value> items;
  for (const auto& r : results)
    items.push_back(ResultValue(r));
  root.AsDict().Set(Value::String("results"), Value::List(std::move(items)));
  root.AsDict().Set(Value::String("elapsed_time"), Value::Float(m.elapsed_seconds));
  root.AsDict().Set(Value::String("args"), m.args);
  return context::PyJsonDumps(root);
}

void WriteRunResults(const std::string& target_dir, const std::vector<NodeResult>& results,
                     const RunMetadata& metadata) {
  fs::create_directories(target_dir);
  fs::path tmp = fs::path(target_dir) / "run_results.json.tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << RunResultsJson(results, metadata);
    if (!out) throw Error(ErrorKind::kIo, "could not write " + tmp.string());
  }
  fs::rename(tmp, fs::path(target_dir) / "run_results.json");
}

}  // namespace lakedev::exec
