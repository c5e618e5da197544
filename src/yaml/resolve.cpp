// PyYAML's implicit resolvers (yaml/resolver.py, YAML 1.1) and constructors for plain
// scalars. The patterns below are those resolvers' regular expressions, so the typing
// of a value matches what dbt sees byte for byte, quirks included ("1e5" is a string,
// "08" is a string, "0o17" is a string, "1:30" is the integer 90).
#include <cmath>
#include <limits>
#include <regex>

#include "yaml/parse.hpp"

namespace lakedev::yaml {
namespace {

const std::regex& IntPattern() {
  static const std::regex re(
      "[-+]?0b[0-1_]+"
      "|[-+]?0[0-7_]+"
      "|[-+]?(?:0|[1-9][0-9_]*)"
      "|[-+]?0x[0-9a-fA-F_]+"
      "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  return re;
}

const std::regex& FloatPattern() {
  static const std::regex re(
      "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
      "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
      "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
      "|[-+]?\\.(?:inf|Inf|INF)"
      "|\\.(?:nan|NaN|NAN)");
  return re;
}

const std::regex& TimestampPattern() {
  static const std::regex re(
      "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
      "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
      "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
      ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
      "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");
  return re;
}

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> options) {
  for (auto o : options) {
    if (s == o) return true;
  }
  return false;
}

std::string WithoutUnderscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += c;
  }
  return out;
}

// Python int(digits, base) for base 2/8/10/16, refusing values beyond int64.
bool ParseUnsigned(std::string_view digits, int base, uint64_t& out) {
  out = 0;
  if (digits.empty()) return false;
  for (char c : digits) {
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : 99;
    if (d >= base) return false;
    if (out > (std::numeric_limits<uint64_t>::max() - d) / base) return false;
    out = out * base + d;
  }
  return true;
}

Node ConstructInt(std::string_view text, const SourceLocation& at) {
  std::string value = WithoutUnderscores(text);
  bool negative = false;
  if (!value.empty() && (value[0] == '-' || value[0] == '+')) {
    negative = value[0] == '-';
    value.erase(0, 1);
  }
  uint64_t magnitude = 0;
  bool ok = true;
  if (value == "0") {
    magnitude = 0;
  } else if (value.starts_with("0b")) {
    ok = ParseUnsigned(std::string_view(value).substr(2), 2, magnitude);
  } else if (value.starts_with("0x")) {
    ok = ParseUnsigned(std::string_view(value).substr(2), 16, magnitude);
  } else if (value[0] == '0') {
    ok = ParseUnsigned(std::string_view(value).substr(1), 8, magnitude);
  } else if (value.find(':') != std::string::npos) {
    // Sexagesimal: "1:30:00" is 1*3600 + 30*60 + 0.
    size_t start = 0;
    while (ok) {
      size_t colon = value.find(':', start);
      uint64_t part = 0;
      ok = ParseUnsigned(std::string_view(value).substr(start, colon - start), 10, part);
      magnitude = magnitude * 60 + part;
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  } else {
    ok = ParseUnsigned(value, 10, magnitude);
  }
  uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (!ok || magnitude > limit) {
    throw Error(ErrorKind::kYaml, "integer '" + std::string(text) + "' is too large", at)
        .WithFix("lakedev supports 64-bit integers in YAML; quote the value to keep it as text");
  }
  int64_t v = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return Node::Int(v, at);
}

Node ConstructFloat(std::string_view text, const SourceLocation& at) {
  std::string value = WithoutUnderscores(text);
  for (auto& c : value)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double sign = 1;
  if (!value.empty() && (value[0] == '-' || value[0] == '+')) {
    if (value[0] == '-') sign = -1;
    value.erase(0, 1);
  }
  if (value == ".inf") return Node::Float(sign * std::numeric_limits<double>::infinity(), at);
  if (value == ".nan") return Node::Float(std::numeric_limits<double>::quiet_NaN(), at);
  if (value.find(':') != std::string::npos) {
    double result = 0;
    size_t start = 0;
    while (true) {
      size_t colon = value.find(':', start);
      result = result * 60 + std::stod(value.substr(start, colon - start));
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
    return Node::Float(sign * result, at);
  }
  return Node::Float(sign * std::strtod(value.c_str(), nullptr), at);
}

}  // namespace

Node ResolvePlainScalar(std::string_view text, SourceLocation at) {
  if (IsOneOf(text, {"", "~", "null", "Null", "NULL"})) return Node::Null(std::move(at));
  if (IsOneOf(text, {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})) {
    return Node::Bool(true, std::move(at));
  }
  if (IsOneOf(text, {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})) {
    return Node::Bool(false, std::move(at));
  }
  char first = text[0];
  bool numeric_start =
      (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.';
  if (numeric_start) {
    std::string s(text);
    // PyYAML tries its resolvers in registration order: bool, float, int, merge, null,
    // timestamp, value. Float and int patterns never both match.
    if (std::regex_match(s, FloatPattern())) return ConstructFloat(text, at);
    if (std::regex_match(s, IntPattern())) return ConstructInt(text, at);
    if (first >= '0' && first <= '9' && std::regex_match(s, TimestampPattern())) {
      return Node::Timestamp(std::move(s), std::move(at));
    }
  }
  return Node::String(std::string(text), std::move(at));
}

}  // namespace lakedev::yaml
