// dbt's Column as dbt-duckdb's DuckDBColumn behaves: name/dtype/data_type, the is_*
// predicates, string_size, literal; and api.Column (translate_type, numeric_type, create,
// from_description) that builds them.
#pragma once

#include "adapters/adapter.hpp"

namespace lakedev::context {

jinja::Value MakeColumn(adapters::ColumnInfo info);

// The api.Column object as dbt-duckdb's: translate_type("string") is TEXT, other names are
// kept; numeric_type("numeric", 28, 6) is numeric(28,6).
jinja::Value ColumnApi();

}  // namespace lakedev::context
