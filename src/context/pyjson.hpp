// Python's json.dumps / json.loads as dbt's tojson/fromjson use them (ensure_ascii, ", "
// and ": " separators, keys in insertion order unless sorted).
#pragma once

#include <string>

#include "jinja/value.hpp"

namespace lakedev::context {

std::string PyJsonDumps(const jinja::Value& value, bool sort_keys = false);

}  // namespace lakedev::context
