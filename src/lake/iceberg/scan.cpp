#include "lake/iceberg/scan.hpp"

#include "common/error.hpp"

namespace lakedev::lake::iceberg {

namespace {

// Field access by name on a decoded record; null when the schema has no such field.
class Record {
 public:
  Record(const avro::Schema& schema, const avro::Datum& datum) : s_(schema), d_(datum) {}
  const avro::Datum* Get(std::string_view name) const {
    int i = s_.FieldIndex(name);
    if (i < 0 || d_.IsNull()) return nullptr;
    const avro::Datum& v = d_.items[static_cast<size_t>(i)];
    return v.IsNull() ? nullptr : &v;
  }
  int64_t Int(std::string_view name, int64_t fallback) const {
    const avro::Datum* v = Get(name);
    return v ? v->Int() : fallback;
  }
  std::string Str(std::string_view name) const {
    const avro::Datum* v = Get(name);
    return v ? v->Str() : "";
  }
  // The record schema of field `name` (through a nullable union).
  const avro::Schema* FieldSchema(std::string_view name) const {
    int i = s_.FieldIndex(name);
    if (i < 0) return nullptr;
    const avro::Schema* f = s_.children[static_cast<size_t>(i)].get();
    if (f->kind == avro::Kind::kUnion) {
      for (const auto& b : f->children) {
        if (b->kind != avro::Kind::kNull) return b.get();
      }
    }
    return f;
  }

 private:
  const avro::Schema& s_;
  const avro::Datum& d_;
};

// Iceberg writes map<int, binary> as an array of {key, value} records.
std::map<int, std::string> Bounds(const avro::Datum* d) {
  std::map<int, std::string> out;
  if (!d) return out;
  for (const auto& kv : d->items) {
    if (kv.items.size() == 2 && !kv.items[1].IsNull())
      out[static_cast<int>(kv.items[0].Int())] = kv.items[1].Str();
  }
  return out;
}

struct ManifestRef {
  std::string path;
  int spec_id = 0;
  int content = 0;  // 0 data, 1 deletes
  int64_t sequence_number = 0;
};

std::vector<ManifestRef> ManifestsOf(const Snapshot& snapshot, const FileIO& io) {
  std::vector<ManifestRef> out;
  if (snapshot.manifest_list.empty()) {
    for (const auto& m : snapshot.manifests)
      out.push_back({m, 0, 0, 0});
    return out;
  }
  avro::File list = avro::File::Parse(io.Read(snapshot.manifest_list), snapshot.manifest_list);
  for (const auto& d : list.records()) {
    Record r(list.schema(), d);
    out.push_back({r.Str("manifest_path"), static_cast<int>(r.Int("partition_spec_id", 0)),
                   static_cast<int>(r.Int("content", 0)), r.Int("sequence_number", 0)});
  }
  return out;
}

}  // namespace

ScanPlan PlanScan(const TableMetadata& metadata, const Snapshot* snapshot, const FileIO& io) {
  ScanPlan plan;
  plan.snapshot = snapshot;
  if (!snapshot) return plan;
  for (const ManifestRef& m : ManifestsOf(*snapshot, io)) {
    avro::File manifest = avro::File::Parse(io.Read(m.path), m.path);
    ++plan.manifests_read;
    for (const auto& entry : manifest.records()) {
      Record e(manifest.schema(), entry);
      int64_t status = e.Int("status", 1);
      if (status == 2) continue;  // DELETED
      const avro::Schema* file_schema = e.FieldSchema("data_file");
      const avro::Datum* file_datum = e.Get("data_file");
      if (!file_schema || !file_datum) {
        throw Error(ErrorKind::kIo, m.path + ": manifest entry without data_file");
      }
      Record f(*file_schema, *file_datum);
      DataFile df;
      df.content = static_cast<Content>(f.Int("content", m.content == 1 ? 1 : 0));
      df.path = f.Str("file_path");
      df.format = f.Str("file_format");
      df.spec_id = m.spec_id;
      if (const avro::Datum* p = f.Get("partition")) df.partition = *p;
      df.record_count = f.Int("record_count", 0);
      df.file_size = f.Int("file_size_in_bytes", 0);
      df.lower_bounds = Bounds(f.Get("lower_bounds"));
      df.upper_bounds = Bounds(f.Get("upper_bounds"));
      if (const avro::Datum* ids = f.Get("equality_ids")) {
        for (const auto& id : ids->items)
          df.equality_ids.push_back(static_cast<int>(id.Int()));
      }
      df.referenced_data_file = f.Str("referenced_data_file");
      df.content_offset = f.Int("content_offset", -1);
      // Sequence number inheritance: an entry ADDED in this manifest's snapshot without
      // one takes the manifest's; v1 tables have none (0).
      const avro::Datum* seq = e.Get("sequence_number");
      df.data_sequence_number = seq ? seq->Int() : m.sequence_number;
      switch (df.content) {
        case Content::kData:
          plan.data_files.push_back(std::move(df));
          break;
        case Content::kPositionDeletes:
          plan.position_deletes.push_back(std::move(df));
          break;
        case Content::kEqualityDeletes:
          plan.equality_deletes.push_back(std::move(df));
          break;
      }
    }
  }
  return plan;
}

}  // namespace lakedev::lake::iceberg
