// The macros a macro may call, found statically as dbt-core finds them (every call in its
// body: `name(...)`, `package.name(...)`, and for `adapter.dispatch('name', 'namespace')`
// the macro dispatch picks), recorded in the manifest as its depends_on.macros.
#pragma once

#include "context/adapter_object.hpp"
#include "manifest/manifest.hpp"

namespace lakedev::parse {

// Fills depends_on_macros of every macro of `manifest`.
void ResolveMacroDependencies(manifest::Manifest& manifest, context::MacroNamespaces& macros,
                              const project::DbtProject& root,
                              const std::vector<std::string>& package_names);

}  // namespace lakedev::parse
