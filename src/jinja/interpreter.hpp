// Renders a TemplateAst: statements, expressions, scopes, macros, loops, imports.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "jinja/ast.hpp"
#include "jinja/environment.hpp"
#include "jinja/error.hpp"
#include "jinja/value.hpp"

namespace lakedev::jinja {

// Variables of one scope; scopes chain to their parent (a macro's chain is the one it
// was defined in, so it sees the template's top-level variables but not its caller's).
struct Scope {
  std::vector<std::pair<std::string, Value>> vars;
  std::shared_ptr<Scope> parent;

  const Value* Find(std::string_view name) const;
  void Set(std::string_view name, Value value);
};
using ScopePtr = std::shared_ptr<Scope>;

// Thrown by a host function (dbt's `return()`) to end the innermost macro call with a
// value instead of its rendered output.
struct MacroReturn {
  Value value;
};

class Interpreter {
 public:
  // Names are looked up in the scopes, then `context`, then `shared` (variables many
  // renders have in common, such as a host's macro namespace), then the globals.
  Interpreter(Environment& env, const Dict& context, const Dict* shared = nullptr);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  std::string Render(const TemplateAst& ast);
  // Calls `callee` (a macro, a host function) from outside any template, as a host does
  // to run a macro by name.
  Value CallOutside(const Value& callee, CallArgs& args);

  Environment& env() { return env_; }
  // dbt's parse-time Undefined: calling it, or taking its attributes or items, gives
  // another Undefined instead of an error (errors wait for execution).
  void set_lenient_undefined(bool lenient) { lenient_undefined_ = lenient; }
  // Renders a macro body / call block in a fresh output buffer and returns it.
  Value CallMacro(const std::shared_ptr<MacroDef>& def, const ScopePtr& closure,
                  const TemplateAst* owner, CallArgs& args, const Value& caller);
  // The template module (exported macros and top-level variables) of `name`.
  Value ImportTemplate(const std::string& name, bool with_context);
  Value Lookup(std::string_view name) const;
  // loop(items) in a `recursive` for loop: renders the loop body over `items` one level
  // deeper and returns the output.
  std::string RecurseLoop(const Stmt& s, const Value& items, int depth0);

 private:
  enum class Flow { kNormal, kBreak, kContinue };

  // Counts nested macro calls, includes and imports; beyond the limit a RecursionError.
  class DepthGuard {
   public:
    explicit DepthGuard(Interpreter& interp);
    ~DepthGuard() { --interp_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Interpreter& interp_;
  };

  ScopePtr NewScope(ScopePtr parent);
  // A macro (or a call block's caller) closing over the current scope.
  Value MakeMacro(const std::shared_ptr<MacroDef>& def);
  bool OutputMacroCall(const Expr& e);
  Flow ExecBody(const Body& body);
  Flow ExecStmt(const Stmt& s);
  void ExecFor(const Stmt& s);
  void RunLoop(const Stmt& s, const Value& iterable, int depth0);
  void ExecCallBlock(const Stmt& s);
  void ExecInclude(const Stmt& s);
  void Assign(const Target& target, const Value& value);
  Value Eval(const Expr& e);
  Value EvalInner(const Expr& e);
  Value EvalCall(const Expr& e);
  Value EvalFilter(const Expr& e, const Value* input);
  bool EvalTest(const Expr& e);
  template <typename Fn>
  const Fn* Resolve(const Expr& e, const Fn* (Environment::*find)(const std::string&) const);
  void EvalArgs(const Args& args, CallArgs& out);
  std::string Capture(const Body& body);
  std::string CaptureScoped(const Body& body);
  void Write(std::string_view text);
  [[noreturn]] void Fail(TemplateErrorKind kind, const std::string& message, Pos pos);
  SourceLocation Where(Pos pos) const;
  // Gives an error the position of `pos` unless an inner expression already did.
  void Locate(TemplateError& error, Pos pos) const;
  std::vector<Value> EvalItems(const Expr& e);

  Environment& env_;
  const Dict& context_;
  const Dict* shared_;
  bool lenient_undefined_ = false;
  ScopePtr scope_;
  ScopePtr root_;
  std::string* out_ = nullptr;
  const TemplateAst* ast_ = nullptr;
  int depth_ = 0;
  bool direct_ = false;               // the next CallMacro renders into out_ (see OutputMacroCall)
  const char* stack_base_ = nullptr;  // where Render's frame is, to measure stack use
  size_t stack_budget_ = 0;
  // Called on every expression and statement, so kept to a compare.
  void CheckStack() const {
    char here;
    if (static_cast<size_t>(stack_base_ - &here) > stack_budget_) StackExhausted();
  }
  [[noreturn]] void StackExhausted() const;
  std::vector<std::weak_ptr<Scope>> closures_;  // scopes macros closed over (see ~Interpreter)
  // Blocks of the template being rendered, for {% block %} and extends.
  std::vector<std::map<std::string, const Stmt*>> block_chain_;

  friend class MacroObject;
  friend class LoopObject;
};

}  // namespace lakedev::jinja
