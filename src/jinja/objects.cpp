#include "jinja/objects.hpp"

#include "jinja/operations.hpp"

namespace lakedev::jinja {

// ---- MacroObject -------------------------------------------------------------------------

std::optional<Value> MacroObject::GetAttr(std::string_view name) {
  if (name == "name") return Value::String(def_->name);
  if (name == "arguments") {
    std::vector<Value> params;
    for (const auto& p : def_->params)
      params.push_back(Value::String(p));
    return Value::Tuple(std::move(params));
  }
  if (name == "catch_kwargs") return Value::Bool(def_->uses_kwargs);
  if (name == "catch_varargs") return Value::Bool(def_->uses_varargs);
  if (name == "caller") return Value::Bool(def_->uses_caller);
  return std::nullopt;
}

std::optional<Value> MacroObject::Call(Interpreter& interp, CallArgs& args) {
  return interp.CallMacro(def_, closure_, owner_, args, Value::MakeUndefined("caller"));
}

// ---- NamespaceObject -------------------------------------------------------------------

std::optional<Value> NamespaceObject::GetAttr(std::string_view name) {
  if (const Value* v = attrs.Find(name)) return *v;
  return std::nullopt;
}

bool NamespaceObject::SetAttr(std::string_view name, const Value& value) {
  attrs.Set(Value::String(std::string(name)), value);
  return true;
}

std::string NamespaceObject::Repr() const {
  return "<Namespace " + Value::MakeDict(std::make_shared<Dict>(attrs)).Repr() + ">";
}

// ---- ModuleObject ----------------------------------------------------------------------

std::optional<Value> ModuleObject::GetAttr(std::string_view name) {
  for (const auto& [k, v] : scope_->vars) {
    if (k == name && !k.starts_with("_")) return v;
  }
  return std::nullopt;
}

// ---- LoopObject ------------------------------------------------------------------------

std::optional<Value> LoopObject::GetAttr(std::string_view name) {
  int64_t n = static_cast<int64_t>(items_->size());
  int64_t i = static_cast<int64_t>(index_);
  if (name == "index") return Value::Int(i + 1);
  if (name == "index0") return Value::Int(i);
  if (name == "revindex") return Value::Int(n - i);
  if (name == "revindex0") return Value::Int(n - i - 1);
  if (name == "first") return Value::Bool(i == 0);
  if (name == "last") return Value::Bool(i == n - 1);
  if (name == "length") return Value::Int(n);
  if (name == "depth") return Value::Int(depth0_ + 1);
  if (name == "depth0") return Value::Int(depth0_);
  if (name == "previtem") {
    if (i == 0) return Value::MakeUndefined("there is no previous item");
    return (*items_)[index_ - 1];
  }
  if (name == "nextitem") {
    if (i + 1 >= n) return Value::MakeUndefined("there is no next item");
    return (*items_)[index_ + 1];
  }
  if (name == "cycle") {
    auto self = shared_from_this();
    return Value::Func(std::make_shared<NativeFunction>("cycle", [self](Interpreter&, CallArgs& a) {
      if (a.positional.empty()) {
        throw TemplateError(TemplateErrorKind::kType, "no items for cycling given");
      }
      return a.positional[self->index_ % a.positional.size()];
    }));
  }
  if (name == "changed") {
    auto self = shared_from_this();
    return Value::Func(
        std::make_shared<NativeFunction>("changed", [self](Interpreter&, CallArgs& a) {
          std::vector<Value> now = a.positional;
          bool same = self->last_changed_ && self->last_changed_->size() == now.size();
          if (same) {
            for (size_t k = 0; k < now.size(); ++k)
              same = same && (*self->last_changed_)[k].Equals(now[k]);
          }
          self->last_changed_ = std::move(now);
          return Value::Bool(!same);
        }));
  }
  return std::nullopt;
}

std::optional<Value> LoopObject::Call(Interpreter& interp, CallArgs& args) {
  if (!stmt_->recursive) {
    throw TemplateError(TemplateErrorKind::kType,
                        "The loop must have the 'recursive' marker to be called recursively.");
  }
  if (args.positional.size() != 1) {
    throw TemplateError(TemplateErrorKind::kType, "loop() takes exactly one argument");
  }
  return Value::String(interp.RecurseLoop(*stmt_, args.positional[0], depth0_ + 1));
}

// ---- CyclerObject / JoinerObject ---------------------------------------------------------

std::optional<Value> CyclerObject::GetAttr(std::string_view name) {
  if (name == "current") return items_[pos_];
  if (name == "next") {
    auto self = shared_from_this();
    return Value::Func(std::make_shared<NativeFunction>("next", [self](Interpreter&, CallArgs&) {
      Value v = self->items_[self->pos_];
      self->pos_ = (self->pos_ + 1) % self->items_.size();
      return v;
    }));
  }
  if (name == "reset") {
    auto self = shared_from_this();
    return Value::Func(std::make_shared<NativeFunction>("reset", [self](Interpreter&, CallArgs&) {
      self->pos_ = 0;
      return Value::MakeNone();
    }));
  }
  return std::nullopt;
}

std::optional<Value> JoinerObject::Call(Interpreter&, CallArgs&) {
  if (!used_) {
    used_ = true;
    return Value::String("");
  }
  return Value::String(sep_);
}

}  // namespace lakedev::jinja
