#include "context/seed_csv.hpp"

#include <cctype>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "common/error.hpp"

namespace lakedev::context {
using jinja::Value;

namespace {

// Python's open(..., encoding='utf-8') in text mode: BOM dropped, \r\n and \r become \n.
std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, "cannot read the seed file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string raw = ss.str();
  size_t start = raw.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  std::string out;
  out.reserve(raw.size());
  for (size_t i = start; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      out += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else {
      out += raw[i];
    }
  }
  return out;
}

// Python's csv.reader with the excel dialect (quotechar '"', doubled quotes, not strict).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text, char delimiter) {
  std::vector<std::vector<std::string>> rows;
  size_t i = 0, n = text.size();
  while (i < n) {
    std::vector<std::string> row;
    if (text[i] == '\n') {  // a blank line: an empty row
      rows.push_back({});
      ++i;
      continue;
    }
    std::string field;
    bool in_quotes = false, quoted_once = false;
    for (; i < n; ++i) {
      char c = text[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            in_quotes = false;
          }
        } else {
          field += c;
        }
      } else if (c == '"' && field.empty() && !quoted_once) {
        in_quotes = quoted_once = true;
      } else if (c == delimiter) {
        row.push_back(std::move(field));
        field.clear();
        quoted_once = false;
      } else if (c == '\n') {
        break;
      } else {
        field += c;
      }
    }
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
    ++i;  // past the newline
  }
  return rows;
}

std::string Strip(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
    --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsNull(const std::string& stripped) {
  return stripped.empty() || Lower(stripped) == "null";
}

// Python's Decimal(str): sign, digits with optional '_' between them, a point, an exponent;
// or Infinity/Inf/NaN/sNaN. Returns the number of decimal places after normalizing (agate's
// MaxPrecision), 0 for non-finite values; nullopt when it is not a number.
std::optional<int> DecimalPlaces(const std::string& s) {
  std::string t = Strip(s);
  size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  std::string rest = Lower(t.substr(i));
  if (rest == "infinity" || rest == "inf" || rest == "nan" || rest == "snan") return 0;
  std::string digits;  // all significant digits, in order
  int frac = 0;        // digits after the point
  bool any = false, point = false;
  char prev = 0;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
      if (point) ++frac;
      any = true;
    } else if (c == '_' && std::isdigit(static_cast<unsigned char>(prev)) && i + 1 < t.size() &&
               std::isdigit(static_cast<unsigned char>(t[i + 1]))) {
      // digit separator
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
    prev = c;
  }
  if (!any) return std::nullopt;
  long exponent = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    size_t j = i + 1;
    bool neg = false;
    if (j < t.size() && (t[j] == '+' || t[j] == '-')) neg = t[j++] == '-';
    size_t start = j;
    long e = 0;
    while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) {
      e = std::min(e * 10 + (t[j] - '0'), 100000L);
      ++j;
    }
    if (j == start) return std::nullopt;
    exponent = neg ? -e : e;
    i = j;
  }
  if (i != t.size()) return std::nullopt;
  // normalize(): trailing zeros of the digits move into the exponent.
  long exp10 = exponent - frac;
  size_t end = digits.size();
  while (end > 0 && digits[end - 1] == '0') {
    --end;
    ++exp10;
  }
  if (end == 0) return 0;  // zero
  return exp10 < 0 ? static_cast<int>(std::min(-exp10, 1000L)) : 0;
}

// agate's Number.cast on text: '%' and currency symbols around it, a leading '-', ','
// group separators ignored. Returns decimal places (for float8 vs integer).
std::optional<int> NumberPlaces(const std::string& value) {
  static const char* kCurrency[] = {"؋", "$", "ƒ", "៛", "¥", "₡", "₱", "£", "€", "¢",
                                    "﷼", "₪", "₩", "₭", "₮", "₦", "฿", "₤", "₫"};
  std::string d = Strip(value);
  while (!d.empty() && d.front() == '%')
    d.erase(0, 1);
  while (!d.empty() && d.back() == '%')
    d.pop_back();
  if (!d.empty() && d[0] == '-') d.erase(0, 1);
  for (const char* sym : kCurrency) {
    std::string s(sym);
    while (d.size() >= s.size() && d.compare(0, s.size(), s) == 0)
      d.erase(0, s.size());
    while (d.size() >= s.size() && d.compare(d.size() - s.size(), s.size(), s) == 0)
      d.erase(d.size() - s.size());
  }
  std::string no_groups;
  for (char c : d) {
    if (c != ',') no_groups += c;
  }
  return DecimalPlaces(no_groups);
}

bool ValidDate(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// Python's strptime with "%Y-%m-%d" (and " %H:%M:%S"): one- or two-digit fields allowed
// where Python's patterns allow them, whitespace in the format matching any run of it.
bool MatchesDate(const std::string& v, bool with_time) {
  static const std::regex date(
      R"((\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9]))");
  static const std::regex datetime(
      R"((\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])\s+(2[0-3]|[0-1]\d|\d):([0-5]\d|\d):(6[0-1]|[0-5]\d|\d))");
  std::smatch m;
  if (!std::regex_match(v, m, with_time ? datetime : date)) return false;
  if (with_time && std::stoi(m[6].str()) > 59) return false;
  return ValidDate(std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str()));
}

// isodate.parse_datetime: <date>T<time>[zone], the extended and basic forms.
bool MatchesIsoDateTime(const std::string& v) {
  size_t t = v.find('T');
  if (t == std::string::npos) return false;
  static const std::regex date(R"((\d{4})-?(\d{2})-?(\d{2}))");
  static const std::regex time(
      R"((\d{2})(?::?(\d{2})(?::?(\d{2}))?)?([.,]\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?)");
  std::smatch dm, tm;
  std::string dpart = v.substr(0, t), tpart = v.substr(t + 1);
  if (!std::regex_match(dpart, dm, date) || !std::regex_match(tpart, tm, time)) return false;
  if (!ValidDate(std::stoi(dm[1].str()), std::stoi(dm[2].str()), std::stoi(dm[3].str()))) {
    return false;
  }
  if (std::stoi(tm[1].str()) > 24) return false;
  if (tm[2].matched && std::stoi(tm[2].str()) > 59) return false;
  if (tm[3].matched && std::stoi(tm[3].str()) > 60) return false;
  return true;
}

bool MatchesBoolean(const std::string& v) {
  std::string d;
  for (char c : v) {
    if (c != ',') d += c;
  }
  d = Lower(Strip(d));
  return d == "true" || d == "false";
}

enum class Kind { kNumber, kDate, kDateTime, kIsoDateTime, kBoolean, kText };

// The name agate gives an unnamed column: a, b, ..., z, aa, bb, ...
std::string LetterName(size_t index) {
  size_t count = index / 26 + 1;
  return std::string(count, static_cast<char>('a' + index % 26));
}

}  // namespace

SeedCsv ReadSeedCsv(const std::string& path, char delimiter,
                    const std::set<std::string>& text_columns) {
  auto rows = ParseCsv(ReadText(path), delimiter);
  SeedCsv out;
  if (rows.empty()) throw Error(ErrorKind::kConfig, "the seed file is empty", {path});
  // Header: empty names become letters, repeated names get _2, _3, ...
  std::vector<std::string> names;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    std::string name = rows[0][i];
    if (Strip(name).empty()) {
      name = LetterName(i);
      out.warnings.push_back("Column " + std::to_string(i) + " has no name. Using \"" + name +
                             "\".");
    }
    std::string unique = name;
    for (int k = 2; std::find(names.begin(), names.end(), unique) != names.end(); ++k)
      unique = name + "_" + std::to_string(k);
    if (unique != name) {
      out.warnings.push_back("Column name \"" + name +
                             "\" already exists in Table. Column will be renamed to \"" + unique +
                             "\".");
    }
    names.push_back(unique);
  }
  size_t ncols = names.size();
  std::vector<std::vector<std::optional<std::string>>> cells;
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() > ncols) {
      throw Error(ErrorKind::kConfig,
                  "row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                      " values, but the header has " + std::to_string(ncols) + " columns",
                  {path}, "give every row as many values as the header has names");
    }
    std::vector<std::optional<std::string>> row(ncols);
    for (size_t c = 0; c < rows[r].size(); ++c)
      row[c] = rows[r][c];
    cells.push_back(std::move(row));
  }
  out.table.column_names = names;
  for (size_t c = 0; c < ncols; ++c) {
    bool forced_text = text_columns.count(names[c]) > 0;
    bool number = !forced_text, date = number, datetime = number, iso = number, boolean = number;
    int places = 0;
    for (const auto& row : cells) {
      if (!row[c]) continue;
      std::string v = Strip(*row[c]);
      if (IsNull(v)) continue;
      if (number) {
        auto p = NumberPlaces(v);
        if (p)
          places = std::max(places, *p);
        else
          number = false;
      }
      if (date && !MatchesDate(v, false)) date = false;
      if (datetime && !MatchesDate(v, true)) datetime = false;
      if (iso && !MatchesIsoDateTime(v)) iso = false;
      if (boolean && !MatchesBoolean(v)) boolean = false;
    }
    Kind kind = number     ? Kind::kNumber
                : date     ? Kind::kDate
                : datetime ? Kind::kDateTime
                : iso      ? Kind::kIsoDateTime
                : boolean  ? Kind::kBoolean
                           : Kind::kText;
    std::string sql;
    switch (kind) {
      case Kind::kNumber:
        sql = places > 0 ? "float8" : "integer";
        break;
      case Kind::kDate:
        sql = "date";
        break;
      case Kind::kDateTime:
      case Kind::kIsoDateTime:
        sql = "timestamp without time zone";
        break;
      case Kind::kBoolean:
        sql = "boolean";
        break;
      case Kind::kText:
        sql = "text";
        break;
    }
    out.table.column_types.push_back(sql);
  }
  // Rows as templates see them: text values, None for nulls (text columns keep "null").
  for (const auto& row : cells) {
    std::vector<Value> values;
    for (size_t c = 0; c < ncols; ++c) {
      if (!row[c]) {
        values.push_back(Value::MakeNone());
        continue;
      }
      bool text = out.table.column_types[c] == "text";
      bool forced = text_columns.count(names[c]) > 0;
      std::string stripped = Strip(*row[c]);
      if (forced ? false
                 : (text ? row[c]->empty() || Lower(*row[c]) == "null" : IsNull(stripped))) {
        values.push_back(Value::MakeNone());
      } else {
        values.push_back(Value::String(text ? *row[c] : stripped));
      }
    }
    out.table.rows.push_back(std::move(values));
  }
  return out;
}

}  // namespace lakedev::context
