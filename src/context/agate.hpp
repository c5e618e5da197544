// A query result as dbt's templates see it: an agate.Table (rows, columns, column_names,
// print_table), its rows (indexable by position and by column name) and columns (with
// values()). Read-only views over one adapters::Table.
#pragma once

#include <memory>

#include "adapters/adapter.hpp"

namespace lakedev::context {

jinja::Value MakeAgateTable(std::shared_ptr<const adapters::Table> table);

// The table behind a value MakeAgateTable made; nullptr for any other value.
const adapters::Table* AgateTableOf(const jinja::Value& value);

// agate's print_table: a Markdown-like grid, numbers right-aligned.
std::string FormatTable(const adapters::Table& table, size_t max_rows, size_t max_columns);

}  // namespace lakedev::context
