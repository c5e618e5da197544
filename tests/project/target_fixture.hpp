// A profiles.yml target made from the YAML of its output, for tests of code that reads
// targets (adapter credentials, iceberg_sources).
#pragma once

#include <string>

#include "project/profiles.hpp"
#include "yaml/parse.hpp"

namespace lakedev::project {

inline Target TargetFromYaml(const std::string& text, const std::string& name = "dev") {
  Target t;
  t.name = name;
  t.type = "duckdb";
  t.file = "profiles.yml";
  t.text = text;
  t.fields = yaml::Parse(text, "profiles.yml");
  return t;
}

}  // namespace lakedev::project
