// The jinja driver: renders template.jinja with context.json (if any) in-process, with
// the case directory as the template loader's root. Produces `output` (the text, or
// "!error <kind>: <message>" so a mismatch shows why) and `error` (the kind, or empty).
// Expectations come from Python Jinja2: see tests/cases/jinja/oracle.
#include "golden/case.hpp"
#include "jinja/environment.hpp"
#include "jinja/error.hpp"
#include "jinja/json.hpp"

namespace lakedev::golden {

Outputs RunJinjaCase(const Case& c) {
  Outputs out;
  try {
    jinja::Environment env;
    env.SetLoader([dir = c.dir](const std::string& name) -> std::optional<std::string> {
      std::filesystem::path p = dir / name;
      if (name.find("..") != std::string::npos || !std::filesystem::is_regular_file(p))
        return std::nullopt;
      return ReadText(p);
    });
    jinja::Dict context;
    if (std::filesystem::exists(c.dir / "context.json")) {
      context = jinja::FromJson(ReadText(c.dir / "context.json")).AsDict();
    }
    out["output"] = env.RenderString(ReadText(c.dir / "template.jinja"), context, "template.jinja");
    out["error"] = "";
  } catch (const jinja::TemplateError& e) {
    out["error"] = std::string(jinja::KindName(e.template_kind())) + "\n";
    out["output"] = "!error " + out["error"] + FormatError(e);
  }
  return out;
}

}  // namespace lakedev::golden
