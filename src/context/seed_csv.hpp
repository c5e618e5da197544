// A seed's CSV read as dbt reads it (agate through dbt's type tester): UTF-8 with an
// optional BOM, universal newlines, Python csv quoting; each column typed by the first of
// Number, Date, DateTime, ISO datetime, Boolean, Text that all its non-null values fit,
// and that type named as dbt's SQL adapter converts it (integer, float8, date,
// timestamp without time zone, boolean, text).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace lakedev::context {

struct SeedCsv {
  adapters::Table table;              // column_types hold the SQL types dbt would create
  std::vector<std::string> warnings;  // renamed duplicate or empty header names
};

// Throws Error(kConfig) naming the file and row for a row with too many values.
// Columns in `text_columns` (those with column_types) are read as text.
SeedCsv ReadSeedCsv(const std::string& path, char delimiter,
                    const std::set<std::string>& text_columns);

}  // namespace lakedev::context
