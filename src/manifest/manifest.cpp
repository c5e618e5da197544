#include "manifest/manifest.hpp"

#include <algorithm>

namespace lakedev::manifest {

std::string_view ResourceTypeName(ResourceType type) {
  switch (type) {
    case ResourceType::kModel:
      return "model";
    case ResourceType::kSeed:
      return "seed";
    case ResourceType::kSnapshot:
      return "snapshot";
    case ResourceType::kTest:
      return "test";
    case ResourceType::kAnalysis:
      return "analysis";
    case ResourceType::kOperation:
      return "operation";
    case ResourceType::kUnitTest:
      return "unit_test";
    case ResourceType::kSource:
      return "source";
    case ResourceType::kMacro:
      return "macro";
  }
  return "model";
}

void Manifest::BuildMaps() {
  parent_map.clear();
  child_map.clear();
  for (const auto& [id, node] : nodes) {
    parent_map[id];
    child_map[id];
  }
  for (const auto& [id, source] : sources) {
    parent_map[id];
    child_map[id];
  }
  for (const auto& [id, e] : exposures) {
    parent_map[id] = e->depends_on_nodes;
    child_map[id];
    for (const auto& parent : e->depends_on_nodes)
      child_map[parent].push_back(id);
  }
  for (const auto& [id, node] : nodes) {
    for (const auto& parent : node->depends_on_nodes) {
      parent_map[id].push_back(parent);
      child_map[parent].push_back(id);
    }
  }
  for (auto* map : {&parent_map, &child_map}) {
    for (auto& [id, list] : *map) {
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
    }
  }
}

void Manifest::IndexIfChanged() const {
  if (indexed_nodes_ != nodes.size()) {
    refable_by_name_.clear();
    for (const auto& [id, node] : nodes) {
      if (node->resource_type == ResourceType::kModel ||
          node->resource_type == ResourceType::kSeed ||
          node->resource_type == ResourceType::kSnapshot) {
        refable_by_name_[node->name].push_back(node.get());
      }
    }
    indexed_nodes_ = nodes.size();
  }
  if (indexed_sources_ != sources.size()) {
    source_by_name_.clear();
    for (const auto& [id, s] : sources)
      source_by_name_[{s->source_name, s->name}] = s.get();
    indexed_sources_ = sources.size();
  }
}

const Node* Manifest::ResolveRef(const std::string& from_package, const RefCall& ref) const {
  IndexIfChanged();
  auto candidates = refable_by_name_.find(ref.name);
  if (candidates == refable_by_name_.end()) return nullptr;
  std::vector<std::optional<std::string>> packages;
  if (ref.package) {
    packages = {*ref.package};
  } else if (from_package == root_project) {
    packages = {root_project, std::nullopt};
  } else {
    packages = {root_project, from_package, std::nullopt};
  }
  for (const auto& pkg : packages) {
    const Node* latest = nullptr;
    for (const Node* node : candidates->second) {  // in unique_id order, as nodes are
      if (pkg && node->package_name != *pkg) continue;
      if (!node->version) return node;
      // A versioned model: the version asked for, else the latest.
      if (ref.version ? *node->version == *ref.version
                      : node->latest_version && *node->version == *node->latest_version) {
        latest = node;
      }
    }
    if (latest) return latest;
  }
  return nullptr;
}

const Source* Manifest::FindSource(const std::string& source_name, const std::string& table) const {
  IndexIfChanged();
  auto it = source_by_name_.find({source_name, table});
  return it == source_by_name_.end() ? nullptr : it->second;
}

}  // namespace lakedev::manifest
