// `adapter` in dbt's context, as far as compiling needs it: dispatch (dbt's search order
// over packages and adapter prefixes), quote, and the introspection calls that return
// nothing until a database is attached (as dbt's parse-time adapter does).
#pragma once

#include "context/macros.hpp"
#include "project/dbt_project.hpp"

namespace lakedev::context {

class AdapterObject : public jinja::Object {
 public:
  AdapterObject(MacroNamespaces* macros, const project::DbtProject* root,
                std::vector<std::string> package_names, std::string package)
      : macros_(macros),
        root_(root),
        packages_(std::move(package_names)),
        package_(std::move(package)) {}
  std::string TypeName() const override { return "DuckDBAdapter"; }
  std::optional<jinja::Value> GetAttr(std::string_view name) override;
  std::string Repr() const override { return "<DuckDBAdapter>"; }

  // adapter.dispatch(macro_name, macro_namespace): the macro it finds, or a compilation
  // error listing what was searched.
  jinja::Value Dispatch(const std::string& macro_name,
                        const std::optional<std::string>& macro_namespace) const;

 private:
  MacroNamespaces* macros_;
  const project::DbtProject* root_;
  std::vector<std::string> packages_;  // installed packages and the root project
  std::string package_;                // the package of the node being rendered
};

}  // namespace lakedev::context
