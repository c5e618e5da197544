#include "context/column.hpp"

#include <set>

#include "adapters/relation_cache.hpp"
#include "jinja/error.hpp"
#include "jinja/objects.hpp"

namespace lakedev::context {
using adapters::ColumnInfo;
using jinja::CallArgs;
using jinja::Interpreter;
using jinja::Value;

namespace {

std::string LowerCopy(const std::string& s) {
  return adapters::Lower(s);
}

bool IsString(const ColumnInfo& c) {
  static const std::set<std::string> kTypes{"text", "character varying", "character", "varchar"};
  return kTypes.count(LowerCopy(c.data_type)) > 0;
}
bool IsFloat(const ColumnInfo& c) {
  static const std::set<std::string> kTypes{"real",   "float",  "float4",
                                            "float8", "double", "double precision"};
  return kTypes.count(LowerCopy(c.data_type)) > 0;
}
bool IsInteger(const ColumnInfo& c) {
  static const std::set<std::string> kTypes{
      "tinyint",   "smallint", "integer", "bigint", "hugeint", "utinyint",
      "usmallint", "uinteger", "ubigint", "int1",   "int2",    "int4",
      "int8",      "short",    "int",     "signed", "long"};
  return kTypes.count(LowerCopy(c.data_type)) > 0;
}
bool IsNumeric(const ColumnInfo& c) {
  std::string t = LowerCopy(c.data_type);
  return t == "numeric" || t == "decimal";
}
int64_t StringSize(const ColumnInfo& c) {
  if (!IsString(c)) {
    jinja::ThrowTypeError("Called string_size() on non-string field!");
  }
  if (c.data_type == "text" || !c.char_size) return 256;
  return *c.char_size;
}
std::string NumericType(const std::string& dtype, const Value& precision, const Value& scale) {
  if (precision.IsNone() || scale.IsNone()) return dtype;
  return dtype + "(" + precision.Str() + "," + scale.Str() + ")";
}
std::string DataType(const ColumnInfo& c) {
  if (IsString(c)) return "character varying(" + std::to_string(StringSize(c)) + ")";
  if (IsNumeric(c)) {
    auto opt = [](const std::optional<int64_t>& v) {
      return v ? Value::Int(*v) : Value::MakeNone();
    };
    return NumericType(c.data_type, opt(c.numeric_precision), opt(c.numeric_scale));
  }
  return c.data_type;
}
Value OptInt(const std::optional<int64_t>& v) {
  return v ? Value::Int(*v) : Value::MakeNone();
}

std::string TranslateType(const std::string& dtype) {
  std::string upper = dtype;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == "STRING" ? "TEXT" : dtype;
}

class ColumnObject : public jinja::Object {
 public:
  explicit ColumnObject(ColumnInfo info) : c_(std::move(info)) {}
  std::string TypeName() const override { return "DuckDBColumn"; }
  std::string Repr() const override { return "<Column " + c_.name + " (" + DataType(c_) + ")>"; }
  std::optional<Value> GetAttr(std::string_view name) override {
    const ColumnInfo c = c_;
    if (name == "name" || name == "column") return Value::String(c.name);
    if (name == "dtype") return Value::String(c.data_type);
    if (name == "data_type") return Value::String(DataType(c));
    if (name == "quoted") return Value::String("\"" + c.name + "\"");
    if (name == "char_size") return OptInt(c.char_size);
    if (name == "numeric_precision") return OptInt(c.numeric_precision);
    if (name == "numeric_scale") return OptInt(c.numeric_scale);
    auto predicate = [&](const char* fn, bool value) {
      return jinja::MakeFunction(fn, [value, fn](Interpreter&, CallArgs& a) {
        a.ExpectNoMore(fn);
        return Value::Bool(value);
      });
    };
    if (name == "is_string") return predicate("is_string", IsString(c));
    if (name == "is_float") return predicate("is_float", IsFloat(c));
    if (name == "is_integer") return predicate("is_integer", IsInteger(c));
    if (name == "is_numeric") return predicate("is_numeric", IsNumeric(c));
    if (name == "is_number") {
      return predicate("is_number", IsInteger(c) || IsNumeric(c) || IsFloat(c));
    }
    if (name == "is_struct") {
      return predicate("is_struct", LowerCopy(c.data_type).rfind("struct", 0) == 0);
    }
    if (name == "string_size") {
      return jinja::MakeFunction("string_size", [c](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("string_size");
        return Value::Int(StringSize(c));
      });
    }
    if (name == "can_expand_to") {
      return jinja::MakeFunction("can_expand_to", [c](Interpreter&, CallArgs& a) {
        Value other = a.Take(0, "other_column").value_or(Value::MakeNone());
        a.ExpectNoMore("can_expand_to");
        auto* o = other.IsObject() ? dynamic_cast<ColumnObject*>(other.AsObject().get()) : nullptr;
        if (!o || !IsString(c) || !IsString(o->c_)) return Value::Bool(false);
        return Value::Bool(StringSize(o->c_) > StringSize(c));
      });
    }
    if (name == "literal") {
      return jinja::MakeFunction("literal", [c](Interpreter&, CallArgs& a) {
        Value v = a.Take(0, "value").value_or(Value::MakeNone());
        a.ExpectNoMore("literal");
        return Value::String(v.Str() + "::" + DataType(c));
      });
    }
    if (name == "string_type") {
      return jinja::MakeFunction("string_type", [](Interpreter&, CallArgs& a) {
        Value size = a.Take(0, "size").value_or(Value::MakeNone());
        a.ExpectNoMore("string_type");
        return Value::String("character varying(" + size.Str() + ")");
      });
    }
    return std::nullopt;
  }
  const ColumnInfo& info() const { return c_; }

 private:
  ColumnInfo c_;
};

// Column.from_description: "DECIMAL(18,3)" -> dtype DECIMAL, precision 18, scale 3.
ColumnInfo FromDescription(const std::string& name, const std::string& raw) {
  ColumnInfo c;
  c.name = name;
  size_t open = raw.find('(');
  if (open == std::string::npos) {
    c.data_type = raw;
    return c;
  }
  c.data_type = raw.substr(0, open);
  size_t close = raw.find(')', open);
  std::string inner =
      raw.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
  auto to_int = [&](const std::string& s) -> int64_t {
    try {
      size_t used = 0;
      int64_t v = std::stoll(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
      return v;
    } catch (const std::exception&) {
      jinja::ThrowTypeError("Could not interpret data_type \"" + raw + "\": could not convert \"" +
                            s + "\" to an integer");
    }
  };
  size_t comma = inner.find(',');
  if (comma == std::string::npos) {
    c.char_size = to_int(inner);
  } else {
    c.numeric_precision = to_int(inner.substr(0, comma));
    c.numeric_scale = to_int(inner.substr(comma + 1));
  }
  return c;
}

class ColumnApiObject : public jinja::Object {
 public:
  std::string TypeName() const override { return "type"; }
  std::optional<Value> Call(Interpreter&, CallArgs& a) override {
    ColumnInfo c;
    c.name = a.Take(0, "column").value_or(Value::String("")).Str();
    c.data_type = a.Take(1, "dtype").value_or(Value::String("")).Str();
    auto opt = [&](size_t i, const char* n) -> std::optional<int64_t> {
      auto v = a.Take(i, n);
      if (v && v->IsInt()) return v->AsInt();
      return std::nullopt;
    };
    c.char_size = opt(2, "char_size");
    c.numeric_precision = opt(3, "numeric_precision");
    c.numeric_scale = opt(4, "numeric_scale");
    a.ExpectNoMore("Column");
    return MakeColumn(std::move(c));
  }
  std::optional<Value> GetAttr(std::string_view name) override {
    if (name == "translate_type") {
      return jinja::MakeFunction("translate_type", [](Interpreter&, CallArgs& a) {
        std::string dtype = a.Take(0, "dtype").value_or(Value::String("")).Str();
        a.ExpectNoMore("translate_type");
        return Value::String(TranslateType(dtype));
      });
    }
    if (name == "numeric_type") {
      return jinja::MakeFunction("numeric_type", [](Interpreter&, CallArgs& a) {
        std::string dtype = a.Take(0, "dtype").value_or(Value::String("")).Str();
        Value precision = a.Take(1, "precision").value_or(Value::MakeNone());
        Value scale = a.Take(2, "scale").value_or(Value::MakeNone());
        a.ExpectNoMore("numeric_type");
        return Value::String(NumericType(dtype, precision, scale));
      });
    }
    if (name == "string_type") {
      return jinja::MakeFunction("string_type", [](Interpreter&, CallArgs& a) {
        Value size = a.Take(0, "size").value_or(Value::MakeNone());
        a.ExpectNoMore("string_type");
        return Value::String("character varying(" + size.Str() + ")");
      });
    }
    if (name == "create") {
      return jinja::MakeFunction("create", [](Interpreter&, CallArgs& a) {
        ColumnInfo c;
        c.name = a.Take(0, "name").value_or(Value::String("")).Str();
        c.data_type = TranslateType(a.Take(1, "label_or_dtype").value_or(Value::String("")).Str());
        a.ExpectNoMore("create");
        return MakeColumn(std::move(c));
      });
    }
    if (name == "from_description") {
      return jinja::MakeFunction("from_description", [](Interpreter&, CallArgs& a) {
        std::string n = a.Take(0, "name").value_or(Value::String("")).Str();
        std::string raw = a.Take(1, "raw_data_type").value_or(Value::String("")).Str();
        a.ExpectNoMore("from_description");
        return MakeColumn(FromDescription(n, raw));
      });
    }
    return std::nullopt;
  }
};

}  // namespace

Value MakeColumn(ColumnInfo info) {
  return Value::Obj(std::make_shared<ColumnObject>(std::move(info)));
}

Value ColumnApi() {
  return Value::Obj(std::make_shared<ColumnApiObject>());
}

}  // namespace lakedev::context
