// Host objects the engine itself provides: macros, loop, namespace, cycler, joiner,
// template modules, and bound methods of built-in values.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "jinja/ast.hpp"
#include "jinja/interpreter.hpp"
#include "jinja/value.hpp"

namespace lakedev::jinja {

class MacroObject : public Object {
 public:
  MacroObject(std::shared_ptr<MacroDef> def, ScopePtr closure, const TemplateAst* owner)
      : def_(std::move(def)), closure_(std::move(closure)), owner_(owner) {}
  std::string TypeName() const override { return "Macro"; }
  std::optional<Value> GetAttr(std::string_view name) override;
  std::optional<Value> Call(Interpreter& interp, CallArgs& args) override;
  std::string Repr() const override { return "<Macro '" + def_->name + "'>"; }
  const MacroDef& def() const { return *def_; }

 private:
  std::shared_ptr<MacroDef> def_;
  ScopePtr closure_;
  const TemplateAst* owner_;
};

class NamespaceObject : public Object {
 public:
  std::string TypeName() const override { return "Namespace"; }
  std::optional<Value> GetAttr(std::string_view name) override;
  bool SetAttr(std::string_view name, const Value& value) override;
  std::string Repr() const override;
  Dict attrs;
};

// A template imported with {% import %}: its top-level variables and macros.
class ModuleObject : public Object {
 public:
  ModuleObject(std::string name, ScopePtr scope, std::shared_ptr<const TemplateAst> ast)
      : name_(std::move(name)), scope_(std::move(scope)), ast_(std::move(ast)) {}
  std::string TypeName() const override { return "TemplateModule"; }
  std::optional<Value> GetAttr(std::string_view name) override;
  std::string Repr() const override { return "<TemplateModule '" + name_ + "'>"; }
  std::string Str() const override { return body_; }
  std::string body_;

 private:
  std::string name_;
  ScopePtr scope_;
  std::shared_ptr<const TemplateAst> ast_;  // keeps the macros' definitions alive
};

class LoopObject : public Object, public std::enable_shared_from_this<LoopObject> {
 public:
  LoopObject(std::shared_ptr<const std::vector<Value>> items, int depth0, const Stmt* stmt)
      : items_(std::move(items)), depth0_(depth0), stmt_(stmt) {}
  std::string TypeName() const override { return "LoopContext"; }
  std::optional<Value> GetAttr(std::string_view name) override;
  std::optional<Value> Call(Interpreter& interp, CallArgs& args) override;
  std::string Repr() const override {
    return "<LoopContext " + std::to_string(index_ + 1) + "/" + std::to_string(items_->size()) +
           ">";
  }
  size_t index_ = 0;

 private:
  std::shared_ptr<const std::vector<Value>> items_;
  int depth0_;
  const Stmt* stmt_;
  std::optional<std::vector<Value>> last_changed_;
};

class CyclerObject : public Object, public std::enable_shared_from_this<CyclerObject> {
 public:
  explicit CyclerObject(std::vector<Value> items) : items_(std::move(items)) {}
  std::string TypeName() const override { return "Cycler"; }
  std::optional<Value> GetAttr(std::string_view name) override;
  std::string Repr() const override { return "<Cycler>"; }

 private:
  std::vector<Value> items_;
  size_t pos_ = 0;
};

class JoinerObject : public Object {
 public:
  explicit JoinerObject(std::string sep) : sep_(std::move(sep)) {}
  std::string TypeName() const override { return "Joiner"; }
  std::optional<Value> Call(Interpreter& interp, CallArgs& args) override;

 private:
  std::string sep_;
  bool used_ = false;
};

// A built-in function implemented in C++.
class NativeFunction : public Callable {
 public:
  using Fn = std::function<Value(Interpreter&, CallArgs&)>;
  NativeFunction(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}
  Value Call(Interpreter& interp, CallArgs& args) override { return fn_(interp, args); }
  std::string Name() const override { return name_; }
  std::string Repr() const override { return "<built-in function " + name_ + ">"; }

 private:
  std::string name_;
  Fn fn_;
};

// A template value calling `fn` (a host's built-in function or bound method).
inline Value MakeFunction(std::string name, NativeFunction::Fn fn) {
  return Value::Func(std::make_shared<NativeFunction>(std::move(name), std::move(fn)));
}

}  // namespace lakedev::jinja
