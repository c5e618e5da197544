// Turns DuckDB data chunks into Values. Private to the duckdb adapter (includes duckdb.h).
#pragma once

#include <duckdb.h>

#include <string>

#include "adapters/duckdb/value.hpp"

namespace lakedev::duckdb {

// Reads row `row` of `vector` whose logical type is `type`.
Value ReadValue(duckdb_vector vector, duckdb_logical_type type, idx_t row);

// The type's SQL spelling, e.g. "DECIMAL(18,3)" or "VARCHAR[]".
std::string TypeName(duckdb_logical_type type);

}  // namespace lakedev::duckdb
