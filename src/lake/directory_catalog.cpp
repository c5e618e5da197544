#include "lake/directory_catalog.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "common/paths.hpp"

namespace fs = std::filesystem;

namespace lakedev::lake {

namespace {

// The version number a metadata file name carries: "v12.metadata.json" and
// "00012-<uuid>.metadata.json" (also with .gz.metadata.json) give 12.
std::optional<int64_t> MetadataVersion(std::string_view name) {
  if (!name.ends_with(".metadata.json")) return std::nullopt;
  if (name.starts_with("v")) name.remove_prefix(1);
  int64_t version = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
  if (ec != std::errc() || end == name.data()) return std::nullopt;
  if (*end != '.' && *end != '-') return std::nullopt;
  return version;
}

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.pop_back();
  size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start])))
    ++start;
  return s.substr(start);
}

bool IsDirectory(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

std::vector<fs::path> SortedEntries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    out.push_back(it->path());
  if (ec) {
    throw Error(ErrorKind::kIo, "cannot list " + dir.string() + ": " + ec.message(), {},
                "check that the directory exists and you can read it");
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::optional<std::string> CurrentMetadataFile(const std::string& table_dir) {
  fs::path metadata = fs::path(table_dir) / "metadata";
  if (!IsDirectory(metadata)) return std::nullopt;
  fs::path hint = metadata / "version-hint.text";
  std::error_code ec;
  if (fs::exists(hint, ec)) {
    std::string v = Trim(ReadFile(hint.string()));
    // Hadoop tables write the bare number; some writers write the file name.
    fs::path named = metadata / (v.ends_with(".metadata.json") ? v : "v" + v + ".metadata.json");
    if (fs::exists(named, ec)) return named.string();
  }
  std::optional<std::pair<int64_t, std::string>> best;
  for (const fs::path& p : SortedEntries(metadata)) {
    auto version = MetadataVersion(p.filename().string());
    if (version && (!best || *version > best->first)) best.emplace(*version, p.string());
  }
  if (!best) return std::nullopt;
  return best->second;
}

std::vector<std::string> DirectoryCatalog::ListDatabases() {
  if (!IsDirectory(root_)) {
    throw Error(ErrorKind::kConfig, "the warehouse directory " + root_ + " does not exist", {},
                "fix `path:` of the directory catalog in profiles.yml");
  }
  std::vector<std::string> out;
  for (const fs::path& p : SortedEntries(root_)) {
    if (!IsDirectory(p)) continue;
    std::string name = p.filename().string();
    if (name.starts_with(".")) continue;
    if (name.ends_with(".db")) name.resize(name.size() - 3);
    out.push_back(name);
  }
  return out;
}

std::vector<CatalogTable> DirectoryCatalog::ListTables(const std::string& database) {
  fs::path dir = fs::path(root_) / database;
  if (!IsDirectory(dir)) dir = fs::path(root_) / (database + ".db");
  if (!IsDirectory(dir)) {
    throw Error(ErrorKind::kConfig,
                "database '" + database + "' not found in the warehouse directory " + root_, {},
                "the databases there are the directories under it (a .db suffix is optional)");
  }
  std::vector<CatalogTable> out;
  for (const fs::path& p : SortedEntries(dir)) {
    if (!IsDirectory(p)) continue;
    auto file = CurrentMetadataFile(p.string());
    if (!file) continue;  // not an Iceberg table
    out.push_back({database, p.filename().string(), fs::absolute(*file).string()});
  }
  return out;
}

}  // namespace lakedev::lake
