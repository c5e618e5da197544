// The host-facing API of the Jinja engine: what dbt's layer will build on (custom
// filters, host objects, a `return()` that ends a macro with a value, limits, errors).
// Template semantics themselves are covered by the oracle corpus in tests/cases/jinja.
#include "jinja/environment.hpp"

#include <gtest/gtest.h>

#include "jinja/error.hpp"
#include "jinja/interpreter.hpp"
#include "jinja/objects.hpp"

namespace lakedev::jinja {
namespace {

std::string Render(Environment& env, const std::string& source, const Dict& ctx = {}) {
  return env.RenderString(source, ctx, "t.sql");
}

TEST(JinjaEnvironment, HostFilterAndGlobal) {
  Environment env;
  env.AddFilter("shout", [](Interpreter&, const Value& v, CallArgs& a) {
    a.ExpectNoMore("shout");
    return Value::String(v.Str() + "!");
  });
  env.AddGlobal("answer", Value::Int(42));
  EXPECT_EQ(Render(env, "{{ 'hi'|shout }} {{ answer }}"), "hi! 42");
}

// A host object with an attribute, a call and iteration, as dbt's `this` or `graph`.
class Relation : public Object {
 public:
  std::string TypeName() const override { return "Relation"; }
  std::optional<Value> GetAttr(std::string_view name) override {
    if (name == "schema") return Value::String("analytics");
    if (name == "identifier") return Value::String("orders");
    return std::nullopt;
  }
  std::optional<Value> Call(Interpreter&, CallArgs& args) override {
    return Value::String("called with " + std::to_string(args.positional.size()));
  }
  std::optional<std::vector<Value>> Iterate() override {
    return std::vector<Value>{Value::String("a"), Value::String("b")};
  }
  std::string Str() const override { return "\"analytics\".\"orders\""; }
};

TEST(JinjaEnvironment, HostObjectProtocol) {
  Environment env;
  Dict ctx;
  ctx.Set(Value::String("this"), Value::Obj(std::make_shared<Relation>()));
  EXPECT_EQ(Render(env,
                   "{{ this }} {{ this.schema }}.{{ this.identifier }} {{ this(1, 2) }} "
                   "{{ this|join(',') }} [{{ this.nope }}]",
                   ctx),
            "\"analytics\".\"orders\" analytics.orders called with 2 a,b []");
}

TEST(JinjaEnvironment, MacroReturnEndsTheMacroWithAValue) {
  Environment env;
  env.AddGlobal("return", Value::Func(std::make_shared<NativeFunction>(
                              "return", [](Interpreter&, CallArgs& a) -> Value {
                                throw MacroReturn{a.positional.at(0)};
                              })));
  EXPECT_EQ(Render(env,
                   "{% macro cols() %}ignored {{ return(['a', 'b']) }} never{% endmacro %}"
                   "{{ cols()|join('+') }} {{ cols() is sequence }}"),
            "a+b True");
  // Printed directly, the returned value replaces what the macro had printed so far.
  EXPECT_EQ(Render(env,
                   "<{% macro cols() %}ignored {{ return(['a', 'b']) }} never{% endmacro %}"
                   "{{ cols() }}>"),
            "<['a', 'b']>");
}

TEST(JinjaEnvironment, ErrorsCarryTemplateNameLineAndColumn) {
  Environment env;
  try {
    Render(env, "select 1\nfrom {{ missing.table }}");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.template_kind(), TemplateErrorKind::kUndefined);
    EXPECT_EQ(e.where().file, "t.sql");
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_EQ(e.where().column, 9u);  // the start of `missing`
    EXPECT_EQ(e.source_line(), "from {{ missing.table }}");
  }
}

TEST(JinjaEnvironment, RunawayTemplatesFailCleanly) {
  Environment env;
  env.limits().max_output_bytes = 1000;
  try {
    Render(env, "{% for i in range(1000) %}xxxxxxxxxx{% endfor %}");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.template_kind(), TemplateErrorKind::kOverflow);
  }
  try {
    Render(env, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.template_kind(), TemplateErrorKind::kRecursion);
  }
}

TEST(JinjaEnvironment, LoaderServesIncludesAndCachesParses) {
  Environment env;
  int loads = 0;
  env.SetLoader([&](const std::string& name) -> std::optional<std::string> {
    ++loads;
    if (name == "part") return std::string("[{{ x }}]");
    return std::nullopt;
  });
  Dict ctx;
  ctx.Set(Value::String("x"), Value::Int(1));
  EXPECT_EQ(Render(env, "{% include 'part' %}{% include 'part' %}", ctx), "[1][1]");
  EXPECT_EQ(loads, 1);
}

}  // namespace
}  // namespace lakedev::jinja
