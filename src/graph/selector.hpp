// Node selection as dbt does it: --select/--exclude strings (space = union, comma =
// intersection, `+`/`n+`/`@` graph operators, method:value with fqn, tag, path, file,
// package, source, resource_type, config.<key>, test_type, test_name, version), and
// indirect selection of tests (eager, cautious, buildable, empty).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "manifest/manifest.hpp"

namespace lakedev::graph {

// The DAG over enabled nodes and sources, from depends_on.
class Graph {
 public:
  explicit Graph(const manifest::Manifest& manifest);
  const std::vector<std::string>& Parents(const std::string& id) const;
  const std::vector<std::string>& Children(const std::string& id) const;
  // Up to `depth` levels (negative: all).
  std::set<std::string> Ancestors(const std::set<std::string>& from, int depth) const;
  std::set<std::string> Descendants(const std::set<std::string>& from, int depth) const;
  const std::set<std::string>& ids() const { return ids_; }
  // A cycle's unique_ids in order (first repeated at the end), or empty when acyclic.
  std::vector<std::string> FindCycle() const;

 private:
  std::set<std::string> ids_;
  std::map<std::string, std::vector<std::string>> parents_;
  std::map<std::string, std::vector<std::string>> children_;
};

enum class Indirect { kEager, kCautious, kBuildable, kEmpty };

struct SelectionRequest {
  std::vector<std::string> select;  // each may hold several space-separated selectors
  std::vector<std::string> exclude;
  Indirect indirect = Indirect::kEager;
  std::string project_dir;  // where path: selectors are relative to
  // A selectors.yml definition (--selector); when set, select/exclude are not used.
  std::optional<jinja::Value> definition;
};

// The selected unique_ids, sorted. Throws Error(kUsage) on a malformed selector.
std::set<std::string> Select(const manifest::Manifest& manifest, const Graph& graph,
                             const SelectionRequest& request);

Indirect ParseIndirect(const std::string& text);

}  // namespace lakedev::graph
