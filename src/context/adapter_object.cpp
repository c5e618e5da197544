#include "context/adapter_object.hpp"

#include <algorithm>

#include "jinja/error.hpp"
#include "jinja/objects.hpp"

namespace lakedev::context {
using jinja::CallArgs;
using jinja::Interpreter;
using jinja::NativeFunction;
using jinja::Value;

namespace {}  // namespace

Value AdapterObject::Dispatch(const std::string& macro_name,
                              const std::optional<std::string>& macro_namespace) const {
  // Which packages to search: the root project's dispatch config for the namespace; else
  // the root project then the namespace when it names a loaded project (the root, a
  // package, dbt itself); else the node's own search order (nullopt).
  std::vector<std::optional<std::string>> search{std::nullopt};
  if (macro_namespace) {
    const project::DispatchEntry* config = nullptr;
    for (const auto& d : root_->dispatch) {
      if (d.macro_namespace == *macro_namespace) config = &d;
    }
    bool loaded =
        *macro_namespace == kInternalPackage ||
        std::find(packages_.begin(), packages_.end(), *macro_namespace) != packages_.end();
    if (config) {
      search.assign(config->search_order.begin(), config->search_order.end());
    } else if (loaded) {
      search = {root_->name, *macro_namespace};
    }
  }
  std::vector<std::string> prefixes;
  if (!macros_->adapter_type().empty()) prefixes.push_back(macros_->adapter_type());
  prefixes.push_back("default");
  std::string attempts;
  for (const auto& package : search) {
    for (const auto& prefix : prefixes) {
      std::string name = prefix + "__" + macro_name;
      const manifest::Macro* found =
          package ? macros_->Find(*package, name) : macros_->Resolve(package_, name);
      if (!attempts.empty()) attempts += ", ";
      attempts += "'" + (package ? *package + "." : std::string()) + name + "'";
      if (found) return MacroValue(found);
    }
  }
  throw jinja::TemplateError(
      jinja::TemplateErrorKind::kAssertion,
      "In dispatch: No macro named '" + macro_name + "' found within namespace: '" +
          (macro_namespace ? *macro_namespace : "None") + "'\n    Searched for: " + attempts);
}

std::optional<Value> AdapterObject::GetAttr(std::string_view name) {
  AdapterObject* self = this;
  if (name == "dispatch") {
    return jinja::MakeFunction("dispatch", [self](Interpreter&, CallArgs& a) {
      auto macro_name = a.Take(0, "macro_name");
      if (!macro_name) jinja::ThrowTypeError("dispatch() missing required argument 'macro_name'");
      auto ns = a.Take(1, "macro_namespace");
      a.Take(2, "packages");
      a.ExpectNoMore("dispatch");
      std::optional<std::string> namespace_;
      if (ns && !ns->IsNone()) namespace_ = ns->Str();
      return self->Dispatch(macro_name->Str(), namespace_);
    });
  }
  if (name == "quote") {
    return jinja::MakeFunction("quote", [](Interpreter&, CallArgs& a) {
      std::string id = a.Take(0, "identifier").value_or(Value::String("")).Str();
      a.ExpectNoMore("quote");
      return Value::String("\"" + id + "\"");
    });
  }
  if (name == "type") {
    std::string type = macros_->adapter_type();
    return jinja::MakeFunction("type", [type](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("type");
      return Value::String(type);
    });
  }
  if (name == "get_relation" || name == "load_relation") {
    return jinja::MakeFunction("get_relation", [](Interpreter&, CallArgs& a) {
      a.positional.clear();
      a.keyword.clear();
      return Value::MakeNone();
    });
  }
  if (name == "get_columns_in_relation" || name == "list_relations_without_caching") {
    return jinja::MakeFunction("get_columns_in_relation", [](Interpreter&, CallArgs& a) {
      a.positional.clear();
      a.keyword.clear();
      return Value::List();
    });
  }
  return std::nullopt;
}

}  // namespace lakedev::context
