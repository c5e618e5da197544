#include "context/pyjson.hpp"

#include <algorithm>
#include <cstdio>

#include "common/python_format.hpp"
#include "jinja/error.hpp"

namespace lakedev::context {
using jinja::Value;

namespace {

// Decodes one UTF-8 code point at s[i] (advancing i); invalid bytes pass as themselves.
uint32_t NextCodePoint(const std::string& s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) len = 1;
  uint32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (int k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

void String(std::string& out, const std::string& s) {
  out += '"';
  char buf[16];
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = NextCodePoint(s, i);
    switch (cp) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (cp >= 0x20 && cp < 0x7F) {
      out += static_cast<char>(cp);
    } else if (cp < 0x10000) {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      out += buf;
    } else {
      cp -= 0x10000;
      std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
      out += buf;
    }
  }
  out += '"';
}

void Dump(std::string& out, const Value& v, bool sort_keys) {
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
      if (d != d)
        out += "NaN";
      else if (d == 1.0 / 0.0)
        out += "Infinity";
      else if (d == -1.0 / 0.0)
        out += "-Infinity";
      else
        out += PythonFloatRepr(d);
      return;
    }
    case Value::Kind::kString:
      String(out, v.AsString());
      return;
    case Value::Kind::kList:
    case Value::Kind::kTuple: {
      out += '[';
      bool first = true;
      for (const auto& item : v.Items()) {
        if (!first) out += ", ";
        first = false;
        Dump(out, item, sort_keys);
      }
      out += ']';
      return;
    }
    case Value::Kind::kDict: {
      std::vector<const std::pair<Value, Value>*> entries;
      for (const auto& e : v.AsDict().entries())
        entries.push_back(&e);
      if (sort_keys) {
        std::stable_sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) {
          return a->first.Str() < b->first.Str();
        });
      }
      out += '{';
      bool first = true;
      for (const auto* e : entries) {
        if (!first) out += ", ";
        first = false;
        const Value& k = e->first;
        if (k.IsString())
          String(out, k.AsString());
        else if (k.IsNone())
          out += "\"null\"";
        else if (k.IsBool())
          out += k.AsBool() ? "\"true\"" : "\"false\"";
        else if (k.IsNumber())
          String(out, k.Str());
        else
          jinja::ThrowTypeError("keys must be str, int, float, bool or None, not " + k.TypeName());
        out += ": ";
        Dump(out, e->second, sort_keys);
      }
      out += '}';
      return;
    }
    default:
      jinja::ThrowTypeError("Object of type " + v.TypeName() + " is not JSON serializable");
  }
}

}  // namespace

std::string PyJsonDumps(const Value& value, bool sort_keys) {
  std::string out;
  Dump(out, value, sort_keys);
  return out;
}

}  // namespace lakedev::context
