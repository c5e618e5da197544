// Shape checks for configuration YAML that fail with file:line:column, the source line
// and a fix, so every config loader reports mistakes the same way.
#pragma once

#include <string>
#include <string_view>

#include "yaml/node.hpp"

namespace lakedev::project {

class YamlChecker {
 public:
  YamlChecker(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

  // An Error(kConfig) pointing at `node`.
  Error At(const yaml::Node& node, std::string message, std::string fix = {}) const;
  Error At(SourceLocation at, std::string message, std::string fix = {}) const;

  void Mapping(const yaml::Node& node, std::string_view what) const;
  // A string value; numbers and booleans are refused as dbt's schema refuses them.
  std::string String(const yaml::Node& node, std::string_view key) const;
  int64_t Int(const yaml::Node& node, std::string_view key) const;

 private:
  std::string_view text_;
  std::string file_;
};

}  // namespace lakedev::project
