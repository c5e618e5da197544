#include "lake/iceberg/indexed.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "lake/iceberg/avro.hpp"

namespace fs = std::filesystem;

namespace lakedev::lake::iceberg {

namespace {

using Json = nlohmann::ordered_json;

const avro::Schema& NonNull(const avro::Schema& s) {
  if (s.kind == avro::Kind::kUnion) {
    for (const auto& b : s.children) {
      if (b->kind != avro::Kind::kNull) return *b;
    }
  }
  return s;
}

// The child of a record datum by field name; nullptr when the schema has no such field.
avro::Datum* FieldOf(const avro::Schema& s, avro::Datum& d, std::string_view name) {
  int i = s.FieldIndex(name);
  return i < 0 || static_cast<size_t>(i) >= d.items.size() ? nullptr
                                                           : &d.items[static_cast<size_t>(i)];
}

const avro::Schema* FieldSchema(const avro::Schema& s, std::string_view name) {
  int i = s.FieldIndex(name);
  return i < 0 ? nullptr : &NonNull(*s.children[static_cast<size_t>(i)]);
}

int64_t IntOr(const avro::Datum* d, int64_t fallback) {
  return d && std::holds_alternative<int64_t>(d->value) ? std::get<int64_t>(d->value) : fallback;
}

// A key for grouping by partition value (its encoding under the partition schema).
std::string PartitionKey(const avro::Schema& schema, const avro::Datum& partition) {
  std::string out;
  avro::Encode(schema, partition, out);
  return out;
}

struct Group {
  std::shared_ptr<const avro::File> source;  // a manifest of this spec: schema and header
  int spec_id = 0;
  int content = 0;
  std::vector<avro::Datum> entries;
  avro::Datum partition;
  const avro::Schema* partition_schema = nullptr;
  int64_t min_sequence = INT64_MAX;
  int64_t rows = 0;
};

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw Error(ErrorKind::kIo, "cannot write " + path.string(), {}, "check the disk");
}

}  // namespace

std::string SingleValueBytes(const avro::Schema& schema, const avro::Datum& value) {
  const avro::Schema& s = NonNull(schema);
  std::string out;
  switch (s.kind) {
    case avro::Kind::kBoolean:
      out += static_cast<char>(IntOr(&value, 0) != 0);
      break;
    case avro::Kind::kInt: {
      int32_t v = static_cast<int32_t>(IntOr(&value, 0));
      out.append(reinterpret_cast<const char*>(&v), 4);  // little-endian, as the host
      break;
    }
    case avro::Kind::kLong: {
      int64_t v = IntOr(&value, 0);
      out.append(reinterpret_cast<const char*>(&v), 8);
      break;
    }
    case avro::Kind::kFloat: {
      float v = std::holds_alternative<double>(value.value)
                    ? static_cast<float>(std::get<double>(value.value))
                    : 0;
      out.append(reinterpret_cast<const char*>(&v), 4);
      break;
    }
    case avro::Kind::kDouble: {
      double v = std::holds_alternative<double>(value.value) ? std::get<double>(value.value) : 0;
      out.append(reinterpret_cast<const char*>(&v), 8);
      break;
    }
    case avro::Kind::kString:
    case avro::Kind::kBytes:
    case avro::Kind::kFixed:
      if (std::holds_alternative<std::string>(value.value))
        out = std::get<std::string>(value.value);
      break;
    default:
      break;
  }
  return out;
}

IndexedTable WriteIndexedTable(const std::string& metadata_json, const TableMetadata& metadata,
                               const Snapshot& snapshot, const FileIO& io, const std::string& dir) {
  if (snapshot.manifest_list.empty()) {
    throw Error(
        ErrorKind::kIo,
        "snapshot " + std::to_string(snapshot.id) + " has no manifest list (an old v1 table)", {},
        "register this table with reader iceberg_scan");
  }
  fs::create_directories(dir);
  avro::File list = avro::File::Parse(io.Read(snapshot.manifest_list), snapshot.manifest_list);

  // Live entries, regrouped by (content, spec, partition), their inherited values made
  // explicit: a regrouped entry no longer sits in the manifest it inherited them from.
  std::map<std::tuple<int, int, std::string>, Group> groups;
  for (const auto& m : list.records()) {
    avro::Datum item = m;
    const avro::Schema& ls = list.schema();
    std::string path = std::get<std::string>(FieldOf(ls, item, "manifest_path")->value);
    int spec_id = static_cast<int>(IntOr(FieldOf(ls, item, "partition_spec_id"), 0));
    int content = static_cast<int>(IntOr(FieldOf(ls, item, "content"), 0));
    int64_t manifest_seq = IntOr(FieldOf(ls, item, "sequence_number"), 0);
    int64_t added_by = IntOr(FieldOf(ls, item, "added_snapshot_id"), snapshot.id);
    auto manifest = std::make_shared<const avro::File>(avro::File::Parse(io.Read(path), path));
    const avro::Schema& es = manifest->schema();
    const avro::Schema* file_schema = FieldSchema(es, "data_file");
    const avro::Schema* partition_schema =
        file_schema ? FieldSchema(*file_schema, "partition") : nullptr;
    if (!file_schema || !partition_schema) {
      throw Error(ErrorKind::kIo, path + ": not an Iceberg manifest (no data_file.partition)");
    }
    for (avro::Datum entry : manifest->records()) {
      avro::Datum* status = FieldOf(es, entry, "status");
      if (IntOr(status, 1) == 2) continue;  // deleted
      *status = avro::Datum::OfInt(0);      // EXISTING
      if (avro::Datum* id = FieldOf(es, entry, "snapshot_id"); id && id->IsNull())
        *id = avro::Datum::OfInt(added_by);
      int64_t seq = manifest_seq;
      if (avro::Datum* s = FieldOf(es, entry, "sequence_number")) {
        if (s->IsNull()) *s = avro::Datum::OfInt(manifest_seq);
        seq = IntOr(s, manifest_seq);
      }
      if (avro::Datum* s = FieldOf(es, entry, "file_sequence_number"); s && s->IsNull())
        *s = avro::Datum::OfInt(manifest_seq);
      avro::Datum* file = FieldOf(es, entry, "data_file");
      avro::Datum partition = *FieldOf(*file_schema, *file, "partition");
      Group& g = groups[{content, spec_id, PartitionKey(*partition_schema, partition)}];
      if (!g.source) {
        g.source = manifest;
        g.spec_id = spec_id;
        g.content = content;
        g.partition = partition;
        g.partition_schema = partition_schema;
      }
      g.min_sequence = std::min(g.min_sequence, seq);
      g.rows += IntOr(FieldOf(*file_schema, *file, "record_count"), 0);
      g.entries.push_back(std::move(entry));
    }
  }

  IndexedTable out;
  std::vector<avro::Datum> manifest_items;
  const avro::Schema& ls = list.schema();
  for (auto& [key, g] : groups) {
    fs::path path = fs::path(dir) / ("m" + std::to_string(out.manifests++) + ".avro");
    std::string bytes = avro::WriteContainer(g.source->schema(), g.source->meta(), g.entries);
    WriteFile(path, bytes);
    out.files += g.entries.size();

    avro::Datum item;
    item.container = true;
    item.items.resize(ls.children.size());
    auto set = [&](std::string_view name, avro::Datum v) {
      if (avro::Datum* f = FieldOf(ls, item, name)) *f = std::move(v);
    };
    set("manifest_path", avro::Datum::OfString(fs::absolute(path).string()));
    set("manifest_length", avro::Datum::OfInt(static_cast<int64_t>(bytes.size())));
    set("partition_spec_id", avro::Datum::OfInt(g.spec_id));
    set("content", avro::Datum::OfInt(g.content));
    set("sequence_number", avro::Datum::OfInt(snapshot.sequence_number));
    set("min_sequence_number",
        avro::Datum::OfInt(g.min_sequence == INT64_MAX ? 0 : g.min_sequence));
    set("added_snapshot_id", avro::Datum::OfInt(snapshot.id));
    int64_t n = static_cast<int64_t>(g.entries.size());
    for (const char* zero : {"added_files_count", "added_data_files_count", "deleted_files_count",
                             "deleted_data_files_count", "added_rows_count", "deleted_rows_count"})
      set(zero, avro::Datum::OfInt(0));
    set("existing_files_count", avro::Datum::OfInt(n));
    set("existing_data_files_count", avro::Datum::OfInt(n));
    set("existing_rows_count", avro::Datum::OfInt(g.rows));
    // One summary per partition field: this manifest holds one partition value.
    avro::Datum summaries;
    summaries.container = true;
    for (size_t i = 0; i < g.partition_schema->children.size(); ++i) {
      const avro::Datum& v = g.partition.items[i];
      avro::Datum summary;
      summary.container = true;
      avro::Datum contains_null = avro::Datum::OfInt(v.IsNull() ? 1 : 0);
      avro::Datum contains_nan = avro::Datum::OfInt(0);
      avro::Datum bound;
      if (!v.IsNull())
        bound = avro::Datum::OfString(SingleValueBytes(*g.partition_schema->children[i], v));
      summary.items = {contains_null, contains_nan, bound, bound};
      summaries.items.push_back(std::move(summary));
    }
    set("partitions", std::move(summaries));
    manifest_items.push_back(std::move(item));
  }
  fs::path list_path = fs::path(dir) / "manifest-list.avro";
  WriteFile(list_path, avro::WriteContainer(ls, list.meta(), manifest_items));

  Json j = Json::parse(metadata_json);
  Json snap;
  for (const auto& s : j["snapshots"]) {
    if (s.value("snapshot-id", int64_t{-1}) == snapshot.id) snap = s;
  }
  snap["manifest-list"] = fs::absolute(list_path).string();
  j["snapshots"] = Json::array({snap});
  j["current-snapshot-id"] = snapshot.id;
  j["snapshot-log"] = Json::array();
  j["metadata-log"] = Json::array();
  j["refs"] = {{"main", {{"snapshot-id", snapshot.id}, {"type", "branch"}}}};
  fs::path metadata_path = fs::path(dir) / "lakedev.metadata.json";
  WriteFile(metadata_path, j.dump());
  out.metadata_path = fs::absolute(metadata_path).string();
  (void)metadata;
  return out;
}

}  // namespace lakedev::lake::iceberg
