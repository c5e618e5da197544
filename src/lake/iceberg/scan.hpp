// Planning a read of one snapshot: manifest list -> manifests -> the live data files and
// delete files, with their sequence numbers (inherited as the spec says when a manifest
// entry leaves them out), partition values and column bounds.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lake/file_io.hpp"
#include "lake/iceberg/avro.hpp"
#include "lake/iceberg/metadata.hpp"

namespace lakedev::lake::iceberg {

enum class Content { kData = 0, kPositionDeletes = 1, kEqualityDeletes = 2 };

struct DataFile {
  Content content = Content::kData;
  std::string path;
  std::string format;  // PARQUET, AVRO, ORC
  int spec_id = 0;
  avro::Datum partition;  // one value per partition field of the spec
  int64_t record_count = 0;
  int64_t file_size = 0;
  std::map<int, std::string> lower_bounds;  // field id -> Iceberg single-value binary
  std::map<int, std::string> upper_bounds;
  std::vector<int> equality_ids;
  int64_t data_sequence_number = 0;
  std::string referenced_data_file;  // v3 deletion vectors and v2 targeted deletes
  int64_t content_offset = -1;       // v3 deletion vector in a Puffin file
};

struct ScanPlan {
  const Snapshot* snapshot = nullptr;  // nullptr: the table has no data yet
  std::vector<DataFile> data_files;
  std::vector<DataFile> position_deletes;
  std::vector<DataFile> equality_deletes;
  int manifests_read = 0;
};

// Reads `snapshot`'s manifests through `io`. Throws Error(kIo) naming the file that fails.
ScanPlan PlanScan(const TableMetadata& metadata, const Snapshot* snapshot, const FileIO& io);

}  // namespace lakedev::lake::iceberg
