// Parses Jinja2 template syntax into a TemplateAst, with Jinja2's grammar and operator
// precedence (including its quirks: `-2**2` is 4, `-x|abs` filters `-x`).
#pragma once

#include <string>
#include <string_view>

#include "jinja/ast.hpp"

namespace lakedev::jinja {

struct ParseOptions {
  // dbt's extensions: {% test name(args) %}, {% materialization name, adapter='x' %} and
  // {% docs name %} define macros named test_<name>, materialization_<name>_<adapter>
  // (with a `supported_languages=['sql']` parameter) and docs_<name>.
  bool dbt_tags = false;
};

// Throws TemplateError(kSyntax) with the template name, line and column.
std::unique_ptr<TemplateAst> Parse(std::string_view source, const std::string& template_name,
                                   ParseOptions options = {});

}  // namespace lakedev::jinja
