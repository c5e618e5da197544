// Jinja2's global functions: range (limited as in the sandbox), dict, namespace,
// cycler, joiner, lipsum.
#include "jinja/environment.hpp"
#include "jinja/interpreter.hpp"
#include "jinja/objects.hpp"
#include "jinja/operations.hpp"

namespace lakedev::jinja {

namespace {

Value Range(Interpreter& interp, CallArgs& a) {
  if (!a.keyword.empty())
    throw TemplateError(TemplateErrorKind::kType, "range() takes no keyword arguments");
  if (a.positional.empty() || a.positional.size() > 3) {
    throw TemplateError(TemplateErrorKind::kType, "range expected at least 1 argument, got " +
                                                      std::to_string(a.positional.size()));
  }
  for (const auto& v : a.positional) {
    CheckDefined(v);
    if (!v.IsInt() && !v.IsBool()) {
      throw TemplateError(TemplateErrorKind::kType,
                          "'" + v.TypeName() + "' object cannot be interpreted as an integer");
    }
  }
  int64_t start = 0, stop, step = 1;
  if (a.positional.size() == 1) {
    stop = a.positional[0].AsInt();
  } else {
    start = a.positional[0].AsInt();
    stop = a.positional[1].AsInt();
    if (a.positional.size() == 3) step = a.positional[2].AsInt();
  }
  if (step == 0) throw TemplateError(TemplateErrorKind::kValue, "range() arg 3 must not be zero");
  int64_t count = 0;
  if (step > 0 && stop > start) count = (stop - start + step - 1) / step;
  if (step < 0 && stop < start) count = (start - stop - step - 1) / -step;
  if (count > interp.env().limits().max_range) {
    throw TemplateError(TemplateErrorKind::kOverflow,
                        "Range too big. The sandbox blocks ranges larger than MAX_RANGE (" +
                            std::to_string(interp.env().limits().max_range) + ").");
  }
  std::vector<Value> out;
  out.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    out.push_back(Value::Int(start + i * step));
  return Value::List(std::move(out));
}

Value MakeDict(Interpreter&, CallArgs& a) {
  auto d = std::make_shared<Dict>();
  if (!a.positional.empty()) {
    throw TemplateError(TemplateErrorKind::kType,
                        "dict() in templates takes keyword arguments only");
  }
  for (const auto& [k, v] : a.keyword)
    d->Set(Value::String(k), v);
  return Value::MakeDict(d);
}

Value MakeNamespace(Interpreter&, CallArgs& a) {
  auto ns = std::make_shared<NamespaceObject>();
  for (const auto& p : a.positional) {
    if (!p.IsDict())
      throw TemplateError(TemplateErrorKind::kType,
                          "namespace() positional arguments must be mappings");
    for (const auto& [k, v] : p.AsDict().entries())
      ns->attrs.Set(k, v);
  }
  for (const auto& [k, v] : a.keyword)
    ns->attrs.Set(Value::String(k), v);
  return Value::Obj(ns);
}

Value MakeCycler(Interpreter&, CallArgs& a) {
  if (a.positional.empty())
    throw TemplateError(TemplateErrorKind::kRuntime, "at least one item has to be provided");
  return Value::Obj(std::make_shared<CyclerObject>(a.positional));
}

Value MakeJoiner(Interpreter&, CallArgs& a) {
  std::string sep = a.Take(0, "sep").value_or(Value::String(", ")).Str();
  a.ExpectNoMore("joiner");
  return Value::Obj(std::make_shared<JoinerObject>(sep));
}

}  // namespace

void RegisterBuiltinGlobals(Environment& env) {
  env.AddGlobal("range", Value::Func(std::make_shared<NativeFunction>("range", Range)));
  env.AddGlobal("dict", Value::Func(std::make_shared<NativeFunction>("dict", MakeDict)));
  env.AddGlobal("namespace",
                Value::Func(std::make_shared<NativeFunction>("namespace", MakeNamespace)));
  env.AddGlobal("cycler", Value::Func(std::make_shared<NativeFunction>("cycler", MakeCycler)));
  env.AddGlobal("joiner", Value::Func(std::make_shared<NativeFunction>("joiner", MakeJoiner)));
}

}  // namespace lakedev::jinja
