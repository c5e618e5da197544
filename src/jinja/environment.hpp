// The host-facing API of the Jinja engine: an Environment holds filters, tests, globals
// and a template loader, and renders templates. Configured as dbt configures Jinja2:
// sandboxed, `do` and loop controls enabled, autoescape off, keep_trailing_newline off.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "jinja/ast.hpp"
#include "jinja/value.hpp"

namespace lakedev::jinja {

class Interpreter;

using FilterFn = std::function<Value(Interpreter&, const Value& input, CallArgs& args)>;
using TestFn = std::function<bool(Interpreter&, const Value& input, CallArgs& args)>;
// Returns a template's source by name, or nullopt when there is none.
using LoaderFn = std::function<std::optional<std::string>(const std::string& name)>;

struct Limits {
  int max_call_depth = 400;                     // nested macro calls (RecursionError beyond)
  size_t max_output_bytes = size_t{256} << 20;  // a runaway template fails instead of eating RAM
  int64_t max_range = 100000;                   // as Jinja2's sandbox (MAX_RANGE)
  // Stack a render may use before it fails with RecursionError (deep expressions inside
  // deep macro recursion); threads that render need a stack at least twice this.
  size_t max_stack_bytes = size_t{3} << 20;
};

class Environment {
 public:
  Environment();  // with all of Jinja2's built-in filters, tests and globals

  // Add filters and tests before rendering: templates remember what a name resolved to.
  void AddFilter(const std::string& name, FilterFn fn) { filters_[name] = std::move(fn); }
  void AddTest(const std::string& name, TestFn fn) { tests_[name] = std::move(fn); }
  void AddGlobal(const std::string& name, Value value);
  void SetLoader(LoaderFn loader) { loader_ = std::move(loader); }

  const FilterFn* FindFilter(const std::string& name) const;
  const TestFn* FindTest(const std::string& name) const;
  const Dict& globals() const { return *globals_; }
  Limits& limits() { return limits_; }
  const Limits& limits() const { return limits_; }

  // Parses (and caches) a template by name through the loader.
  std::shared_ptr<const TemplateAst> GetTemplate(const std::string& name);

  // Parses and renders `source` with `context` as its variables.
  std::string RenderString(std::string_view source, const Dict& context,
                           const std::string& name = "<template>");
  std::string Render(const TemplateAst& ast, const Dict& context);

 private:
  std::map<std::string, FilterFn> filters_;
  std::map<std::string, TestFn> tests_;
  DictPtr globals_;
  LoaderFn loader_;
  std::map<std::string, std::shared_ptr<const TemplateAst>> cache_;
  Limits limits_;
};

void RegisterBuiltinFilters(Environment& env);
void RegisterBuiltinTests(Environment& env);
void RegisterBuiltinGlobals(Environment& env);

}  // namespace lakedev::jinja
