#include "adapters/duckdb/value.hpp"

#include <cctype>
#include <cstdio>

#include "common/civil_date.hpp"
#include "common/python_format.hpp"

namespace lakedev::duckdb {

Value Value::Bool(bool v) {
  Value x;
  x.kind_ = Kind::kBool;
  x.int_ = v;
  return x;
}
Value Value::Int(int64_t v) {
  Value x;
  x.kind_ = Kind::kInt;
  x.int_ = v;
  return x;
}
Value Value::UInt(uint64_t v) {
  Value x;
  x.kind_ = Kind::kUInt;
  x.uint_ = v;
  return x;
}
Value Value::Double(double v) {
  Value x;
  x.kind_ = Kind::kDouble;
  x.double_ = v;
  return x;
}
Value Value::String(std::string v) {
  return Text(Kind::kString, std::move(v));
}
Value Value::Blob(std::string bytes) {
  return Text(Kind::kBlob, std::move(bytes));
}
Value Value::Text(Kind kind, std::string text) {
  Value x;
  x.kind_ = kind;
  x.text_ = std::move(text);
  return x;
}
Value Value::Temporal(Kind kind, int64_t v) {
  Value x;
  x.kind_ = kind;
  x.int_ = v;
  return x;
}
Value Value::Interval(int32_t months, int32_t days, int64_t micros) {
  Value x;
  x.kind_ = Kind::kInterval;
  x.months_ = months;
  x.days_ = days;
  x.int_ = micros;
  return x;
}
Value Value::List(std::vector<Value> items) {
  Value x;
  x.kind_ = Kind::kList;
  x.children_ = std::move(items);
  return x;
}
Value Value::Struct(std::vector<std::string> names, std::vector<Value> fields) {
  Value x;
  x.kind_ = Kind::kStruct;
  x.names_ = std::move(names);
  x.children_ = std::move(fields);
  return x;
}
Value Value::Map(std::vector<Value> keys_and_values) {
  Value x;
  x.kind_ = Kind::kMap;
  x.children_ = std::move(keys_and_values);
  return x;
}

namespace {

std::string FormatDate(int64_t days) {
  return IsoDate(days);
}

std::string FormatTime(int64_t micros) {
  int64_t s = micros / 1000000, frac = micros % 1000000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  std::string out = buf;
  if (frac) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    out += buf;
    while (out.back() == '0')
      out.pop_back();
  }
  return out;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t day = micros / 86400000000LL, rest = micros % 86400000000LL;
  if (rest < 0) {
    rest += 86400000000LL;
    --day;
  }
  return FormatDate(day) + ' ' + FormatTime(rest);
}

// DuckDB's VARCHAR cast of a nested value quotes a string child only when it would
// otherwise be ambiguous: empty, "null" in any case, surrounding whitespace, or one of
// ,[]{}():='" inside; quoted text escapes ' and \ with a backslash. (Observed with
// DuckDB 1.4.4; the unit test compares against DuckDB's own cast.)
std::string Escaped(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  if (space(s.front()) || space(s.back())) return true;
  if (s.size() == 4) {
    std::string lower;
    for (char c : s)
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "null") return true;
  }
  return s.find_first_of(",[]{}():='\"") != std::string::npos;
}

std::string NestedText(const Value& v) {
  if (v.kind() != Value::Kind::kString) return v.ToString();
  return NeedsQuotes(v.AsString()) ? Escaped(v.AsString()) : v.AsString();
}

}  // namespace

std::string Value::ToString() const {
  switch (kind_) {
    case Kind::kNull:
      return "NULL";
    case Kind::kBool:
      return int_ ? "true" : "false";
    case Kind::kInt:
      return std::to_string(int_);
    case Kind::kUInt:
      return std::to_string(uint_);
    case Kind::kDouble:
      return PythonFloatRepr(double_);
    case Kind::kString:
    case Kind::kDecimal:
    case Kind::kHugeInt:
    case Kind::kUuid:
      return text_;
    case Kind::kBlob: {
      std::string out;
      for (unsigned char c : text_) {
        if (c >= 32 && c < 127 && c != '\\' && c != '\'') {
          out += static_cast<char>(c);
        } else {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          out += buf;
        }
      }
      return out;
    }
    case Kind::kDate:
      return FormatDate(int_);
    case Kind::kTime:
      return FormatTime(int_);
    case Kind::kTimestamp:
      return FormatTimestamp(int_);
    case Kind::kTimestampTz:
      return FormatTimestamp(int_) + "+00";
    case Kind::kInterval: {
      std::string out;
      auto part = [&](int64_t n, const char* unit) {
        if (!n) return;
        if (!out.empty()) out += ' ';
        out += std::to_string(n) + ' ' + unit + (n == 1 || n == -1 ? "" : "s");
      };
      part(months_ / 12, "year");
      part(months_ % 12, "month");
      part(days_, "day");
      if (int_ || out.empty()) {
        if (!out.empty()) out += ' ';
        out += (int_ < 0 ? "-" : "") + FormatTime(int_ < 0 ? -int_ : int_);
      }
      return out;
    }
    case Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i) out += ", ";
        out += NestedText(children_[i]);
      }
      return out + "]";
    }
    case Kind::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i) out += ", ";
        out += Escaped(names_[i]) + ": " + NestedText(children_[i]);
      }
      return out + "}";
    }
    case Kind::kMap: {
      std::string out = "{";
      for (size_t i = 0; i + 1 < children_.size(); i += 2) {
        if (i) out += ", ";
        out += NestedText(children_[i]) + "=" + NestedText(children_[i + 1]);
      }
      return out + "}";
    }
  }
  return {};
}

}  // namespace lakedev::duckdb
