// The value model of lakedev's Jinja engine: Python's values as Jinja2 templates see
// them. Lists and dicts are shared and mutable (aliasing as in Python); strings are
// immutable and shared; host types enter through the Object interface.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace lakedev::jinja {

class Value;
class Interpreter;
struct CallArgs;

// Why a value is undefined, for the message when it is used.
struct UndefinedInfo {
  std::string name;       // the missing variable or attribute (repr of the key if element)
  std::string owner;      // "dict object" when an attribute/item of a value was missing
  bool security = false;  // an unsafe attribute (sandbox), raised when used
  bool element = false;   // a missing item with a non-string key
  std::string hint;       // a full message replacing the default one
};

struct None {};
struct Undefined {
  std::shared_ptr<const UndefinedInfo> info;
};

using ListPtr = std::shared_ptr<std::vector<Value>>;

class Dict;
using DictPtr = std::shared_ptr<Dict>;

// Something callable from a template: a built-in function, a bound method, a macro.
class Callable {
 public:
  virtual ~Callable() = default;
  virtual Value Call(Interpreter& interp, CallArgs& args) = 0;
  virtual std::string Name() const = 0;
  // repr() as Python shows it, e.g. "<built-in method upper of str object>".
  virtual std::string Repr() const;
};
using CallablePtr = std::shared_ptr<Callable>;

// A host object (dbt's ref/this/adapter, Jinja's loop/namespace/cycler).
class Object {
 public:
  virtual ~Object() = default;
  virtual std::string TypeName() const = 0;
  // Attribute lookup; nullopt means "no such attribute".
  virtual std::optional<Value> GetAttr(std::string_view name);
  virtual bool SetAttr(std::string_view name, const Value& value);
  virtual std::optional<Value> GetItem(const Value& key);
  virtual std::optional<Value> Call(Interpreter& interp, CallArgs& args);
  // Iteration snapshot; nullopt means "not iterable".
  virtual std::optional<std::vector<Value>> Iterate();
  virtual bool Truthy() const { return true; }
  // Whether `x is mapping` holds (a host value that behaves as a Python Mapping).
  virtual bool IsMapping() const { return false; }
  virtual std::string Repr() const;
  virtual std::string Str() const { return Repr(); }
  // Python's arithmetic on host values (datetime - timedelta): `op` is "+", "-", "*",
  // "/", "//", "%" or "**"; `reflected` when the object is the right operand. nullopt:
  // not supported (TypeError).
  virtual std::optional<Value> Arithmetic(std::string_view op, const Value& other, bool reflected);
  // Ordering against another value: <0, 0, >0, or nullopt when not comparable. Also
  // decides == between two host values that answer.
  virtual std::optional<int> Compare(const Value& other) const;
};
using ObjectPtr = std::shared_ptr<Object>;

class Value {
 public:
  enum class Kind : uint8_t {
    kUndefined,
    kNone,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kTuple,
    kDict,
    kCallable,
    kObject
  };

  Value() : v_(Undefined{}) {}
  Value(const Value&) = default;
  Value(Value&&) noexcept = default;
  Value& operator=(const Value&) = default;
  Value& operator=(Value&&) noexcept = default;
  static Value MakeUndefined(std::string name, std::string owner = {}, bool security = false);
  static Value MakeUndefined(UndefinedInfo info);
  static Value MakeNone() { return Value(std::in_place, None{}); }
  static Value Bool(bool b) { return Value(std::in_place, b); }
  static Value Int(int64_t i) { return Value(std::in_place, i); }
  static Value Float(double f) { return Value(std::in_place, f); }
  static Value String(std::string s) {
    return Value(std::in_place, std::make_shared<const std::string>(std::move(s)));
  }
  static Value List(std::vector<Value> items = {});
  static Value Tuple(std::vector<Value> items);
  static Value MakeDict(DictPtr d) { return Value(std::in_place, std::move(d)); }
  static Value MakeDict();
  static Value Func(CallablePtr c) { return Value(std::in_place, std::move(c)); }
  static Value Obj(ObjectPtr o) { return Value(std::in_place, std::move(o)); }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool IsUndefined() const { return kind() == Kind::kUndefined; }
  bool IsNone() const { return kind() == Kind::kNone; }
  bool IsBool() const { return kind() == Kind::kBool; }
  bool IsInt() const { return kind() == Kind::kInt; }
  bool IsFloat() const { return kind() == Kind::kFloat; }
  bool IsNumber() const { return IsInt() || IsFloat() || IsBool(); }
  bool IsString() const { return kind() == Kind::kString; }
  bool IsList() const { return kind() == Kind::kList; }
  bool IsTuple() const { return kind() == Kind::kTuple; }
  bool IsSequence() const { return IsList() || IsTuple(); }
  bool IsDict() const { return kind() == Kind::kDict; }
  bool IsCallable() const { return kind() == Kind::kCallable; }
  bool IsObject() const { return kind() == Kind::kObject; }

  bool AsBool() const { return std::get<bool>(v_); }
  // The integer of an int or bool (a float truncates; anything else is 0, never a crash).
  int64_t AsInt() const {
    if (IsInt()) return std::get<int64_t>(v_);
    if (IsBool()) return AsBool();
    if (!IsFloat()) return 0;
    double d = std::get<double>(v_);
    if (!(d > -9.2e18 && d < 9.2e18)) return d > 0 ? INT64_MAX : INT64_MIN;  // NaN too
    return static_cast<int64_t>(d);
  }
  // Numeric value as double (bool, int, float).
  double AsDouble() const;
  const std::string& AsString() const { return *std::get<StrPtr>(v_); }
  // The items of a list or tuple (tuples are lists that are never mutated).
  const std::vector<Value>& Items() const { return *ListRef(); }
  std::vector<Value>& MutableItems() const { return *ListRef(); }
  const ListPtr& ListRef() const {
    return IsTuple() ? std::get<TuplePtr>(v_).items : std::get<ListPtr>(v_);
  }
  Dict& AsDict() const { return *std::get<DictPtr>(v_); }
  const DictPtr& DictRef() const { return std::get<DictPtr>(v_); }
  const CallablePtr& AsCallable() const { return std::get<CallablePtr>(v_); }
  const ObjectPtr& AsObject() const { return std::get<ObjectPtr>(v_); }
  const UndefinedInfo* undefined_info() const { return std::get<Undefined>(v_).info.get(); }

  // Python's bool(x).
  bool Truthy() const;
  // Python's str(x) as Jinja2 prints it ({{ x }}): undefined prints as nothing.
  std::string Str() const;
  // Python's repr(x).
  std::string Repr() const;
  // type(x).__name__ as Python error messages show it ("int", "str", "dict", ...).
  std::string TypeName() const;
  // Python's ==, with 1 == 1.0 == True.
  bool Equals(const Value& other) const;
  // Identity (Python's `is`): same object for containers, equal for immutables.
  bool Identical(const Value& other) const;
  // Hash consistent with Equals, for dict keys and unique/groupby.
  size_t Hash() const;
  // Python hashability: lists, dicts and most host objects cannot be dict keys.
  bool Hashable() const;

 private:
  using StrPtr = std::shared_ptr<const std::string>;
  struct TuplePtr {
    ListPtr items;
  };
  // The alternatives' order is Kind's order.
  using Variant = std::variant<Undefined, None, bool, int64_t, double, StrPtr, ListPtr, TuplePtr,
                               DictPtr, CallablePtr, ObjectPtr>;
  template <typename T>
  Value(std::in_place_t, T&& v) : v_(std::forward<T>(v)) {}

  Variant v_;
};

// An insertion-ordered dict with Python key semantics.
class Dict {
 public:
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::vector<std::pair<Value, Value>>& entries() const { return entries_; }
  const Value* Find(const Value& key) const;
  const Value* Find(std::string_view key) const;
  void Set(const Value& key, Value value);
  bool Erase(const Value& key);
  void Clear();

 private:
  // Small dicts are scanned; from kIndexFrom entries on, a hash index finds keys.
  static constexpr size_t kIndexFrom = 12;
  std::optional<size_t> IndexOf(const Value& key) const;
  void Reindex();

  std::vector<std::pair<Value, Value>> entries_;
  std::unordered_multimap<size_t, size_t> index_;
};

// Arguments of a call: positional then keyword, in call order.
struct CallArgs {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keyword;

  // Takes the argument for parameter `name` at position `index`, positionally or by
  // keyword; nullopt when absent.
  std::optional<Value> Take(size_t index, std::string_view name);
  // After all Take()s: fails on arguments nobody took (Python's TypeError).
  void ExpectNoMore(std::string_view function) const;
  size_t taken_positional = 0;
  std::vector<bool> keyword_taken;
};

}  // namespace lakedev::jinja
