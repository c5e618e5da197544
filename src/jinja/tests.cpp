// Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, ...).
#include "jinja/environment.hpp"
#include "jinja/interpreter.hpp"
#include "jinja/objects.hpp"
#include "jinja/operations.hpp"
#include "jinja/text.hpp"

namespace lakedev::jinja {

namespace {

Value Arg(CallArgs& a, const char* name) {
  auto v = a.Take(0, name);
  if (!v)
    throw TemplateError(TemplateErrorKind::kType,
                        std::string("missing required argument '") + name + "'");
  a.ExpectNoMore("test");
  return *v;
}

bool Defined(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("defined");
  return !v.IsUndefined();
}
bool IsUndefinedTest(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("undefined");
  return v.IsUndefined();
}
bool IsNone(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("none");
  return v.IsNone();
}
bool IsBoolean(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("boolean");
  return v.IsBool();
}
bool IsFalse(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("false");
  return v.IsBool() && !v.AsBool();
}
bool IsTrue(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("true");
  return v.IsBool() && v.AsBool();
}
bool IsInteger(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("integer");
  return v.IsInt();
}
bool IsFloat(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("float");
  return v.IsFloat();
}
bool IsNumber(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("number");
  return v.IsNumber();
}
bool IsString(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("string");
  return v.IsString();
}
bool IsMapping(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("mapping");
  return v.IsDict() || (v.IsObject() && v.AsObject()->IsMapping());
}
// Python: has __len__ and __getitem__ (str, list, tuple, dict).
bool IsSequence(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("sequence");
  return v.IsString() || v.IsSequence() || v.IsDict() || v.IsUndefined();
}
bool IsIterable(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("iterable");
  if (v.IsObject()) return v.AsObject()->Iterate().has_value();
  return v.IsString() || v.IsSequence() || v.IsDict() || v.IsUndefined();
}
bool IsCallable(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("callable");
  if (v.IsCallable() || v.IsUndefined()) return true;  // Jinja2's Undefined has __call__
  return v.IsObject() && (dynamic_cast<MacroObject*>(v.AsObject().get()) ||
                          dynamic_cast<JoinerObject*>(v.AsObject().get()));
}
bool SameAs(Interpreter&, const Value& v, CallArgs& a) {
  return v.Identical(Arg(a, "other"));
}
bool Escaped(Interpreter&, const Value&, CallArgs& a) {
  a.ExpectNoMore("escaped");
  return false;  // autoescape is off: nothing is Markup
}
bool IsLower(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("lower");
  std::string s = v.Str();
  return s == text::Lower(s) && s != text::Upper(s);
}
bool IsUpper(Interpreter&, const Value& v, CallArgs& a) {
  a.ExpectNoMore("upper");
  std::string s = v.Str();
  return s == text::Upper(s) && s != text::Lower(s);
}
bool DivisibleBy(Interpreter& interp, const Value& v, CallArgs& a) {
  Value n = Arg(a, "num");
  return BinaryOp(BinOp::kMod, v, n, interp.env().limits().max_output_bytes).Equals(Value::Int(0));
}
bool Even(Interpreter& interp, const Value& v, CallArgs& a) {
  a.ExpectNoMore("even");
  return BinaryOp(BinOp::kMod, v, Value::Int(2), interp.env().limits().max_output_bytes)
      .Equals(Value::Int(0));
}
bool Odd(Interpreter& interp, const Value& v, CallArgs& a) {
  a.ExpectNoMore("odd");
  return BinaryOp(BinOp::kMod, v, Value::Int(2), interp.env().limits().max_output_bytes)
      .Equals(Value::Int(1));
}
bool Eq(Interpreter&, const Value& v, CallArgs& a) {
  return v.Equals(Arg(a, "other"));
}
bool Ne(Interpreter&, const Value& v, CallArgs& a) {
  return !v.Equals(Arg(a, "other"));
}
bool Lt(Interpreter&, const Value& v, CallArgs& a) {
  return CompareOrder("<", v, Arg(a, "other"));
}
bool Le(Interpreter&, const Value& v, CallArgs& a) {
  return CompareOrder("<=", v, Arg(a, "other"));
}
bool Gt(Interpreter&, const Value& v, CallArgs& a) {
  return CompareOrder(">", v, Arg(a, "other"));
}
bool Ge(Interpreter&, const Value& v, CallArgs& a) {
  return CompareOrder(">=", v, Arg(a, "other"));
}
bool In(Interpreter&, const Value& v, CallArgs& a) {
  return Contains(Arg(a, "seq"), v);
}
bool IsFilter(Interpreter& interp, const Value& v, CallArgs& a) {
  a.ExpectNoMore("filter");
  return v.IsString() && interp.env().FindFilter(v.AsString());
}
bool IsTest(Interpreter& interp, const Value& v, CallArgs& a) {
  a.ExpectNoMore("test");
  return v.IsString() && interp.env().FindTest(v.AsString());
}

}  // namespace

void RegisterBuiltinTests(Environment& env) {
  env.AddTest("defined", Defined);
  env.AddTest("undefined", IsUndefinedTest);
  env.AddTest("none", IsNone);
  env.AddTest("boolean", IsBoolean);
  env.AddTest("false", IsFalse);
  env.AddTest("true", IsTrue);
  env.AddTest("integer", IsInteger);
  env.AddTest("float", IsFloat);
  env.AddTest("number", IsNumber);
  env.AddTest("string", IsString);
  env.AddTest("mapping", IsMapping);
  env.AddTest("sequence", IsSequence);
  env.AddTest("iterable", IsIterable);
  env.AddTest("callable", IsCallable);
  env.AddTest("sameas", SameAs);
  env.AddTest("escaped", Escaped);
  env.AddTest("lower", IsLower);
  env.AddTest("upper", IsUpper);
  env.AddTest("divisibleby", DivisibleBy);
  env.AddTest("even", Even);
  env.AddTest("odd", Odd);
  for (const char* n : {"eq", "equalto", "=="})
    env.AddTest(n, Eq);
  for (const char* n : {"ne", "!="})
    env.AddTest(n, Ne);
  for (const char* n : {"lt", "lessthan", "<"})
    env.AddTest(n, Lt);
  for (const char* n : {"le", "<="})
    env.AddTest(n, Le);
  for (const char* n : {"gt", "greaterthan", ">"})
    env.AddTest(n, Gt);
  for (const char* n : {"ge", ">="})
    env.AddTest(n, Ge);
  env.AddTest("in", In);
  env.AddTest("filter", IsFilter);
  env.AddTest("test", IsTest);
}

}  // namespace lakedev::jinja
