// Parses Jinja2 template syntax into a TemplateAst, with Jinja2's grammar and operator
// precedence (including its quirks: `-2**2` is 4, `-x|abs` filters `-x`).
#pragma once

#include <string>
#include <string_view>

#include "jinja/ast.hpp"

namespace lakedev::jinja {

// Throws TemplateError(kSyntax) with the template name, line and column.
std::unique_ptr<TemplateAst> Parse(std::string_view source, const std::string& template_name);

}  // namespace lakedev::jinja
