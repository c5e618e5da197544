// JSON text to template values (objects keep their key order, as Python's json.loads).
#pragma once

#include <string_view>

#include "jinja/value.hpp"

namespace lakedev::jinja {

// Throws TemplateError(kValue) with the position on invalid JSON.
Value FromJson(std::string_view text);

}  // namespace lakedev::jinja
