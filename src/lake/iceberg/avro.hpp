// Avro object container files, as Iceberg writes its manifest lists and manifests: the
// header (schema, codec), then blocks compressed with null, deflate, snappy or zstandard.
// Records decode into a generic Datum tree; fields are found by name through the schema.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lakedev::lake::avro {

enum class Kind {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed
};

struct Schema {
  Kind kind = Kind::kNull;
  std::string name;                               // records, enums, fixed
  std::vector<std::string> field_names;           // records
  std::vector<int> field_ids;                     // records: Iceberg "field-id", -1 if none
  std::vector<std::shared_ptr<Schema>> children;  // record fields, union branches, items, values
  std::vector<std::string> symbols;               // enums
  size_t size = 0;                                // fixed
  // The index of record field `name`, or -1.
  int FieldIndex(std::string_view name) const;
};

// A decoded value. Records and arrays hold children in `items`; maps hold key, value,
// key, value, ... in `items`. Ints, longs, booleans and enum indexes are `int64_t`;
// floats and doubles `double`; strings, bytes and fixed `std::string`.
struct Datum {
  std::variant<std::monostate, int64_t, double, std::string> value;
  std::vector<Datum> items;
  bool container = false;  // a record, array or map (which may be empty), not a null
  bool IsNull() const {
    return !container && std::holds_alternative<std::monostate>(value) && items.empty();
  }
  int64_t Int() const { return std::get<int64_t>(value); }
  const std::string& Str() const { return std::get<std::string>(value); }
  static Datum OfInt(int64_t v) {
    Datum d;
    d.value = v;
    return d;
  }
  static Datum OfString(std::string v) {
    Datum d;
    d.value = std::move(v);
    return d;
  }
  static Datum OfRecord(std::vector<Datum> fields) {
    Datum d;
    d.items = std::move(fields);
    d.container = true;
    return d;
  }
};

class File {
 public:
  // Parses the header and decodes every record. Throws Error(kIo) naming `name` when the
  // bytes are not an Avro container file or a block does not decode.
  static File Parse(std::string bytes, const std::string& name);

  const Schema& schema() const { return *schema_; }
  const std::vector<Datum>& records() const { return records_; }
  // A key of the header metadata ("avro.schema", "iceberg.schema", "content", ...).
  std::string Meta(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& meta() const { return meta_; }

 private:
  std::shared_ptr<Schema> schema_;
  std::vector<std::pair<std::string, std::string>> meta_;
  std::vector<Datum> records_;
};

// Parses an Avro schema in its JSON form.
std::shared_ptr<Schema> ParseSchema(const std::string& json);

// Encodes `datum` as `schema` says (a union takes its null branch for a null datum and
// its first other branch otherwise: Iceberg's unions are all ["null", T]).
void Encode(const Schema& schema, const Datum& datum, std::string& out);

// An object container file (codec null) holding `records`; `meta` must include
// avro.schema (the JSON of `schema`).
std::string WriteContainer(const Schema& schema,
                           const std::vector<std::pair<std::string, std::string>>& meta,
                           const std::vector<Datum>& records);

}  // namespace lakedev::lake::avro
