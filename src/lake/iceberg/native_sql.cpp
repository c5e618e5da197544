#include "lake/iceberg/native_sql.hpp"

#include <map>
#include <set>

#include "lake/iceberg/partition_filter.hpp"

#include "common/error.hpp"
#include "lake/registry.hpp"

namespace lakedev::lake::iceberg {

namespace {

bool SameDatum(const avro::Datum& a, const avro::Datum& b) {
  if (a.value != b.value || a.items.size() != b.items.size()) return false;
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (!SameDatum(a.items[i], b.items[i])) return false;
  }
  return true;
}

std::string FileList(const std::vector<const DataFile*>& files) {
  std::string out = "[";
  for (size_t i = 0; i < files.size(); ++i)
    out += (i ? ", " : "") + QuoteString(files[i]->path);
  return out + "]";
}

// schema=MAP{id: {name, type, default_value}} for read_parquet.
std::string FieldIdMap(const std::vector<const Field*>& fields) {
  std::string out = "MAP {";
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& f = *fields[i];
    std::string type = DuckDbType(*f.type);
    out += (i ? ", " : "") + std::to_string(f.id) + ": {name: " + QuoteString(f.name) +
           ", type: " + QuoteString(type) + ", default_value: NULL}";
  }
  return out + "}";
}

const Field* FindField(const Schema& schema, int id) {
  for (const auto& f : schema.fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

void CheckReadable(const DataFile& f) {
  if (f.format != "PARQUET" && f.format != "parquet") {
    throw Error(ErrorKind::kIo,
                f.path + " is " + f.format + "; lakedev's reader reads Parquet only", {},
                "register this table with reader iceberg_scan");
  }
  if (f.content_offset >= 0) {
    throw Error(ErrorKind::kIo,
                f.path +
                    " holds deletion vectors, which lakedev's reader "
                    "does not read yet",
                {}, "register this table with reader iceberg_scan");
  }
}

// Reads the data files, grouped by partition: one read_parquet per partition with the
// predicate its partition values imply, so that DuckDB drops the groups a query's filter
// rules out without opening their files. Files whose partition says nothing a filter can
// use (unpartitioned, bucket, ...) share one read_parquet.
std::string DataBranches(const TableMetadata& metadata, const Schema& schema,
                         const std::vector<const Field*>& columns,
                         const std::vector<const DataFile*>& data, bool with_positions) {
  std::map<std::string, std::vector<const DataFile*>> groups;  // predicate -> files
  for (const DataFile* f : data) {
    const PartitionSpec* spec = metadata.FindSpec(f->spec_id);
    groups[spec ? PartitionPredicate(*spec, f->partition, schema) : ""].push_back(f);
  }
  std::string options = ", schema = " + FieldIdMap(columns) + ", hive_partitioning = false" +
                        (with_positions ? ", filename = true, file_row_number = true" : "");
  std::string out;
  for (const auto& [predicate, files] : groups) {
    if (!out.empty()) out += " UNION ALL ";
    out += "SELECT * FROM read_parquet(" + FileList(files) + options + ")";
    if (!predicate.empty()) out += " WHERE " + predicate;
  }
  return out;
}

}  // namespace

std::string DuckDbType(const Type& t) {
  switch (t.kind) {
    case Type::Kind::kStruct: {
      std::string out = "STRUCT(";
      for (size_t i = 0; i < t.fields.size(); ++i)
        out += (i ? ", " : "") + QuoteIdentifier(t.fields[i].name) + " " +
               DuckDbType(*t.fields[i].type);
      return out + ")";
    }
    case Type::Kind::kList:
      return DuckDbType(*t.fields[0].type) + "[]";
    case Type::Kind::kMap:
      return "MAP(" + DuckDbType(*t.fields[0].type) + ", " + DuckDbType(*t.fields[1].type) + ")";
    case Type::Kind::kPrimitive:
      break;
  }
  const std::string& p = t.primitive;
  static const std::pair<const char*, const char*> simple[] = {{"boolean", "BOOLEAN"},
                                                               {"int", "INTEGER"},
                                                               {"long", "BIGINT"},
                                                               {"float", "FLOAT"},
                                                               {"double", "DOUBLE"},
                                                               {"date", "DATE"},
                                                               {"time", "TIME"},
                                                               {"timestamp", "TIMESTAMP"},
                                                               {"timestamptz", "TIMESTAMPTZ"},
                                                               {"timestamp_ns", "TIMESTAMP_NS"},
                                                               {"timestamptz_ns", "TIMESTAMPTZ"},
                                                               {"string", "VARCHAR"},
                                                               {"uuid", "UUID"},
                                                               {"binary", "BLOB"}};
  for (const auto& [iceberg, duck] : simple) {
    if (p == iceberg) return duck;
  }
  if (p.starts_with("decimal(")) return "DECIMAL" + p.substr(7);
  if (p.starts_with("fixed[")) return "BLOB";
  throw Error(ErrorKind::kIo,
              "Iceberg type '" + p + "' has no DuckDB equivalent in lakedev's reader", {},
              "register this table with reader iceberg_scan");
}

std::string NativeScanSql(const TableMetadata& metadata, const Schema& schema,
                          const ScanPlan& plan) {
  std::vector<const Field*> columns;
  std::string select;
  for (const auto& f : schema.fields) {
    columns.push_back(&f);
    select += (select.empty() ? "" : ", ") + QuoteIdentifier(f.name);
  }
  if (plan.data_files.empty()) {
    std::string empty;
    for (const Field* f : columns)
      empty += (empty.empty() ? "" : ", ") + ("CAST(NULL AS " + DuckDbType(*f->type) + ") AS ") +
               QuoteIdentifier(f->name);
    return "SELECT " + empty + " WHERE false";
  }
  std::vector<const DataFile*> data;
  for (const auto& f : plan.data_files) {
    CheckReadable(f);
    data.push_back(&f);
  }
  bool deletes = !plan.position_deletes.empty() || !plan.equality_deletes.empty();
  std::string sql = "SELECT " + select + " FROM (" +
                    DataBranches(metadata, schema, columns, data, deletes) + ") AS d";
  std::vector<std::string> where;
  if (!plan.position_deletes.empty()) {
    std::vector<const DataFile*> pos;
    for (const auto& f : plan.position_deletes) {
      CheckReadable(f);
      pos.push_back(&f);
    }
    // Position deletes name the data file by path; a path is never reused, so the
    // sequence-number rule (data seq <= delete seq) always holds for the files named.
    where.push_back("NOT EXISTS (SELECT 1 FROM read_parquet(" + FileList(pos) +
                    ", hive_partitioning = false) AS p WHERE p.file_path = d.filename AND "
                    "p.pos = d.file_row_number)");
  }
  for (const auto& del : plan.equality_deletes) {
    CheckReadable(del);
    std::vector<const Field*> keys;
    for (int id : del.equality_ids) {
      const Field* f = FindField(schema, id);
      if (!f) {
        throw Error(ErrorKind::kIo, del.path + ": equality delete on field id " +
                                        std::to_string(id) + ", which is not a top-level column");
      }
      keys.push_back(f);
    }
    // It applies to data files older than itself (strictly lower sequence number), and,
    // when written for a partition, to that partition's files only.
    bool partitioned = !del.partition.items.empty();
    std::vector<const DataFile*> targets;
    for (const DataFile* f : data) {
      if (f->data_sequence_number >= del.data_sequence_number) continue;
      if (partitioned && (f->spec_id != del.spec_id || !SameDatum(f->partition, del.partition)))
        continue;
      targets.push_back(f);
    }
    if (targets.empty()) continue;
    std::string match;
    for (const Field* k : keys)
      match += " AND e." + QuoteIdentifier(k->name) + " IS NOT DISTINCT FROM d." +
               QuoteIdentifier(k->name);
    std::string scope =
        targets.size() == data.size() ? "" : " AND d.filename IN " + FileList(targets);
    if (!scope.empty()) scope.replace(scope.find('['), 1, "(").back() = ')';
    where.push_back("NOT EXISTS (SELECT 1 FROM read_parquet(" + QuoteString(del.path) +
                    ", schema = " + FieldIdMap(keys) +
                    ", hive_partitioning = false) AS e WHERE true" + match + scope + ")");
  }
  for (size_t i = 0; i < where.size(); ++i)
    sql += (i ? " AND " : " WHERE ") + where[i];
  return sql;
}

}  // namespace lakedev::lake::iceberg
