// A value read from (or bound into) DuckDB, typed as DuckDB typed it. Nested types
// (LIST, STRUCT, MAP, ARRAY) keep their structure; exact numerics keep their digits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lakedev::duckdb {

class Value {
 public:
  enum class Kind {
    kNull,
    kBool,
    kInt,
    kUInt,
    kDouble,
    kString,
    kBlob,
    kDecimal,    // exact digits in text form, e.g. "12.50"
    kHugeInt,    // HUGEINT / UHUGEINT / BIGNUM, decimal text
    kUuid,       // canonical text
    kDate,       // days since 1970-01-01
    kTime,       // microseconds since midnight
    kTimestamp,  // microseconds since the epoch (TIMESTAMP_S/MS/NS are scaled to this)
    kTimestampTz,
    kInterval,
    kList,  // LIST and ARRAY
    kStruct,
    kMap,  // children are key, value, key, value, ...
  };

  Value() = default;
  static Value Null() { return {}; }
  static Value Bool(bool v);
  static Value Int(int64_t v);
  static Value UInt(uint64_t v);
  static Value Double(double v);
  static Value String(std::string v);
  static Value Blob(std::string bytes);
  static Value Text(Kind kind, std::string text);  // kDecimal, kHugeInt, kUuid
  static Value Temporal(Kind kind, int64_t v);     // kDate, kTime, kTimestamp, kTimestampTz
  static Value Interval(int32_t months, int32_t days, int64_t micros);
  static Value List(std::vector<Value> items);
  static Value Struct(std::vector<std::string> names, std::vector<Value> fields);
  static Value Map(std::vector<Value> keys_and_values);

  Kind kind() const { return kind_; }
  bool IsNull() const { return kind_ == Kind::kNull; }
  bool AsBool() const { return int_ != 0; }
  int64_t AsInt() const { return int_; }
  uint64_t AsUInt() const { return uint_; }
  double AsDouble() const { return double_; }
  const std::string& AsString() const { return text_; }
  const std::vector<Value>& children() const { return children_; }
  const std::vector<std::string>& field_names() const { return names_; }

  // The value as DuckDB's CLI prints it (NULL for null, ISO dates, [1, 2], {'a': 1}).
  std::string ToString() const;

  bool operator==(const Value& other) const = default;

 private:
  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  uint64_t uint_ = 0;
  double double_ = 0;
  int32_t months_ = 0, days_ = 0;
  std::string text_;
  std::vector<Value> children_;
  std::vector<std::string> names_;
};

}  // namespace lakedev::duckdb
