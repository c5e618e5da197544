// libFuzzer target: parse and render arbitrary template text with a small context and a
// loader that serves a few templates (including ones that include themselves). Any
// TemplateError is fine; a crash, leak, hang or sanitizer report is a bug.
//   make fuzz FUZZ_SECONDS=600     (clang + libFuzzer + ASan/UBSan; corpus in corpus/jinja)
#include <cstdint>
#include <string>

#include "jinja/environment.hpp"
#include "jinja/error.hpp"
#include "jinja/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const lakedev::jinja::Value context = lakedev::jinja::FromJson(
      R"({"x": 3, "s": "Hello, World", "l": [3, 1, 2], "d": {"k": 1, "z": "v"}, "n": null})");
  lakedev::jinja::Environment env;
  env.limits().max_output_bytes = 1 << 20;
  env.limits().max_range = 1000;
  env.limits().max_call_depth = 60;
  env.SetLoader([](const std::string& name) -> std::optional<std::string> {
    if (name == "self") return std::string("{% include 'self' %}");
    if (name == "m") return std::string("{% macro f(a) %}[{{ a }}]{% endmacro %}{% set v = 1 %}");
    if (name == "base") return std::string("<{% block b %}base{% endblock %}>");
    if (name == "loop") return std::string("{% extends 'loop' %}");
    return std::nullopt;
  });
  std::string source(reinterpret_cast<const char*>(data), size);
  try {
    env.RenderString(source, context.AsDict(), "fuzz");
  } catch (const lakedev::jinja::TemplateError&) {
  }
  return 0;
}
