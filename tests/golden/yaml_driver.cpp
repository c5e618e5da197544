// The yaml driver: parses input.yml as dbt would (PyYAML SafeLoader) and prints Python's
// repr() of the result, or "!error" when the YAML is refused. The expectations come from
// PyYAML itself: see tests/cases/yaml/oracle.
#include "golden/case.hpp"
#include "yaml/parse.hpp"

namespace lakedev::golden {

Outputs RunYamlCase(const Case& c) {
  Outputs out;
  try {
    out["repr"] = yaml::Parse(ReadText(c.dir / "input.yml"), "input.yml").Repr() + "\n";
  } catch (const Error&) {
    out["repr"] = "!error\n";
  }
  return out;
}

}  // namespace lakedev::golden
