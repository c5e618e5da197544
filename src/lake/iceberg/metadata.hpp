// Iceberg table metadata (the metadata.json a catalog points at), format versions 1-3:
// schemas with field ids, partition specs, snapshots and their manifest lists.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lakedev::lake::iceberg {

struct Type;

struct Field {
  int id = 0;
  std::string name;
  bool required = false;
  std::shared_ptr<const Type> type;
  std::string initial_default_json;  // v3 initial-default, as JSON; empty when none
};

// A primitive ("long", "decimal(10,2)", "timestamptz", "fixed[16]", ...) or a nested type.
struct Type {
  enum class Kind { kPrimitive, kStruct, kList, kMap } kind = Kind::kPrimitive;
  std::string primitive;
  std::vector<Field> fields;  // struct fields; list: [element]; map: [key, value]
};

struct Schema {
  int id = 0;
  std::vector<Field> fields;
};

struct PartitionField {
  int source_id = 0;
  int field_id = 0;
  std::string name;
  std::string transform;  // identity, bucket[16], truncate[4], year, month, day, hour, void
};

struct PartitionSpec {
  int id = 0;
  std::vector<PartitionField> fields;
};

struct Snapshot {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  int64_t sequence_number = 0;  // 0 in v1 tables
  int64_t timestamp_ms = 0;
  std::string manifest_list;           // v2+ (and most v1 writers)
  std::vector<std::string> manifests;  // v1 tables without a manifest list
  std::optional<int> schema_id;
  std::string operation;                       // append, overwrite, delete, replace
  std::map<std::string, std::string> summary;  // total-records, total-equality-deletes, ...
};

struct TableMetadata {
  int format_version = 1;
  std::string table_uuid;
  std::string location;
  int64_t last_sequence_number = 0;
  int current_schema_id = 0;
  std::vector<Schema> schemas;
  int default_spec_id = 0;
  std::vector<PartitionSpec> specs;
  std::optional<int64_t> current_snapshot_id;
  std::vector<Snapshot> snapshots;
  std::map<std::string, std::string> properties;

  const Schema& CurrentSchema() const;
  const Schema* FindSchema(int id) const;
  const PartitionSpec* FindSpec(int id) const;
  const Snapshot* FindSnapshot(int64_t id) const;
  const Snapshot* CurrentSnapshot() const;
  // The snapshot current at `timestamp_ms` (the last one committed at or before it).
  const Snapshot* SnapshotAsOf(int64_t timestamp_ms) const;
  // The schema a snapshot was written with (its schema-id), else the current one.
  const Schema& SchemaOf(const Snapshot* snapshot) const;
};

// Parses metadata JSON; throws Error(kIo) naming `name` with what is wrong.
TableMetadata ParseMetadata(const std::string& json, const std::string& name);

}  // namespace lakedev::lake::iceberg
