// Rendering a node's templates with dbt's Jinja context, in parse mode (execute=False:
// ref/source/config calls are recorded, nothing touches a database) or execute mode
// (refs resolve to the relations they name, ephemeral models become CTEs).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "context/execution.hpp"
#include "context/macros.hpp"
#include "jinja/environment.hpp"
#include "manifest/manifest.hpp"
#include "project/dbt_project.hpp"
#include "project/profiles.hpp"

namespace lakedev::context {

enum class Mode { kParse, kExecute };

// What a parse-mode render of a node recorded.
struct ParseCapture {
  std::vector<manifest::RefCall> refs;
  std::vector<std::vector<std::string>> sources;
  jinja::DictPtr config = std::make_shared<jinja::Dict>();  // config() calls, merged in order
  std::vector<std::string> macros;                          // unique_ids, first call order
};

// Resolves refs and sources in execute mode; the compiler implements it.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual jinja::Value Ref(manifest::Node& from, const manifest::RefCall& ref) = 0;
  virtual jinja::Value Source(manifest::Node& from, const std::string& source,
                              const std::string& table) = 0;
};

struct RenderSettings {
  const project::DbtProject* root = nullptr;
  std::map<std::string, const project::DbtProject*> projects;  // by name, root included
  const project::Target* target = nullptr;
  jinja::Value cli_vars = jinja::Value::MakeDict();
  std::string invocation_id;
  int64_t run_started_at_us = 0;  // microseconds since the epoch; 0: when rendering starts
  // flags.WHICH / FULL_REFRESH / STORE_FAILURES; `which` empty: "parse" or "compile".
  std::string which;
  bool full_refresh = false;
  bool store_failures = false;
};

class Renderer {
 public:
  Renderer(RenderSettings settings, manifest::Manifest& manifest);
  ~Renderer();

  // Renders `ast` as `node`'s template. In parse mode `capture` receives what the
  // template called; in execute mode `resolver` resolves ref/source.
  // `extra` adds variables (a generic test's `_dbt_generic_test_kwargs`).
  std::string Render(manifest::Node& node, const jinja::TemplateAst& ast, Mode mode,
                     ParseCapture* capture, Resolver* resolver, const jinja::Dict* extra = nullptr);

  // The value of the Jinja expression `expression` in `node`'s context (a generic test's
  // arguments such as `ref('customers')` are evaluated this way).
  jinja::Value Evaluate(manifest::Node& node, const std::string& expression, Mode mode,
                        ParseCapture* capture, Resolver* resolver);

  // Calls the macro `name` as a node of `node.package_name` resolves it, with `args`, in
  // parse mode (generate_schema_name and friends). Returns its value (str for output).
  jinja::Value CallMacro(manifest::Node& node, const std::string& name, jinja::CallArgs args,
                         Mode mode);
  // Calls `macro` in `node`'s execute-mode context with `extra` names added (a
  // materialization's sql, pre_hooks, ...).
  jinja::Value CallMacro(manifest::Node& node, const manifest::Macro& macro,
                         const jinja::Dict& extra, Resolver* resolver, jinja::CallArgs args = {});

  // While set, execute-mode renders reach the database through it (adapter.execute,
  // statement blocks, load_result); a worker sets its own before running a node.
  void set_execution(Execution* execution) { execution_ = execution; }
  Execution* execution() const { return execution_; }

  jinja::Environment& env() { return env_; }
  MacroNamespaces& macros() { return *macros_; }
  const RenderSettings& settings() const { return settings_; }
  // The `target` context value (the profile's target without secrets).
  const jinja::Value& target_value() const { return target_; }

 private:
  struct NodeState;
  const jinja::Dict& Shared(const std::string& package, Mode mode);
  jinja::DictPtr NodeContext(NodeState& state);
  template <typename Set>
  void AddExecution(NodeState& state, Execution& execution, Set& set);

  RenderSettings settings_;
  manifest::Manifest& manifest_;
  jinja::Environment env_;
  std::unique_ptr<MacroNamespaces> macros_;
  jinja::Value target_;
  std::map<std::pair<std::string, Mode>, std::unique_ptr<jinja::Dict>> shared_;
  Execution* execution_ = nullptr;
};

// dbt's var(): command-line vars, then the node's package vars, then global vars.
// Throws TemplateError with dbt's message when the var is missing and has no default.
jinja::Value LookupVar(const RenderSettings& settings, const std::string& package,
                       const std::string& node_name, const std::string& name,
                       const std::optional<jinja::Value>& fallback);

}  // namespace lakedev::context
