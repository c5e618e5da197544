#include "parse/macro_deps.hpp"

#include <algorithm>
#include <functional>

#include "jinja/error.hpp"

namespace lakedev::parse {
using jinja::Expr;
using jinja::Stmt;

namespace {

// Calls a function on every expression of a macro body, nested ones included.
class Walker {
 public:
  explicit Walker(std::function<void(const Expr&)> visit) : visit_(std::move(visit)) {}

  void Body(const jinja::Body& body) {
    for (const auto& s : body)
      Statement(*s);
  }

 private:
  void Statement(const Stmt& s) {
    Expression(s.expr.get());
    Expression(s.filter_expr.get());
    for (const auto& c : s.conditions)
      Expression(c.get());
    for (const auto& b : s.bodies)
      Body(b);
    Body(s.body);
    Body(s.else_body);
    for (const auto& v : s.with_values)
      Expression(v.get());
    if (s.macro) {
      for (const auto& d : s.macro->defaults)
        Expression(d.get());
      Body(s.macro->body);
    }
  }

  void Expression(const Expr* e) {
    if (!e) return;
    visit_(*e);
    for (const auto& item : e->items)
      Expression(item.get());
    for (const auto& a : e->args.positional)
      Expression(a.get());
    for (const auto& [k, a] : e->args.keyword)
      Expression(a.get());
    Expression(e->args.star.get());
    Expression(e->args.star_star.get());
  }

  std::function<void(const Expr&)> visit_;
};

const std::string* ConstString(const Expr* e) {
  if (!e || e->kind != Expr::Kind::kConst || !e->value.IsString()) return nullptr;
  return &e->value.AsString();
}

// Names of the context that are not macros (dbt skips calls to them).
bool IsContextMember(const std::string& name) {
  static const char* const kMembers[] = {"source",
                                         "ref",
                                         "config",
                                         "env_var",
                                         "var",
                                         "return",
                                         "fromjson",
                                         "tojson",
                                         "fromyaml",
                                         "toyaml",
                                         "set",
                                         "set_strict",
                                         "zip",
                                         "zip_strict",
                                         "log",
                                         "print",
                                         "local_md5",
                                         "diff_of_two_dicts",
                                         "try_or_compiler_error"};
  return std::find(std::begin(kMembers), std::end(kMembers), name) != std::end(kMembers);
}

}  // namespace

void ResolveMacroDependencies(manifest::Manifest& manifest, context::MacroNamespaces& macros,
                              const project::DbtProject& root,
                              const std::vector<std::string>& package_names) {
  for (auto& [id, macro] : manifest.macros) {
    std::vector<std::string> calls;  // "name" or "package.name", first-seen order
    auto add = [&](const std::string& name) {
      if (std::find(calls.begin(), calls.end(), name) == calls.end()) calls.push_back(name);
    };
    context::AdapterObject adapter(&macros, &root, package_names, root.name);
    Walker walker([&](const Expr& e) {
      if (e.kind != Expr::Kind::kCall || e.items.empty()) return;
      const Expr& callee = *e.items[0];
      if (callee.kind == Expr::Kind::kName) {
        if (!IsContextMember(callee.name)) add(callee.name);
        return;
      }
      if (callee.kind != Expr::Kind::kGetAttr || callee.items.empty() ||
          callee.items[0]->kind != Expr::Kind::kName) {
        return;
      }
      const std::string& object = callee.items[0]->name;
      if (object != "adapter") {
        add(object + "." + callee.name);
        return;
      }
      if (callee.name != "dispatch") return;
      // adapter.dispatch('name'[, 'namespace']): the macro dispatch would pick.
      const std::string* name =
          ConstString(e.args.positional.empty() ? nullptr : e.args.positional[0].get());
      std::optional<std::string> ns;
      if (e.args.positional.size() > 1) {
        if (const std::string* s = ConstString(e.args.positional[1].get())) ns = *s;
      }
      for (const auto& [key, value] : e.args.keyword) {
        if (key == "macro_name" && ConstString(value.get())) name = ConstString(value.get());
        if (key == "macro_namespace" && ConstString(value.get())) ns = *ConstString(value.get());
      }
      if (!name) return;
      add(*name);
      try {
        jinja::Value found = adapter.Dispatch(*name, ns);
        const auto* fn = dynamic_cast<const context::MacroFunction*>(found.AsCallable().get());
        if (fn) add(fn->macro().package_name + "." + fn->macro().name);
      } catch (const jinja::TemplateError&) {
        // Nothing to dispatch to: the call fails when it runs, not here.
      }
    });
    walker.Body(macro->def->body);
    macro->depends_on_macros.clear();
    for (const auto& call : calls) {
      std::string package = macro->package_name;
      std::string name = call;
      if (auto dot = call.find('.'); dot != std::string::npos) {
        package = call.substr(0, dot);
        name = call.substr(dot + 1);
      }
      if (name == macro->name && package == macro->package_name) continue;
      const manifest::Macro* dep = package == macro->package_name ? macros.Resolve(package, name)
                                                                  : macros.Find(package, name);
      if (!dep && package == macro->package_name) dep = macros.FindInAnyPackage(name);
      if (dep && std::find(macro->depends_on_macros.begin(), macro->depends_on_macros.end(),
                           dep->unique_id) == macro->depends_on_macros.end()) {
        macro->depends_on_macros.push_back(dep->unique_id);
      }
    }
  }
}

}  // namespace lakedev::parse
