#include "project/yaml_checks.hpp"

namespace lakedev::project {

Error YamlChecker::At(const yaml::Node& node, std::string message, std::string fix) const {
  return At(node.where(), std::move(message), std::move(fix));
}

Error YamlChecker::At(SourceLocation at, std::string message, std::string fix) const {
  if (at.file.empty()) at.file = file_;
  Error e(ErrorKind::kConfig, std::move(message), at, std::move(fix));
  e.WithSourceLine(LineOf(text_, at.line));
  return e;
}

void YamlChecker::Mapping(const yaml::Node& node, std::string_view what) const {
  if (node.IsMapping()) return;
  if (node.IsNull()) throw At(node, std::string(what) + " is empty", "it must be a YAML mapping");
  throw At(node, std::string(what) + " must be a mapping of keys to values, not a " +
                     std::string(node.TypeName()));
}

std::string YamlChecker::String(const yaml::Node& node, std::string_view key) const {
  if (node.IsString()) return node.AsString();
  throw At(node,
           "'" + std::string(key) + "' must be a string, not " + std::string(node.TypeName()) +
               " " + node.ScalarText(),
           "put the value in quotes");
}

int64_t YamlChecker::Int(const yaml::Node& node, std::string_view key) const {
  if (node.kind() == yaml::NodeKind::kInt) return node.AsInt();
  throw At(node, "'" + std::string(key) + "' must be an integer, not " +
                     std::string(node.TypeName()) + " " + node.ScalarText());
}

}  // namespace lakedev::project
