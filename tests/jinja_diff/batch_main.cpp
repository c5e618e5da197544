// Renders many templates in one process for the differential test: reads JSON lines
// {"template": ..., "context": {...}} on stdin, writes one JSON line per template:
// {"output": ...} or {"error": "<kind>", "message": ...}.
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "jinja/environment.hpp"
#include "jinja/error.hpp"
#include "jinja/json.hpp"

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    nlohmann::json in = nlohmann::json::parse(line);
    nlohmann::json out;
    try {
      lakedev::jinja::Environment env;
      lakedev::jinja::Dict context;
      if (in.contains("context")) context = lakedev::jinja::FromJson(in["context"].dump()).AsDict();
      out["output"] = env.RenderString(in["template"].get<std::string>(), context);
    } catch (const lakedev::jinja::TemplateError& e) {
      out["error"] = lakedev::jinja::KindName(e.template_kind());
      out["message"] = e.message();
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  return 0;
}
