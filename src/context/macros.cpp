#include "context/macros.hpp"

#include "jinja/interpreter.hpp"

namespace lakedev::context {
using jinja::Value;

MacroCallObserver*& MacroFunction::Observer() {
  thread_local MacroCallObserver* observer = nullptr;
  return observer;
}

Value MacroFunction::Call(jinja::Interpreter& interp, jinja::CallArgs& args) {
  // dbt records the macros a node calls itself, not those its macros call in turn.
  thread_local int depth = 0;
  if (MacroCallObserver* o = Observer(); o && depth == 0) o->OnMacroCall(*macro_);
  struct Depth {
    Depth() { ++depth; }
    ~Depth() { --depth; }
  } guard;
  // A macro runs as dbt runs it: its own template module, the node's context around it.
  auto scope = std::make_shared<jinja::Scope>();
  return interp.CallMacro(macro_->def, scope, macro_->ast.get(), args,
                          Value::MakeUndefined("caller"));
}

Value MacroValue(const manifest::Macro* macro) {
  return Value::Func(std::make_shared<MacroFunction>(macro));
}

namespace {

// `dbt_utils.star`: a package's macros by attribute.
class PackageNamespace : public jinja::Object {
 public:
  explicit PackageNamespace(const std::map<std::string, const manifest::Macro*>* macros)
      : macros_(macros) {}
  std::string TypeName() const override { return "MacroNamespace"; }
  std::optional<Value> GetAttr(std::string_view name) override {
    auto it = macros_->find(std::string(name));
    if (it == macros_->end()) return std::nullopt;
    return MacroValue(it->second);
  }
  std::optional<Value> GetItem(const Value& key) override {
    if (!key.IsString()) return std::nullopt;
    return GetAttr(key.AsString());
  }
  std::string Repr() const override { return "<MacroNamespace>"; }

 private:
  const std::map<std::string, const manifest::Macro*>* macros_;
};

}  // namespace

MacroNamespaces::MacroNamespaces(const manifest::Manifest& manifest, std::string root_project,
                                 std::string adapter_type)
    : root_(std::move(root_project)), adapter_type_(std::move(adapter_type)) {
  for (const auto& [id, macro] : manifest.macros) {
    by_package_[macro->package_name][macro->name] = macro.get();
  }
}

const manifest::Macro* MacroNamespaces::Find(const std::string& package,
                                             const std::string& name) const {
  auto p = by_package_.find(package);
  if (p == by_package_.end()) return nullptr;
  auto m = p->second.find(name);
  return m == p->second.end() ? nullptr : m->second;
}

const manifest::Macro* MacroNamespaces::Resolve(const std::string& package,
                                                const std::string& name) const {
  if (const auto* m = Find(package, name)) return m;
  if (const auto* m = Find(root_, name)) return m;
  return Find(kInternalPackage, name);
}

const jinja::Dict& MacroNamespaces::For(const std::string& package) {
  auto it = namespaces_.find(package);
  if (it != namespaces_.end()) return *it->second;
  auto ns = std::make_unique<jinja::Dict>();
  // Lowest precedence first; later Set()s override.
  auto add_all = [&](const std::string& pkg) {
    auto p = by_package_.find(pkg);
    if (p == by_package_.end()) return;
    for (const auto& [name, macro] : p->second)
      ns->Set(Value::String(name), MacroValue(macro));
  };
  add_all(kInternalPackage);
  if (auto internal = by_package_.find(kInternalPackage); internal != by_package_.end()) {
    ns->Set(Value::String(kInternalPackage),
            Value::Obj(std::make_shared<PackageNamespace>(&internal->second)));
  }
  for (const auto& [pkg, macros] : by_package_) {
    if (pkg == kInternalPackage) continue;
    ns->Set(Value::String(pkg), Value::Obj(std::make_shared<PackageNamespace>(&macros)));
  }
  add_all(root_);
  if (package != root_) add_all(package);
  const jinja::Dict& ref = *ns;
  namespaces_[package] = std::move(ns);
  return ref;
}

}  // namespace lakedev::context

namespace lakedev::context {

const manifest::Macro* MacroNamespaces::FindInAnyPackage(const std::string& name) const {
  for (const auto& [package, macros] : by_package_) {
    if (package == kInternalPackage) continue;
    auto it = macros.find(name);
    if (it != macros.end()) return it->second;
  }
  return nullptr;
}

}  // namespace lakedev::context
