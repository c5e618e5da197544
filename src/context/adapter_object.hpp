// `adapter` in dbt's context: dispatch (dbt's search order over packages and adapter
// prefixes), quoting, and the calls that reach the database: these run on the node's
// Execution while it runs, and return nothing while parsing (as dbt's parse-time adapter).
#pragma once

#include "context/execution.hpp"
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

  // While a node runs: the database behind execute/get_relation/rename_relation/...
  void set_execution(Execution* execution) { execution_ = execution; }

  // adapter.dispatch(macro_name, macro_namespace): the macro it finds, or a compilation
  // error listing what was searched.
  jinja::Value Dispatch(const std::string& macro_name,
                        const std::optional<std::string>& macro_namespace) const;

 private:
  MacroNamespaces* macros_;
  const project::DbtProject* root_;
  std::vector<std::string> packages_;  // installed packages and the root project
  std::string package_;                // the package of the node being rendered
  Execution* execution_ = nullptr;
};

}  // namespace lakedev::context
