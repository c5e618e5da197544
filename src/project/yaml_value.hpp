// YAML nodes as template values: what dbt's Jinja sees of YAML it loaded (vars, meta,
// config values, test arguments).
#pragma once

#include "jinja/value.hpp"
#include "yaml/node.hpp"

namespace lakedev::project {

// Mappings become dicts (key order kept), sequences lists, scalars their Python values.
// Timestamps stay their text (PyYAML would give date/datetime objects).
jinja::Value ToValue(const yaml::Node& node);

}  // namespace lakedev::project
