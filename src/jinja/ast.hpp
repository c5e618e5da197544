// The syntax tree of a template. Every node keeps its line and column for errors.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "jinja/value.hpp"

namespace lakedev::jinja {

struct Pos {
  uint32_t line = 0;
  uint32_t column = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// Arguments of a call, filter or test.
struct Args {
  std::vector<ExprPtr> positional;
  std::vector<std::pair<std::string, ExprPtr>> keyword;
  ExprPtr star;       // *args
  ExprPtr star_star;  // **kwargs
};

struct Expr {
  enum class Kind {
    kConst,    // value
    kName,     // name
    kList,     // items
    kTuple,    // items
    kDict,     // items: key, value, key, value, ...
    kGetAttr,  // items[0] . name
    kGetItem,  // items[0] [ items[1] ]
    kSlice,    // start, stop, step (any may be null)
    kCall,     // items[0] ( args )
    kFilter,   // items[0] | name ( args ); items empty for {% filter %} blocks
    kTest,     // items[0] is [not] name ( args ); negated
    kNeg,
    kPos,
    kNot,
    kBinary,   // items[0] op items[1]; op in + - * / // % **
    kConcat,   // items joined with ~
    kCompare,  // items[0] ops[i] items[i+1] ...
    kAnd,
    kOr,
    kCondExpr,  // items[0] if items[1] else items[2] (items[2] may be null)
  };
  Kind kind;
  Pos pos;
  Value value;
  std::string name;
  std::vector<ExprPtr> items;
  std::vector<std::string> ops;
  Args args;
  bool negated = false;
  uint8_t op = 0;  // kBinary: the BinOp, resolved once at parse time
  // kFilter/kTest: the function found for `name` in `lookup_env`, found on first use.
  // Atomic because threads may render one parsed template at the same time.
  mutable std::atomic<const void*> lookup{nullptr};
  mutable std::atomic<const void*> lookup_env{nullptr};
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

// Assignment targets of for/set: a name, a tuple of targets, or ns.attr (set only).
struct Target {
  std::string name;           // a plain name
  std::string attr;           // set ns.attr: name is the namespace variable
  std::vector<Target> items;  // tuple unpacking when non-empty
};

struct MacroDef {
  std::string name;
  std::vector<std::string> params;
  std::vector<ExprPtr> defaults;  // aligned to the last params
  Body body;
  bool uses_caller = false;
  bool uses_varargs = false;
  bool uses_kwargs = false;
};

struct Stmt {
  enum class Kind {
    kData,         // text
    kOutput,       // {{ expr }}
    kIf,           // conditions[i] -> bodies[i]; else_body
    kFor,          // target in iter [if filter] body else_body; recursive
    kSet,          // target = expr
    kSetBlock,     // target = rendered body [| filter]
    kMacro,        // macro
    kCallBlock,    // {% call(params) expr %} body
    kFilterBlock,  // {% filter f %} body
    kWith,         // targets = exprs; body
    kDo,           // expr
    kBreak,
    kContinue,
    kInclude,     // expr; ignore_missing; with_context
    kImport,      // {% import expr as name %}
    kFromImport,  // {% from expr import a as b, c %}
    kBlock,       // {% block name %}; scoped; required
    kExtends,     // expr
  };
  Kind kind;
  Pos pos;
  std::string text;                 // kData
  ExprPtr expr;                     // output/do/for-iter/set/include/import/extends/call
  ExprPtr filter_expr;              // for-if filter; set-block / filter-block filter chain
  std::vector<ExprPtr> conditions;  // if
  std::vector<Body> bodies;         // if
  Body body;
  Body else_body;
  Target target;
  std::vector<Target> with_targets;
  std::vector<ExprPtr> with_values;
  std::shared_ptr<MacroDef> macro;                         // macro, and the caller of call blocks
  std::string name;                                        // block name, import alias
  std::vector<std::pair<std::string, std::string>> names;  // from-import (name, alias)
  bool recursive = false;
  bool ignore_missing = false;
  bool with_context = true;
  bool scoped = false;
};

struct TemplateAst {
  std::string name;
  std::string source;
  Body body;
  // Every {% block %} of the template, wherever it is nested, by name.
  std::map<std::string, const Stmt*> blocks;
};

}  // namespace lakedev::jinja
