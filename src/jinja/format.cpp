// Python string formatting: `fmt % args` (printf-style) and str.format with the format
// specification mini-language.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/python_format.hpp"
#include "jinja/interpreter.hpp"
#include "jinja/operations.hpp"
#include "jinja/text.hpp"

namespace lakedev::jinja {

namespace {

std::string CFormat(const std::string& spec, double v) {
  int n = std::snprintf(nullptr, 0, spec.c_str(), v);
  std::string out(static_cast<size_t>(std::max(n, 0)) + 1, '\0');
  std::snprintf(out.data(), out.size(), spec.c_str(), v);
  out.pop_back();
  return out;
}

std::string IntToBase(int64_t v, int base, bool upper) {
  bool neg = v < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string digits;
  const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits.insert(digits.begin(), set[u % static_cast<uint64_t>(base)]);
    u /= static_cast<uint64_t>(base);
  } while (u);
  return (neg ? "-" : "") + digits;
}

std::string Group(const std::string& digits, char sep, size_t every) {
  std::string out;
  size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i && (n - i) % every == 0) out += sep;
    out += digits[i];
  }
  return out;
}

// Pads `body` (with `sign` in front) to `width` as the alignment asks. '=' puts the
// padding between sign and digits.
std::string Align(std::string sign, std::string body, int64_t width, char align,
                  const std::string& fill) {
  int64_t len = static_cast<int64_t>(CodePointCount(sign) + CodePointCount(body));
  if (width <= len) return sign + body;
  int64_t pad = width - len;
  auto rep = [&](int64_t k) {
    std::string out;
    for (int64_t i = 0; i < k; ++i)
      out += fill;
    return out;
  };
  switch (align) {
    case '<':
      return sign + body + rep(pad);
    case '>':
      return rep(pad) + sign + body;
    case '^':
      return rep(pad / 2) + sign + body + rep(pad - pad / 2);
    default:
      return sign + rep(pad) + body;  // '='
  }
}

struct Spec {
  std::string fill = " ";
  char align = 0;
  char sign = '-';
  bool alternate = false;
  bool zero = false;
  int64_t width = -1;
  char grouping = 0;
  int64_t precision = -1;
  char type = 0;
};

Spec ParseSpec(std::string_view s) {
  Spec spec;
  auto cps = CodePoints(std::string(s));
  size_t i = 0;
  auto is_align = [](const std::string& c) { return c == "<" || c == ">" || c == "^" || c == "="; };
  if (cps.size() >= 2 && is_align(cps[1])) {
    spec.fill = cps[0];
    spec.align = cps[1][0];
    i = 2;
  } else if (!cps.empty() && is_align(cps[0])) {
    spec.align = cps[0][0];
    i = 1;
  }
  std::string rest;
  for (size_t k = i; k < cps.size(); ++k)
    rest += cps[k];
  size_t p = 0;
  if (p < rest.size() && (rest[p] == '+' || rest[p] == '-' || rest[p] == ' '))
    spec.sign = rest[p++];
  if (p < rest.size() && rest[p] == 'z') ++p;
  if (p < rest.size() && rest[p] == '#') {
    spec.alternate = true;
    ++p;
  }
  if (p < rest.size() && rest[p] == '0') {
    spec.zero = true;
    ++p;
  }
  size_t digits_start = p;
  while (p < rest.size() && std::isdigit(static_cast<unsigned char>(rest[p])))
    ++p;
  spec.width = p > digits_start
                   ? ParseCount(std::string_view(rest).substr(digits_start, p - digits_start))
                   : -1;
  if (p < rest.size() && (rest[p] == ',' || rest[p] == '_')) spec.grouping = rest[p++];
  if (p < rest.size() && rest[p] == '.') {
    ++p;
    size_t prec_start = p;
    while (p < rest.size() && std::isdigit(static_cast<unsigned char>(rest[p])))
      ++p;
    if (p == prec_start) ThrowValueError("Format specifier missing precision");
    spec.precision = ParseCount(std::string_view(rest).substr(prec_start, p - prec_start));
  }
  if (p < rest.size()) spec.type = rest[p++];
  if (p < rest.size()) ThrowValueError("Invalid format specifier '" + std::string(s) + "'");
  if (spec.zero && !spec.align) {
    spec.fill = "0";
    spec.align = '=';
  }
  return spec;
}

std::string FormatFloat(double v, const Spec& spec, char type) {
  int64_t prec = spec.precision < 0 ? 6 : spec.precision;
  std::string body;
  bool neg = std::signbit(v) && !std::isnan(v);
  double a = std::fabs(v);
  if (type == '%') {
    body = CFormat("%." + std::to_string(prec) + "f", a * 100) + "%";
  } else if (type == 0) {
    if (spec.precision < 0) {
      body = PythonFloatRepr(a);
    } else {
      // Like 'g' but always at least one digit after the point when no exponent.
      body = CFormat("%." + std::to_string(std::max<int64_t>(prec, 1)) + "g", a);
      if (body.find_first_of(".einn") == std::string::npos) body += ".0";
    }
  } else {
    std::string f = "%";
    if (spec.alternate) f += '#';
    f += "." + std::to_string(prec) + type;
    body = CFormat(f, a);
  }
  if (spec.grouping) {
    size_t end = body.find_first_of(".eE%");
    std::string int_part = body.substr(0, end);
    bool digits_only = int_part.find_first_not_of("0123456789") == std::string::npos;
    if (digits_only)
      body = Group(int_part, spec.grouping, 3) + (end == std::string::npos ? "" : body.substr(end));
  }
  std::string sign = neg ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
  return Align(sign, body, spec.width, spec.align ? spec.align : '>', spec.fill);
}

}  // namespace

std::string FormatSpec(const Value& value, std::string_view spec_text) {
  if (spec_text.empty()) return value.Str();
  Spec spec = ParseSpec(spec_text);
  if (value.IsString()) {
    if (spec.type && spec.type != 's') {
      ThrowValueError(std::string("Unknown format code '") + spec.type +
                      "' for object of type 'str'");
    }
    if (spec.sign != '-') ThrowValueError("Sign not allowed in string format specifier");
    std::string s = value.AsString();
    if (spec.precision >= 0) {
      auto cps = CodePoints(s);
      if (static_cast<int64_t>(cps.size()) > spec.precision) {
        s.clear();
        for (int64_t i = 0; i < spec.precision; ++i)
          s += cps[static_cast<size_t>(i)];
      }
    }
    return Align("", s, spec.width, spec.align ? spec.align : '<', spec.fill);
  }
  if (value.IsInt() || value.IsBool()) {
    char t = spec.type;
    if (t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%') {
      return FormatFloat(static_cast<double>(value.AsInt()), spec, t);
    }
    if (value.IsBool() && !t && spec_text.empty()) return value.Str();
    if (spec.precision >= 0) ThrowValueError("Precision not allowed in integer format specifier");
    int64_t v = value.AsInt();
    std::string digits;
    std::string prefix;
    switch (t) {
      case 0:
      case 'd':
      case 'n':
        digits = IntToBase(v < 0 ? -v : v, 10, false);
        break;
      case 'b':
        digits = IntToBase(v < 0 ? -v : v, 2, false);
        prefix = "0b";
        break;
      case 'o':
        digits = IntToBase(v < 0 ? -v : v, 8, false);
        prefix = "0o";
        break;
      case 'x':
        digits = IntToBase(v < 0 ? -v : v, 16, false);
        prefix = "0x";
        break;
      case 'X':
        digits = IntToBase(v < 0 ? -v : v, 16, true);
        prefix = "0X";
        break;
      case 'c': {
        if (v < 0 || v > 0x10FFFF)
          throw TemplateError(TemplateErrorKind::kOverflow, "%c arg not in range(0x110000)");
        std::string c;
        text::Append(c, static_cast<uint32_t>(v));
        return Align("", c, spec.width, spec.align ? spec.align : '<', spec.fill);
      }
      default:
        ThrowValueError(std::string("Unknown format code '") + t + "' for object of type 'int'");
    }
    if (spec.grouping)
      digits = Group(digits, spec.grouping, (t == 'b' || t == 'o' || t == 'x' || t == 'X') ? 4 : 3);
    std::string sign = v < 0 ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    if (spec.alternate) sign += prefix;
    return Align(sign, digits, spec.width, spec.align ? spec.align : '>', spec.fill);
  }
  if (value.IsFloat()) {
    char t = spec.type;
    if (t && std::string("eEfFgGn%").find(t) == std::string::npos) {
      ThrowValueError(std::string("Unknown format code '") + t + "' for object of type 'float'");
    }
    return FormatFloat(value.AsDouble(), spec, t == 'n' ? 'g' : t);
  }
  ThrowTypeError("unsupported format string passed to " + value.TypeName() + ".__format__");
}

std::string StrFormat(Interpreter& interp, const std::string& fmt, CallArgs& args) {
  std::string out;
  size_t auto_index = 0;
  bool used_auto = false, used_manual = false;
  for (size_t i = 0; i < fmt.size();) {
    char c = fmt[i];
    if (c == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
        out += '}';
        i += 2;
        continue;
      }
      ThrowValueError("Single '}' encountered in format string");
    }
    if (c != '{') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{';
      i += 2;
      continue;
    }
    // Find the matching '}' (one level of nesting inside the spec).
    size_t j = i + 1;
    int depth = 1;
    while (j < fmt.size() && depth) {
      if (fmt[j] == '{') ++depth;
      if (fmt[j] == '}') --depth;
      if (depth) ++j;
    }
    if (j >= fmt.size()) ThrowValueError("expected '}' before end of string");
    std::string field = fmt.substr(i + 1, j - i - 1);
    i = j + 1;
    std::string spec;
    char conversion = 0;
    size_t colon = std::string::npos;
    size_t bracket = 0;
    for (size_t k = 0; k < field.size(); ++k) {
      if (field[k] == '[') ++bracket;
      if (field[k] == ']' && bracket) --bracket;
      if (!bracket && (field[k] == ':' || field[k] == '!')) {
        colon = k;
        break;
      }
    }
    std::string name = field.substr(0, colon);
    if (colon != std::string::npos) {
      std::string rest = field.substr(colon);
      if (rest[0] == '!') {
        if (rest.size() < 2)
          ThrowValueError("end of string while looking for conversion specifier");
        conversion = rest[1];
        rest = rest.substr(2);
        if (!rest.empty() && rest[0] != ':')
          ThrowValueError("expected ':' after conversion specifier");
      }
      if (!rest.empty()) spec = rest.substr(1);
    }
    // First part of the name: index or keyword; then .attr / [key] accessors.
    size_t end = name.find_first_of(".[");
    std::string head = name.substr(0, end);
    Value v;
    if (head.empty()) {
      if (used_manual)
        ThrowValueError(
            "cannot switch from manual field specification to automatic field numbering");
      used_auto = true;
      size_t idx = auto_index++;
      if (idx >= args.positional.size()) {
        throw TemplateError(
            TemplateErrorKind::kIndex,
            "Replacement index " + std::to_string(idx) + " out of range for positional args tuple");
      }
      v = args.positional[idx];
    } else if (std::isdigit(static_cast<unsigned char>(head[0]))) {
      if (used_auto)
        ThrowValueError(
            "cannot switch from automatic field numbering to manual field specification");
      used_manual = true;
      size_t idx = static_cast<size_t>(ParseCount(head));
      if (idx >= args.positional.size()) {
        throw TemplateError(
            TemplateErrorKind::kIndex,
            "Replacement index " + head + " out of range for positional args tuple");
      }
      v = args.positional[idx];
    } else {
      bool found = false;
      for (const auto& [k, kv] : args.keyword) {
        if (k == head) {
          v = kv;
          found = true;
        }
      }
      if (!found) throw TemplateError(TemplateErrorKind::kKey, "'" + head + "'");
    }
    for (size_t p = end; p != std::string::npos && p < name.size();) {
      if (name[p] == '.') {
        size_t q = name.find_first_of(".[", p + 1);
        std::string attr =
            name.substr(p + 1, q == std::string::npos ? std::string::npos : q - p - 1);
        if (attr.starts_with("_")) {
          throw TemplateError(TemplateErrorKind::kSecurity,
                              "access to attribute '" + attr + "' is unsafe.");
        }
        v = GetAttr(v, attr);
        p = q;
      } else {
        size_t q = name.find(']', p);
        if (q == std::string::npos) ThrowValueError("Missing ']' in format string");
        std::string key = name.substr(p + 1, q - p - 1);
        bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
        v = GetItem(v, numeric ? Value::Int(ParseCount(key)) : Value::String(key));
        p = q + 1;
      }
    }
    if (conversion == 'r' || conversion == 'a') {
      v = Value::String(v.Repr());
    } else if (conversion == 's') {
      v = Value::String(v.Str());
    } else if (conversion) {
      ThrowValueError(std::string("Unknown conversion specifier ") + conversion);
    }
    if (spec.find('{') != std::string::npos) spec = StrFormat(interp, spec, args);
    CheckDefined(v);
    out += FormatSpec(v, spec);
  }
  return out;
}

std::string PercentFormat(const std::string& fmt, const Value& args) {
  // CPython: a tuple supplies the arguments; any other value is the one argument, and
  // if it is subscriptable (dict, list, Undefined; not str) it may also serve %(key)s
  // and leftover arguments are not an error.
  std::vector<Value> positional;
  const Dict* mapping = nullptr;
  bool dict_like = false;
  if (args.IsTuple()) {
    positional = args.Items();
  } else {
    positional.push_back(args);
    dict_like = args.IsDict() || args.IsList() || args.IsUndefined() || args.IsObject();
    if (args.IsDict()) mapping = &args.AsDict();
  }
  size_t next = 0;
  bool used_mapping = false;
  auto take = [&]() -> Value {
    if (next >= positional.size()) ThrowTypeError("not enough arguments for format string");
    return positional[next++];
  };
  auto take_int = [&]() -> int64_t {
    Value v = take();
    if (!v.IsInt() && !v.IsBool()) ThrowTypeError("* wants int");
    return v.AsInt();
  };
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) ThrowValueError("incomplete format");
    Value value;
    bool have_value = false;
    if (fmt[i] == '(') {
      size_t close = fmt.find(')', i);
      if (close == std::string::npos) ThrowValueError("incomplete format key");
      if (!dict_like) ThrowTypeError("format requires a mapping");
      std::string key = fmt.substr(i + 1, close - i - 1);
      CheckDefined(args);
      if (!mapping) ThrowTypeError("list indices must be integers or slices, not str");
      const Value* v = mapping->Find(key);
      if (!v) throw TemplateError(TemplateErrorKind::kKey, "'" + key + "'");
      value = *v;
      have_value = true;
      used_mapping = true;
      i = close + 1;
    }
    std::string flags;
    while (i < fmt.size() && std::string("-+ #0").find(fmt[i]) != std::string::npos)
      flags += fmt[i++];
    std::string width, precision;
    if (i < fmt.size() && fmt[i] == '*') {
      width = std::to_string(take_int());
      ++i;
    } else {
      while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])))
        width += fmt[i++];
    }
    bool has_precision = false;
    if (i < fmt.size() && fmt[i] == '.') {
      has_precision = true;
      ++i;
      if (i < fmt.size() && fmt[i] == '*') {
        precision = std::to_string(take_int());
        ++i;
      } else {
        while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])))
          precision += fmt[i++];
      }
    }
    while (i < fmt.size() && (fmt[i] == 'l' || fmt[i] == 'h' || fmt[i] == 'L'))
      ++i;
    if (i >= fmt.size()) ThrowValueError("incomplete format");
    char conv = fmt[i];
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (!have_value) value = take();
    bool left = flags.find('-') != std::string::npos;
    bool zero = flags.find('0') != std::string::npos && !left;
    int64_t w = width.empty() ? 0 : (width[0] == '-' ? 0 : ParseCount(width));
    std::string body, sign;
    switch (conv) {
      case 's':
        body = value.Str();
        break;
      case 'r':
      case 'a':
        body = value.Repr();
        break;
      case 'c':
        if (value.IsString() && CodePointCount(value.AsString()) == 1) {
          body = value.AsString();
        } else if (value.IsInt() || value.IsBool()) {
          if (value.AsInt() < 0 || value.AsInt() > 0x10FFFF) {
            throw TemplateError(TemplateErrorKind::kOverflow, "%c arg not in range(0x110000)");
          }
          text::Append(body, static_cast<uint32_t>(value.AsInt()));
        } else {
          ThrowTypeError("%c requires int or char");
        }
        break;
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        CheckDefined(value);  // Undefined.__int__ raises
        if (!value.IsNumber()) {
          ThrowTypeError(std::string("%") + conv + " format: a " +
                         (conv == 'd' || conv == 'i' || conv == 'u' ? "real number" : "integer") +
                         " is required, not " + value.TypeName());
        }
        if (value.IsFloat() && !(std::fabs(value.AsDouble()) < 9.2e18)) {
          throw TemplateError(TemplateErrorKind::kOverflow,
                              "cannot convert " + value.Repr() + " to a 64-bit integer");
        }
        int64_t v = value.AsInt();
        int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
        body = IntToBase(v < 0 ? -v : v, base, conv == 'X');
        if (has_precision &&
            static_cast<int64_t>(body.size()) < ParseCount(precision.empty() ? "0" : precision)) {
          body = std::string(
                     static_cast<size_t>(ParseCount(precision) - static_cast<int64_t>(body.size())),
                     '0') +
                 body;
        }
        if (flags.find('#') != std::string::npos && base != 10)
          body = (conv == 'o' ? "0o" : conv == 'x' ? "0x" : "0X") + body;
        sign = v < 0                                  ? "-"
               : flags.find('+') != std::string::npos ? "+"
               : flags.find(' ') != std::string::npos ? " "
                                                      : "";
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        CheckDefined(value);
        if (!value.IsNumber()) ThrowTypeError("must be real number, not " + value.TypeName());
        double v = value.AsDouble();
        std::string f = "%";
        if (flags.find('#') != std::string::npos) f += '#';
        f += "." + (has_precision ? (precision.empty() ? "0" : precision) : "6") + conv;
        body = CFormat(f, std::fabs(v));
        sign = std::signbit(v)                        ? "-"
               : flags.find('+') != std::string::npos ? "+"
               : flags.find(' ') != std::string::npos ? " "
                                                      : "";
        break;
      }
      default:
        ThrowValueError(std::string("unsupported format character '") + conv + "'");
    }
    if (conv == 's' || conv == 'r' || conv == 'a') {
      if (has_precision) {
        auto cps = CodePoints(body);
        int64_t p = precision.empty() ? 0 : ParseCount(precision);
        if (static_cast<int64_t>(cps.size()) > p) {
          body.clear();
          for (int64_t k = 0; k < p; ++k)
            body += cps[static_cast<size_t>(k)];
        }
      }
      zero = false;
    }
    out += Align(sign, body, w, left ? '<' : zero ? '=' : '>', zero ? "0" : " ");
  }
  if (!used_mapping && next < positional.size() && !dict_like) {
    ThrowTypeError("not all arguments converted during string formatting");
  }
  return out;
}

}  // namespace lakedev::jinja
