#include "jinja/value.hpp"

#include <cmath>

#include "common/python_format.hpp"
#include "jinja/error.hpp"

namespace lakedev::jinja {

Value Value::MakeUndefined(std::string name, std::string owner, bool security) {
  Undefined u;
  u.info = std::make_shared<const UndefinedInfo>(
      UndefinedInfo{std::move(name), std::move(owner), security, false, {}});
  return Value(std::in_place, std::move(u));
}

Value Value::MakeUndefined(UndefinedInfo info) {
  Undefined u;
  u.info = std::make_shared<const UndefinedInfo>(std::move(info));
  return Value(std::in_place, std::move(u));
}

Value Value::List(std::vector<Value> items) {
  return Value(std::in_place, std::make_shared<std::vector<Value>>(std::move(items)));
}

Value Value::Tuple(std::vector<Value> items) {
  return Value(std::in_place, TuplePtr{std::make_shared<std::vector<Value>>(std::move(items))});
}

Value Value::MakeDict() {
  return Value(std::in_place, std::make_shared<Dict>());
}

double Value::AsDouble() const {
  switch (kind()) {
    case Kind::kBool:
      return AsBool() ? 1.0 : 0.0;
    case Kind::kInt:
      return static_cast<double>(std::get<int64_t>(v_));
    case Kind::kFloat:
      return std::get<double>(v_);
    default:
      return 0;
  }
}

bool Value::Truthy() const {
  switch (kind()) {
    case Kind::kUndefined:
    case Kind::kNone:
      return false;
    case Kind::kBool:
      return AsBool();
    case Kind::kInt:
      return std::get<int64_t>(v_) != 0;
    case Kind::kFloat:
      return std::get<double>(v_) != 0.0;
    case Kind::kString:
      return !AsString().empty();
    case Kind::kList:
    case Kind::kTuple:
      return !Items().empty();
    case Kind::kDict:
      return !AsDict().empty();
    case Kind::kCallable:
      return true;
    case Kind::kObject:
      return AsObject()->Truthy();
  }
  return false;
}

std::string Value::Str() const {
  switch (kind()) {
    case Kind::kUndefined:
      return {};
    case Kind::kString:
      return AsString();
    case Kind::kObject:
      return AsObject()->Str();
    default:
      return Repr();
  }
}

namespace {
std::string JoinRepr(const std::vector<Value>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i].Repr();
  }
  return out;
}
}  // namespace

std::string Value::Repr() const {
  switch (kind()) {
    case Kind::kUndefined:
      return "Undefined";
    case Kind::kNone:
      return "None";
    case Kind::kBool:
      return AsBool() ? "True" : "False";
    case Kind::kInt:
      return std::to_string(std::get<int64_t>(v_));
    case Kind::kFloat:
      return PythonFloatRepr(std::get<double>(v_));
    case Kind::kString:
      return PythonStrRepr(AsString());
    case Kind::kList:
      return "[" + JoinRepr(Items()) + "]";
    case Kind::kTuple:
      return Items().size() == 1 ? "(" + Items()[0].Repr() + ",)" : "(" + JoinRepr(Items()) + ")";
    case Kind::kDict: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : AsDict().entries()) {
        if (!first) out += ", ";
        first = false;
        out += k.Repr() + ": " + v.Repr();
      }
      return out + "}";
    }
    case Kind::kCallable:
      return AsCallable()->Repr();
    case Kind::kObject:
      return AsObject()->Repr();
  }
  return {};
}

std::string Value::TypeName() const {
  switch (kind()) {
    case Kind::kUndefined:
      return "Undefined";
    case Kind::kNone:
      return "NoneType";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kFloat:
      return "float";
    case Kind::kString:
      return "str";
    case Kind::kList:
      return "list";
    case Kind::kTuple:
      return "tuple";
    case Kind::kDict:
      return "dict";
    case Kind::kCallable:
      return "function";
    case Kind::kObject:
      return AsObject()->TypeName();
  }
  return "object";
}

bool Value::Equals(const Value& other) const {
  if (IsObject() && other.IsObject()) {
    if (auto c = AsObject()->Compare(other)) return *c == 0;
  }
  if (IsNumber() && other.IsNumber()) {
    if (IsFloat() || other.IsFloat()) return AsDouble() == other.AsDouble();
    return AsInt() == other.AsInt();
  }
  if (kind() != other.kind()) return false;
  switch (kind()) {
    case Kind::kUndefined:
    case Kind::kNone:
      return true;
    case Kind::kString:
      return AsString() == other.AsString();
    case Kind::kList:
    case Kind::kTuple: {
      const auto& a = Items();
      const auto& b = other.Items();
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!a[i].Equals(b[i])) return false;
      }
      return true;
    }
    case Kind::kDict: {
      const Dict& a = AsDict();
      const Dict& b = other.AsDict();
      if (a.size() != b.size()) return false;
      for (const auto& [k, v] : a.entries()) {
        const Value* w = b.Find(k);
        if (!w || !v.Equals(*w)) return false;
      }
      return true;
    }
    case Kind::kCallable:
      return AsCallable() == other.AsCallable();
    case Kind::kObject:
      return AsObject() == other.AsObject();
    default:
      return false;
  }
}

bool Value::Identical(const Value& other) const {
  if (kind() != other.kind()) return false;
  switch (kind()) {
    case Kind::kList:
    case Kind::kTuple:
      return ListRef() == other.ListRef();
    case Kind::kDict:
      return DictRef() == other.DictRef();
    case Kind::kString:
      return AsString() == other.AsString();
    default:
      return Equals(other);
  }
}

bool Value::Hashable() const {
  switch (kind()) {
    case Kind::kList:
    case Kind::kDict:
      return false;
    case Kind::kTuple:
      for (const auto& v : Items()) {
        if (!v.Hashable()) return false;
      }
      return true;
    default:
      return true;
  }
}

size_t Value::Hash() const {
  switch (kind()) {
    case Kind::kBool:
    case Kind::kInt:
      return std::hash<int64_t>()(AsInt());
    case Kind::kFloat: {
      double d = AsDouble();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
        return std::hash<int64_t>()(static_cast<int64_t>(d));
      }
      return std::hash<double>()(d);
    }
    case Kind::kString:
      return std::hash<std::string>()(AsString());
    case Kind::kTuple: {
      size_t h = 0x345678;
      for (const auto& v : Items())
        h = h * 1000003 ^ v.Hash();
      return h;
    }
    case Kind::kObject:
      return std::hash<const void*>()(AsObject().get());
    case Kind::kCallable:
      return std::hash<const void*>()(AsCallable().get());
    default:
      return static_cast<size_t>(kind());
  }
}

// ---- Dict --------------------------------------------------------------------------

std::optional<size_t> Dict::IndexOf(const Value& key) const {
  if (index_.empty()) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].first.Equals(key)) return i;
    }
    return std::nullopt;
  }
  auto [lo, hi] = index_.equal_range(key.Hash());
  for (auto it = lo; it != hi; ++it) {
    if (entries_[it->second].first.Equals(key)) return it->second;
  }
  return std::nullopt;
}

const Value* Dict::Find(const Value& key) const {
  auto i = IndexOf(key);
  return i ? &entries_[*i].second : nullptr;
}

const Value* Dict::Find(std::string_view key) const {
  if (index_.empty()) {
    for (const auto& [k, v] : entries_) {
      if (k.IsString() && k.AsString() == key) return &v;
    }
    return nullptr;
  }
  return Find(Value::String(std::string(key)));
}

void Dict::Set(const Value& key, Value value) {
  if (auto i = IndexOf(key)) {
    entries_[*i].second = std::move(value);
    return;
  }
  entries_.emplace_back(key, std::move(value));
  if (!index_.empty()) {
    index_.emplace(key.Hash(), entries_.size() - 1);
  } else if (entries_.size() >= kIndexFrom) {
    Reindex();
  }
}

bool Dict::Erase(const Value& key) {
  auto i = IndexOf(key);
  if (!i) return false;
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(*i));
  Reindex();
  return true;
}

void Dict::Clear() {
  entries_.clear();
  index_.clear();
}

void Dict::Reindex() {
  index_.clear();
  if (entries_.size() < kIndexFrom) return;
  for (size_t i = 0; i < entries_.size(); ++i)
    index_.emplace(entries_[i].first.Hash(), i);
}

// ---- Callable / Object defaults ----------------------------------------------------

std::string Callable::Repr() const {
  return "<function " + Name() + ">";
}

std::optional<Value> Object::GetAttr(std::string_view) {
  return std::nullopt;
}
bool Object::SetAttr(std::string_view, const Value&) {
  return false;
}
std::optional<Value> Object::GetItem(const Value&) {
  return std::nullopt;
}
std::optional<Value> Object::Call(Interpreter&, CallArgs&) {
  return std::nullopt;
}
std::optional<std::vector<Value>> Object::Iterate() {
  return std::nullopt;
}
std::string Object::Repr() const {
  return "<" + TypeName() + " object>";
}
std::optional<Value> Object::Arithmetic(std::string_view, const Value&, bool) {
  return std::nullopt;
}
std::optional<int> Object::Compare(const Value&) const {
  return std::nullopt;
}

// ---- CallArgs ----------------------------------------------------------------------

std::optional<Value> CallArgs::Take(size_t index, std::string_view name) {
  if (keyword_taken.size() != keyword.size()) keyword_taken.assign(keyword.size(), false);
  if (index < positional.size()) {
    taken_positional = std::max(taken_positional, index + 1);
    return positional[index];
  }
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (keyword[i].first == name) {
      keyword_taken[i] = true;
      return keyword[i].second;
    }
  }
  return std::nullopt;
}

void CallArgs::ExpectNoMore(std::string_view function) const {
  if (positional.size() > taken_positional) {
    throw TemplateError(TemplateErrorKind::kType,
                        std::string(function) + "() takes " + std::to_string(taken_positional) +
                            " positional arguments but " + std::to_string(positional.size()) +
                            " were given");
  }
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (i >= keyword_taken.size() || !keyword_taken[i]) {
      throw TemplateError(TemplateErrorKind::kType, std::string(function) +
                                                        "() got an unexpected keyword argument '" +
                                                        keyword[i].first + "'");
    }
  }
}

}  // namespace lakedev::jinja
