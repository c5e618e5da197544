// `model` in dbt's context: the node being rendered, its fields readable as attributes
// or items (model.config.materialized, model['unique_id']).
#pragma once

#include "jinja/value.hpp"
#include "manifest/manifest.hpp"

namespace lakedev::context {

class NodeObject : public jinja::Object {
 public:
  explicit NodeObject(const manifest::Node* node) : node_(node) {}
  std::string TypeName() const override { return "ModelNode"; }
  std::optional<jinja::Value> GetAttr(std::string_view name) override;
  std::optional<jinja::Value> GetItem(const jinja::Value& key) override;
  std::string Repr() const override;

 private:
  const manifest::Node* node_;
};

// A list of strings as a template list.
jinja::Value StringList(const std::vector<std::string>& items);

}  // namespace lakedev::context
