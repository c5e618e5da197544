// Jinja2's built-in filters, with the semantics of jinja2/filters.py (3.1) under the
// settings dbt uses (autoescape off, so escape/safe produce plain strings).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>

#include "common/python_format.hpp"
#include "jinja/environment.hpp"
#include "jinja/interpreter.hpp"
#include "jinja/objects.hpp"
#include "jinja/operations.hpp"
#include "jinja/text.hpp"
#include "jinja/textwrap.hpp"
#include "jinja/urlize.hpp"

namespace lakedev::jinja {

namespace {

[[noreturn]] void FilterArgumentError(const std::string& m) {
  throw TemplateError(TemplateErrorKind::kRuntime, m);
}

Value Str(std::string s) {
  return Value::String(std::move(s));
}

bool BoolArg(CallArgs& a, size_t i, const char* name, bool dflt) {
  auto v = a.Take(i, name);
  return v ? v->Truthy() : dflt;
}

int64_t IntArg(CallArgs& a, size_t i, const char* name, int64_t dflt) {
  auto v = a.Take(i, name);
  if (!v || v->IsNone()) return dflt;
  if (v->IsFloat()) ThrowTypeError("'float' object cannot be interpreted as an integer");
  if (!v->IsInt() && !v->IsBool())
    ThrowTypeError("'" + v->TypeName() + "' object cannot be interpreted as an integer");
  return v->AsInt();
}

std::string StrOf(const Value& v) {
  return v.IsString() ? v.AsString() : v.Str();
}

// Jinja2's make_attrgetter: "a.b.0" looks up a, then b, then item 0, each through
// getitem (items first, then attributes).
Value LookupPath(const Value& item, const std::string& path) {
  Value v = item;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string part =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    bool digits = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
    v = GetItem(v, digits && part.size() < 18 ? Value::Int(std::stoll(part)) : Value::String(part));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return v;
}

Value IgnoreCase(const Value& v) {
  return v.IsString() ? Str(text::Lower(v.AsString())) : v;
}

// Key function for sort/unique/min/max/groupby: attribute path(s) and case folding.
struct KeyFn {
  std::vector<std::string> attributes;
  bool case_sensitive = false;
  std::optional<Value> default_value;

  Value operator()(const Value& item) const {
    auto one = [&](const Value& x, const std::string& attr) {
      Value v = attr.empty() ? x : LookupPath(x, attr);
      if (v.IsUndefined() && default_value) v = *default_value;
      return case_sensitive ? v : IgnoreCase(v);
    };
    if (attributes.size() <= 1) return one(item, attributes.empty() ? "" : attributes[0]);
    std::vector<Value> parts;
    for (const auto& a : attributes)
      parts.push_back(one(item, a));
    return Value::List(std::move(parts));
  }
};

std::vector<std::string> SplitAttributes(const std::optional<Value>& attr, bool multi) {
  if (!attr || attr->IsNone()) return {};
  if (attr->IsInt()) return {std::to_string(attr->AsInt())};
  std::string s = attr->Str();
  if (!multi) return {s};
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    std::string part =
        s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<Value> SortedBy(std::vector<Value> items, const KeyFn& key, bool reverse) {
  std::vector<Value> keys;
  keys.reserve(items.size());
  for (const auto& v : items)
    keys.push_back(key(v));
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return reverse ? CompareOrder("<", keys[y], keys[x]) : CompareOrder("<", keys[x], keys[y]);
  });
  std::vector<Value> out;
  for (size_t i : order)
    out.push_back(items[i]);
  return out;
}

// ---- JSON (tojson) ----------------------------------------------------------------------

void JsonString(std::string& out, const std::string& s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = text::Next(s, i);
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default: {
        // json.dumps(ensure_ascii=True) escapes everything outside ASCII.
        char buf[16];
        if (cp < 0x20 || cp >= 0x7f) {
          if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (v >> 10),
                          0xDC00 + (v & 0x3FF));
          } else {
            std::snprintf(buf, sizeof buf, "\\u%04x", cp);
          }
          out += buf;
        } else {
          out += static_cast<char>(cp);
        }
      }
    }
  }
  out += '"';
}

void Json(std::string& out, const Value& v, const std::string& indent, int level) {
  auto newline = [&](int l) {
    if (indent.empty()) return;
    out += '\n';
    for (int i = 0; i < l; ++i)
      out += indent;
  };
  bool pretty = !indent.empty();
  switch (v.kind()) {
    case Value::Kind::kNone:
      out += "null";
      return;
    case Value::Kind::kBool:
      out += v.AsBool() ? "true" : "false";
      return;
    case Value::Kind::kInt:
      out += std::to_string(v.AsInt());
      return;
    case Value::Kind::kFloat: {
      double d = v.AsDouble();
      out += std::isnan(d)   ? "NaN"
             : std::isinf(d) ? (d < 0 ? "-Infinity" : "Infinity")
                             : PythonFloatRepr(d);
      return;
    }
    case Value::Kind::kString:
      JsonString(out, v.AsString());
      return;
    case Value::Kind::kList:
    case Value::Kind::kTuple: {
      if (v.Items().empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& x : v.Items()) {
        if (!first) out += pretty ? "," : ", ";
        first = false;
        if (pretty) newline(level + 1);
        Json(out, x, indent, level + 1);
      }
      if (pretty) newline(level);
      out += ']';
      return;
    }
    case Value::Kind::kDict: {
      if (v.AsDict().empty()) {
        out += "{}";
        return;
      }
      // Jinja2's tojson dumps with sort_keys=True.
      std::vector<std::pair<Value, Value>> entries = v.AsDict().entries();
      for (const auto& [k, x] : entries) {
        if (!k.IsString() && !k.IsNumber() && !k.IsNone()) {
          ThrowTypeError("keys must be str, int, float, bool or None, not " + k.TypeName());
        }
      }
      std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return CompareOrder("<", a.first, b.first);
      });
      out += '{';
      bool first = true;
      for (const auto& [k, x] : entries) {
        if (!first) out += pretty ? "," : ", ";
        first = false;
        if (pretty) newline(level + 1);
        std::string key = k.IsString() ? k.AsString()
                          : k.IsNone() ? "null"
                          : k.IsBool() ? (k.AsBool() ? "true" : "false")
                                       : k.Repr();
        JsonString(out, key);
        out += ": ";
        Json(out, x, indent, level + 1);
      }
      if (pretty) newline(level);
      out += '}';
      return;
    }
    case Value::Kind::kUndefined:
      CheckDefined(v);
      [[fallthrough]];
    default:
      ThrowTypeError("Object of type " + v.TypeName() + " is not JSON serializable");
  }
}

// ---- the filters ------------------------------------------------------------------------

Value Default(Interpreter&, const Value& v, CallArgs& a) {
  Value d = a.Take(0, "default_value").value_or(Str(""));
  bool boolean = BoolArg(a, 1, "boolean", false);
  a.ExpectNoMore("default");
  if (v.IsUndefined() || (boolean && !v.Truthy())) return d;
  return v;
}

Value Join(Interpreter&, const Value& v, CallArgs& a) {
  std::string sep = a.Take(0, "d").value_or(Str("")).Str();
  auto attr = a.Take(1, "attribute");
  a.ExpectNoMore("join");
  std::string out;
  bool first = true;
  for (const auto& item : Iterate(v)) {
    if (!first) out += sep;
    first = false;
    Value x = attr && !attr->IsNone() ? LookupPath(item, attr->Str()) : item;
    out += StrOf(x);
  }
  return Str(out);
}

Value LengthFilter(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("length");
  return Value::Int(Length(v));
}

Value ToList(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("list");
  return Value::List(Iterate(v));
}

Value ToString(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("string");
  return Str(StrOf(v));
}

Value Upper(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("upper");
  return Str(text::Upper(StrOf(v)));
}
Value Lower(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("lower");
  return Str(text::Lower(StrOf(v)));
}
Value Capitalize(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("capitalize");
  return Str(text::Capitalize(StrOf(v)));
}

// Words start after runs of -, whitespace, (, {, [ or <.
Value Title(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("title");
  std::string s = StrOf(v), out;
  bool start = true;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = text::Next(s, i);
    bool sep = cp == '-' || cp == '(' || cp == '{' || cp == '[' || cp == '<' || text::IsSpace(cp);
    if (sep) {
      text::Append(out, cp);
      start = true;
    } else {
      text::Append(out, start ? text::ToUpper(cp) : text::ToLower(cp));
      start = false;
    }
  }
  return Str(out);
}

Value Trim(Interpreter& interp, const Value& v, CallArgs& a) {
  auto chars = a.Take(0, "chars");
  a.ExpectNoMore("trim");
  CallArgs inner;
  if (chars) inner.positional.push_back(*chars);
  return CallValue(interp, *BuiltinMethod(Str(StrOf(v)), "strip"), inner);
}

Value Replace(Interpreter& interp, const Value& v, CallArgs& a) {
  auto old_v = a.Take(0, "old");
  auto new_v = a.Take(1, "new");
  auto count = a.Take(2, "count");
  a.ExpectNoMore("replace");
  if (!old_v || !new_v) ThrowTypeError("do_replace() missing required arguments");
  CallArgs inner;
  inner.positional = {Str(old_v->Str()), Str(new_v->Str())};
  if (count && !count->IsNone()) inner.positional.push_back(*count);
  return CallValue(interp, *BuiltinMethod(Str(StrOf(v)), "replace"), inner);
}

Value First(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("first");
  auto items = Iterate(v);
  if (items.empty()) {
    UndefinedInfo info;
    info.hint = "No first item, sequence was empty.";
    return Value::MakeUndefined(std::move(info));
  }
  return items.front();
}

Value Last(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("last");
  auto items = Iterate(v);
  if (items.empty()) {
    UndefinedInfo info;
    info.hint = "No last item, sequence was empty.";
    return Value::MakeUndefined(std::move(info));
  }
  return items.back();
}

Value Reverse(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("reverse");
  if (v.IsString()) {
    auto cps = CodePoints(v.AsString());
    std::string out;
    for (auto it = cps.rbegin(); it != cps.rend(); ++it)
      out += *it;
    return Str(out);
  }
  if (!v.IsSequence() && !v.IsDict() && !v.IsUndefined() &&
      !(v.IsObject() && v.AsObject()->Iterate())) {
    FilterArgumentError("argument must be iterable");
  }
  auto items = Iterate(v);
  std::reverse(items.begin(), items.end());
  return Value::List(std::move(items));
}

Value Sort(Interpreter&, const Value& v, CallArgs& a) {
  bool reverse = BoolArg(a, 0, "reverse", false);
  KeyFn key;
  key.case_sensitive = BoolArg(a, 1, "case_sensitive", false);
  key.attributes = SplitAttributes(a.Take(2, "attribute"), true);
  a.ExpectNoMore("sort");
  return Value::List(SortedBy(Iterate(v), key, reverse));
}

Value Unique(Interpreter&, const Value& v, CallArgs& a) {
  KeyFn key;
  key.case_sensitive = BoolArg(a, 0, "case_sensitive", false);
  key.attributes = SplitAttributes(a.Take(1, "attribute"), false);
  a.ExpectNoMore("unique");
  std::vector<Value> out, seen;
  for (const auto& item : Iterate(v)) {
    Value k = key(item);
    // Jinja2 keeps the keys seen in a Python set.
    if (!k.Hashable()) ThrowTypeError("unhashable type: '" + k.TypeName() + "'");
    bool dup = false;
    for (const auto& s : seen) {
      if (s.Equals(k)) {
        dup = true;
        break;
      }
    }
    if (dup) continue;
    seen.push_back(k);
    out.push_back(item);
  }
  return Value::List(std::move(out));
}

template <bool kMax>
Value MinMax(Interpreter&, const Value& v, CallArgs& a) {
  KeyFn key;
  key.case_sensitive = BoolArg(a, 0, "case_sensitive", false);
  key.attributes = SplitAttributes(a.Take(1, "attribute"), false);
  a.ExpectNoMore(kMax ? "max" : "min");
  auto items = Iterate(v);
  if (items.empty()) {
    UndefinedInfo info;
    info.hint = "No aggregated item, sequence was empty.";
    return Value::MakeUndefined(std::move(info));
  }
  size_t best = 0;
  Value best_key = key(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    Value k = key(items[i]);
    if (kMax ? CompareOrder(">", k, best_key) : CompareOrder("<", k, best_key)) {
      best = i;
      best_key = k;
    }
  }
  return items[best];
}

Value Sum(Interpreter& interp, const Value& v, CallArgs& a) {
  auto attr = a.Take(0, "attribute");
  Value total = a.Take(1, "start").value_or(Value::Int(0));
  a.ExpectNoMore("sum");
  for (const auto& item : Iterate(v)) {
    Value x = attr && !attr->IsNone() ? LookupPath(item, attr->Str()) : item;
    total = BinaryOp(BinOp::kAdd, total, x, interp.env().limits().max_output_bytes);
  }
  return total;
}

Value Abs(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("abs");
  if (v.IsInt() || v.IsBool()) return Negate(Value::Int(v.AsInt() < 0 ? v.AsInt() : -v.AsInt()));
  if (v.IsFloat()) return Value::Float(std::fabs(v.AsDouble()));
  // Jinja2's Undefined has no __abs__: a TypeError, not an UndefinedError.
  ThrowTypeError("bad operand type for abs(): '" + v.TypeName() + "'");
}

// Python's int(str, base): whitespace, sign, underscores between digits, base prefixes.
std::optional<int64_t> ParseIntText(std::string s, int base) {
  size_t b = s.find_first_not_of(" \t\n\r\f\v"), e = s.find_last_not_of(" \t\n\r\f\v");
  if (b == std::string::npos) return std::nullopt;
  s = s.substr(b, e - b + 1);
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.erase(0, 1);
  }
  if (s.size() > 2 && s[0] == '0') {
    char p = static_cast<char>(std::tolower(s[1]));
    int prefixed = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
    if (prefixed && (base == prefixed || base == 0)) {
      base = prefixed;
      s.erase(0, 2);
      if (!s.empty() && s[0] == '_') s.erase(0, 1);
    }
  }
  if (base == 0) base = 10;
  if (s.empty() || s.front() == '_' || s.back() == '_' || s.find("__") != std::string::npos)
    return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c == '_') continue;
    int d = std::isdigit(static_cast<unsigned char>(c))   ? c - '0'
            : std::isalpha(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                          : 99;
    if (d >= base) return std::nullopt;
    if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base))
      return std::nullopt;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (v > static_cast<uint64_t>(INT64_MAX) + (neg ? 1 : 0)) return std::nullopt;
  return neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

// Python's float(str).
std::optional<double> ParseFloatText(const std::string& raw) {
  size_t b = raw.find_first_not_of(" \t\n\r\f\v"), e = raw.find_last_not_of(" \t\n\r\f\v");
  if (b == std::string::npos) return std::nullopt;
  std::string s = raw.substr(b, e - b + 1);
  std::string lower = text::Lower(s);
  std::string body = lower[0] == '+' || lower[0] == '-' ? lower.substr(1) : lower;
  double sign = lower[0] == '-' ? -1 : 1;
  if (body == "inf" || body == "infinity") return sign * INFINITY;
  if (body == "nan") return NAN;
  if (s.find_first_of("xXpP") != std::string::npos) return std::nullopt;
  std::string clean;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (i == 0 || i + 1 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i - 1])) ||
          !std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
        return std::nullopt;
      }
      continue;
    }
    clean += s[i];
  }
  char* end = nullptr;
  double d = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size() || clean.empty()) return std::nullopt;
  return d;
}

Value ToInt(Interpreter&, const Value& v, CallArgs& a) {
  Value dflt = a.Take(0, "default").value_or(Value::Int(0));
  int64_t base = IntArg(a, 1, "base", 10);
  a.ExpectNoMore("int");
  CheckDefined(v);  // int(Undefined) raises
  if (v.IsString()) {
    if (auto i = ParseIntText(v.AsString(), static_cast<int>(base))) return Value::Int(*i);
    if (auto f = ParseFloatText(v.AsString()); f && std::isfinite(*f) && std::fabs(*f) < 9.2e18) {
      return Value::Int(static_cast<int64_t>(*f));
    }
    return dflt;
  }
  if (v.IsInt() || v.IsBool()) return Value::Int(v.AsInt());
  if (v.IsFloat() && std::isfinite(v.AsDouble()) && std::fabs(v.AsDouble()) < 9.2e18) {
    return Value::Int(static_cast<int64_t>(v.AsDouble()));
  }
  return dflt;
}

Value ToFloat(Interpreter&, const Value& v, CallArgs& a) {
  Value dflt = a.Take(0, "default").value_or(Value::Float(0.0));
  a.ExpectNoMore("float");
  CheckDefined(v);  // float(Undefined) raises
  if (v.IsNumber()) return Value::Float(v.AsDouble());
  if (v.IsString()) {
    if (auto f = ParseFloatText(v.AsString())) return Value::Float(*f);
  }
  return dflt;
}

// Python's round(x, n): correctly rounded, ties to even on the exact binary value,
// which is what printf's %.*f does.
double PyRound(double x, int64_t n) {
  if (!std::isfinite(x)) return x;
  if (n >= 0) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(std::min<int64_t>(n, 300)), x);
    return std::strtod(buf, nullptr);
  }
  double p = std::pow(10.0, static_cast<double>(-n));
  double y = x / p;
  double r = std::nearbyint(y);
  return r * p;
}

Value Round(Interpreter&, const Value& v, CallArgs& a) {
  int64_t precision = IntArg(a, 0, "precision", 0);
  std::string method = a.Take(1, "method").value_or(Str("common")).Str();
  a.ExpectNoMore("round");
  if (method != "common" && method != "ceil" && method != "floor") {
    FilterArgumentError("method must be common, ceil or floor");
  }
  if (!v.IsNumber()) ThrowTypeError("type " + v.TypeName() + " doesn't define __round__ method");
  if (method == "common") {
    if (v.IsInt() || v.IsBool()) {
      if (precision >= 0) return Value::Int(v.AsInt());
      // int.__round__ with negative digits: an int, ties to even.
      int64_t p = 1;
      for (int64_t i = 0; i < -precision && p < INT64_MAX / 10; ++i)
        p *= 10;
      int64_t x = v.AsInt(), q = x / p, r = x % p;
      if (r < 0) {
        r += p;
        --q;
      }
      if (2 * r > p || (2 * r == p && (q & 1))) ++q;
      return Value::Int(q * p);
    }
    return Value::Float(PyRound(v.AsDouble(), precision));
  }
  double p = std::pow(10.0, static_cast<double>(precision));
  double r = method == "ceil" ? std::ceil(v.AsDouble() * p) : std::floor(v.AsDouble() * p);
  return Value::Float(r / p);
}

Value Center(Interpreter& interp, const Value& v, CallArgs& a) {
  int64_t width = IntArg(a, 0, "width", 80);
  a.ExpectNoMore("center");
  CallArgs inner;
  inner.positional.push_back(Value::Int(width));
  return CallValue(interp, *BuiltinMethod(Str(StrOf(v)), "center"), inner);
}

Value Indent(Interpreter& interp, const Value& v, CallArgs& a) {
  auto width = a.Take(0, "width").value_or(Value::Int(4));
  bool first = BoolArg(a, 1, "first", false);
  bool blank = BoolArg(a, 2, "blank", false);
  a.ExpectNoMore("indent");
  std::string indention =
      width.IsString() ? width.AsString()
                       : std::string(static_cast<size_t>(std::max<int64_t>(0, width.AsInt())), ' ');
  // Jinja2 does `s += "\n"` before splitting lines: on a list that appends in place and
  // then fails (lists have no splitlines); on other non-strings it is a TypeError.
  if (v.IsList()) {
    v.MutableItems().push_back(Str("\n"));
    throw TemplateError(TemplateErrorKind::kAttribute,
                        "'list' object has no attribute 'splitlines'");
  }
  CheckDefined(v);  // Undefined + "\n" raises UndefinedError
  if (!v.IsString()) {
    ThrowTypeError("unsupported operand type(s) for +=: '" + v.TypeName() + "' and 'str'");
  }
  std::string s = StrOf(v) + "\n";
  CallArgs none;
  std::vector<Value> lines = CallValue(interp, *BuiltinMethod(Str(s), "splitlines"), none).Items();
  std::string rv;
  if (blank) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i) rv += "\n" + indention;
      rv += lines[i].AsString();
    }
  } else {
    rv = lines.empty() ? "" : lines[0].AsString();
    for (size_t i = 1; i < lines.size(); ++i) {
      const std::string& line = lines[i].AsString();
      rv += "\n" + (line.empty() ? line : indention + line);
    }
  }
  if (first) rv = indention + rv;
  return Str(rv);
}

Value Truncate(Interpreter&, const Value& v, CallArgs& a) {
  int64_t length = IntArg(a, 0, "length", 255);
  bool killwords = BoolArg(a, 1, "killwords", false);
  std::string end = a.Take(2, "end").value_or(Str("...")).Str();
  int64_t leeway = IntArg(a, 3, "leeway", 5);
  a.ExpectNoMore("truncate");
  int64_t end_len = static_cast<int64_t>(CodePointCount(end));
  if (!v.IsString()) {
    // Jinja2 works on the value itself, not its str(): len() of it, then a slice + end.
    int64_t n = Length(v);  // TypeError for numbers, None, bools
    if (length < end_len || leeway < 0) {
      throw TemplateError(TemplateErrorKind::kAssertion,
                          "expected length >= " + std::to_string(end_len));
    }
    if (n <= length + leeway) return v;
    ThrowTypeError("can only concatenate " + v.TypeName() + " (not \"str\") to " + v.TypeName());
  }
  auto cps = CodePoints(StrOf(v));
  if (length < end_len) {
    throw TemplateError(
        TemplateErrorKind::kAssertion,
        "expected length >= " + std::to_string(end_len) + ", got " + std::to_string(length));
  }
  if (leeway < 0)
    throw TemplateError(TemplateErrorKind::kAssertion,
                        "expected leeway >= 0, got " + std::to_string(leeway));
  if (static_cast<int64_t>(cps.size()) <= length + leeway) return Str(StrOf(v));
  std::string head;
  for (int64_t i = 0; i < length - end_len; ++i)
    head += cps[static_cast<size_t>(i)];
  if (killwords) return Str(head + end);
  size_t space = head.rfind(' ');
  if (space != std::string::npos) head = head.substr(0, space);
  return Str(head + end);
}

Value WordCount(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("wordcount");
  std::string s = StrOf(v);
  int64_t n = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = text::Next(s, i);
    bool w = text::IsAlnum(cp) || cp == '_';
    if (w && !in_word) ++n;
    in_word = w;
  }
  return Value::Int(n);
}

Value DictSort(Interpreter&, const Value& v, CallArgs& a) {
  bool case_sensitive = BoolArg(a, 0, "case_sensitive", false);
  std::string by = a.Take(1, "by").value_or(Str("key")).Str();
  bool reverse = BoolArg(a, 2, "reverse", false);
  a.ExpectNoMore("dictsort");
  if (by != "key" && by != "value")
    FilterArgumentError("You can only sort by either \"key\" or \"value\"");
  CheckDefined(v);  // Undefined.items raises UndefinedError
  if (!v.IsDict()) {
    throw TemplateError(TemplateErrorKind::kAttribute,
                        "'" + v.TypeName() + "' object has no attribute 'items'");
  }
  std::vector<Value> pairs;
  for (const auto& [k, x] : v.AsDict().entries())
    pairs.push_back(Value::Tuple({k, x}));
  KeyFn key;
  key.case_sensitive = case_sensitive;
  key.attributes = {by == "key" ? "0" : "1"};
  return Value::List(SortedBy(std::move(pairs), key, reverse));
}

Value Items(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("items");
  if (v.IsUndefined()) return Value::List();
  if (!v.IsDict()) ThrowTypeError("Can only get item pairs from a mapping.");
  std::vector<Value> pairs;
  for (const auto& [k, x] : v.AsDict().entries())
    pairs.push_back(Value::Tuple({k, x}));
  return Value::List(std::move(pairs));
}

Value Batch(Interpreter&, const Value& v, CallArgs& a) {
  int64_t linecount = IntArg(a, 0, "linecount", 0);
  auto fill = a.Take(1, "fill_with");
  a.ExpectNoMore("batch");
  if (linecount <= 0)
    throw TemplateError(TemplateErrorKind::kValue, "range() arg 3 must not be zero");
  std::vector<Value> out, tmp;
  for (const auto& item : Iterate(v)) {
    if (static_cast<int64_t>(tmp.size()) == linecount) {
      out.push_back(Value::List(std::move(tmp)));
      tmp.clear();
    }
    tmp.push_back(item);
  }
  if (!tmp.empty()) {
    if (fill && !fill->IsNone()) {
      while (static_cast<int64_t>(tmp.size()) < linecount)
        tmp.push_back(*fill);
    }
    out.push_back(Value::List(std::move(tmp)));
  }
  return Value::List(std::move(out));
}

Value SliceFilter(Interpreter&, const Value& v, CallArgs& a) {
  int64_t slices = IntArg(a, 0, "slices", 0);
  auto fill = a.Take(1, "fill_with");
  a.ExpectNoMore("slice");
  if (slices <= 0)
    throw TemplateError(TemplateErrorKind::kZeroDivision, "integer division or modulo by zero");
  auto seq = Iterate(v);
  int64_t length = static_cast<int64_t>(seq.size());
  int64_t per = length / slices, extra = length % slices;
  int64_t offset = 0;
  std::vector<Value> out;
  for (int64_t i = 0; i < slices; ++i) {
    int64_t start = offset + i * per;
    if (i < extra) ++offset;
    int64_t end = offset + (i + 1) * per;
    std::vector<Value> part(seq.begin() + start, seq.begin() + end);
    if (fill && !fill->IsNone() && i >= extra) part.push_back(*fill);
    out.push_back(Value::List(std::move(part)));
  }
  return Value::List(std::move(out));
}

// (grouper, list) pairs: a tuple with .grouper and .list, printed as a plain tuple.
class GroupTuple : public Object {
 public:
  GroupTuple(Value grouper, Value list) : grouper_(std::move(grouper)), list_(std::move(list)) {}
  std::string TypeName() const override { return "_GroupTuple"; }
  std::optional<Value> GetAttr(std::string_view name) override {
    if (name == "grouper") return grouper_;
    if (name == "list") return list_;
    return std::nullopt;
  }
  std::optional<Value> GetItem(const Value& key) override {
    if (key.IsInt()) {
      int64_t i = key.AsInt() < 0 ? key.AsInt() + 2 : key.AsInt();
      if (i == 0) return grouper_;
      if (i == 1) return list_;
    }
    return std::nullopt;
  }
  std::optional<std::vector<Value>> Iterate() override {
    return std::vector<Value>{grouper_, list_};
  }
  std::string Repr() const override { return Value::Tuple({grouper_, list_}).Repr(); }

 private:
  Value grouper_, list_;
};

Value GroupBy(Interpreter&, const Value& v, CallArgs& a) {
  auto attr = a.Take(0, "attribute");
  auto dflt = a.Take(1, "default");
  bool case_sensitive = BoolArg(a, 2, "case_sensitive", false);
  a.ExpectNoMore("groupby");
  KeyFn key;
  key.case_sensitive = case_sensitive;
  key.attributes = SplitAttributes(attr, false);
  if (dflt) key.default_value = dflt;
  auto sorted = SortedBy(Iterate(v), key, false);
  KeyFn raw = key;
  raw.case_sensitive = true;
  std::vector<Value> out;
  size_t i = 0;
  while (i < sorted.size()) {
    Value k = key(sorted[i]);
    std::vector<Value> members;
    Value grouper = case_sensitive ? k : raw(sorted[i]);
    while (i < sorted.size() && key(sorted[i]).Equals(k))
      members.push_back(sorted[i++]);
    out.push_back(
        Value::Obj(std::make_shared<GroupTuple>(grouper, Value::List(std::move(members)))));
  }
  return Value::List(std::move(out));
}

Value Map(Interpreter& interp, const Value& v, CallArgs& a) {
  // Jinja2 iterates only a truthy value.
  auto items = v.Truthy() ? Iterate(v) : std::vector<Value>{};
  std::vector<Value> out;
  if (!a.positional.empty()) {
    std::string name = a.positional[0].Str();
    const FilterFn* fn = interp.env().FindFilter(name);
    if (!fn) throw TemplateError(TemplateErrorKind::kRuntime, "No filter named '" + name + "'.");
    for (const auto& item : items) {
      CallArgs rest;
      rest.positional.assign(a.positional.begin() + 1, a.positional.end());
      rest.keyword = a.keyword;
      out.push_back((*fn)(interp, item, rest));
    }
    return Value::List(std::move(out));
  }
  auto attr = a.Take(100, "attribute");
  auto dflt = a.Take(101, "default");
  a.ExpectNoMore("map");
  if (!attr) return Value::List(std::move(items));
  for (const auto& item : items) {
    Value x = LookupPath(item, attr->Str());
    if (x.IsUndefined() && dflt) x = *dflt;
    out.push_back(x);
  }
  return Value::List(std::move(out));
}

bool RunTest(Interpreter& interp, const std::string& name, const Value& item, CallArgs args) {
  const TestFn* fn = interp.env().FindTest(name);
  if (!fn) throw TemplateError(TemplateErrorKind::kRuntime, "No test named '" + name + "'.");
  return (*fn)(interp, item, args);
}

template <bool kSelect, bool kAttr>
Value SelectReject(Interpreter& interp, const Value& v, CallArgs& a) {
  std::vector<Value> out;
  if (!v.Truthy()) return Value::List();  // Jinja2: `if value: for item in value`
  size_t next = 0;
  std::string attr;
  if (kAttr) {
    if (a.positional.empty()) ThrowTypeError("Missing parameter for attribute name");
    attr = a.positional[next++].Str();
  }
  std::optional<std::string> test;
  if (next < a.positional.size()) test = a.positional[next++].Str();
  for (const auto& item : Iterate(v)) {
    Value x = kAttr ? LookupPath(item, attr) : item;
    bool ok;
    if (test) {
      CallArgs rest;
      rest.positional.assign(a.positional.begin() + static_cast<std::ptrdiff_t>(next),
                             a.positional.end());
      rest.keyword = a.keyword;
      ok = RunTest(interp, *test, x, rest);
    } else {
      ok = x.Truthy();
    }
    if (ok == kSelect) out.push_back(item);
  }
  return Value::List(std::move(out));
}

Value ToJson(Interpreter&, const Value& v, CallArgs& a) {
  auto indent = a.Take(0, "indent");
  a.ExpectNoMore("tojson");
  std::string ind;
  if (indent && !indent->IsNone()) {
    ind = indent->IsString()
              ? indent->AsString()
              : std::string(static_cast<size_t>(std::max<int64_t>(0, indent->AsInt())), ' ');
  }
  std::string out;
  Json(out, v, ind, 0);
  // htmlsafe_json_dumps
  std::string safe;
  for (char c : out) {
    switch (c) {
      case '<':
        safe += "\\u003c";
        break;
      case '>':
        safe += "\\u003e";
        break;
      case '&':
        safe += "\\u0026";
        break;
      case '\'':
        safe += "\\u0027";
        break;
      default:
        safe += c;
    }
  }
  return Str(safe);
}

Value FormatFilter(Interpreter&, const Value& v, CallArgs& a) {
  if (!a.positional.empty() && !a.keyword.empty()) {
    FilterArgumentError("can't handle positional and keyword arguments at the same time");
  }
  if (!a.keyword.empty()) {
    auto d = std::make_shared<Dict>();
    for (const auto& [k, x] : a.keyword)
      d->Set(Str(k), x);
    return Str(PercentFormat(StrOf(v), Value::MakeDict(d)));
  }
  return Str(PercentFormat(StrOf(v), Value::Tuple(a.positional)));
}

Value Attr(Interpreter&, const Value& v, CallArgs& a) {
  auto name = a.Take(0, "name");
  a.ExpectNoMore("attr");
  if (!name) ThrowTypeError("do_attr() missing 1 required positional argument: 'name'");
  std::string n = name->Str();
  if (v.IsObject()) {
    if (auto x = v.AsObject()->GetAttr(n)) return *x;
  } else if (auto m = BuiltinMethod(v, n)) {
    return *m;
  }
  UndefinedInfo info;
  info.name = n;
  info.owner = v.IsNone() ? "None" : v.TypeName() + " object";
  return Value::MakeUndefined(std::move(info));
}

Value Escape(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("escape");
  if (v.IsNone()) return Str("None");
  return Str(text::HtmlEscape(StrOf(v)));
}

Value Safe(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("safe");
  return Str(StrOf(v));
}

Value StripTags(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("striptags");
  std::string s = StrOf(v), out;
  // Remove comments and tags, then collapse whitespace, then unescape entities.
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 4, "<!--") == 0) {
      size_t e = s.find("-->", i + 4);
      i = e == std::string::npos ? s.size() : e + 3;
    } else if (s[i] == '<') {
      size_t e = s.find('>', i + 1);
      if (e == std::string::npos) {
        out += s.substr(i);
        break;
      }
      i = e + 1;
    } else {
      out += s[i++];
    }
  }
  std::string collapsed;
  bool space = false;
  for (char c : out) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
    } else {
      if (space && !collapsed.empty()) collapsed += ' ';
      space = false;
      collapsed += c;
    }
  }
  struct E {
    const char* from;
    const char* to;
  };
  const E entities[] = {{"&lt;", "<"},  {"&gt;", ">"},    {"&#34;", "\""},
                        {"&#39;", "'"}, {"&quot;", "\""}, {"&amp;", "&"}};
  for (const auto& e : entities) {
    std::string from = e.from;
    for (size_t p = 0; (p = collapsed.find(from, p)) != std::string::npos;) {
      collapsed.replace(p, from.size(), e.to);
      p += std::strlen(e.to);
    }
  }
  return Str(collapsed);
}

Value FileSizeFormat(Interpreter&, const Value& v, CallArgs& a) {
  bool binary = BoolArg(a, 0, "binary", false);
  a.ExpectNoMore("filesizeformat");
  double bytes = v.IsString() ? std::strtod(v.AsString().c_str(), nullptr) : v.AsDouble();
  double base = binary ? 1024 : 1000;
  const char* prefixes[] = {binary ? "KiB" : "kB", binary ? "MiB" : "MB", binary ? "GiB" : "GB",
                            binary ? "TiB" : "TB", binary ? "PiB" : "PB", binary ? "EiB" : "EB",
                            binary ? "ZiB" : "ZB", binary ? "YiB" : "YB"};
  if (bytes == 1) return Str("1 Byte");
  if (bytes < base) return Str(std::to_string(static_cast<int64_t>(bytes)) + " Bytes");
  for (int i = 0; i < 8; ++i) {
    double unit = std::pow(base, i + 2);
    if (bytes < unit || i == 7) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.1f %s", base * bytes / unit, prefixes[i]);
      return Str(buf);
    }
  }
  return Str("");
}

Value Pprint(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("pprint");
  return Str(v.Repr());
}

Value UrlEncode(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("urlencode");
  auto quote = [](const std::string& s, bool for_qs) {
    std::string out;
    for (unsigned char c : s) {
      if (for_qs && c == ' ') {
        out += '+';
      } else if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~' ||
                 (!for_qs && c == '/')) {
        out += static_cast<char>(c);
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return out;
  };
  if (v.IsString()) return Str(quote(v.AsString(), false));
  std::vector<std::pair<Value, Value>> pairs;
  if (v.IsDict()) {
    pairs = v.AsDict().entries();
  } else {
    for (const auto& p : Iterate(v)) {
      auto kv = Iterate(p);
      if (kv.size() == 2) pairs.emplace_back(kv[0], kv[1]);
    }
  }
  std::string out;
  for (const auto& [k, x] : pairs) {
    if (!out.empty()) out += '&';
    out += quote(StrOf(k), true) + "=" + quote(StrOf(x), true);
  }
  return Str(out);
}

Value XmlAttr(Interpreter&, const Value& v, CallArgs& a) {
  bool autospace = BoolArg(a, 0, "autospace", true);
  a.ExpectNoMore("xmlattr");
  CheckDefined(v);
  if (!v.IsDict()) {
    throw TemplateError(TemplateErrorKind::kAttribute,
                        "'" + v.TypeName() + "' object has no attribute 'items'");
  }
  std::string out;
  for (const auto& [k, x] : v.AsDict().entries()) {
    if (x.IsNone() || x.IsUndefined()) continue;
    std::string key = StrOf(k);
    if (key.find_first_of(" /=>\t\n\f") != std::string::npos) {
      throw TemplateError(TemplateErrorKind::kValue,
                          "Invalid character in attribute name: " + PythonStrRepr(key));
    }
    if (!out.empty()) out += ' ';
    out += text::HtmlEscape(key) + "=\"" + text::HtmlEscape(StrOf(x)) + "\"";
  }
  if (autospace && !out.empty()) out = " " + out;
  return Str(out);
}

Value WordWrap(Interpreter& interp, const Value& v, CallArgs& a) {
  int64_t width = IntArg(a, 0, "width", 79);
  bool break_long_words = BoolArg(a, 1, "break_long_words", true);
  auto wrapstring = a.Take(2, "wrapstring");
  bool break_on_hyphens = BoolArg(a, 3, "break_on_hyphens", true);
  a.ExpectNoMore("wordwrap");
  std::string sep = wrapstring && !wrapstring->IsNone() ? wrapstring->Str() : "\n";
  CheckDefined(v);  // Jinja2 calls s.splitlines() on the value itself
  if (!v.IsString()) {
    throw TemplateError(TemplateErrorKind::kAttribute,
                        "'" + v.TypeName() + "' object has no attribute 'splitlines'");
  }
  // Paragraphs (existing line breaks) are wrapped one by one.
  CallArgs none;
  Value lines = CallValue(interp, *BuiltinMethod(Str(StrOf(v)), "splitlines"), none);
  std::string out;
  bool first_paragraph = true;
  for (const Value& line : lines.Items()) {
    if (!first_paragraph) out += sep;
    first_paragraph = false;
    bool first = true;
    for (const auto& piece : TextWrap(line.AsString(), width, break_long_words, break_on_hyphens)) {
      if (!first) out += sep;
      first = false;
      out += piece;
    }
  }
  return Str(out);
}

Value UrlizeFilter(Interpreter& interp, const Value& v, CallArgs& a) {
  auto limit = a.Take(0, "trim_url_limit");
  bool nofollow = BoolArg(a, 1, "nofollow", false);
  auto target = a.Take(2, "target");
  auto rel = a.Take(3, "rel");
  auto schemes = a.Take(4, "extra_schemes");
  a.ExpectNoMore("urlize");
  // rel: the words given, "nofollow" if asked, and the policy default "noopener", sorted.
  std::set<std::string> parts = {"noopener"};
  if (nofollow) parts.insert("nofollow");
  if (rel && !rel->IsNone()) {
    CallArgs none;
    Value words = CallValue(interp, *BuiltinMethod(Str(rel->Str()), "split"), none);
    for (const auto& w : words.Items())
      parts.insert(w.AsString());
  }
  std::string rel_text;
  for (const auto& p : parts)
    rel_text += (rel_text.empty() ? "" : " ") + p;
  std::vector<std::string> extra;
  if (schemes && !schemes->IsNone()) {
    for (const auto& sv : Iterate(*schemes)) {
      std::string scheme = StrOf(sv);
      if (!IsUriSchemePrefix(scheme)) {
        FilterArgumentError(PythonStrRepr(scheme) + " is not a valid URI scheme prefix.");
      }
      extra.push_back(scheme);
    }
  }
  std::optional<int64_t> trim;
  if (limit && !limit->IsNone()) trim = limit->AsInt();
  return Str(
      Urlize(StrOf(v), trim, rel_text, target && !target->IsNone() ? target->Str() : "", extra));
}

Value Random(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("random");
  auto items = Iterate(v);
  if (items.empty()) {
    UndefinedInfo info;
    info.hint = "No random item, sequence was empty.";
    return Value::MakeUndefined(std::move(info));
  }
  static std::mt19937_64 rng{std::random_device{}()};
  return items[rng() % items.size()];
}

}  // namespace

void RegisterBuiltinFilters(Environment& env) {
  env.AddFilter("default", Default);
  env.AddFilter("d", Default);
  env.AddFilter("join", Join);
  env.AddFilter("length", LengthFilter);
  env.AddFilter("count", LengthFilter);
  env.AddFilter("list", ToList);
  env.AddFilter("string", ToString);
  env.AddFilter("upper", Upper);
  env.AddFilter("lower", Lower);
  env.AddFilter("capitalize", Capitalize);
  env.AddFilter("title", Title);
  env.AddFilter("trim", Trim);
  env.AddFilter("replace", Replace);
  env.AddFilter("first", First);
  env.AddFilter("last", Last);
  env.AddFilter("reverse", Reverse);
  env.AddFilter("sort", Sort);
  env.AddFilter("unique", Unique);
  env.AddFilter("min", MinMax<false>);
  env.AddFilter("max", MinMax<true>);
  env.AddFilter("sum", Sum);
  env.AddFilter("abs", Abs);
  env.AddFilter("int", ToInt);
  env.AddFilter("float", ToFloat);
  env.AddFilter("round", Round);
  env.AddFilter("center", Center);
  env.AddFilter("indent", Indent);
  env.AddFilter("truncate", Truncate);
  env.AddFilter("wordcount", WordCount);
  env.AddFilter("dictsort", DictSort);
  env.AddFilter("items", Items);
  env.AddFilter("batch", Batch);
  env.AddFilter("slice", SliceFilter);
  env.AddFilter("groupby", GroupBy);
  env.AddFilter("map", Map);
  env.AddFilter("select", SelectReject<true, false>);
  env.AddFilter("reject", SelectReject<false, false>);
  env.AddFilter("selectattr", SelectReject<true, true>);
  env.AddFilter("rejectattr", SelectReject<false, true>);
  env.AddFilter("tojson", ToJson);
  env.AddFilter("format", FormatFilter);
  env.AddFilter("attr", Attr);
  env.AddFilter("escape", Escape);
  env.AddFilter("e", Escape);
  env.AddFilter("forceescape", Escape);
  env.AddFilter("safe", Safe);
  env.AddFilter("striptags", StripTags);
  env.AddFilter("filesizeformat", FileSizeFormat);
  env.AddFilter("pprint", Pprint);
  env.AddFilter("urlencode", UrlEncode);
  env.AddFilter("xmlattr", XmlAttr);
  env.AddFilter("random", Random);
  env.AddFilter("wordwrap", WordWrap);
  env.AddFilter("urlize", UrlizeFilter);
}

}  // namespace lakedev::jinja
