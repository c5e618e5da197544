// `lakedev jinja render TEMPLATE [--context FILE]`: renders a template with plain Jinja
// (no dbt context), as Python Jinja2 would with dbt's settings. For testing and for
// seeing what the engine does with a snippet.
#include <cstdio>

#include "cli/commands.hpp"
#include "common/paths.hpp"
#include "jinja/environment.hpp"
#include "jinja/error.hpp"
#include "jinja/json.hpp"

namespace lakedev::cli {

namespace {

int RunJinja(const ParsedArgs& args) {
  const auto& pos = args.positionals();
  if (pos.size() != 2 || pos[0] != "render") {
    throw Error(ErrorKind::kUsage, "expected: lakedev jinja render TEMPLATE [--context FILE]", {},
                "TEMPLATE is a file path, or - for standard input");
  }
  std::string source;
  std::string name = pos[1];
  if (name == "-") {
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0)
      source.append(buf, n);
    name = "<stdin>";
  } else {
    source = ReadFile(name);
  }
  jinja::Dict context;
  if (auto ctx_file = args.Value("--context")) {
    jinja::Value ctx = jinja::FromJson(ReadFile(*ctx_file));
    if (!ctx.IsDict())
      throw Error(ErrorKind::kUsage, *ctx_file + ": the context must be a JSON object");
    context = ctx.AsDict();
  }
  jinja::Environment env;
  std::string dir = name.find('/') == std::string::npos ? "." : name.substr(0, name.rfind('/'));
  env.SetLoader([dir](const std::string& n) -> std::optional<std::string> {
    try {
      return ReadFile(JoinPath(dir, n));
    } catch (const Error&) {
      return std::nullopt;
    }
  });
  try {
    std::string out = env.RenderString(source, context, name);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kExitOk;
  } catch (const jinja::TemplateError& e) {
    std::string text = std::string(jinja::PythonName(e.template_kind())) + ": " + FormatError(e);
    std::fputs(text.c_str(), stderr);
    return kExitFailure;
  }
}

}  // namespace

Command JinjaCommand() {
  return {"jinja",
          "Render a template with plain Jinja: lakedev jinja render TEMPLATE [--context FILE]",
          {{"--context", "", "FILE", "JSON object whose keys become template variables"}},
          RunJinja,
          true};
}

}  // namespace lakedev::cli
