#include "parse/files.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace lakedev::parse {
namespace fs = std::filesystem;

namespace {

bool HasExtension(const fs::path& p, std::initializer_list<const char*> exts) {
  std::string ext = p.extension().string();
  for (const char* e : exts) {
    if (ext == e) return true;
  }
  return false;
}

// Files under project/<root> with one of `exts`; `skip` is a subdirectory (relative to
// the root) left out.
void Search(const project::DbtProject& project, const std::vector<std::string>& roots,
            std::initializer_list<const char*> exts, std::vector<ProjectFile>& out,
            const std::string& skip = {}) {
  std::set<std::string> seen;
  for (const auto& root : roots) {
    fs::path base = fs::path(project.dir) / root;
    std::error_code ec;
    if (!fs::is_directory(base, ec)) continue;
    std::vector<ProjectFile> found;
    for (auto it = fs::recursive_directory_iterator(
             base, fs::directory_options::follow_directory_symlink, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file() || !HasExtension(it->path(), exts)) continue;
      std::string rel = fs::relative(it->path(), base).generic_string();
      if (!skip.empty() && rel.rfind(skip + "/", 0) == 0) continue;
      ProjectFile f;
      f.absolute = it->path().string();
      f.path = rel;
      f.original_file_path = (fs::path(root) / rel).lexically_normal().generic_string();
      if (!seen.insert(f.original_file_path).second) continue;
      found.push_back(std::move(f));
    }
    std::sort(found.begin(), found.end(), [](const ProjectFile& a, const ProjectFile& b) {
      return a.original_file_path < b.original_file_path;
    });
    out.insert(out.end(), found.begin(), found.end());
  }
}

}  // namespace

ProjectFiles FindProjectFiles(const project::DbtProject& p) {
  ProjectFiles f;
  Search(p, p.model_paths, {".sql"}, f.models);
  Search(p, p.analysis_paths, {".sql"}, f.analyses);
  Search(p, p.seed_paths, {".csv"}, f.seeds);
  Search(p, p.snapshot_paths, {".sql"}, f.snapshots);
  Search(p, p.test_paths, {".sql"}, f.tests, "generic");
  Search(p, p.macro_paths, {".sql"}, f.macros);
  std::vector<std::string> generic;
  for (const auto& t : p.test_paths)
    generic.push_back(t + "/generic");
  Search(p, generic, {".sql"}, f.macros);
  std::vector<std::string> all;
  for (const auto* list : {&p.model_paths, &p.seed_paths, &p.snapshot_paths, &p.analysis_paths,
                           &p.macro_paths, &p.test_paths}) {
    all.insert(all.end(), list->begin(), list->end());
  }
  Search(p, p.docs_paths.empty() ? all : p.docs_paths, {".md"}, f.docs);
  Search(p, all, {".yml", ".yaml"}, f.properties);
  return f;
}

}  // namespace lakedev::parse
