#include "adapters/duckdb/result_reader.hpp"

#include <cstring>
#include <stdexcept>

#include "common/error.hpp"

namespace lakedev::duckdb {
namespace {

template <typename T>
T At(duckdb_vector vector, idx_t row) {
  return static_cast<T*>(duckdb_vector_get_data(vector))[row];
}

struct LogicalType {
  duckdb_logical_type type;
  explicit LogicalType(duckdb_logical_type t) : type(t) {}
  ~LogicalType() { duckdb_destroy_logical_type(&type); }
  LogicalType(const LogicalType&) = delete;
  LogicalType& operator=(const LogicalType&) = delete;
};

// Decimal text of a signed 128-bit integer given as (upper, lower).
std::string Int128Text(int64_t upper, uint64_t lower, bool is_signed = true) {
  unsigned __int128 v =
      (static_cast<unsigned __int128>(static_cast<uint64_t>(upper)) << 64) | lower;
  bool negative = is_signed && upper < 0;
  if (negative) v = ~v + 1;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v);
  return negative ? "-" + digits : digits;
}

std::string DecimalText(const std::string& integer, uint8_t scale) {
  bool negative = !integer.empty() && integer[0] == '-';
  std::string digits = negative ? integer.substr(1) : integer;
  if (scale == 0) return integer;
  if (digits.size() <= scale) digits = std::string(scale - digits.size() + 1, '0') + digits;
  size_t point = digits.size() - scale;
  return (negative ? "-" : "") + digits.substr(0, point) + "." + digits.substr(point);
}

Value ReadDecimal(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
  uint8_t scale = duckdb_decimal_scale(type);
  std::string digits;
  switch (duckdb_decimal_internal_type(type)) {
    case DUCKDB_TYPE_SMALLINT:
      digits = std::to_string(At<int16_t>(vector, row));
      break;
    case DUCKDB_TYPE_INTEGER:
      digits = std::to_string(At<int32_t>(vector, row));
      break;
    case DUCKDB_TYPE_BIGINT:
      digits = std::to_string(At<int64_t>(vector, row));
      break;
    default: {
      auto h = At<duckdb_hugeint>(vector, row);
      digits = Int128Text(h.upper, h.lower);
    }
  }
  return Value::Text(Value::Kind::kDecimal, DecimalText(digits, scale));
}

std::string UuidText(duckdb_hugeint h) {
  // DuckDB stores UUIDs with the top bit flipped so they sort as signed integers.
  uint64_t upper = static_cast<uint64_t>(h.upper) ^ (uint64_t{1} << 63);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(upper >> 32),
                static_cast<unsigned long long>((upper >> 16) & 0xffff),
                static_cast<unsigned long long>(upper & 0xffff),
                static_cast<unsigned long long>(h.lower >> 48),
                static_cast<unsigned long long>(h.lower & 0xffffffffffffULL));
  return buf;
}

Value ReadEnum(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
  idx_t index = 0;
  switch (duckdb_enum_internal_type(type)) {
    case DUCKDB_TYPE_UTINYINT:
      index = At<uint8_t>(vector, row);
      break;
    case DUCKDB_TYPE_USMALLINT:
      index = At<uint16_t>(vector, row);
      break;
    default:
      index = At<uint32_t>(vector, row);
      break;
  }
  char* text = duckdb_enum_dictionary_value(type, index);
  std::string s = text ? text : "";
  duckdb_free(text);
  return Value::String(std::move(s));
}

}  // namespace

Value ReadValue(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
  uint64_t* validity = duckdb_vector_get_validity(vector);
  if (validity && !duckdb_validity_row_is_valid(validity, row)) return Value::Null();
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN:
      return Value::Bool(At<bool>(vector, row));
    case DUCKDB_TYPE_TINYINT:
      return Value::Int(At<int8_t>(vector, row));
    case DUCKDB_TYPE_SMALLINT:
      return Value::Int(At<int16_t>(vector, row));
    case DUCKDB_TYPE_INTEGER:
      return Value::Int(At<int32_t>(vector, row));
    case DUCKDB_TYPE_BIGINT:
      return Value::Int(At<int64_t>(vector, row));
    case DUCKDB_TYPE_UTINYINT:
      return Value::UInt(At<uint8_t>(vector, row));
    case DUCKDB_TYPE_USMALLINT:
      return Value::UInt(At<uint16_t>(vector, row));
    case DUCKDB_TYPE_UINTEGER:
      return Value::UInt(At<uint32_t>(vector, row));
    case DUCKDB_TYPE_UBIGINT:
      return Value::UInt(At<uint64_t>(vector, row));
    case DUCKDB_TYPE_FLOAT:
      return Value::Double(At<float>(vector, row));
    case DUCKDB_TYPE_DOUBLE:
      return Value::Double(At<double>(vector, row));
    case DUCKDB_TYPE_HUGEINT: {
      auto h = At<duckdb_hugeint>(vector, row);
      return Value::Text(Value::Kind::kHugeInt, Int128Text(h.upper, h.lower));
    }
    case DUCKDB_TYPE_UHUGEINT: {
      auto h = At<duckdb_uhugeint>(vector, row);
      return Value::Text(Value::Kind::kHugeInt,
                         Int128Text(static_cast<int64_t>(h.upper), h.lower, false));
    }
    case DUCKDB_TYPE_UUID:
      return Value::Text(Value::Kind::kUuid, UuidText(At<duckdb_hugeint>(vector, row)));
    case DUCKDB_TYPE_DECIMAL:
      return ReadDecimal(vector, type, row);
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB: {
      auto* s = &static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector))[row];
      std::string text(duckdb_string_t_data(s), duckdb_string_t_length(*s));
      return duckdb_get_type_id(type) == DUCKDB_TYPE_VARCHAR ? Value::String(std::move(text))
                                                             : Value::Blob(std::move(text));
    }
    case DUCKDB_TYPE_ENUM:
      return ReadEnum(vector, type, row);
    case DUCKDB_TYPE_DATE:
      return Value::Temporal(Value::Kind::kDate, At<int32_t>(vector, row));
    case DUCKDB_TYPE_TIME:
      return Value::Temporal(Value::Kind::kTime, At<int64_t>(vector, row));
    case DUCKDB_TYPE_TIMESTAMP:
      return Value::Temporal(Value::Kind::kTimestamp, At<int64_t>(vector, row));
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return Value::Temporal(Value::Kind::kTimestampTz, At<int64_t>(vector, row));
    case DUCKDB_TYPE_TIMESTAMP_S:
      return Value::Temporal(Value::Kind::kTimestamp, At<int64_t>(vector, row) * 1000000);
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return Value::Temporal(Value::Kind::kTimestamp, At<int64_t>(vector, row) * 1000);
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return Value::Temporal(Value::Kind::kTimestamp, At<int64_t>(vector, row) / 1000);
    case DUCKDB_TYPE_INTERVAL: {
      auto iv = At<duckdb_interval>(vector, row);
      return Value::Interval(iv.months, iv.days, iv.micros);
    }
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_MAP: {
      auto entry = At<duckdb_list_entry>(vector, row);
      duckdb_vector child = duckdb_list_vector_get_child(vector);
      LogicalType child_type(duckdb_list_type_child_type(type));
      std::vector<Value> items;
      if (duckdb_get_type_id(type) == DUCKDB_TYPE_MAP) {
        // A MAP is a list of {key, value} structs.
        duckdb_vector keys = duckdb_struct_vector_get_child(child, 0);
        duckdb_vector values = duckdb_struct_vector_get_child(child, 1);
        LogicalType key_type(duckdb_map_type_key_type(type));
        LogicalType value_type(duckdb_map_type_value_type(type));
        for (idx_t i = 0; i < entry.length; ++i) {
          items.push_back(ReadValue(keys, key_type.type, entry.offset + i));
          items.push_back(ReadValue(values, value_type.type, entry.offset + i));
        }
        return Value::Map(std::move(items));
      }
      for (idx_t i = 0; i < entry.length; ++i) {
        items.push_back(ReadValue(child, child_type.type, entry.offset + i));
      }
      return Value::List(std::move(items));
    }
    case DUCKDB_TYPE_ARRAY: {
      idx_t size = duckdb_array_type_array_size(type);
      duckdb_vector child = duckdb_array_vector_get_child(vector);
      LogicalType child_type(duckdb_array_type_child_type(type));
      std::vector<Value> items;
      for (idx_t i = 0; i < size; ++i)
        items.push_back(ReadValue(child, child_type.type, row * size + i));
      return Value::List(std::move(items));
    }
    case DUCKDB_TYPE_STRUCT: {
      idx_t n = duckdb_struct_type_child_count(type);
      std::vector<std::string> names;
      std::vector<Value> fields;
      for (idx_t i = 0; i < n; ++i) {
        char* name = duckdb_struct_type_child_name(type, i);
        names.emplace_back(name);
        duckdb_free(name);
        LogicalType field_type(duckdb_struct_type_child_type(type, i));
        fields.push_back(
            ReadValue(duckdb_struct_vector_get_child(vector, i), field_type.type, row));
      }
      return Value::Struct(std::move(names), std::move(fields));
    }
    default:
      throw Error(ErrorKind::kDatabase,
                  "lakedev cannot read DuckDB values of type " + TypeName(type) + " yet", {},
                  "CAST the column to VARCHAR in the query");
  }
}

std::string TypeName(duckdb_logical_type type) {
  // duckdb_logical_type_get_alias covers user types; SQL spelling of built-ins is ours.
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN:
      return "BOOLEAN";
    case DUCKDB_TYPE_TINYINT:
      return "TINYINT";
    case DUCKDB_TYPE_SMALLINT:
      return "SMALLINT";
    case DUCKDB_TYPE_INTEGER:
      return "INTEGER";
    case DUCKDB_TYPE_BIGINT:
      return "BIGINT";
    case DUCKDB_TYPE_UTINYINT:
      return "UTINYINT";
    case DUCKDB_TYPE_USMALLINT:
      return "USMALLINT";
    case DUCKDB_TYPE_UINTEGER:
      return "UINTEGER";
    case DUCKDB_TYPE_UBIGINT:
      return "UBIGINT";
    case DUCKDB_TYPE_FLOAT:
      return "FLOAT";
    case DUCKDB_TYPE_DOUBLE:
      return "DOUBLE";
    case DUCKDB_TYPE_HUGEINT:
      return "HUGEINT";
    case DUCKDB_TYPE_UHUGEINT:
      return "UHUGEINT";
    case DUCKDB_TYPE_UUID:
      return "UUID";
    case DUCKDB_TYPE_VARCHAR:
      return "VARCHAR";
    case DUCKDB_TYPE_BLOB:
      return "BLOB";
    case DUCKDB_TYPE_DATE:
      return "DATE";
    case DUCKDB_TYPE_TIME:
      return "TIME";
    case DUCKDB_TYPE_TIME_TZ:
      return "TIME WITH TIME ZONE";
    case DUCKDB_TYPE_TIMESTAMP:
      return "TIMESTAMP";
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return "TIMESTAMP WITH TIME ZONE";
    case DUCKDB_TYPE_TIMESTAMP_S:
      return "TIMESTAMP_S";
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return "TIMESTAMP_MS";
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return "TIMESTAMP_NS";
    case DUCKDB_TYPE_INTERVAL:
      return "INTERVAL";
    case DUCKDB_TYPE_ENUM:
      return "ENUM";
    case DUCKDB_TYPE_BIT:
      return "BIT";
    case DUCKDB_TYPE_BIGNUM:
      return "BIGNUM";
    case DUCKDB_TYPE_UNION:
      return "UNION";
    case DUCKDB_TYPE_SQLNULL:
      return "\"NULL\"";
    case DUCKDB_TYPE_DECIMAL:
      return "DECIMAL(" + std::to_string(duckdb_decimal_width(type)) + "," +
             std::to_string(duckdb_decimal_scale(type)) + ")";
    case DUCKDB_TYPE_LIST: {
      LogicalType child(duckdb_list_type_child_type(type));
      return TypeName(child.type) + "[]";
    }
    case DUCKDB_TYPE_ARRAY: {
      LogicalType child(duckdb_array_type_child_type(type));
      return TypeName(child.type) + "[" + std::to_string(duckdb_array_type_array_size(type)) + "]";
    }
    case DUCKDB_TYPE_MAP: {
      LogicalType k(duckdb_map_type_key_type(type)), v(duckdb_map_type_value_type(type));
      return "MAP(" + TypeName(k.type) + ", " + TypeName(v.type) + ")";
    }
    case DUCKDB_TYPE_STRUCT: {
      std::string out = "STRUCT(";
      for (idx_t i = 0; i < duckdb_struct_type_child_count(type); ++i) {
        char* name = duckdb_struct_type_child_name(type, i);
        LogicalType child(duckdb_struct_type_child_type(type, i));
        out += (i ? ", " : "") + std::string("\"") + name + "\" " + TypeName(child.type);
        duckdb_free(name);
      }
      return out + ")";
    }
    default:
      return "UNKNOWN";
  }
}

}  // namespace lakedev::duckdb
