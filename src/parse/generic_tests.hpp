// Generic test nodes from properties files (`data_tests:` of models, seeds, snapshots,
// sources and their columns), named, hashed and configured exactly as dbt-core does:
// arguments sorted by name and flattened into the name, names of 64+ characters
// shortened with an md5, unique_ids hashed over the test's metadata.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "manifest/manifest.hpp"
#include "parse/parser.hpp"
#include "parse/properties.hpp"

namespace lakedev::parse {

class GenericTestBuilder {
 public:
  // `finish` resolves a new test node's config from its builder config (the test
  // entry's config arguments) and the config() calls its macro made, then names its
  // relation.
  using Finish = std::function<void(manifest::Node&, jinja::DictPtr builder_config,
                                    jinja::DictPtr sql_config, jinja::DictPtr unrendered_sql)>;
  GenericTestBuilder(ParsedProject& project, Finish finish)
      : p_(project), finish_(std::move(finish)) {}

  void AddFromProperties(const project::DbtProject& project, const PropertiesFile& file,
                         const std::map<std::string, std::unique_ptr<manifest::Node>>& nodes);
  std::vector<std::unique_ptr<manifest::Node>> TakeNodes() { return std::move(nodes_); }

 private:
  struct Target;
  void Build(const project::DbtProject& project, const PropertiesFile& file, const Target& target,
             const TestSpec& spec);

  ParsedProject& p_;
  Finish finish_;
  std::vector<std::unique_ptr<manifest::Node>> nodes_;
  std::map<std::string, const manifest::Node*> by_id_;
  std::map<std::string, std::shared_ptr<const jinja::TemplateAst>> asts_;  // by raw_code
};

// The name dbt gives a generic test: "<type>_<target>_<flattened args>" (type prefixed by
// "source_" for sources and "<namespace>_" when namespaced), and the shortened name used
// for its file and alias when that is 64 characters or more.
struct TestName {
  std::string full;
  std::string short_name;
};
TestName GenericTestName(const std::string& test_type, const std::string& target,
                         const jinja::Dict& args);

}  // namespace lakedev::parse
