# Locates lakedev's dependencies. DuckDB lives in the bootstrap cache
# (scripts/bootstrap --print-cache); everything else is a Debian package.
find_package(PkgConfig REQUIRED)
find_package(fmt 9 REQUIRED)
pkg_check_modules(FYAML REQUIRED IMPORTED_TARGET libfyaml)
# Avro manifests: deflate, snappy and zstandard blocks.
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET GLOBAL libzstd)
find_package(ZLIB REQUIRED)
find_library(SNAPPY_LIBRARY snappy REQUIRED)

if(DEFINED ENV{LAKEDEV_CACHE})
  set(_lakedev_cache "$ENV{LAKEDEV_CACHE}")
elseif(DEFINED ENV{XDG_CACHE_HOME})
  set(_lakedev_cache "$ENV{XDG_CACHE_HOME}/lakedev")
else()
  set(_lakedev_cache "$ENV{HOME}/.cache/lakedev")
endif()
set(LAKEDEV_DUCKDB_DIR "${_lakedev_cache}/duckdb-1.4.4" CACHE PATH
    "DuckDB 1.4.4 as installed by scripts/bootstrap (lib/, include/, extensions/)")
if(NOT EXISTS "${LAKEDEV_DUCKDB_DIR}/include/duckdb.h" OR NOT EXISTS "${LAKEDEV_DUCKDB_DIR}/lib/libduckdb.so")
  message(FATAL_ERROR "DuckDB not found in ${LAKEDEV_DUCKDB_DIR}. Run scripts/bootstrap first "
                      "(or pass -DLAKEDEV_DUCKDB_DIR=<dir with lib/libduckdb.so and include/duckdb.h>).")
endif()
add_library(duckdb SHARED IMPORTED GLOBAL)
set_target_properties(duckdb PROPERTIES
  IMPORTED_LOCATION "${LAKEDEV_DUCKDB_DIR}/lib/libduckdb.so"
  INTERFACE_INCLUDE_DIRECTORIES "${LAKEDEV_DUCKDB_DIR}/include")
# The binary finds libduckdb.so through its rpath and the extensions through this default,
# which LAKEDEV_EXTENSION_DIR overrides at run time.
set(LAKEDEV_DEFAULT_EXTENSION_DIR "${LAKEDEV_DUCKDB_DIR}/extensions")
set(CMAKE_BUILD_RPATH "${LAKEDEV_DUCKDB_DIR}/lib")
set(CMAKE_INSTALL_RPATH "${LAKEDEV_DUCKDB_DIR}/lib")
