// The DuckDB query lakedev's own reader gives a planned snapshot: read_parquet over its
// data files with the Iceberg schema mapped by field id (renamed, added and dropped
// columns read right), minus the rows its position and equality deletes remove.
#pragma once

#include <string>

#include "lake/iceberg/metadata.hpp"
#include "lake/iceberg/scan.hpp"

namespace lakedev::lake::iceberg {

// Throws Error(kIo) for what this reader cannot do yet (non-Parquet files, deletion
// vectors), naming it, so the caller can use iceberg_scan instead.
// Files are grouped by partition, each group guarded by what its partition implies
// (partition_filter.hpp), so filters on partition columns skip whole groups.
std::string NativeScanSql(const TableMetadata& metadata, const Schema& schema,
                          const ScanPlan& plan);

// The DuckDB type of an Iceberg type: long -> BIGINT, decimal(9,2) -> DECIMAL(9,2),
// struct -> STRUCT(...), list -> T[], map -> MAP(K, V), ...
std::string DuckDbType(const Type& type);

}  // namespace lakedev::lake::iceberg
