// Python semantics of the operations templates perform on values: arithmetic,
// comparison, membership, attribute and item access, slicing, iteration, calls. Shared
// by the interpreter and the built-in filters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jinja/error.hpp"
#include "jinja/value.hpp"

namespace lakedev::jinja {

class Interpreter;

[[noreturn]] void ThrowUndefined(const Value& undefined);
// Raises UndefinedError if `v` is undefined (using an undefined value in an operation).
inline void CheckDefined(const Value& v) {
  if (v.IsUndefined()) ThrowUndefined(v);
}

enum class BinOp : uint8_t { kAdd, kSub, kMul, kDiv, kFloorDiv, kMod, kPow };
// "+", "-", "*", "/", "//", "%", "**".
BinOp ParseBinOp(std::string_view op);
Value BinaryOp(BinOp op, const Value& a, const Value& b, size_t max_output);
Value Negate(const Value& v);
// Python's a < b (and friends via op: "<", "<=", ">", ">=").
bool CompareOrder(const std::string& op, const Value& a, const Value& b);
// `a in b`.
bool Contains(const Value& container, const Value& item);

// Jinja2's sandboxed getattr: Python attributes (methods) first, then items.
Value GetAttr(const Value& obj, std::string_view name);
// Jinja2's getitem: items first, then attributes for string keys.
Value GetItem(const Value& obj, const Value& key);
Value Slice(const Value& obj, const Value& start, const Value& stop, const Value& step);

// Python's iteration of a value (str by code point, dict by key). TypeError if not
// iterable; undefined iterates as empty.
std::vector<Value> Iterate(const Value& v);
// len(); TypeError if the value has none.
int64_t Length(const Value& v);

Value CallValue(Interpreter& interp, const Value& callee, CallArgs& args);

// A run of decimal digits from template text (an index, a width); TemplateError instead
// of overflow. Values above kMaxCount are refused: they only ever mean "allocate a lot".
inline constexpr int64_t kMaxCount = int64_t{1} << 26;
int64_t ParseCount(std::string_view digits);

// UTF-8 helpers: code point count and split into code points.
size_t CodePointCount(std::string_view s);
std::vector<std::string> CodePoints(std::string_view s);

// Python's str methods, list methods and dict methods (bound to `self`).
std::optional<Value> BuiltinMethod(const Value& self, std::string_view name);

// Python's printf-style `fmt % args` and str.format.
std::string PercentFormat(const std::string& fmt, const Value& args);
std::string StrFormat(Interpreter& interp, const std::string& fmt, CallArgs& args);
// format(value, spec) for one replacement field.
std::string FormatSpec(const Value& value, std::string_view spec);

}  // namespace lakedev::jinja
