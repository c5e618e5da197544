// dbt macros as template callables, and the namespace a node's templates see: macros of
// the node's own package, then the root project's, then every package by name
// (`dbt_utils.star`), then `dbt` and the built-in macros — dbt-core's search order.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "jinja/value.hpp"
#include "manifest/manifest.hpp"

namespace lakedev::context {

// Called for every macro call, so parsing can record depends_on.macros.
class MacroCallObserver {
 public:
  virtual ~MacroCallObserver() = default;
  virtual void OnMacroCall(const manifest::Macro& macro) = 0;
};

class MacroFunction : public jinja::Callable {
 public:
  explicit MacroFunction(const manifest::Macro* macro) : macro_(macro) {}
  jinja::Value Call(jinja::Interpreter& interp, jinja::CallArgs& args) override;
  std::string Name() const override { return macro_->name; }
  std::string Repr() const override { return "<dbt macro " + macro_->unique_id + ">"; }
  const manifest::Macro& macro() const { return *macro_; }

  // The observer of the current thread's render (set by the renderer), or null.
  static MacroCallObserver*& Observer();

 private:
  const manifest::Macro* macro_;
};

// The internal package's name: dbt's built-in macros live in package "dbt".
inline constexpr const char* kInternalPackage = "dbt";

class MacroNamespaces {
 public:
  MacroNamespaces(const manifest::Manifest& manifest, std::string root_project,
                  std::string adapter_type);

  // The names a template rendered for a node of `package` sees (macros only; the
  // renderer layers the context's other members below them).
  const jinja::Dict& For(const std::string& package);

  // A macro by package and name (nullptr when absent).
  const manifest::Macro* Find(const std::string& package, const std::string& name) const;
  // `name` in any installed package other than dbt's (the first by package name).
  const manifest::Macro* FindInAnyPackage(const std::string& name) const;
  // The macro `name` as a node of `package` would resolve it (nullptr when absent).
  const manifest::Macro* Resolve(const std::string& package, const std::string& name) const;
  const std::string& adapter_type() const { return adapter_type_; }
  const std::string& root_project() const { return root_; }

 private:
  // package -> name -> macro
  std::map<std::string, std::map<std::string, const manifest::Macro*>> by_package_;
  std::map<std::string, std::unique_ptr<jinja::Dict>> namespaces_;
  std::string root_;
  std::string adapter_type_;
};

jinja::Value MacroValue(const manifest::Macro* macro);

}  // namespace lakedev::context
