#include "adapters/duckdb/extensions.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>

#ifndef LAKEDEV_DEFAULT_EXTENSION_DIR
#error "LAKEDEV_DEFAULT_EXTENSION_DIR must be defined by the build"
#endif

namespace lakedev::duckdb {

namespace {
constexpr std::string_view kPlatform =
#if defined(__x86_64__)
    "linux_amd64";
#elif defined(__aarch64__)
    "linux_arm64";
#else
#error "unsupported platform"
#endif
}  // namespace

std::string ExtensionDirectory() {
  const char* env = std::getenv("LAKEDEV_EXTENSION_DIR");
  return env && *env ? env : LAKEDEV_DEFAULT_EXTENSION_DIR;
}

std::string ExtensionPath(std::string_view name) {
  return ExtensionDirectory() + "/" + LibraryVersion() + "/" + std::string(kPlatform) + "/" +
         std::string(name) + ".duckdb_extension";
}

DatabaseConfig OfflineConfig() {
  return {
      {"extension_directory", ExtensionDirectory()},
      {"autoinstall_known_extensions", "false"},
      {"autoload_known_extensions", "true"},
  };
}

ExtensionStatus LoadExtension(Connection& connection, std::string_view name) {
  ExtensionStatus status;
  status.name = name;
  status.path = ExtensionPath(name);
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      status.error = "not a valid extension name";
      return status;
    }
  }
  // LOAD first: extensions built into libduckdb (parquet, json, icu) have no file.
  try {
    connection.Query("LOAD " + std::string(name));
    status.loaded = true;
  } catch (const DatabaseError& e) {
    std::error_code ec;
    status.error = std::filesystem::exists(status.path, ec) ? e.message() : "file not found";
  }
  return status;
}

}  // namespace lakedev::duckdb
