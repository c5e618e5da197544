// `lakedev parse`, `lakedev ls` and `lakedev compile`: the project's manifest, the nodes a
// selection picks, and their compiled SQL, as dbt-core gives them.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/project_load.hpp"
#include "cli/runtime.hpp"
#include "compile/compiler.hpp"
#include "context/pyjson.hpp"
#include "graph/selector.hpp"

namespace lakedev::cli {
namespace fs = std::filesystem;
using jinja::Value;

namespace {

int RunParse(const ParsedArgs& args) {
  parse::ParsedProject& project = LoadProject(args);
  WriteManifest(project);
  return kExitOk;
}

// The resource types `ls` lists when --resource-type is not given: everything but
// analyses and hooks, as dbt.
const std::set<std::string>& LsDefaultTypes() {
  static const std::set<std::string> types = {"model",  "seed",     "snapshot", "test",
                                              "source", "exposure", "unit_test"};
  return types;
}

// A node's fields as `ls --output json` shows them (dbt's allowed keys, manifest order).
Value LsJson(const parse::ParsedProject& p, const std::string& id) {
  Value d = Value::MakeDict();
  auto set = [&](const char* k, Value v) { d.AsDict().Set(Value::String(k), std::move(v)); };
  auto strings = [](const std::vector<std::string>& items) {
    std::vector<Value> out;
    for (const auto& s : items)
      out.push_back(Value::String(s));
    return Value::List(std::move(out));
  };
  if (auto it = p.manifest.nodes.find(id); it != p.manifest.nodes.end()) {
    const manifest::Node& n = *it->second;
    set("name", Value::String(n.name));
    set("resource_type", Value::String(std::string(manifest::ResourceTypeName(n.resource_type))));
    set("package_name", Value::String(n.package_name));
    set("original_file_path", Value::String(n.original_file_path));
    set("unique_id", Value::String(n.unique_id));
    set("alias", Value::String(n.alias));
    set("config", Value::MakeDict(n.config));
    set("tags", strings(n.tags));
    Value deps = Value::MakeDict();
    deps.AsDict().Set(Value::String("macros"), strings(n.depends_on_macros));
    if (n.resource_type != manifest::ResourceType::kSeed) {
      deps.AsDict().Set(Value::String("nodes"), strings(n.depends_on_nodes));
    }
    set("depends_on", deps);
    return d;
  }
  const manifest::Source& s = *p.manifest.sources.at(id);
  set("name", Value::String(s.name));
  set("resource_type", Value::String("source"));
  set("package_name", Value::String(s.package_name));
  set("original_file_path", Value::String(s.original_file_path));
  set("unique_id", Value::String(s.unique_id));
  set("source_name", Value::String(s.source_name));
  set("tags", strings(s.tags));
  set("config", Value::MakeDict(s.config));
  return d;
}

void PrintExposure(const manifest::Exposure& e, const std::string& output,
                   const std::vector<std::string>& keys) {
  if (output == "selector") {
    std::cout << "exposure:" << e.package_name << "." << e.name << "\n";
  } else if (output == "name") {
    std::cout << e.name << "\n";
  } else if (output == "path") {
    std::cout << e.original_file_path << "\n";
  } else {
    Value d = Value::MakeDict();
    auto set = [&](const char* k, Value v) { d.AsDict().Set(Value::String(k), std::move(v)); };
    set("name", Value::String(e.name));
    set("resource_type", Value::String("exposure"));
    set("package_name", Value::String(e.package_name));
    set("original_file_path", Value::String(e.original_file_path));
    set("unique_id", Value::String(e.unique_id));
    std::vector<Value> tags;
    for (const auto& t : e.tags)
      tags.push_back(Value::String(t));
    set("tags", Value::List(tags));
    set("config", Value::MakeDict(e.config));
    if (!keys.empty()) {
      Value picked = Value::MakeDict();
      for (const auto& k : keys) {
        if (const Value* v = d.AsDict().Find(k)) picked.AsDict().Set(Value::String(k), *v);
      }
      d = picked;
    }
    std::cout << context::PyJsonDumps(d) << "\n";
  }
}

int RunLs(const ParsedArgs& args) {
  parse::ParsedProject& project = LoadProject(args);
  std::vector<std::string> types = SplitWords(args.Values("--resource-type"));
  std::set<std::string> type_set(types.begin(), types.end());
  if (type_set.empty()) type_set = LsDefaultTypes();
  std::string output = args.Value("--output").value_or("selector");
  std::vector<std::string> keys = SplitWords(args.Values("--output-keys"));
  const manifest::Manifest& m = project.manifest;
  for (const auto& id : SelectNodes(args, project, type_set)) {
    if (auto e = m.exposures.find(id); e != m.exposures.end()) {
      PrintExposure(*e->second, output, keys);
      continue;
    }
    auto node = m.nodes.find(id);
    const manifest::Node* n = node == m.nodes.end() ? nullptr : node->second.get();
    const manifest::Source* s = n ? nullptr : m.sources.at(id).get();
    if (output == "selector") {
      if (n) {
        std::string line;
        for (const auto& part : n->fqn)
          line += (line.empty() ? "" : ".") + part;
        std::cout << line << "\n";
      } else {
        std::cout << "source:" << s->package_name << "." << s->source_name << "." << s->name
                  << "\n";
      }
    } else if (output == "name") {
      if (n)
        std::cout << n->name << (n->version ? ".v" + *n->version : "") << "\n";
      else
        std::cout << s->source_name << "." << s->name << "\n";
    } else if (output == "path") {
      std::cout << (n ? n->original_file_path : s->original_file_path) << "\n";
    } else if (output == "json") {
      Value all = LsJson(project, id);
      if (!keys.empty()) {
        Value picked = Value::MakeDict();
        for (const auto& k : keys) {
          if (const Value* v = all.AsDict().Find(k)) picked.AsDict().Set(Value::String(k), *v);
        }
        all = picked;
      }
      std::cout << context::PyJsonDumps(all) << "\n";
    } else {
      throw Error(ErrorKind::kUsage, "invalid --output '" + output + "'", {},
                  "use selector, name, path or json");
    }
  }
  return kExitOk;
}

int RunCompile(const ParsedArgs& args) {
  parse::ParsedProject& project = LoadProject(args);
  // As dbt: compiling reaches the database, so introspective queries (run_query,
  // adapter.get_relation) see what is there. Other targets compile without one for now.
  std::optional<Runtime> rt;
  std::optional<exec::ExecutionScope> scope;
  compile::Compiler parse_compiler(project);
  compile::Compiler* compiler_ptr = &parse_compiler;
  if (project.settings.target.type == "duckdb") {
    rt.emplace(OpenRuntime(project, args, "compile", 1));
    exec::Worker& w = rt->workers[0];
    scope.emplace(w, rt->run->cache);
    compiler_ptr = w.compiler.get();
  }
  compile::Compiler& compiler = *compiler_ptr;
  std::set<std::string> selected = SelectNodes(args, project, {});
  std::string target_dir = TargetDir(project);
  for (const auto& id : selected) {
    auto it = project.manifest.nodes.find(id);
    if (it == project.manifest.nodes.end()) continue;
    manifest::Node& node = *it->second;
    // dbt compile leaves seeds and snapshots alone (a snapshot compiles when it runs).
    if (node.resource_type == manifest::ResourceType::kSeed ||
        node.resource_type == manifest::ResourceType::kSnapshot) {
      continue;
    }
    compiler.Compile(node);
  }
  // Every node compiled (ephemeral ones too) is written, as dbt writes them.
  for (const auto& [id, node] : project.manifest.nodes) {
    if (!node->compiled_code) continue;
    fs::path path = fs::path(project.settings.root.dir) /
                    compile::Compiler::CompiledPath(project.settings.root.target_path, *node);
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << *node->compiled_code;
  }
  WriteManifest(project);
  return kExitOk;
}

}  // namespace

Command ParseCommand() {
  return {"parse", "Parse the project and write target/manifest.json", ManifestOptions(), RunParse};
}

Command LsCommand() {
  std::vector<OptionSpec> options = ManifestOptions();
  for (auto& o : SelectionOptions())
    options.push_back(o);
  options.push_back({"--output", "-o", "FORMAT", "selector (default), name, path or json"});
  OptionSpec keys{"--output-keys", "", "KEYS", "with --output json: the keys to show"};
  keys.multi = true;
  options.push_back(keys);
  options.push_back({"--quiet", "-q", "", "print only the results"});
  return {"ls", "List the nodes a selection picks", options, RunLs};
}

Command CompileCommand() {
  std::vector<OptionSpec> options = ManifestOptions();
  for (auto& o : SelectionOptions())
    options.push_back(o);
  options.push_back({"--quiet", "-q", "", "print only the results"});
  return {"compile", "Compile the selected nodes' SQL into target/compiled", options, RunCompile};
}

}  // namespace lakedev::cli
