#include "project/yaml_value.hpp"

namespace lakedev::project {

jinja::Value ToValue(const yaml::Node& node) {
  using jinja::Value;
  switch (node.kind()) {
    case yaml::NodeKind::kNull:
      return Value::MakeNone();
    case yaml::NodeKind::kBool:
      return Value::Bool(node.AsBool());
    case yaml::NodeKind::kInt:
      return Value::Int(node.AsInt());
    case yaml::NodeKind::kFloat:
      return Value::Float(node.AsFloat());
    case yaml::NodeKind::kString:
    case yaml::NodeKind::kTimestamp:
      return Value::String(node.AsString());
    case yaml::NodeKind::kSequence: {
      std::vector<Value> items;
      items.reserve(node.items().size());
      for (const auto& item : node.items())
        items.push_back(ToValue(item));
      return Value::List(std::move(items));
    }
    case yaml::NodeKind::kMapping: {
      Value dict = Value::MakeDict();
      for (const auto& [k, v] : node.entries())
        dict.AsDict().Set(ToValue(k), ToValue(v));
      return dict;
    }
  }
  return Value::MakeNone();
}

}  // namespace lakedev::project
