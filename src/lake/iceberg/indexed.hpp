// lakedev's index of one table snapshot, for DuckDB's iceberg_scan to read instead of the
// table's own metadata: the snapshot's live data and delete files regrouped into one
// manifest per partition, a manifest list whose partition summaries then let iceberg_scan
// skip every manifest a filter rules out (it does so in 1.4.4), and a metadata.json with
// that one snapshot. Written locally once, at registration; data files stay where they
// are and are read in place. Queries then never read the table's manifests again.
#pragma once

#include <string>

#include "lake/file_io.hpp"
#include "lake/iceberg/avro.hpp"
#include "lake/iceberg/metadata.hpp"

namespace lakedev::lake::iceberg {

struct IndexedTable {
  std::string metadata_path;  // <dir>/lakedev.metadata.json
  size_t manifests = 0;
  size_t files = 0;
};

// Writes the index of `snapshot` (of the table whose metadata JSON is `metadata_json`)
// into `dir`, creating it. Throws Error(kIo) naming what could not be read or written.
IndexedTable WriteIndexedTable(const std::string& metadata_json, const TableMetadata& metadata,
                               const Snapshot& snapshot, const FileIO& io, const std::string& dir);

// Iceberg's single-value binary form of a partition value of Avro type `schema` (the
// bound format of manifest summaries): little-endian numbers, UTF-8 strings, raw bytes.
std::string SingleValueBytes(const avro::Schema& schema, const avro::Datum& value);

}  // namespace lakedev::lake::iceberg
