#include "jinja/operations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/python_format.hpp"
#include "jinja/interpreter.hpp"

namespace lakedev::jinja {

namespace {

[[noreturn]] void Overflow() {
  throw TemplateError(TemplateErrorKind::kOverflow,
                      "integer overflow: lakedev's integers are 64-bit (Python's are unbounded)");
}

std::string OperandTypes(const std::string& op, const Value& a, const Value& b) {
  return "unsupported operand type(s) for " + op + ": '" + a.TypeName() + "' and '" + b.TypeName() +
         "'";
}

// "dict object", as Jinja2's object_type_repr names a value's type in messages.
std::string ObjectTypeRepr(const Value& v) {
  if (v.IsNone()) return "None";
  return v.TypeName() + " object";
}

Value Repeat(const Value& seq, int64_t n, size_t max_output) {
  if (n <= 0)
    return seq.IsString() ? Value::String("") : seq.IsTuple() ? Value::Tuple({}) : Value::List();
  if (seq.IsString()) {
    if (seq.AsString().size() * static_cast<size_t>(n) > max_output) {
      throw TemplateError(TemplateErrorKind::kOverflow, "string repetition result is too large");
    }
    std::string out;
    out.reserve(seq.AsString().size() * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
      out += seq.AsString();
    return Value::String(std::move(out));
  }
  if (seq.Items().size() * static_cast<size_t>(n) > max_output / 8) {
    throw TemplateError(TemplateErrorKind::kOverflow, "sequence repetition result is too large");
  }
  std::vector<Value> out;
  for (int64_t i = 0; i < n; ++i)
    out.insert(out.end(), seq.Items().begin(), seq.Items().end());
  return seq.IsTuple() ? Value::Tuple(std::move(out)) : Value::List(std::move(out));
}

int64_t FloorDiv(int64_t a, int64_t b) {
  if (a == std::numeric_limits<int64_t>::min() && b == -1) Overflow();
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t PyMod(int64_t a, int64_t b) {
  if (b == -1) return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

// CPython's float_divmod.
void FloatDivMod(double a, double b, double& div, double& mod) {
  mod = std::fmod(a, b);
  div = (a - mod) / b;
  if (mod != 0) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, b);
  }
  if (div != 0) {
    double floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    div = floordiv;
  } else {
    div = std::copysign(0.0, a / b);
  }
}

[[noreturn]] void ZeroDivision(const char* message) {
  throw TemplateError(TemplateErrorKind::kZeroDivision, message);
}

}  // namespace

void ThrowUndefined(const Value& v) {
  const UndefinedInfo* info = v.undefined_info();
  if (!info) throw TemplateError(TemplateErrorKind::kUndefined, "value is undefined");
  if (info->security) {
    throw TemplateError(TemplateErrorKind::kSecurity, "access to attribute '" + info->name +
                                                          "' of '" + info->owner + "' is unsafe.");
  }
  if (!info->hint.empty()) throw TemplateError(TemplateErrorKind::kUndefined, info->hint);
  if (info->owner.empty()) {
    throw TemplateError(TemplateErrorKind::kUndefined, "'" + info->name + "' is undefined");
  }
  if (info->element) {
    throw TemplateError(TemplateErrorKind::kUndefined,
                        "'" + info->owner + "' has no element " + info->name);
  }
  throw TemplateError(TemplateErrorKind::kUndefined,
                      "'" + info->owner + "' has no attribute '" + info->name + "'");
}

BinOp ParseBinOp(std::string_view op) {
  if (op == "+") return BinOp::kAdd;
  if (op == "-") return BinOp::kSub;
  if (op == "*") return BinOp::kMul;
  if (op == "/") return BinOp::kDiv;
  if (op == "//") return BinOp::kFloorDiv;
  if (op == "%") return BinOp::kMod;
  return BinOp::kPow;
}

Value BinaryOp(BinOp op, const Value& a, const Value& b, size_t max_output) {
  CheckDefined(a);
  // str % x formats with anything, Undefined included (it prints as nothing).
  if (op == BinOp::kMod && a.IsString()) return Value::String(PercentFormat(a.AsString(), b));
  CheckDefined(b);
  if (a.IsObject() || b.IsObject()) {
    static const char* const kNames[] = {"+", "-", "*", "/", "//", "%", "**"};
    std::string_view name = kNames[static_cast<int>(op)];
    if (a.IsObject()) {
      if (auto r = a.AsObject()->Arithmetic(name, b, false)) return *r;
    }
    if (b.IsObject()) {
      if (auto r = b.AsObject()->Arithmetic(name, a, true)) return *r;
    }
  }
  bool ints = (a.IsInt() || a.IsBool()) && (b.IsInt() || b.IsBool());
  bool nums = a.IsNumber() && b.IsNumber();
  if (op == BinOp::kAdd) {
    if (ints) {
      int64_t r;
      if (__builtin_add_overflow(a.AsInt(), b.AsInt(), &r)) Overflow();
      return Value::Int(r);
    }
    if (nums) return Value::Float(a.AsDouble() + b.AsDouble());
    if (a.IsString() && b.IsString()) return Value::String(a.AsString() + b.AsString());
    if ((a.IsList() && b.IsList()) || (a.IsTuple() && b.IsTuple())) {
      std::vector<Value> out = a.Items();
      out.insert(out.end(), b.Items().begin(), b.Items().end());
      return a.IsList() ? Value::List(std::move(out)) : Value::Tuple(std::move(out));
    }
    if (a.IsList() && b.IsSequence())
      ThrowTypeError("can only concatenate list (not \"" + b.TypeName() + "\") to list");
    if (a.IsString())
      ThrowTypeError("can only concatenate str (not \"" + b.TypeName() + "\") to str");
    ThrowTypeError(OperandTypes("+", a, b));
  }
  if (op == BinOp::kSub) {
    if (ints) {
      int64_t r;
      if (__builtin_sub_overflow(a.AsInt(), b.AsInt(), &r)) Overflow();
      return Value::Int(r);
    }
    if (nums) return Value::Float(a.AsDouble() - b.AsDouble());
    ThrowTypeError(OperandTypes("-", a, b));
  }
  if (op == BinOp::kMul) {
    if (ints) {
      int64_t r;
      if (__builtin_mul_overflow(a.AsInt(), b.AsInt(), &r)) Overflow();
      return Value::Int(r);
    }
    if (nums) return Value::Float(a.AsDouble() * b.AsDouble());
    if ((a.IsString() || a.IsSequence()) && (b.IsInt() || b.IsBool()))
      return Repeat(a, b.AsInt(), max_output);
    if ((b.IsString() || b.IsSequence()) && (a.IsInt() || a.IsBool()))
      return Repeat(b, a.AsInt(), max_output);
    if (a.IsString() || a.IsSequence()) {
      ThrowTypeError("can't multiply sequence by non-int of type '" + b.TypeName() + "'");
    }
    ThrowTypeError(OperandTypes("*", a, b));
  }
  if (op == BinOp::kDiv) {
    if (!nums) ThrowTypeError(OperandTypes("/", a, b));
    if (b.AsDouble() == 0) ZeroDivision(ints ? "division by zero" : "float division by zero");
    return Value::Float(a.AsDouble() / b.AsDouble());
  }
  if (op == BinOp::kFloorDiv) {
    if (!nums) ThrowTypeError(OperandTypes("//", a, b));
    if (ints) {
      if (b.AsInt() == 0) ZeroDivision("integer division or modulo by zero");
      return Value::Int(FloorDiv(a.AsInt(), b.AsInt()));
    }
    if (b.AsDouble() == 0) ZeroDivision("float floor division by zero");
    double div, mod;
    FloatDivMod(a.AsDouble(), b.AsDouble(), div, mod);
    return Value::Float(div);
  }
  if (op == BinOp::kMod) {
    if (a.IsString()) return Value::String(PercentFormat(a.AsString(), b));
    if (!nums) ThrowTypeError(OperandTypes("%", a, b));
    if (ints) {
      if (b.AsInt() == 0) ZeroDivision("integer division or modulo by zero");
      return Value::Int(PyMod(a.AsInt(), b.AsInt()));
    }
    if (b.AsDouble() == 0) ZeroDivision("float modulo");
    double div, mod;
    FloatDivMod(a.AsDouble(), b.AsDouble(), div, mod);
    return Value::Float(mod);
  }
  if (op == BinOp::kPow) {
    if (!nums) ThrowTypeError(OperandTypes("** or pow()", a, b));
    if (ints && b.AsInt() >= 0) {
      int64_t base = a.AsInt(), exp = b.AsInt(), result = 1;
      while (exp > 0) {
        if (exp & 1) {
          if (__builtin_mul_overflow(result, base, &result)) Overflow();
        }
        exp >>= 1;
        if (exp > 0 && __builtin_mul_overflow(base, base, &base)) Overflow();
      }
      return Value::Int(result);
    }
    double x = a.AsDouble(), y = b.AsDouble();
    if (x == 0 && y < 0) ZeroDivision("0.0 cannot be raised to a negative power");
    if (x < 0 && y != std::floor(y)) {
      throw TemplateError(TemplateErrorKind::kValue,
                          "a negative number raised to a fractional power is complex in Python");
    }
    double r = std::pow(x, y);
    if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) {
      throw TemplateError(TemplateErrorKind::kOverflow, "(34, 'Numerical result out of range')");
    }
    return Value::Float(r);
  }
  ThrowTypeError("unknown operator");
}

Value Negate(const Value& v) {
  CheckDefined(v);
  if (v.IsInt() || v.IsBool()) {
    if (v.AsInt() == std::numeric_limits<int64_t>::min()) Overflow();
    return Value::Int(-v.AsInt());
  }
  if (v.IsFloat()) return Value::Float(-v.AsDouble());
  ThrowTypeError("bad operand type for unary -: '" + v.TypeName() + "'");
}

namespace {
// -1, 0, 1 for a < b, a == b, a > b; TypeError when Python cannot order them.
int Order(const std::string& op, const Value& a, const Value& b) {
  CheckDefined(a);
  CheckDefined(b);
  if (a.IsObject()) {
    if (auto c = a.AsObject()->Compare(b)) return *c < 0 ? -1 : *c > 0 ? 1 : 0;
  }
  if (a.IsNumber() && b.IsNumber()) {
    if ((a.IsInt() || a.IsBool()) && (b.IsInt() || b.IsBool())) {
      return a.AsInt() < b.AsInt() ? -1 : a.AsInt() > b.AsInt() ? 1 : 0;
    }
    double x = a.AsDouble(), y = b.AsDouble();
    if (std::isnan(x) || std::isnan(y)) return 2;  // unordered: every comparison is false
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.IsString() && b.IsString()) {
    int c = a.AsString().compare(b.AsString());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if ((a.IsList() && b.IsList()) || (a.IsTuple() && b.IsTuple())) {
    const auto& x = a.Items();
    const auto& y = b.Items();
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (x[i].Equals(y[i])) continue;
      return Order(op, x[i], y[i]);
    }
    return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
  }
  ThrowTypeError("'" + op + "' not supported between instances of '" + a.TypeName() + "' and '" +
                 b.TypeName() + "'");
}
}  // namespace

bool CompareOrder(const std::string& op, const Value& a, const Value& b) {
  int c = Order(op, a, b);
  if (c == 2) return false;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

bool Contains(const Value& container, const Value& item) {
  switch (container.kind()) {
    case Value::Kind::kString:
      if (!item.IsString()) {
        ThrowTypeError("'in <string>' requires string as left operand, not " + item.TypeName());
      }
      return container.AsString().find(item.AsString()) != std::string::npos;
    case Value::Kind::kList:
    case Value::Kind::kTuple:
      for (const auto& v : container.Items()) {
        if (v.Equals(item)) return true;
      }
      return false;
    case Value::Kind::kDict:
      if (!item.Hashable()) ThrowTypeError("unhashable type: '" + item.TypeName() + "'");
      return container.AsDict().Find(item) != nullptr;
    case Value::Kind::kUndefined:
      return false;
    case Value::Kind::kObject: {
      auto items = container.AsObject()->Iterate();
      if (!items) break;
      for (const auto& v : *items) {
        if (v.Equals(item)) return true;
      }
      return false;
    }
    default:
      break;
  }
  ThrowTypeError("argument of type '" + container.TypeName() + "' is not iterable");
}

namespace {
Value MissingAttr(const Value& obj, std::string_view name) {
  UndefinedInfo info;
  info.name = std::string(name);
  info.owner = ObjectTypeRepr(obj);
  return Value::MakeUndefined(std::move(info));
}

bool IsDunder(std::string_view name) {
  return name.size() > 4 && name.starts_with("__") && name.ends_with("__");
}
}  // namespace

Value GetAttr(const Value& obj, std::string_view name) {
  CheckDefined(obj);
  if (obj.IsObject()) {
    if (auto v = obj.AsObject()->GetAttr(name)) return *v;
    if (auto v = obj.AsObject()->GetItem(Value::String(std::string(name)))) return *v;
    return MissingAttr(obj, name);
  }
  if (IsDunder(name)) {
    // Python attributes like __class__ exist but the sandbox refuses them.
    UndefinedInfo info;
    info.name = std::string(name);
    info.owner = obj.TypeName() + " object";
    info.security = true;
    return Value::MakeUndefined(std::move(info));
  }
  if (auto m = BuiltinMethod(obj, name)) return *m;
  if (obj.IsInt() || obj.IsBool() || obj.IsFloat()) {
    // The data attributes of Python numbers.
    bool is_int = !obj.IsFloat();
    if (name == "real") return is_int ? Value::Int(obj.AsInt()) : obj;
    if (name == "imag") return is_int ? Value::Int(0) : Value::Float(0.0);
    if (is_int && name == "numerator") return Value::Int(obj.AsInt());
    if (is_int && name == "denominator") return Value::Int(1);
  }
  if (obj.IsDict()) {
    if (const Value* v = obj.AsDict().Find(name)) return *v;
  }
  return MissingAttr(obj, name);
}

namespace {
// Normalizes a Python index into [0, size); nullopt when out of range.
std::optional<size_t> NormalizeIndex(int64_t i, size_t size) {
  int64_t n = static_cast<int64_t>(size);
  if (i < 0) i += n;
  if (i < 0 || i >= n) return std::nullopt;
  return static_cast<size_t>(i);
}
}  // namespace

Value GetItem(const Value& obj, const Value& key) {
  CheckDefined(obj);
  switch (obj.kind()) {
    case Value::Kind::kList:
    case Value::Kind::kTuple:
      if (key.IsInt() || key.IsBool()) {
        if (auto i = NormalizeIndex(key.AsInt(), obj.Items().size())) return obj.Items()[*i];
      }
      break;
    case Value::Kind::kString:
      if (key.IsInt() || key.IsBool()) {
        auto cps = CodePoints(obj.AsString());
        if (auto i = NormalizeIndex(key.AsInt(), cps.size())) return Value::String(cps[*i]);
      }
      break;
    case Value::Kind::kDict:
      if (key.Hashable()) {
        if (const Value* v = obj.AsDict().Find(key)) return *v;
      }
      break;
    case Value::Kind::kObject:
      if (auto v = obj.AsObject()->GetItem(key)) return *v;
      if (key.IsString()) {
        if (auto v = obj.AsObject()->GetAttr(key.AsString())) return *v;
      }
      break;
    default:
      break;
  }
  if (key.IsString() && !obj.IsObject()) {
    if (IsDunder(key.AsString())) return GetAttr(obj, key.AsString());
    if (auto m = BuiltinMethod(obj, key.AsString())) return *m;
  }
  UndefinedInfo info;
  info.owner = ObjectTypeRepr(obj);
  if (key.IsString()) {
    info.name = key.AsString();
  } else {
    info.name = key.Repr();
    info.element = true;
  }
  return Value::MakeUndefined(std::move(info));
}

Value Slice(const Value& obj, const Value& start_v, const Value& stop_v, const Value& step_v) {
  CheckDefined(obj);
  auto as_index = [](const Value& v) -> std::optional<int64_t> {
    if (v.IsNone()) return std::nullopt;
    if (v.IsInt() || v.IsBool()) return v.AsInt();
    ThrowTypeError("slice indices must be integers or None or have an __index__ method");
  };
  int64_t step = as_index(step_v).value_or(1);
  if (step == 0) throw TemplateError(TemplateErrorKind::kValue, "slice step cannot be zero");
  std::vector<Value> items;
  std::vector<std::string> cps;
  size_t size;
  if (obj.IsString()) {
    cps = CodePoints(obj.AsString());
    size = cps.size();
  } else if (obj.IsSequence()) {
    size = obj.Items().size();
  } else if (obj.IsDict()) {
    // Jinja2 compiles a slice to a plain Python subscript, without getitem's fallbacks.
    ThrowTypeError("unhashable type: 'slice'");
  } else {
    ThrowTypeError("'" + obj.TypeName() + "' object is not subscriptable");
  }
  int64_t n = static_cast<int64_t>(size);
  // CPython's PySlice_AdjustIndices.
  auto adjust = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v) return dflt;
    int64_t i = *v;
    if (i < 0) {
      i += n;
      if (i < 0) i = step < 0 ? -1 : 0;
    } else if (i >= n) {
      i = step < 0 ? n - 1 : n;
    }
    return i;
  };
  int64_t start = adjust(as_index(start_v), step < 0 ? n - 1 : 0);
  int64_t stop = adjust(as_index(stop_v), step < 0 ? -1 : n);
  std::string text;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
    if (obj.IsString()) {
      text += cps[static_cast<size_t>(i)];
    } else {
      items.push_back(obj.Items()[static_cast<size_t>(i)]);
    }
  }
  if (obj.IsString()) return Value::String(std::move(text));
  return obj.IsTuple() ? Value::Tuple(std::move(items)) : Value::List(std::move(items));
}

std::vector<Value> Iterate(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kUndefined:
      if (v.undefined_info() && v.undefined_info()->security) ThrowUndefined(v);
      return {};
    case Value::Kind::kList:
    case Value::Kind::kTuple:
      return v.Items();
    case Value::Kind::kString: {
      std::vector<Value> out;
      for (auto& cp : CodePoints(v.AsString()))
        out.push_back(Value::String(std::move(cp)));
      return out;
    }
    case Value::Kind::kDict: {
      std::vector<Value> out;
      out.reserve(v.AsDict().size());
      for (const auto& [k, val] : v.AsDict().entries())
        out.push_back(k);
      return out;
    }
    case Value::Kind::kObject:
      if (auto items = v.AsObject()->Iterate()) return std::move(*items);
      break;
    default:
      break;
  }
  ThrowTypeError("'" + v.TypeName() + "' object is not iterable");
}

int64_t Length(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kUndefined:
      return 0;
    case Value::Kind::kString:
      return static_cast<int64_t>(CodePointCount(v.AsString()));
    case Value::Kind::kList:
    case Value::Kind::kTuple:
      return static_cast<int64_t>(v.Items().size());
    case Value::Kind::kDict:
      return static_cast<int64_t>(v.AsDict().size());
    case Value::Kind::kObject:
      if (auto items = v.AsObject()->Iterate()) return static_cast<int64_t>(items->size());
      break;
    default:
      break;
  }
  ThrowTypeError("object of type '" + v.TypeName() + "' has no len()");
}

Value CallValue(Interpreter& interp, const Value& callee, CallArgs& args) {
  switch (callee.kind()) {
    case Value::Kind::kCallable:
      return callee.AsCallable()->Call(interp, args);
    case Value::Kind::kObject:
      if (auto r = callee.AsObject()->Call(interp, args)) return *r;
      break;
    case Value::Kind::kUndefined:
      ThrowUndefined(callee);
    default:
      break;
  }
  ThrowTypeError("'" + callee.TypeName() + "' object is not callable");
}

int64_t ParseCount(std::string_view digits) {
  int64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9')
      throw TemplateError(TemplateErrorKind::kValue,
                          "expected digits, got '" + std::string(digits) + "'");
    v = v * 10 + (c - '0');
    if (v > kMaxCount) {
      throw TemplateError(TemplateErrorKind::kOverflow,
                          "number " + std::string(digits) + " is too large here");
    }
  }
  return v;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> CodePoints(std::string_view s) {
  std::vector<std::string> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    len = std::min(len, s.size() - i);
    out.emplace_back(s.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace lakedev::jinja
