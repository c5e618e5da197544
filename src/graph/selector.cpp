#include "graph/selector.hpp"

#include <fnmatch.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <regex>
#include <sstream>

#include "common/error.hpp"

namespace lakedev::graph {
namespace fs = std::filesystem;
using jinja::Value;
using manifest::Manifest;
using manifest::Node;
using manifest::ResourceType;

Graph::Graph(const Manifest& m) {
  for (const auto& [id, n] : m.nodes) {
    ids_.insert(id);
    parents_[id];
    children_[id];
  }
  for (const auto& [id, s] : m.sources) {
    if (!s->enabled) continue;
    ids_.insert(id);
    parents_[id];
    children_[id];
  }
  for (const auto& [id, e] : m.exposures) {
    ids_.insert(id);
    parents_[id];
    children_[id];
  }
  auto link = [&](const std::string& id, const std::vector<std::string>& deps) {
    for (const auto& p : deps) {
      if (!ids_.count(p)) continue;
      parents_[id].push_back(p);
      children_[p].push_back(id);
    }
  };
  for (const auto& [id, n] : m.nodes)
    link(id, n->depends_on_nodes);
  for (const auto& [id, e] : m.exposures)
    link(id, e->depends_on_nodes);
}

const std::vector<std::string>& Graph::Parents(const std::string& id) const {
  static const std::vector<std::string> none;
  auto it = parents_.find(id);
  return it == parents_.end() ? none : it->second;
}

const std::vector<std::string>& Graph::Children(const std::string& id) const {
  static const std::vector<std::string> none;
  auto it = children_.find(id);
  return it == children_.end() ? none : it->second;
}

namespace {

std::set<std::string> Walk(
    const std::set<std::string>& from, int depth,
    const std::function<const std::vector<std::string>&(const std::string&)>& next) {
  std::set<std::string> out;
  std::vector<std::string> frontier(from.begin(), from.end());
  for (int level = 0; !frontier.empty() && (depth < 0 || level < depth); ++level) {
    std::vector<std::string> following;
    for (const auto& id : frontier) {
      for (const auto& n : next(id)) {
        if (out.insert(n).second) following.push_back(n);
      }
    }
    frontier = std::move(following);
  }
  return out;
}

}  // namespace

std::set<std::string> Graph::Ancestors(const std::set<std::string>& from, int depth) const {
  return Walk(from, depth, [this](const std::string& id) -> const std::vector<std::string>& {
    return Parents(id);
  });
}

std::set<std::string> Graph::Descendants(const std::set<std::string>& from, int depth) const {
  return Walk(from, depth, [this](const std::string& id) -> const std::vector<std::string>& {
    return Children(id);
  });
}

std::vector<std::string> Graph::FindCycle() const {
  enum State { kNew, kActive, kDone };
  std::map<std::string, State> state;
  std::vector<std::string> stack;
  std::vector<std::string> cycle;
  std::function<bool(const std::string&)> visit = [&](const std::string& id) {
    state[id] = kActive;
    stack.push_back(id);
    for (const auto& c : Children(id)) {
      if (state[c] == kActive) {
        auto start = std::find(stack.begin(), stack.end(), c);
        cycle.assign(start, stack.end());
        cycle.push_back(c);
        return true;
      }
      if (state[c] == kNew && visit(c)) return true;
    }
    stack.pop_back();
    state[id] = kDone;
    return false;
  };
  for (const auto& id : ids_) {
    if (state[id] == kNew && visit(id)) return cycle;
  }
  return {};
}

Indirect ParseIndirect(const std::string& text) {
  if (text == "eager") return Indirect::kEager;
  if (text == "cautious") return Indirect::kCautious;
  if (text == "buildable") return Indirect::kBuildable;
  if (text == "empty") return Indirect::kEmpty;
  throw Error(ErrorKind::kUsage, "invalid --indirect-selection '" + text + "'", {},
              "use one of eager, cautious, buildable, empty");
}

namespace {

bool Match(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep))
    out.push_back(part);
  return out;
}

// dbt's fqn matching: the leaf name, a dotted prefix of the fqn, or a wildcard pattern.
bool FqnSelected(const std::vector<std::string>& fqn, const std::string& selector, bool versioned) {
  if (fqn.empty()) return false;
  std::vector<std::string> sel = Split(selector, '.');
  if (versioned) {
    if (fqn.size() >= 2 && fqn[fqn.size() - 2] == selector) return true;
    if (fqn.size() >= 2 && sel.size() >= 2 &&
        fqn[fqn.size() - 2] + "_" + fqn.back() == sel[sel.size() - 2] + "_" + sel.back()) {
      return true;
    }
  } else if (fqn.back() == selector) {
    return true;
  }
  std::vector<std::string> flat;
  for (const auto& seg : fqn) {
    for (const auto& part : Split(seg, '.'))
      flat.push_back(part);
  }
  if (flat.size() < sel.size()) return false;
  for (size_t i = 0; i < sel.size(); ++i) {
    if (sel[i].find_first_of("*?[]") != std::string::npos) {
      std::string rest_fqn, rest_sel;
      for (size_t k = i; k < flat.size(); ++k)
        rest_fqn += (k > i ? "." : "") + flat[k];
      for (size_t k = i; k < sel.size(); ++k)
        rest_sel += (k > i ? "." : "") + sel[k];
      if (Match(rest_sel, rest_fqn)) return true;
      if (selector.find('.') == std::string::npos) {
        return Match(selector, versioned ? fqn[fqn.size() - 2] : fqn.back());
      }
      return false;
    }
    if (flat[i] != sel[i]) return false;
  }
  return true;
}

struct Atom {
  bool childrens_parents = false;
  bool parents = false;
  int parents_depth = -1;
  bool children = false;
  int children_depth = -1;
  std::string method;
  std::vector<std::string> method_args;
  std::string value;
};

Atom ParseAtom(const std::string& raw) {
  static const std::regex re(R"(^(@)?((\d*)\+)?(([\w.]+):)?(.*?)(\+(\d*))?$)");
  std::smatch m;
  if (!std::regex_match(raw, m, re)) {
    throw Error(ErrorKind::kUsage, "invalid selector '" + raw + "'");
  }
  Atom a;
  a.childrens_parents = m[1].matched;
  a.parents = m[2].matched;
  if (m[3].matched && m[3].length() > 0) a.parents_depth = std::stoi(m[3].str());
  a.children = m[7].matched;
  if (m[8].matched && m[8].length() > 0) a.children_depth = std::stoi(m[8].str());
  a.value = m[6].str();
  if (m[5].matched) {
    std::vector<std::string> parts = Split(m[5].str(), '.');
    a.method = parts[0];
    a.method_args.assign(parts.begin() + 1, parts.end());
  } else if (a.value.find('/') != std::string::npos) {
    a.method = "path";
  } else if (a.value.size() > 4 &&
             (a.value.ends_with(".sql") || a.value.ends_with(".py") || a.value.ends_with(".csv"))) {
    a.method = "file";
  } else {
    a.method = "fqn";
  }
  if (a.childrens_parents && (a.parents || a.children)) {
    throw Error(ErrorKind::kUsage,
                "Invalid node spec '" + raw + "' - \"@\" prefix and \"+\" suffix are incompatible");
  }
  return a;
}

// What selector methods look at, for nodes, sources and exposures alike.
struct Item {
  std::string id;
  std::string resource_type;
  const Node* node = nullptr;
  const manifest::Source* source = nullptr;
  const manifest::Exposure* exposure = nullptr;
  std::string name;
  std::string package;
  std::string original_file_path;
  std::optional<std::string> patch_path;
  const std::vector<std::string>* fqn = nullptr;
  const std::vector<std::string>* tags = nullptr;
  jinja::DictPtr config;
};

std::vector<Item> Items(const Manifest& m) {
  std::vector<Item> out;
  for (const auto& [id, n] : m.nodes) {
    out.push_back({id, std::string(ResourceTypeName(n->resource_type)), n.get(), nullptr, nullptr,
                   n->name, n->package_name, n->original_file_path, n->patch_path, &n->fqn,
                   &n->tags, n->config});
  }
  for (const auto& [id, s] : m.sources) {
    if (!s->enabled) continue;
    out.push_back({id, "source", nullptr, s.get(), nullptr, s->name, s->package_name,
                   s->original_file_path, std::nullopt, &s->fqn, &s->tags, s->config});
  }
  for (const auto& [id, e] : m.exposures) {
    out.push_back({id, "exposure", nullptr, nullptr, e.get(), e->name, e->package_name,
                   e->original_file_path, std::nullopt, &e->fqn, &e->tags, nullptr});
  }
  return out;
}

class Matcher {
 public:
  Matcher(const Manifest& m, const Graph& g, std::string project_dir)
      : m_(m), g_(g), dir_(std::move(project_dir)), items_(Items(m)) {}

  std::set<std::string> Search(const Atom& a) const {
    std::set<std::string> out;
    const std::string& v = a.value;
    auto each = [&](const std::function<bool(const Item&)>& pred) {
      for (const auto& item : items_) {
        if (pred(item)) out.insert(item.id);
      }
    };
    if (a.method == "fqn") {
      each([&](const Item& i) {
        if (i.source) return false;
        bool versioned = i.node && i.node->version.has_value();
        std::vector<std::string> unscoped(i.fqn->begin() + 1, i.fqn->end());
        return FqnSelected(*i.fqn, v, versioned) || FqnSelected(unscoped, v, versioned);
      });
    } else if (a.method == "tag") {
      each([&](const Item& i) {
        return std::any_of(i.tags->begin(), i.tags->end(),
                           [&](const std::string& t) { return Match(v, t); });
      });
    } else if (a.method == "source") {
      std::vector<std::string> parts = Split(v, '.');
      std::string pkg = "*", src, table = "*";
      if (parts.size() == 1) {
        src = parts[0];
      } else if (parts.size() == 2) {
        src = parts[0];
        table = parts[1];
      } else if (parts.size() == 3) {
        pkg = parts[0];
        src = parts[1];
        table = parts[2];
      } else {
        throw Error(ErrorKind::kUsage, "Invalid source selector value \"" + v + "\"");
      }
      each([&](const Item& i) {
        return i.source && Match(pkg, i.package) && Match(src, i.source->source_name) &&
               Match(table, i.name);
      });
    } else if (a.method == "exposure") {
      std::vector<std::string> parts = Split(v, '.');
      std::string pkg = parts.size() == 2 ? parts[0] : "*";
      std::string name = parts.size() == 2 ? parts[1] : v;
      each([&](const Item& i) {
        return i.exposure && Match(pkg, i.package) && Match(name, i.name);
      });
    } else if (a.method == "path") {
      std::set<std::string> paths = GlobPaths(v);
      each([&](const Item& i) {
        if (paths.count(i.original_file_path)) return true;
        if (i.patch_path) {
          auto pos = i.patch_path->find("://");
          if (pos != std::string::npos && paths.count(i.patch_path->substr(pos + 3))) return true;
        }
        for (fs::path p = fs::path(i.original_file_path).parent_path(); !p.empty();
             p = p.parent_path()) {
          if (paths.count(p.generic_string())) return true;
        }
        return false;
      });
    } else if (a.method == "file") {
      each([&](const Item& i) {
        fs::path p(i.original_file_path);
        return Match(v, p.filename().string()) || Match(v, p.stem().string());
      });
    } else if (a.method == "package") {
      std::string pkg = v == "this" ? m_.root_project : v;
      each([&](const Item& i) { return Match(pkg, i.package); });
    } else if (a.method == "resource_type") {
      each([&](const Item& i) { return i.resource_type == v; });
    } else if (a.method == "config") {
      each([&](const Item& i) {
        if (!i.config || a.method_args.empty() || i.exposure) return false;
        Value cur = Value::MakeDict(i.config);
        for (const auto& part : a.method_args) {
          if (!cur.IsDict()) return false;
          const Value* next = cur.AsDict().Find(part);
          if (!next) return false;
          cur = *next;
        }
        return ConfigEquals(cur, v, a.method_args);
      });
    } else if (a.method == "test_type") {
      if (v != "generic" && v != "schema" && v != "data" && v != "singular" && v != "unit") {
        throw Error(ErrorKind::kUsage,
                    "Invalid test type selector " + v +
                        ": expected \"generic\", \"singular\", \"unit\", or \"data\"");
      }
      each([&](const Item& i) {
        if (i.node && i.node->resource_type == ResourceType::kUnitTest) return v == "unit";
        if (!i.node || i.node->resource_type != ResourceType::kTest) return false;
        bool generic = i.node->test_metadata.has_value();
        if (v == "generic" || v == "schema") return generic;
        if (v == "singular") return !generic;
        return v == "data";
      });
    } else if (a.method == "test_name") {
      each([&](const Item& i) {
        return i.node && i.node->resource_type == ResourceType::kTest && i.node->test_metadata &&
               Match(v, i.node->test_metadata->name);
      });
    } else if (a.method == "version") {
      if (v != "latest" && v != "prerelease" && v != "old" && v != "none") {
        throw Error(ErrorKind::kUsage, "Invalid version type selector " + v);
      }
      each([&](const Item& i) {
        if (!i.node || i.node->resource_type != ResourceType::kModel) return false;
        const Node& n = *i.node;
        if (v == "none") return !n.version.has_value();
        if (!n.version || !n.latest_version) return false;
        int c = CompareVersions(*n.version, *n.latest_version);
        return v == "latest" ? c == 0 : v == "prerelease" ? c > 0 : c < 0;
      });
    } else if (a.method == "access" || a.method == "group") {
      each([&](const Item& i) {
        if (!i.node || !i.config) return false;
        const Value* x = i.config->Find(a.method);
        if (a.method == "access") {
          return i.node->resource_type == ResourceType::kModel && x && x->Str() == v;
        }
        return x && x->IsString() && Match(v, x->AsString());
      });
    } else {
      throw Error(ErrorKind::kUsage, "'" + a.method + "' is not a valid method name", {},
                  "use fqn, tag, path, file, package, source, exposure, resource_type, "
                  "config.<key>, test_type, test_name, version, access or group");
    }
    return out;
  }

 private:
  static int CompareVersions(const std::string& a, const std::string& b) {
    try {
      double x = std::stod(a), y = std::stod(b);
      return x < y ? -1 : x > y ? 1 : 0;
    } catch (...) {
      return a < b ? -1 : a > b ? 1 : 0;
    }
  }

  static bool ConfigEquals(const Value& value, const std::string& selector,
                           const std::vector<std::string>& args) {
    auto upper = [](std::string s) {
      for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return s;
    };
    bool case_insensitive = args.size() == 1 && args[0] == "severity";
    auto equal = [&](const Value& x) {
      if (x.IsBool()) {
        return (upper(selector) == "TRUE" && x.AsBool()) ||
               (upper(selector) == "FALSE" && !x.AsBool());
      }
      if (!x.IsString()) return false;
      return case_insensitive ? upper(x.AsString()) == upper(selector) : x.AsString() == selector;
    };
    if (value.IsSequence()) {
      return std::any_of(value.Items().begin(), value.Items().end(), equal);
    }
    return equal(value);
  }

  std::set<std::string> GlobPaths(const std::string& pattern) const {
    std::set<std::string> out;
    fs::path root(dir_.empty() ? "." : dir_);
    std::string full = (root / pattern).string();
    glob_t g{};
    if (::glob(full.c_str(), 0, nullptr, &g) == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) {
        out.insert(
            fs::path(g.gl_pathv[i]).lexically_relative(root).lexically_normal().generic_string());
      }
    }
    globfree(&g);
    for (std::string s : std::vector<std::string>(out.begin(), out.end())) {
      while (!s.empty() && s.back() == '/')
        s.pop_back();
      out.insert(s);
    }
    return out;
  }

  const Manifest& m_;
  const Graph& g_;
  std::string dir_;
  std::vector<Item> items_;
};

struct Selected {
  std::set<std::string> direct;
  std::set<std::string> indirect;
};

class Selector {
 public:
  Selector(const Manifest& m, const Graph& g, const SelectionRequest& r)
      : m_(m), g_(g), r_(r), matcher_(m, g, r.project_dir) {}

  Selected Criteria(const std::string& raw) { return Criteria(ParseAtom(raw), r_.indirect); }

  Selected Criteria(const Atom& a, Indirect indirect) {
    std::set<std::string> collected = matcher_.Search(a);
    std::set<std::string> selected = collected;
    if (a.childrens_parents) {
      std::set<std::string> down = g_.Descendants(collected, -1);
      down.insert(collected.begin(), collected.end());
      std::set<std::string> up = g_.Ancestors(down, -1);
      selected.insert(down.begin(), down.end());
      selected.insert(up.begin(), up.end());
    }
    if (a.parents) {
      auto up = g_.Ancestors(collected, a.parents_depth);
      selected.insert(up.begin(), up.end());
    }
    if (a.children) {
      auto down = g_.Descendants(collected, a.children_depth);
      selected.insert(down.begin(), down.end());
    }
    if (indirect == Indirect::kEmpty) return {selected, {}};
    return Expand(selected, indirect);
  }

  // A selectors.yml definition: a selector string, a {method, value, ...} mapping, a
  // {method: value} shorthand, or union / intersection lists whose `exclude` entries are
  // taken away from the rest.
  Selected Definition(const Value& def) {
    if (def.IsString()) return Criteria(def.AsString());
    if (!def.IsDict()) throw Error(ErrorKind::kConfig, "invalid selector definition " + def.Repr());
    const jinja::Dict& d = def.AsDict();
    for (const char* op : {"union", "intersection"}) {
      const Value* list = d.Find(op);
      if (!list) continue;
      std::vector<Selected> include, exclude;
      for (const auto& item : list->IsSequence() ? list->Items() : std::vector<Value>{}) {
        if (item.IsDict() && item.AsDict().Find("exclude")) {
          for (const auto& x : item.AsDict().Find("exclude")->Items())
            exclude.push_back(Definition(x));
        } else {
          include.push_back(Definition(item));
        }
      }
      Selected base =
          Combined(include, std::string(op) == "union" ? Combine::kUnion : Combine::kIntersection);
      if (exclude.empty()) return base;
      return Combined({base, Combined(exclude, Combine::kUnion)}, Combine::kDifference);
    }
    Atom a;
    const Value* method = d.Find("method");
    if (method) {
      std::vector<std::string> parts = Split(method->Str(), '.');
      a.method = parts[0];
      a.method_args.assign(parts.begin() + 1, parts.end());
      const Value* value = d.Find("value");
      a.value = value ? value->Str() : "";
    } else if (d.size() == 1) {
      std::vector<std::string> parts = Split(d.entries()[0].first.Str(), '.');
      a.method = parts[0];
      a.method_args.assign(parts.begin() + 1, parts.end());
      a.value = d.entries()[0].second.Str();
    } else {
      throw Error(ErrorKind::kConfig, "invalid selector definition " + def.Repr(), {},
                  "give `method:` and `value:`, or union/intersection lists");
    }
    auto flag = [&](const char* key) {
      const Value* v = d.Find(key);
      return v && v->Truthy();
    };
    auto depth = [&](const char* key) {
      const Value* v = d.Find(key);
      return v && v->IsInt() ? static_cast<int>(v->AsInt()) : -1;
    };
    a.parents = flag("parents");
    a.children = flag("children");
    a.childrens_parents = flag("childrens_parents");
    a.parents_depth = depth("parents_depth");
    a.children_depth = depth("children_depth");
    if (a.parents_depth >= 0) a.parents = true;
    if (a.children_depth >= 0) a.children = true;
    Indirect indirect = r_.indirect;
    if (const Value* mode = d.Find("indirect_selection")) indirect = ParseIndirect(mode->Str());
    return Criteria(a, indirect);
  }

  // Tests on the selected nodes: in directly when eager or all their parents are
  // selected (buildable: or are ancestors); otherwise kept aside as indirect.
  Selected Expand(const std::set<std::string>& selected, Indirect indirect) {
    Selected out{selected, {}};
    std::set<std::string> with_parents;
    if (indirect == Indirect::kBuildable) {
      with_parents = selected;
      auto up = g_.Ancestors(selected, -1);
      with_parents.insert(up.begin(), up.end());
      for (const auto& [id, s] : m_.sources)
        with_parents.insert(id);
    }
    for (const auto& id : selected) {
      for (const auto& child : g_.Children(id)) {
        auto it = m_.nodes.find(child);
        if (it == m_.nodes.end() || (it->second->resource_type != ResourceType::kTest &&
                                     it->second->resource_type != ResourceType::kUnitTest)) {
          continue;
        }
        const auto& deps = it->second->depends_on_nodes;
        auto within = [&](const std::set<std::string>& set) {
          return std::all_of(deps.begin(), deps.end(),
                             [&](const std::string& d) { return set.count(d) > 0; });
        };
        if (indirect == Indirect::kEager || within(selected)) {
          out.direct.insert(child);
        } else if (indirect == Indirect::kBuildable && within(with_parents)) {
          out.direct.insert(child);
        } else {
          out.indirect.insert(child);
        }
      }
    }
    return out;
  }

  // Indirectly selected tests whose parents are now all selected join the selection.
  std::set<std::string> Incorporate(const std::set<std::string>& direct,
                                    const std::set<std::string>& indirect) {
    if (direct == indirect) return direct;
    std::set<std::string> selected = direct;
    std::set<std::string> allowed = direct;
    if (r_.indirect == Indirect::kBuildable) {
      auto up = g_.Ancestors(direct, -1);
      allowed.insert(up.begin(), up.end());
    } else if (r_.indirect != Indirect::kCautious) {
      return selected;
    }
    for (const auto& id : indirect) {
      auto it = m_.nodes.find(id);
      if (it == m_.nodes.end()) continue;
      const auto& deps = it->second->depends_on_nodes;
      if (std::all_of(deps.begin(), deps.end(),
                      [&](const std::string& d) { return allowed.count(d) > 0; })) {
        selected.insert(id);
      }
    }
    return selected;
  }

  enum class Combine { kUnion, kIntersection, kDifference };

  Selected Combined(const std::vector<Selected>& parts, Combine how) {
    std::vector<std::set<std::string>> directs, indirects;
    for (const auto& p : parts) {
      directs.push_back(p.direct);
      std::set<std::string> both = p.direct;
      both.insert(p.indirect.begin(), p.indirect.end());
      indirects.push_back(both);
    }
    auto combine = [&](const std::vector<std::set<std::string>>& sets) {
      std::set<std::string> out;
      if (sets.empty()) return out;
      out = sets[0];
      for (size_t i = 1; i < sets.size(); ++i) {
        std::set<std::string> next;
        if (how == Combine::kUnion) {
          out.insert(sets[i].begin(), sets[i].end());
          continue;
        }
        if (how == Combine::kIntersection) {
          std::set_intersection(out.begin(), out.end(), sets[i].begin(), sets[i].end(),
                                std::inserter(next, next.begin()));
        } else {
          std::set_difference(out.begin(), out.end(), sets[i].begin(), sets[i].end(),
                              std::inserter(next, next.begin()));
        }
        out = std::move(next);
      }
      return out;
    };
    std::set<std::string> indirect = combine(indirects);
    std::set<std::string> direct = Incorporate(combine(directs), indirect);
    return {direct, indirect};
  }

  // A space-separated union of comma-separated intersections.
  Selected UnionOf(const std::vector<std::string>& values) {
    std::vector<Selected> parts;
    for (const auto& value : values) {
      std::istringstream words(value);
      std::string word;
      while (words >> word) {
        std::vector<Selected> inter;
        for (const auto& atom : Split(word, ','))
          inter.push_back(Criteria(atom));
        parts.push_back(inter.size() == 1 ? inter[0] : Combined(inter, Combine::kIntersection));
      }
    }
    return Combined(parts, Combine::kUnion);
  }

 private:
  const Manifest& m_;
  const Graph& g_;
  const SelectionRequest& r_;
  Matcher matcher_;
};

}  // namespace

std::set<std::string> Select(const Manifest& manifest, const Graph& graph,
                             const SelectionRequest& request) {
  Selector selector(manifest, graph, request);
  if (request.definition) return selector.Definition(*request.definition).direct;
  std::vector<std::string> select = request.select;
  if (select.empty()) select = {"fqn:*", "source:*"};
  Selected included = selector.UnionOf(select);
  if (!request.exclude.empty()) {
    Selected excluded = selector.UnionOf(request.exclude);
    included = selector.Combined({included, excluded}, Selector::Combine::kDifference);
  }
  return included.direct;
}

}  // namespace lakedev::graph
