#include "jinja/environment.hpp"

#include "jinja/error.hpp"
#include "jinja/interpreter.hpp"
#include "jinja/parser.hpp"

namespace lakedev::jinja {

Environment::Environment() : globals_(std::make_shared<Dict>()) {
  RegisterBuiltinFilters(*this);
  RegisterBuiltinTests(*this);
  RegisterBuiltinGlobals(*this);
}

void Environment::AddGlobal(const std::string& name, Value value) {
  globals_->Set(Value::String(name), std::move(value));
}

const FilterFn* Environment::FindFilter(const std::string& name) const {
  auto it = filters_.find(name);
  return it == filters_.end() ? nullptr : &it->second;
}

const TestFn* Environment::FindTest(const std::string& name) const {
  auto it = tests_.find(name);
  return it == tests_.end() ? nullptr : &it->second;
}

std::shared_ptr<const TemplateAst> Environment::GetTemplate(const std::string& name) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second;
  if (!loader_) return nullptr;
  std::optional<std::string> source = loader_(name);
  if (!source) return nullptr;
  std::shared_ptr<const TemplateAst> ast = Parse(*source, name);
  cache_[name] = ast;
  return ast;
}

std::string Environment::RenderString(std::string_view source, const Dict& context,
                                      const std::string& name) {
  auto ast = Parse(source, name);
  return Render(*ast, context);
}

std::string Environment::Render(const TemplateAst& ast, const Dict& context) {
  Interpreter interp(*this, context);
  return interp.Render(ast);
}

}  // namespace lakedev::jinja
