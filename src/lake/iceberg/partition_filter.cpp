#include "lake/iceberg/partition_filter.hpp"

#include <cstdio>

#include "common/civil_date.hpp"
#include "lake/registry.hpp"

namespace lakedev::lake::iceberg {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

const Field* SourceField(const Schema& schema, int id) {
  for (const auto& f : schema.fields) {
    if (f.id == id) return &f;
  }
  return nullptr;  // dropped, or nested (not pruned on)
}

enum class Temporal { kNone, kDate, kTimestamp, kTimestampTz };

Temporal TemporalKind(const std::string& type) {
  if (type == "date") return Temporal::kDate;
  if (type == "timestamp" || type == "timestamp_ns") return Temporal::kTimestamp;
  if (type == "timestamptz" || type == "timestamptz_ns") return Temporal::kTimestampTz;
  return Temporal::kNone;
}

std::string TimestampLiteral(Temporal k, int64_t micros) {
  if (k == Temporal::kTimestampTz) return "TIMESTAMPTZ '" + TimestampText(micros) + "+00'";
  return "TIMESTAMP '" + TimestampText(micros) + "'";
}

// The first and the last value of a column of kind `k` in days [from, to).
std::pair<std::string, std::string> DayRange(Temporal k, int64_t from, int64_t to) {
  if (k == Temporal::kDate)
    return {"DATE '" + DateText(from) + "'", "DATE '" + DateText(to - 1) + "'"};
  return {TimestampLiteral(k, from * 86400000000LL), TimestampLiteral(k, to * 86400000000LL - 1)};
}

}  // namespace

std::string DateText(int64_t days) {
  return IsoDate(days);
}

std::string TimestampText(int64_t micros) {
  int64_t days = FloorDiv(micros, 86400000000LL);
  int64_t rest = micros - days * 86400000000LL;
  char buf[48];
  std::snprintf(
      buf, sizeof buf, "%s %02lld:%02lld:%02lld.%06lld", DateText(days).c_str(),
      static_cast<long long>(rest / 3600000000LL), static_cast<long long>(rest / 60000000LL % 60),
      static_cast<long long>(rest / 1000000LL % 60), static_cast<long long>(rest % 1000000LL));
  return buf;
}

std::string DecimalText(const std::string& bytes, int scale) {
  if (bytes.empty() || bytes.size() > 16) return "";
  __int128 v = static_cast<int8_t>(bytes[0]) < 0 ? -1 : 0;
  for (unsigned char c : bytes)
    v = (v << 8) | c;  // shifting the sign-extended value keeps two's complement
  bool negative = v < 0;
  unsigned __int128 u =
      negative ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale))
      digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return (negative ? "-" : "") + digits;
}

std::string PartitionPredicate(const PartitionSpec& spec, const avro::Datum& value,
                               const Schema& schema) {
  std::vector<std::string> terms;
  for (size_t i = 0; i < spec.fields.size() && i < value.items.size(); ++i) {
    const PartitionField& pf = spec.fields[i];
    const Field* source = SourceField(schema, pf.source_id);
    if (!source || source->type->kind != Type::Kind::kPrimitive) continue;
    const std::string& type = source->type->primitive;
    std::string col = QuoteIdentifier(source->name);
    const avro::Datum& v = value.items[i];
    const std::string& t = pf.transform;
    if (v.IsNull()) {
      // A null partition value means a null source value for every transform but void.
      if (t != "void") terms.push_back(col + " IS NULL");
      continue;
    }
    Temporal temporal = TemporalKind(type);
    // Closed ranges: DuckDB finds [a, b] with b < c contradicting x >= c, but not
    // x >= a AND x < c AND x >= c.
    auto range = [&](const std::string& lo, const std::string& last) {
      terms.push_back(col + " >= " + lo + " AND " + col + " <= " + last);
    };
    if (t == "identity") {
      if (type == "int" || type == "long") {
        terms.push_back(col + " = " + std::to_string(v.Int()));
      } else if (type == "string") {
        terms.push_back(col + " = " + QuoteString(v.Str()));
      } else if (type == "boolean") {
        terms.push_back(col + (v.Int() ? " = true" : " = false"));
      } else if (temporal == Temporal::kDate) {
        terms.push_back(col + " = DATE '" + DateText(v.Int()) + "'");
      } else if (temporal != Temporal::kNone && type.find("_ns") == std::string::npos) {
        terms.push_back(col + " = " + TimestampLiteral(temporal, v.Int()));
      } else if (type.starts_with("decimal(")) {
        int scale = std::stoi(type.substr(type.find(',') + 1));
        std::string text = DecimalText(v.Str(), scale);
        if (!text.empty()) terms.push_back(col + " = " + text);
      }
    } else if (temporal != Temporal::kNone && type.find("_ns") == std::string::npos &&
               (t == "year" || t == "month" || t == "day" || t == "hour")) {
      int64_t n = v.Int();
      auto days = [&](int64_t from, int64_t to) {
        auto [lo, last] = DayRange(temporal, from, to);
        range(lo, last);
      };
      if (t == "year") {
        days(DaysFromCivil(1970 + n, 1, 1), DaysFromCivil(1970 + n + 1, 1, 1));
      } else if (t == "month") {
        int64_t y = 1970 + FloorDiv(n, 12);
        unsigned m = static_cast<unsigned>(n - FloorDiv(n, 12) * 12) + 1;
        int64_t next_y = m == 12 ? y + 1 : y;
        unsigned next_m = m == 12 ? 1 : m + 1;
        days(DaysFromCivil(y, m, 1), DaysFromCivil(next_y, next_m, 1));
      } else if (t == "day") {
        if (temporal == Temporal::kDate) {
          terms.push_back(col + " = DATE '" + DateText(n) + "'");
        } else {
          days(n, n + 1);
        }
      } else if (temporal != Temporal::kDate) {  // hour
        range(TimestampLiteral(temporal, n * 3600000000LL),
              TimestampLiteral(temporal, (n + 1) * 3600000000LL - 1));
      }
    } else if (t.starts_with("truncate[") && (type == "int" || type == "long")) {
      int64_t width = std::stoll(t.substr(9));
      range(std::to_string(v.Int()), std::to_string(v.Int() + width - 1));
    }
  }
  std::string out;
  for (const auto& term : terms)
    out += (out.empty() ? "" : " AND ") + term;
  return out;
}

}  // namespace lakedev::lake::iceberg
