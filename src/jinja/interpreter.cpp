#include "jinja/interpreter.hpp"

#include <cstdlib>
#include <utility>

#include "jinja/error.hpp"
#include "jinja/objects.hpp"
#include "jinja/operations.hpp"

namespace lakedev::jinja {

// ---- Scope -----------------------------------------------------------------------------

const Value* Scope::Find(std::string_view name) const {
  for (const Scope* s = this; s; s = s->parent.get()) {
    for (auto it = s->vars.rbegin(); it != s->vars.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
  }
  return nullptr;
}

void Scope::Set(std::string_view name, Value value) {
  for (auto& [k, v] : vars) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  vars.emplace_back(std::string(name), std::move(value));
}

// ---- Interpreter -------------------------------------------------------------------------

Interpreter::Interpreter(Environment& env, const Dict& context, const Dict* shared)
    : env_(env), context_(context), shared_(shared) {
  scope_ = NewScope(nullptr);
  root_ = scope_;
}

Interpreter::~Interpreter() {
  // A macro keeps the scope it was defined in, and that scope (or one of its parents)
  // holds the macro: a reference cycle. Nothing a render made outlives it, so empty the
  // scopes macros closed over.
  for (auto& weak : closures_) {
    if (auto scope = weak.lock()) {
      scope->vars.clear();
      scope->parent.reset();
    }
  }
}

ScopePtr Interpreter::NewScope(ScopePtr parent) {
  auto scope = std::make_shared<Scope>();
  scope->parent = std::move(parent);
  return scope;
}

Value Interpreter::MakeMacro(const std::shared_ptr<MacroDef>& def) {
  if (closures_.empty() || closures_.back().lock() != scope_) {
    if (closures_.size() > 64 && closures_.size() == closures_.capacity()) {
      std::erase_if(closures_, [](const std::weak_ptr<Scope>& w) { return w.expired(); });
    }
    closures_.push_back(scope_);
  }
  return Value::Obj(std::make_shared<MacroObject>(def, scope_, ast_));
}

void Interpreter::Locate(TemplateError& error, Pos pos) const {
  if (!error.located()) error.Locate(Where(pos), ast_ ? LineOf(ast_->source, pos.line) : "");
}

std::vector<Value> Interpreter::EvalItems(const Expr& e) {
  std::vector<Value> items;
  items.reserve(e.items.size());
  for (const auto& i : e.items)
    items.push_back(Eval(*i));
  return items;
}

SourceLocation Interpreter::Where(Pos pos) const {
  return {ast_ ? ast_->name : std::string(), pos.line, pos.column};
}

void Interpreter::Fail(TemplateErrorKind kind, const std::string& message, Pos pos) {
  TemplateError e(kind, message, Where(pos));
  if (ast_) e.WithSourceLine(LineOf(ast_->source, pos.line));
  throw e;
}

void Interpreter::Write(std::string_view text) {
  if (out_->size() + text.size() > env_.limits().max_output_bytes) {
    throw TemplateError(TemplateErrorKind::kOverflow,
                        "the template's output exceeds " +
                            std::to_string(env_.limits().max_output_bytes) + " bytes");
  }
  out_->append(text);
}

void Interpreter::StackExhausted() const {
  throw TemplateError(TemplateErrorKind::kRecursion,
                      "the template nests too deeply (expressions within recursive macros); "
                      "maximum recursion depth exceeded");
}

Value Interpreter::CallOutside(const Value& callee, CallArgs& args) {
  char base;
  stack_base_ = &base;
  stack_budget_ = env_.limits().max_stack_bytes;
  std::string out;
  out_ = &out;
  return CallValue(*this, callee, args);
}

std::string Interpreter::Render(const TemplateAst& ast) {
  char base;
  stack_base_ = &base;  // the stack grows down: deeper frames have lower addresses
  stack_budget_ = env_.limits().max_stack_bytes;
  std::string out;
  out_ = &out;
  ast_ = &ast;
  block_chain_.push_back(ast.blocks);
  // {% extends %}: run this template for its side effects (sets, macros, blocks), then
  // render the parent with this template's blocks taking precedence.
  std::shared_ptr<const TemplateAst> parent;
  for (const auto& s : ast.body) {
    if (s->kind == Stmt::Kind::kExtends) {
      Value name = Eval(*s->expr);
      parent = env_.GetTemplate(name.Str());
      if (!parent) Fail(TemplateErrorKind::kNotFound, name.Str(), s->pos);
      break;
    }
  }
  if (!parent) {
    ExecBody(ast.body);
    return out;
  }
  std::string discarded;
  out_ = &discarded;
  for (const auto& s : ast.body) {
    if (s->kind == Stmt::Kind::kBlock || s->kind == Stmt::Kind::kExtends) continue;
    ExecStmt(*s);
  }
  out_ = &out;
  for (int level = 0; parent; ++level) {
    if (level >= env_.limits().max_call_depth) {
      throw TemplateError(TemplateErrorKind::kRecursion, "templates extend each other in a cycle");
    }
    const TemplateAst* p = parent.get();
    std::shared_ptr<const TemplateAst> grand;
    for (const auto& s : p->body) {
      if (s->kind == Stmt::Kind::kExtends && !grand) {
        ast_ = p;
        grand = env_.GetTemplate(Eval(*s->expr).Str());
      }
    }
    block_chain_.push_back(p->blocks);
    if (!grand) {
      ast_ = p;
      ExecBody(p->body);
      break;
    }
    parent = grand;
  }
  return out;
}

Value Interpreter::Lookup(std::string_view name) const {
  if (const Value* v = scope_->Find(name)) return *v;
  if (const Value* v = context_.Find(name)) return *v;
  if (shared_ != nullptr) {
    if (const Value* v = shared_->Find(name)) return *v;
  }
  if (const Value* v = env_.globals().Find(name)) return *v;
  return Value::MakeUndefined(std::string(name));
}

Interpreter::Flow Interpreter::ExecBody(const Body& body) {
  for (const auto& s : body) {
    Flow f = ExecStmt(*s);
    if (f != Flow::kNormal) return f;
  }
  return Flow::kNormal;
}

std::string Interpreter::Capture(const Body& body) {
  std::string buffer;
  std::string* saved = out_;
  out_ = &buffer;
  try {
    ExecBody(body);
  } catch (...) {
    out_ = saved;
    throw;
  }
  out_ = saved;
  return buffer;
}

// Set blocks and filter blocks render in a scope of their own: what they assign stays
// inside (Jinja2 compiles them into a new frame).
std::string Interpreter::CaptureScoped(const Body& body) {
  ScopePtr saved = scope_;
  scope_ = NewScope(saved);
  try {
    std::string text = Capture(body);
    scope_ = saved;
    return text;
  } catch (...) {
    scope_ = saved;
    throw;
  }
}

Interpreter::Flow Interpreter::ExecStmt(const Stmt& s) {
  CheckStack();
  try {
    switch (s.kind) {
      case Stmt::Kind::kData:
        Write(s.text);
        break;
      case Stmt::Kind::kOutput: {
        if (s.expr->kind == Expr::Kind::kCall && OutputMacroCall(*s.expr)) break;
        Value v = Eval(*s.expr);
        Write(v.IsString() ? v.AsString() : v.Str());
        break;
      }
      case Stmt::Kind::kIf:
        for (size_t i = 0; i < s.conditions.size(); ++i) {
          if (Eval(*s.conditions[i]).Truthy()) return ExecBody(s.bodies[i]);
        }
        return ExecBody(s.else_body);
      case Stmt::Kind::kFor:
        ExecFor(s);
        break;
      case Stmt::Kind::kSet:
        Assign(s.target, Eval(*s.expr));
        break;
      case Stmt::Kind::kSetBlock: {
        Value text = Value::String(CaptureScoped(s.body));
        if (s.filter_expr) text = EvalFilter(*s.filter_expr, &text);
        Assign(s.target, text);
        break;
      }
      case Stmt::Kind::kMacro:
        scope_->Set(s.macro->name, MakeMacro(s.macro));
        break;
      case Stmt::Kind::kCallBlock:
        ExecCallBlock(s);
        break;
      case Stmt::Kind::kFilterBlock: {
        Value text = Value::String(CaptureScoped(s.body));
        Write(EvalFilter(*s.filter_expr, &text).Str());
        break;
      }
      case Stmt::Kind::kWith: {
        std::vector<Value> values;
        for (const auto& e : s.with_values)
          values.push_back(Eval(*e));
        auto inner = NewScope(scope_);
        ScopePtr saved = scope_;
        scope_ = inner;
        try {
          for (size_t i = 0; i < values.size(); ++i)
            Assign(s.with_targets[i], values[i]);
          Flow f = ExecBody(s.body);
          scope_ = saved;
          return f;
        } catch (...) {
          scope_ = saved;
          throw;
        }
      }
      case Stmt::Kind::kDo:
        Eval(*s.expr);
        break;
      case Stmt::Kind::kBreak:
        return Flow::kBreak;
      case Stmt::Kind::kContinue:
        return Flow::kContinue;
      case Stmt::Kind::kInclude:
        ExecInclude(s);
        break;
      case Stmt::Kind::kImport:
        scope_->Set(s.name, ImportTemplate(Eval(*s.expr).Str(), s.with_context));
        break;
      case Stmt::Kind::kFromImport: {
        std::string name = Eval(*s.expr).Str();
        Value module = ImportTemplate(name, s.with_context);
        for (const auto& [n, alias] : s.names) {
          auto v = module.AsObject()->GetAttr(n);
          UndefinedInfo info;
          info.name = n;
          info.hint = "the template '" + name + "' does not export the requested name '" + n + "'";
          scope_->Set(alias, v ? *v : Value::MakeUndefined(std::move(info)));
        }
        break;
      }
      case Stmt::Kind::kBlock: {
        // The most derived definition of the block renders (child templates first).
        const Stmt* chosen = &s;
        for (const auto& level : block_chain_) {
          auto it = level.find(s.name);
          if (it != level.end()) {
            chosen = it->second;
            break;
          }
        }
        return ExecBody(chosen->body);
      }
      case Stmt::Kind::kExtends:
        break;
    }
  } catch (TemplateError& e) {
    Locate(e, s.pos);
    throw;
  }
  return Flow::kNormal;
}

void Interpreter::ExecFor(const Stmt& s) {
  RunLoop(s, Eval(*s.expr), 0);
}

std::string Interpreter::RecurseLoop(const Stmt& s, const Value& items, int depth0) {
  DepthGuard guard(*this);
  std::string buffer;
  std::string* saved = out_;
  out_ = &buffer;
  try {
    RunLoop(s, items, depth0);
  } catch (...) {
    out_ = saved;
    throw;
  }
  out_ = saved;
  return buffer;
}

void Interpreter::RunLoop(const Stmt& s, const Value& iterable, int depth0) {
  std::vector<Value> items = Iterate(iterable);
  ScopePtr outer = scope_;
  if (s.filter_expr) {
    std::vector<Value> kept;
    for (const auto& item : items) {
      auto probe = NewScope(outer);
      scope_ = probe;
      try {
        Assign(s.target, item);
        if (Eval(*s.filter_expr).Truthy()) kept.push_back(item);
      } catch (...) {
        scope_ = outer;
        throw;
      }
      scope_ = outer;
    }
    items = std::move(kept);
  }
  if (items.empty()) {
    ExecBody(s.else_body);
    return;
  }
  auto shared_items = std::make_shared<const std::vector<Value>>(std::move(items));
  auto loop = std::make_shared<LoopObject>(shared_items, depth0, &s);
  Value loop_value = Value::Obj(loop);
  // One scope serves every iteration: emptied at the start of each, so each iteration
  // starts with fresh locals (as Jinja2's loop frames do) without an allocation.
  auto inner = NewScope(outer);
  inner->vars.reserve(4);
  scope_ = inner;
  try {
    for (size_t i = 0; i < shared_items->size(); ++i) {
      loop->index_ = i;
      inner->vars.clear();
      inner->vars.emplace_back("loop", loop_value);
      Assign(s.target, (*shared_items)[i]);
      if (ExecBody(s.body) == Flow::kBreak) break;
    }
  } catch (...) {
    scope_ = outer;
    throw;
  }
  scope_ = outer;
}

void Interpreter::ExecCallBlock(const Stmt& s) {
  Value caller = MakeMacro(s.macro);
  const Expr& call = *s.expr;
  Value callee = Eval(*call.items[0]);
  CallArgs args;
  EvalArgs(call.args, args);
  args.keyword.emplace_back("caller", caller);
  Value result = CallValue(*this, callee, args);
  Write(result.Str());
}

void Interpreter::ExecInclude(const Stmt& s) {
  Value names = Eval(*s.expr);
  std::vector<Value> candidates = names.IsSequence() ? names.Items() : std::vector<Value>{names};
  for (const auto& n : candidates) {
    auto ast = env_.GetTemplate(n.Str());
    if (!ast) continue;
    DepthGuard guard(*this);
    const TemplateAst* saved_ast = ast_;
    ScopePtr saved_scope = scope_;
    auto inner = NewScope(s.with_context ? scope_ : nullptr);
    scope_ = inner;
    ast_ = ast.get();
    try {
      ExecBody(ast->body);
    } catch (...) {
      scope_ = saved_scope;
      ast_ = saved_ast;
      throw;
    }
    scope_ = saved_scope;
    ast_ = saved_ast;
    return;
  }
  if (!s.ignore_missing) {
    Fail(TemplateErrorKind::kNotFound,
         candidates.size() == 1 ? candidates[0].Str()
                                : "none of the templates given were found: " + names.Repr(),
         s.pos);
  }
}

Value Interpreter::ImportTemplate(const std::string& name, bool with_context) {
  auto ast = env_.GetTemplate(name);
  if (!ast) throw TemplateError(TemplateErrorKind::kNotFound, name);
  DepthGuard guard(*this);
  auto module_scope = NewScope(with_context ? scope_ : nullptr);
  const TemplateAst* saved_ast = ast_;
  ScopePtr saved_scope = scope_;
  scope_ = module_scope;
  ast_ = ast.get();
  std::string body;
  try {
    body = Capture(ast->body);
  } catch (...) {
    scope_ = saved_scope;
    ast_ = saved_ast;
    throw;
  }
  scope_ = saved_scope;
  ast_ = saved_ast;
  auto module = std::make_shared<ModuleObject>(name, module_scope, ast);
  module->body_ = std::move(body);
  return Value::Obj(module);
}

void Interpreter::Assign(const Target& target, const Value& value) {
  if (!target.items.empty()) {
    std::vector<Value> values = Iterate(value);
    if (values.size() < target.items.size()) {
      throw TemplateError(TemplateErrorKind::kValue, "not enough values to unpack (expected " +
                                                         std::to_string(target.items.size()) +
                                                         ", got " + std::to_string(values.size()) +
                                                         ")");
    }
    if (values.size() > target.items.size()) {
      throw TemplateError(TemplateErrorKind::kValue, "too many values to unpack (expected " +
                                                         std::to_string(target.items.size()) + ")");
    }
    for (size_t i = 0; i < values.size(); ++i)
      Assign(target.items[i], values[i]);
    return;
  }
  if (!target.attr.empty()) {
    Value ns = Lookup(target.name);
    if (!ns.IsObject() || !dynamic_cast<NamespaceObject*>(ns.AsObject().get())) {
      throw TemplateError(TemplateErrorKind::kRuntime,
                          "cannot assign attribute on non-namespace object");
    }
    ns.AsObject()->SetAttr(target.attr, value);
    return;
  }
  scope_->Set(target.name, value);
}

// ---- expressions -------------------------------------------------------------------------

Value Interpreter::Eval(const Expr& e) {
  CheckStack();
  try {
    return EvalInner(e);
  } catch (TemplateError& err) {
    Locate(err, e.pos);
    throw;
  }
}

void Interpreter::EvalArgs(const Args& args, CallArgs& out) {
  for (const auto& a : args.positional)
    out.positional.push_back(Eval(*a));
  if (args.star) {
    for (auto& v : Iterate(Eval(*args.star)))
      out.positional.push_back(std::move(v));
  }
  for (const auto& [k, v] : args.keyword)
    out.keyword.emplace_back(k, Eval(*v));
  if (args.star_star) {
    Value kw = Eval(*args.star_star);
    if (!kw.IsDict())
      throw TemplateError(TemplateErrorKind::kType,
                          "argument after ** must be a mapping, not " + kw.TypeName());
    for (const auto& [k, v] : kw.AsDict().entries())
      out.keyword.emplace_back(k.Str(), v);
  }
}

Value Interpreter::EvalCall(const Expr& e) {
  const Expr& callee_expr = *e.items[0];
  Value callee = Eval(callee_expr);
  CallArgs args;
  EvalArgs(e.args, args);
  if (lenient_undefined_ && callee.IsUndefined()) return callee;
  return CallValue(*this, callee, args);
}

// The filter or test `e` names, looked up once per environment and kept in the node.
template <typename Fn>
const Fn* Interpreter::Resolve(const Expr& e,
                               const Fn* (Environment::*find)(const std::string&) const) {
  if (e.lookup_env.load(std::memory_order_acquire) == &env_) {
    return static_cast<const Fn*>(e.lookup.load(std::memory_order_relaxed));
  }
  const Fn* fn = (env_.*find)(e.name);
  e.lookup.store(fn, std::memory_order_relaxed);
  e.lookup_env.store(&env_, std::memory_order_release);
  return fn;
}

Value Interpreter::EvalFilter(const Expr& e, const Value* input) {
  if (e.kind != Expr::Kind::kFilter) return Eval(e);
  Value in = e.items.empty() ? (input ? *input : Value()) : EvalFilter(*e.items[0], input);
  const FilterFn* fn = Resolve(e, &Environment::FindFilter);
  if (!fn) Fail(TemplateErrorKind::kSyntax, "No filter named '" + e.name + "'.", e.pos);
  CallArgs args;
  EvalArgs(e.args, args);
  try {
    return (*fn)(*this, in, args);
  } catch (TemplateError& err) {
    Locate(err, e.pos);
    throw;
  }
}

bool Interpreter::EvalTest(const Expr& e) {
  const TestFn* fn = Resolve(e, &Environment::FindTest);
  if (!fn) Fail(TemplateErrorKind::kSyntax, "No test named '" + e.name + "'.", e.pos);
  Value in = Eval(*e.items[0]);
  CallArgs args;
  EvalArgs(e.args, args);
  bool result = (*fn)(*this, in, args);
  return e.negated ? !result : result;
}

Value Interpreter::EvalInner(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kConst:
      return e.value;
    case Expr::Kind::kName:
      return Lookup(e.name);
    case Expr::Kind::kList:
      return Value::List(EvalItems(e));
    case Expr::Kind::kTuple:
      return Value::Tuple(EvalItems(e));
    case Expr::Kind::kDict: {
      auto d = std::make_shared<Dict>();
      for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
        Value k = Eval(*e.items[i]);
        if (!k.Hashable()) {
          throw TemplateError(TemplateErrorKind::kType, "unhashable type: '" + k.TypeName() + "'");
        }
        d->Set(k, Eval(*e.items[i + 1]));
      }
      return Value::MakeDict(std::move(d));
    }
    case Expr::Kind::kGetAttr: {
      Value obj = Eval(*e.items[0]);
      if (lenient_undefined_ && obj.IsUndefined()) return obj;
      return GetAttr(obj, e.name);
    }
    case Expr::Kind::kGetItem: {
      Value obj = Eval(*e.items[0]);
      if (lenient_undefined_ && obj.IsUndefined()) return obj;
      const Expr& key = *e.items[1];
      if (key.kind == Expr::Kind::kSlice) {
        auto part = [&](size_t i) {
          return key.items[i] ? Eval(*key.items[i]) : Value::MakeNone();
        };
        return Slice(obj, part(0), part(1), part(2));
      }
      return GetItem(obj, Eval(key));
    }
    case Expr::Kind::kSlice:
      throw TemplateError(TemplateErrorKind::kSyntax, "a slice is only allowed in a subscript");
    case Expr::Kind::kCall:
      return EvalCall(e);
    case Expr::Kind::kFilter:
      return EvalFilter(e, nullptr);
    case Expr::Kind::kTest:
      return Value::Bool(EvalTest(e));
    case Expr::Kind::kNeg:
      return Negate(Eval(*e.items[0]));
    case Expr::Kind::kPos: {
      Value v = Eval(*e.items[0]);
      CheckDefined(v);
      if (!v.IsNumber())
        throw TemplateError(TemplateErrorKind::kType,
                            "bad operand type for unary +: '" + v.TypeName() + "'");
      return v.IsBool() ? Value::Int(v.AsInt()) : v;
    }
    case Expr::Kind::kNot:
      return Value::Bool(!Eval(*e.items[0]).Truthy());
    case Expr::Kind::kBinary: {
      // Left before right, as Python; C++ leaves argument order unspecified.
      Value left = Eval(*e.items[0]);
      Value right = Eval(*e.items[1]);
      return BinaryOp(static_cast<BinOp>(e.op), left, right, env_.limits().max_output_bytes);
    }
    case Expr::Kind::kConcat: {
      std::string out;
      for (const auto& i : e.items) {
        Value v = Eval(*i);
        out += v.IsString() ? v.AsString() : v.Str();
      }
      return Value::String(std::move(out));
    }
    case Expr::Kind::kCompare: {
      Value left = Eval(*e.items[0]);
      for (size_t i = 0; i < e.ops.size(); ++i) {
        Value right = Eval(*e.items[i + 1]);
        const std::string& op = e.ops[i];
        bool ok;
        if (op == "==") {
          ok = left.Equals(right);
        } else if (op == "!=") {
          ok = !left.Equals(right);
        } else if (op == "in") {
          ok = Contains(right, left);
        } else if (op == "notin") {
          ok = !Contains(right, left);
        } else {
          ok = CompareOrder(op, left, right);
        }
        if (!ok) return Value::Bool(false);
        left = std::move(right);
      }
      return Value::Bool(true);
    }
    case Expr::Kind::kAnd: {
      Value left = Eval(*e.items[0]);
      return left.Truthy() ? Eval(*e.items[1]) : left;
    }
    case Expr::Kind::kOr: {
      Value left = Eval(*e.items[0]);
      return left.Truthy() ? left : Eval(*e.items[1]);
    }
    case Expr::Kind::kCondExpr: {
      if (Eval(*e.items[1]).Truthy()) return Eval(*e.items[0]);
      if (e.items[2]) return Eval(*e.items[2]);
      UndefinedInfo info;
      info.hint = "the inline if-expression on line " + std::to_string(e.pos.line) +
                  " evaluated to false and no else section was defined.";
      return Value::MakeUndefined(std::move(info));
    }
  }
  return Value();
}

Interpreter::DepthGuard::DepthGuard(Interpreter& interp) : interp_(interp) {
  if (interp_.depth_ >= interp_.env_.limits().max_call_depth) {
    throw TemplateError(TemplateErrorKind::kRecursion,
                        "maximum recursion depth exceeded (" +
                            std::to_string(interp_.env_.limits().max_call_depth) +
                            " nested macro calls, includes or imports)");
  }
  ++interp_.depth_;
}

// `{{ m(...) }}` where m is a macro: the macro renders directly into the output.
// Anything else (a filter on the result, a host function) goes the normal way.
bool Interpreter::OutputMacroCall(const Expr& e) {
  try {
    Value callee = Eval(*e.items[0]);
    if (!callee.IsObject() || !dynamic_cast<MacroObject*>(callee.AsObject().get())) {
      CallArgs args;
      EvalArgs(e.args, args);
      if (lenient_undefined_ && callee.IsUndefined()) return true;  // renders as nothing
      Value v = CallValue(*this, callee, args);
      Write(v.IsString() ? v.AsString() : v.Str());
      return true;
    }
    CallArgs args;
    EvalArgs(e.args, args);
    direct_ = true;
    CallValue(*this, callee, args);
    direct_ = false;
    return true;
  } catch (TemplateError& err) {
    direct_ = false;
    Locate(err, e.pos);
    throw;
  } catch (...) {
    direct_ = false;
    throw;
  }
}

Value Interpreter::CallMacro(const std::shared_ptr<MacroDef>& def, const ScopePtr& closure,
                             const TemplateAst* owner, CallArgs& args, const Value& caller) {
  // Taken at once: defaults and the body may call other macros, which must not inherit it.
  bool direct = std::exchange(direct_, false);
  DepthGuard guard(*this);
  auto scope = NewScope(closure);
  size_t n = def->params.size();
  size_t first_default = n - def->defaults.size();
  std::vector<bool> bound(n, false);
  std::vector<Value> extra_positional;
  for (size_t i = 0; i < args.positional.size(); ++i) {
    if (i < n) {
      scope->vars.emplace_back(def->params[i], args.positional[i]);
      bound[i] = true;
    } else {
      extra_positional.push_back(args.positional[i]);
    }
  }
  if (!extra_positional.empty() && !def->uses_varargs) {
    throw TemplateError(TemplateErrorKind::kType, "macro '" + def->name + "' takes not more than " +
                                                      std::to_string(n) + " argument(s)");
  }
  auto kwargs = std::make_shared<Dict>();
  Value caller_value = caller;
  for (const auto& [k, v] : args.keyword) {
    bool matched = false;
    for (size_t i = 0; i < n; ++i) {
      if (def->params[i] == k) {
        if (bound[i]) {
          throw TemplateError(
              TemplateErrorKind::kType,
              "macro '" + def->name + "' got multiple values for argument '" + k + "'");
        }
        scope->vars.emplace_back(k, v);
        bound[i] = true;
        matched = true;
      }
    }
    if (matched) continue;
    if (k == "caller") {
      if (!def->uses_caller) {
        throw TemplateError(
            TemplateErrorKind::kType,
            "macro '" + def->name + "' was invoked with a caller but does not use it");
      }
      caller_value = v;
      continue;
    }
    if (!def->uses_kwargs) {
      throw TemplateError(TemplateErrorKind::kType,
                          "macro '" + def->name + "' takes no keyword argument '" + k + "'");
    }
    kwargs->Set(Value::String(k), v);
  }
  ScopePtr saved_scope = scope_;
  const TemplateAst* saved_ast = ast_;
  scope_ = scope;
  ast_ = owner;
  auto restore = [&] {
    scope_ = saved_scope;
    ast_ = saved_ast;
  };
  try {
    // Defaults are evaluated at call time, in the macro's scope, left to right.
    for (size_t i = 0; i < n; ++i) {
      if (bound[i]) continue;
      if (i >= first_default) {
        scope->vars.emplace_back(def->params[i], Eval(*def->defaults[i - first_default]));
      } else {
        UndefinedInfo info;
        info.name = def->params[i];
        info.hint = "parameter '" + def->params[i] + "' was not provided";
        scope->vars.emplace_back(def->params[i], Value::MakeUndefined(std::move(info)));
      }
    }
    if (def->uses_varargs)
      scope->vars.emplace_back("varargs", Value::Tuple(std::move(extra_positional)));
    if (def->uses_kwargs) scope->vars.emplace_back("kwargs", Value::MakeDict(kwargs));
    if (def->uses_caller) scope->vars.emplace_back("caller", caller_value);
    if (direct) {
      // {{ macro(...) }}: render straight into the output, no intermediate string.
      std::string* out = out_;
      size_t mark = out->size();
      try {
        ExecBody(def->body);
      } catch (MacroReturn& r) {
        out->resize(mark);  // return() replaces what the macro printed
        restore();
        Write(r.value.IsString() ? r.value.AsString() : r.value.Str());
        return Value();
      }
      restore();
      return Value();
    }
    std::string text = Capture(def->body);
    restore();
    return Value::String(std::move(text));
  } catch (MacroReturn& r) {
    restore();
    return std::move(r.value);
  } catch (...) {
    restore();
    throw;
  }
}

}  // namespace lakedev::jinja
