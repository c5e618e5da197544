#include "lake/iceberg/metadata.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace lakedev::lake::iceberg {

namespace {

using Json = nlohmann::json;

std::shared_ptr<const Type> ParseType(const Json& j);

Field ParseField(const Json& j) {
  Field f;
  f.id = j.at("id").get<int>();
  f.name = j.at("name").get<std::string>();
  f.required = j.value("required", false);
  f.type = ParseType(j.at("type"));
  if (j.contains("initial-default")) f.initial_default_json = j["initial-default"].dump();
  return f;
}

std::shared_ptr<const Type> ParseType(const Json& j) {
  auto t = std::make_shared<Type>();
  if (j.is_string()) {
    t->primitive = j.get<std::string>();
    return t;
  }
  std::string kind = j.at("type").get<std::string>();
  if (kind == "struct") {
    t->kind = Type::Kind::kStruct;
    for (const auto& f : j.at("fields"))
      t->fields.push_back(ParseField(f));
  } else if (kind == "list") {
    t->kind = Type::Kind::kList;
    t->fields.push_back({j.at("element-id").get<int>(), "element",
                         j.value("element-required", false), ParseType(j.at("element")), ""});
  } else if (kind == "map") {
    t->kind = Type::Kind::kMap;
    t->fields.push_back({j.at("key-id").get<int>(), "key", true, ParseType(j.at("key")), ""});
    t->fields.push_back({j.at("value-id").get<int>(), "value", j.value("value-required", false),
                         ParseType(j.at("value")), ""});
  } else {
    throw std::runtime_error("unknown type '" + kind + "'");
  }
  return t;
}

Schema ParseSchema(const Json& j) {
  Schema s;
  s.id = j.value("schema-id", 0);
  for (const auto& f : j.at("fields"))
    s.fields.push_back(ParseField(f));
  return s;
}

PartitionSpec ParseSpec(const Json& fields, int id) {
  PartitionSpec spec;
  spec.id = id;
  int next_v1_id = 1000;  // v1 specs may omit field ids; they were assigned from 1000
  for (const auto& f : fields) {
    spec.fields.push_back({f.at("source-id").get<int>(), f.value("field-id", next_v1_id),
                           f.at("name").get<std::string>(), f.at("transform").get<std::string>()});
    ++next_v1_id;
  }
  return spec;
}

}  // namespace

const Schema* TableMetadata::FindSchema(int id) const {
  for (const auto& s : schemas) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const Schema& TableMetadata::CurrentSchema() const {
  const Schema* s = FindSchema(current_schema_id);
  return s ? *s : schemas.back();
}

const PartitionSpec* TableMetadata::FindSpec(int id) const {
  for (const auto& s : specs) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const Snapshot* TableMetadata::FindSnapshot(int64_t id) const {
  for (const auto& s : snapshots) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const Snapshot* TableMetadata::CurrentSnapshot() const {
  return current_snapshot_id ? FindSnapshot(*current_snapshot_id) : nullptr;
}

const Snapshot* TableMetadata::SnapshotAsOf(int64_t timestamp_ms) const {
  const Snapshot* best = nullptr;
  for (const auto& s : snapshots) {
    if (s.timestamp_ms <= timestamp_ms && (!best || s.timestamp_ms >= best->timestamp_ms))
      best = &s;
  }
  return best;
}

const Schema& TableMetadata::SchemaOf(const Snapshot* snapshot) const {
  if (snapshot && snapshot->schema_id) {
    if (const Schema* s = FindSchema(*snapshot->schema_id)) return *s;
  }
  return CurrentSchema();
}

TableMetadata ParseMetadata(const std::string& json, const std::string& name) {
  TableMetadata m;
  try {
    Json j = Json::parse(json);
    m.format_version = j.at("format-version").get<int>();
    m.table_uuid = j.value("table-uuid", "");
    m.location = j.at("location").get<std::string>();
    m.last_sequence_number = j.value("last-sequence-number", int64_t{0});
    if (j.contains("schemas")) {
      for (const auto& s : j["schemas"])
        m.schemas.push_back(ParseSchema(s));
      m.current_schema_id = j.value("current-schema-id", 0);
    } else {
      m.schemas.push_back(ParseSchema(j.at("schema")));  // v1
      m.current_schema_id = m.schemas.back().id;
    }
    if (j.contains("partition-specs")) {
      for (const auto& s : j["partition-specs"])
        m.specs.push_back(ParseSpec(s.at("fields"), s.value("spec-id", 0)));
      m.default_spec_id = j.value("default-spec-id", 0);
    } else if (j.contains("partition-spec")) {
      m.specs.push_back(ParseSpec(j["partition-spec"], 0));  // v1
    }
    if (j.contains("current-snapshot-id") && !j["current-snapshot-id"].is_null() &&
        j["current-snapshot-id"].get<int64_t>() != -1) {
      m.current_snapshot_id = j["current-snapshot-id"].get<int64_t>();
    }
    for (const auto& s : j.value("snapshots", Json::array())) {
      Snapshot snap;
      snap.id = s.at("snapshot-id").get<int64_t>();
      if (s.contains("parent-snapshot-id") && !s["parent-snapshot-id"].is_null())
        snap.parent_id = s["parent-snapshot-id"].get<int64_t>();
      snap.sequence_number = s.value("sequence-number", int64_t{0});
      snap.timestamp_ms = s.at("timestamp-ms").get<int64_t>();
      snap.manifest_list = s.value("manifest-list", "");
      if (s.contains("manifests")) snap.manifests = s["manifests"].get<std::vector<std::string>>();
      if (s.contains("schema-id")) snap.schema_id = s["schema-id"].get<int>();
      if (s.contains("summary") && s["summary"].is_object()) {
        for (const auto& [k, v] : s["summary"].items())
          snap.summary[k] = v.is_string() ? v.get<std::string>() : v.dump();
        snap.operation = snap.summary["operation"];
      }
      m.snapshots.push_back(std::move(snap));
    }
    for (const auto& [k, v] : j.value("properties", Json::object()).items())
      m.properties[k] = v.is_string() ? v.get<std::string>() : v.dump();
  } catch (const std::exception& e) {
    throw Error(ErrorKind::kIo, name + ": not valid Iceberg table metadata: " + e.what(), {},
                "the file may be damaged; re-register the table from its catalog");
  }
  if (m.schemas.empty()) throw Error(ErrorKind::kIo, name + ": Iceberg metadata without a schema");
  return m;
}

}  // namespace lakedev::lake::iceberg
