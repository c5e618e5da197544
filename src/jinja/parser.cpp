#include "jinja/parser.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include "jinja/error.hpp"
#include "jinja/lexer.hpp"
#include "jinja/operations.hpp"

namespace lakedev::jinja {

namespace {

class Parser {
 public:
  Parser(std::string_view source, const std::string& name, ParseOptions options)
      : tokens_(Tokenize(source, name)), name_(name), source_(source), options_(options) {}

  std::unique_ptr<TemplateAst> Run() {
    auto ast = std::make_unique<TemplateAst>();
    ast->name = name_;
    ast->source = std::string(source_);
    ast->body = Subparse({});
    if (Cur().type != TokenType::kEof) Fail("unexpected token", Cur());
    CollectBlocks(ast->body, ast->blocks);
    return ast;
  }

 private:
  // Nesting is recursion here and in the interpreter; a limit turns a pathological
  // template into a syntax error instead of a stack overflow.
  static constexpr int kMaxDepth = 200;
  struct DepthGuard {
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.depth_ > kMaxDepth) {
        parser.Fail("the template nests expressions or blocks more than " +
                        std::to_string(kMaxDepth) + " levels deep",
                    parser.Cur());
      }
    }
    ~DepthGuard() { --parser.depth_; }
    Parser& parser;
  };

  static void CollectBlocks(const Body& body, std::map<std::string, const Stmt*>& out) {
    for (const auto& s : body) {
      if (s->kind == Stmt::Kind::kBlock) out.emplace(s->name, s.get());
      for (const auto& b : s->bodies)
        CollectBlocks(b, out);
      CollectBlocks(s->body, out);
      CollectBlocks(s->else_body, out);
    }
  }

  // ---- token stream -------------------------------------------------------------------
  const Token& Cur() const { return tokens_[pos_]; }
  const Token& Peek(size_t n = 1) const { return tokens_[std::min(pos_ + n, tokens_.size() - 1)]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  static Pos PosOf(const Token& t) { return {t.line, t.column}; }

  bool IsOp(const char* op) const {
    return Cur().type == TokenType::kOperator && Cur().value == op;
  }
  bool IsName(const char* name) const {
    return Cur().type == TokenType::kName && Cur().value == name;
  }
  bool SkipOp(const char* op) {
    if (!IsOp(op)) return false;
    Next();
    return true;
  }
  bool SkipName(const char* name) {
    if (!IsName(name)) return false;
    Next();
    return true;
  }

  static std::string Describe(const Token& t) {
    switch (t.type) {
      case TokenType::kEof:
        return "end of template";
      case TokenType::kVariableEnd:
        return "end of print statement";
      case TokenType::kBlockEnd:
        return "end of statement block";
      case TokenType::kVariableBegin:
        return "begin of print statement";
      case TokenType::kBlockBegin:
        return "begin of statement block";
      case TokenType::kData:
        return "template data";
      default:
        return t.value;
    }
  }

  [[noreturn]] void Fail(const std::string& message, const Token& at) {
    TemplateError e(TemplateErrorKind::kSyntax, message, {name_, at.line, at.column});
    e.WithSourceLine(LineOf(source_, at.line));
    throw e;
  }

  void ExpectOp(const char* op) {
    if (!SkipOp(op))
      Fail("expected token '" + std::string(op) + "', got '" + Describe(Cur()) + "'", Cur());
  }
  std::string ExpectName() {
    if (Cur().type != TokenType::kName) {
      Fail("expected token 'name', got '" + Describe(Cur()) + "'", Cur());
    }
    return Next().value;
  }
  void ExpectBlockEnd() {
    if (Cur().type != TokenType::kBlockEnd) {
      Fail("expected token 'end of statement block', got '" + Describe(Cur()) + "'", Cur());
    }
    Next();
  }

  // ---- statements ---------------------------------------------------------------------

  // Parses until a block tag whose name is in `end_tokens` (left unconsumed, the
  // current token is that name).
  Body Subparse(const std::set<std::string>& end_tokens) {
    Body body;
    while (true) {
      const Token& t = Cur();
      if (t.type == TokenType::kEof) {
        if (!end_tokens.empty()) {
          Fail("Unexpected end of template. Jinja was looking for the following tags: " +
                   JoinTags(end_tokens) + ".",
               t);
        }
        return body;
      }
      if (t.type == TokenType::kData) {
        auto s = std::make_unique<Stmt>();
        s->kind = Stmt::Kind::kData;
        s->pos = PosOf(t);
        s->text = t.value;
        Next();
        body.push_back(std::move(s));
      } else if (t.type == TokenType::kVariableBegin) {
        Next();
        auto s = std::make_unique<Stmt>();
        s->kind = Stmt::Kind::kOutput;
        s->pos = PosOf(Cur());
        s->expr = ParseTuple(true, {}, false);
        if (Cur().type != TokenType::kVariableEnd) {
          Fail("expected token 'end of print statement', got '" + Describe(Cur()) + "'", Cur());
        }
        Next();
        body.push_back(std::move(s));
      } else if (t.type == TokenType::kBlockBegin) {
        Next();
        if (Cur().type == TokenType::kName && end_tokens.count(Cur().value)) return body;
        body.push_back(ParseStatement(end_tokens));
      } else {
        Fail("unexpected token", t);
      }
    }
  }

  static std::string JoinTags(const std::set<std::string>& tags) {
    std::string out;
    for (const auto& t : tags)
      out += (out.empty() ? "'" : " or '") + t + "'";
    return out;
  }

  StmtPtr ParseStatement(const std::set<std::string>& outer_end) {
    DepthGuard guard(*this);
    const Token& t = Cur();
    if (t.type != TokenType::kName) Fail("tag name expected", t);
    const std::string& kw = t.value;
    auto s = std::make_unique<Stmt>();
    s->pos = PosOf(t);
    Next();
    if (kw == "if") return ParseIf(std::move(s));
    if (kw == "for") return ParseFor(std::move(s));
    if (kw == "set") return ParseSet(std::move(s));
    if (kw == "macro") return ParseMacro(std::move(s));
    if (options_.dbt_tags) {
      if (kw == "test") return ParseDbtTest(std::move(s));
      if (kw == "materialization") return ParseMaterialization(std::move(s));
      if (kw == "docs") return ParseDocs(std::move(s));
    }
    if (kw == "call") return ParseCallBlock(std::move(s));
    if (kw == "filter") return ParseFilterBlock(std::move(s));
    if (kw == "with") return ParseWith(std::move(s));
    if (kw == "do") {
      s->kind = Stmt::Kind::kDo;
      s->expr = ParseTuple(true, {}, false);
      ExpectBlockEnd();
      return s;
    }
    if (kw == "break" || kw == "continue") {
      if (loop_depth_ == 0) {
        Fail("'" + kw + "' is only allowed inside a loop", t);
      }
      s->kind = kw == "break" ? Stmt::Kind::kBreak : Stmt::Kind::kContinue;
      ExpectBlockEnd();
      return s;
    }
    if (kw == "include") return ParseInclude(std::move(s));
    if (kw == "import") return ParseImport(std::move(s));
    if (kw == "from") return ParseFrom(std::move(s));
    if (kw == "block") return ParseBlock(std::move(s));
    if (kw == "extends") {
      s->kind = Stmt::Kind::kExtends;
      s->expr = ParseExpression(true);
      ExpectBlockEnd();
      return s;
    }
    std::string message = "Encountered unknown tag '" + kw + "'.";
    if (!outer_end.empty()) {
      message += " Jinja was looking for the following tags: " + JoinTags(outer_end) + ".";
    }
    Fail(message, t);
  }

  // Consumes `{% end... %}`'s name (the current token) and the block end.
  void EndTag() {
    Next();
    ExpectBlockEnd();
  }

  StmtPtr ParseIf(StmtPtr s) {
    s->kind = Stmt::Kind::kIf;
    while (true) {
      s->conditions.push_back(ParseTuple(false, {}, false));
      ExpectBlockEnd();
      s->bodies.push_back(Subparse({"elif", "else", "endif"}));
      if (SkipName("elif")) continue;
      if (SkipName("else")) {
        ExpectBlockEnd();
        s->else_body = Subparse({"endif"});
      }
      EndTag();
      return s;
    }
  }

  StmtPtr ParseFor(StmtPtr s) {
    s->kind = Stmt::Kind::kFor;
    s->target = ParseAssignTarget({"in"}, false);
    if (!SkipName("in")) Fail("expected token 'in', got '" + Describe(Cur()) + "'", Cur());
    s->expr = ParseTuple(false, {"recursive"}, false);
    if (SkipName("if")) s->filter_expr = ParseExpression(true);
    if (SkipName("recursive")) s->recursive = true;
    ExpectBlockEnd();
    ++loop_depth_;
    s->body = Subparse({"endfor", "else"});
    --loop_depth_;
    if (SkipName("else")) {
      ExpectBlockEnd();
      s->else_body = Subparse({"endfor"});
    }
    EndTag();
    return s;
  }

  StmtPtr ParseSet(StmtPtr s) {
    s->target = ParseAssignTarget({}, true);
    if (SkipOp("=")) {
      s->kind = Stmt::Kind::kSet;
      s->expr = ParseTuple(true, {}, false);
      ExpectBlockEnd();
      return s;
    }
    s->kind = Stmt::Kind::kSetBlock;
    if (IsOp("|")) s->filter_expr = ParseFilterChain(nullptr);
    ExpectBlockEnd();
    s->body = Subparse({"endset"});
    EndTag();
    return s;
  }

  // name | name.attr (with_namespace) | a, b | (a, b)
  Target ParseAssignTarget(const std::set<std::string>& end_names, bool with_namespace) {
    Target target;
    std::vector<Target> items;
    bool is_tuple = false;
    while (true) {
      if (!items.empty()) ExpectOp(",");
      if (Cur().type == TokenType::kName && end_names.count(Cur().value)) break;
      if (IsOp("=") || Cur().type == TokenType::kBlockEnd || IsOp(")") || IsOp("|")) break;
      Target one;
      if (SkipOp("(")) {
        one = ParseAssignTarget({}, false);
        ExpectOp(")");
      } else {
        const Token& t = Cur();
        one.name = ExpectName();
        if (one.name == "true" || one.name == "false" || one.name == "none" || one.name == "True" ||
            one.name == "False" || one.name == "None") {
          Fail("can't assign to '" + one.name + "'", t);
        }
        if (with_namespace && SkipOp(".")) one.attr = ExpectName();
      }
      items.push_back(std::move(one));
      if (IsOp(",")) {
        is_tuple = true;
      } else {
        break;
      }
    }
    if (items.empty()) Fail("expected an assignment target", Cur());
    if (!is_tuple) return std::move(items[0]);
    target.items = std::move(items);
    return target;
  }

  std::shared_ptr<MacroDef> ParseSignature(std::shared_ptr<MacroDef> def) {
    ExpectOp("(");
    while (!IsOp(")")) {
      if (!def->params.empty()) ExpectOp(",");
      if (IsOp(")")) break;
      const Token& t = Cur();
      std::string param = ExpectName();
      if (SkipOp("=")) {
        def->defaults.push_back(ParseExpression(true));
      } else if (!def->defaults.empty()) {
        Fail("non-default argument follows default argument", t);
      }
      def->params.push_back(param);
    }
    Next();
    return def;
  }

  StmtPtr ParseMacro(StmtPtr s) {
    s->kind = Stmt::Kind::kMacro;
    auto def = std::make_shared<MacroDef>();
    def->name = ExpectName();
    ParseSignature(def);
    ExpectBlockEnd();
    int saved = loop_depth_;
    loop_depth_ = 0;
    def->body = Subparse({"endmacro"});
    loop_depth_ = saved;
    EndTag();
    ScanUses(*def);
    s->macro = std::move(def);
    return s;
  }

  // The body of a dbt block tag that defines a macro, up to `end`.
  StmtPtr FinishDbtMacro(StmtPtr s, std::shared_ptr<MacroDef> def, const std::string& end) {
    s->kind = Stmt::Kind::kMacro;
    int saved = loop_depth_;
    loop_depth_ = 0;
    def->body = Subparse({end});
    loop_depth_ = saved;
    EndTag();
    ScanUses(*def);
    s->macro = std::move(def);
    return s;
  }

  StmtPtr ParseDbtTest(StmtPtr s) {
    auto def = std::make_shared<MacroDef>();
    def->name = "test_" + ExpectName();
    ParseSignature(def);
    ExpectBlockEnd();
    return FinishDbtMacro(std::move(s), std::move(def), "endtest");
  }

  StmtPtr ParseDocs(StmtPtr s) {
    auto def = std::make_shared<MacroDef>();
    def->name = "docs_" + ExpectName();
    ExpectBlockEnd();
    return FinishDbtMacro(std::move(s), std::move(def), "enddocs");
  }

  // {% materialization name[, default][, adapter='x'][, supported_languages=[...]] %}
  StmtPtr ParseMaterialization(StmtPtr s) {
    auto def = std::make_shared<MacroDef>();
    std::string name = ExpectName();
    std::string adapter = "default";
    while (IsOp(",")) {
      Next();
      const Token& at = Cur();
      std::string arg = ExpectName();
      if (arg == "default") continue;
      if (arg != "adapter" && arg != "supported_languages") {
        Fail("materialization '" + name + "' received an unknown argument '" + arg + "'", at);
      }
      if (!IsOp("=")) Fail("expected token '=', got '" + Describe(Cur()) + "'", Cur());
      Next();
      ExprPtr value = ParseExpression(true);
      if (arg == "adapter") {
        if (value->kind != Expr::Kind::kConst || !value->value.IsString()) {
          Fail("the adapter of a materialization must be a string", at);
        }
        adapter = value->value.AsString();
      } else {
        def->params.push_back("supported_languages");
        def->defaults.push_back(std::move(value));
      }
    }
    if (def->params.empty()) {
      def->params.push_back("supported_languages");
      auto sql = std::make_unique<Expr>();
      sql->kind = Expr::Kind::kConst;
      sql->value = Value::String("sql");
      auto list = std::make_unique<Expr>();
      list->kind = Expr::Kind::kList;
      list->items.push_back(std::move(sql));
      def->defaults.push_back(std::move(list));
    }
    def->name = "materialization_" + name + "_" + adapter;
    ExpectBlockEnd();
    return FinishDbtMacro(std::move(s), std::move(def), "endmaterialization");
  }

  StmtPtr ParseCallBlock(StmtPtr s) {
    s->kind = Stmt::Kind::kCallBlock;
    auto def = std::make_shared<MacroDef>();
    def->name = "caller";
    if (IsOp("(")) ParseSignature(def);
    s->expr = ParseExpression(true);
    if (s->expr->kind != Expr::Kind::kCall) Fail("expected call", Cur());
    ExpectBlockEnd();
    def->body = Subparse({"endcall"});
    EndTag();
    ScanUses(*def);
    s->macro = std::move(def);
    return s;
  }

  StmtPtr ParseFilterBlock(StmtPtr s) {
    s->kind = Stmt::Kind::kFilterBlock;
    s->filter_expr = ParseFilterChain(nullptr, /*first_has_pipe=*/false);
    ExpectBlockEnd();
    s->body = Subparse({"endfilter"});
    EndTag();
    return s;
  }

  StmtPtr ParseWith(StmtPtr s) {
    s->kind = Stmt::Kind::kWith;
    while (Cur().type != TokenType::kBlockEnd) {
      if (!s->with_targets.empty()) ExpectOp(",");
      s->with_targets.push_back(ParseAssignTarget({}, false));
      ExpectOp("=");
      s->with_values.push_back(ParseExpression(true));
    }
    ExpectBlockEnd();
    s->body = Subparse({"endwith"});
    EndTag();
    return s;
  }

  void ParseContextModifier(Stmt& s, bool default_with) {
    s.with_context = default_with;
    if ((IsName("with") || IsName("without")) && Peek().type == TokenType::kName &&
        Peek().value == "context") {
      s.with_context = Next().value == "with";
      Next();
    }
  }

  StmtPtr ParseInclude(StmtPtr s) {
    s->kind = Stmt::Kind::kInclude;
    s->expr = ParseExpression(true);
    if (IsName("ignore") && Peek().type == TokenType::kName && Peek().value == "missing") {
      s->ignore_missing = true;
      Next();
      Next();
    }
    ParseContextModifier(*s, true);
    ExpectBlockEnd();
    return s;
  }

  StmtPtr ParseImport(StmtPtr s) {
    s->kind = Stmt::Kind::kImport;
    s->expr = ParseExpression(true);
    if (!SkipName("as")) Fail("expected token 'as', got '" + Describe(Cur()) + "'", Cur());
    s->name = ExpectName();
    ParseContextModifier(*s, false);
    ExpectBlockEnd();
    return s;
  }

  StmtPtr ParseFrom(StmtPtr s) {
    s->kind = Stmt::Kind::kFromImport;
    s->expr = ParseExpression(true);
    if (!SkipName("import")) Fail("expected token 'import', got '" + Describe(Cur()) + "'", Cur());
    s->with_context = false;
    while (true) {
      if (!s->names.empty()) {
        if (!SkipOp(",")) break;
      }
      if ((IsName("with") || IsName("without")) && Peek().type == TokenType::kName &&
          Peek().value == "context") {
        break;
      }
      if (Cur().type != TokenType::kName) {
        if (s->names.empty()) Fail("expected name", Cur());
        break;
      }
      std::string n = ExpectName();
      if (n.starts_with("_")) Fail("names starting with an underline can not be imported", Cur());
      std::string alias = n;
      if (SkipName("as")) alias = ExpectName();
      s->names.emplace_back(n, alias);
    }
    ParseContextModifier(*s, false);
    ExpectBlockEnd();
    return s;
  }

  StmtPtr ParseBlock(StmtPtr s) {
    s->kind = Stmt::Kind::kBlock;
    const Token& name_token = Cur();
    s->name = ExpectName();
    if (!block_names_.insert(s->name).second) {
      Fail("block '" + s->name + "' defined twice", name_token);
    }
    if (SkipName("scoped")) s->scoped = true;
    SkipName("required");
    ExpectBlockEnd();
    s->body = Subparse({"endblock"});
    Next();
    if (Cur().type == TokenType::kName) {
      if (Cur().value != s->name) Fail("mismatching name of block", Cur());
      Next();
    }
    ExpectBlockEnd();
    return s;
  }

  // Which of `caller`, `varargs`, `kwargs` the macro body refers to (Jinja2 decides the
  // macro's signature by this).
  void ScanUses(MacroDef& def) {
    std::function<void(const Expr&)> expr = [&](const Expr& e) {
      if (e.kind == Expr::Kind::kName) {
        if (e.name == "caller") def.uses_caller = true;
        if (e.name == "varargs") def.uses_varargs = true;
        if (e.name == "kwargs") def.uses_kwargs = true;
      }
      for (const auto& c : e.items) {
        if (c) expr(*c);
      }
      for (const auto& c : e.args.positional)
        expr(*c);
      for (const auto& kv : e.args.keyword)
        expr(*kv.second);
      if (e.args.star) expr(*e.args.star);
      if (e.args.star_star) expr(*e.args.star_star);
    };
    std::function<void(const Body&)> body = [&](const Body& b) {
      for (const auto& s : b) {
        if (s->expr) expr(*s->expr);
        if (s->filter_expr) expr(*s->filter_expr);
        for (const auto& c : s->conditions)
          expr(*c);
        for (const auto& c : s->with_values)
          expr(*c);
        for (const auto& bb : s->bodies)
          body(bb);
        body(s->body);
        body(s->else_body);
        // Nested macros' own uses are theirs, but call blocks' bodies are ours.
        if (s->kind == Stmt::Kind::kCallBlock && s->macro) body(s->macro->body);
      }
    };
    body(def.body);
    for (const auto& d : def.defaults)
      expr(*d);
  }

  // ---- expressions --------------------------------------------------------------------

  ExprPtr Make(Expr::Kind kind, Pos pos) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
  }

  bool IsTupleEnd(const std::set<std::string>& extra_end) const {
    const Token& t = Cur();
    if (t.type == TokenType::kVariableEnd || t.type == TokenType::kBlockEnd ||
        t.type == TokenType::kEof)
      return true;
    if (t.type == TokenType::kOperator && t.value == ")") return true;
    return t.type == TokenType::kName && extra_end.count(t.value);
  }

  ExprPtr ParseTuple(bool with_condexpr, const std::set<std::string>& extra_end,
                     bool explicit_parentheses) {
    Pos pos = PosOf(Cur());
    std::vector<ExprPtr> items;
    bool is_tuple = false;
    while (true) {
      if (!items.empty()) ExpectOp(",");
      if (IsTupleEnd(extra_end)) break;
      items.push_back(ParseExpression(with_condexpr));
      if (IsOp(",")) {
        is_tuple = true;
      } else {
        break;
      }
    }
    if (!is_tuple) {
      if (!items.empty()) return std::move(items[0]);
      if (!explicit_parentheses) {
        Fail("Expected an expression, got '" + Describe(Cur()) + "'", Cur());
      }
    }
    auto e = Make(Expr::Kind::kTuple, pos);
    e->items = std::move(items);
    return e;
  }

  ExprPtr ParseExpression(bool with_condexpr) {
    return with_condexpr ? ParseCondExpr() : ParseOr();
  }

  ExprPtr ParseCondExpr() {
    Pos pos = PosOf(Cur());
    ExprPtr expr1 = ParseOr();
    while (SkipName("if")) {
      ExprPtr expr2 = ParseOr();
      ExprPtr expr3;
      if (SkipName("else")) expr3 = ParseCondExpr();
      auto e = Make(Expr::Kind::kCondExpr, pos);
      e->items.push_back(std::move(expr1));
      e->items.push_back(std::move(expr2));
      e->items.push_back(std::move(expr3));
      expr1 = std::move(e);
    }
    return expr1;
  }

  ExprPtr ParseOr() {
    Pos pos = PosOf(Cur());
    ExprPtr left = ParseAnd();
    while (SkipName("or")) {
      auto e = Make(Expr::Kind::kOr, pos);
      e->items.push_back(std::move(left));
      e->items.push_back(ParseAnd());
      left = std::move(e);
    }
    return left;
  }

  ExprPtr ParseAnd() {
    Pos pos = PosOf(Cur());
    ExprPtr left = ParseNot();
    while (SkipName("and")) {
      auto e = Make(Expr::Kind::kAnd, pos);
      e->items.push_back(std::move(left));
      e->items.push_back(ParseNot());
      left = std::move(e);
    }
    return left;
  }

  ExprPtr ParseNot() {
    if (IsName("not")) {
      Pos pos = PosOf(Next());
      auto e = Make(Expr::Kind::kNot, pos);
      e->items.push_back(ParseNot());
      return e;
    }
    return ParseCompare();
  }

  ExprPtr ParseCompare() {
    Pos pos = PosOf(Cur());
    ExprPtr expr = ParseMath1();
    std::vector<std::string> ops;
    std::vector<ExprPtr> operands;
    while (true) {
      static const std::set<std::string> kCompare = {"==", "!=", "<", "<=", ">", ">="};
      if (Cur().type == TokenType::kOperator && kCompare.count(Cur().value)) {
        ops.push_back(Next().value);
      } else if (SkipName("in")) {
        ops.push_back("in");
      } else if (IsName("not") && Peek().type == TokenType::kName && Peek().value == "in") {
        Next();
        Next();
        ops.push_back("notin");
      } else {
        break;
      }
      operands.push_back(ParseMath1());
    }
    if (ops.empty()) return expr;
    auto e = Make(Expr::Kind::kCompare, pos);
    e->items.push_back(std::move(expr));
    for (auto& o : operands)
      e->items.push_back(std::move(o));
    e->ops = std::move(ops);
    return e;
  }

  ExprPtr Binary(const std::string& op, ExprPtr left, ExprPtr right, Pos pos) {
    auto e = Make(Expr::Kind::kBinary, pos);
    e->name = op;
    e->op = static_cast<uint8_t>(ParseBinOp(op));
    e->items.push_back(std::move(left));
    e->items.push_back(std::move(right));
    return e;
  }

  ExprPtr ParseMath1() {
    Pos pos = PosOf(Cur());
    ExprPtr left = ParseConcat();
    while (IsOp("+") || IsOp("-")) {
      std::string op = Next().value;
      left = Binary(op, std::move(left), ParseConcat(), pos);
    }
    return left;
  }

  ExprPtr ParseConcat() {
    Pos pos = PosOf(Cur());
    std::vector<ExprPtr> args;
    args.push_back(ParseMath2());
    while (SkipOp("~"))
      args.push_back(ParseMath2());
    if (args.size() == 1) return std::move(args[0]);
    auto e = Make(Expr::Kind::kConcat, pos);
    e->items = std::move(args);
    return e;
  }

  ExprPtr ParseMath2() {
    Pos pos = PosOf(Cur());
    ExprPtr left = ParsePow();
    while (IsOp("*") || IsOp("/") || IsOp("//") || IsOp("%")) {
      std::string op = Next().value;
      left = Binary(op, std::move(left), ParsePow(), pos);
    }
    return left;
  }

  ExprPtr ParsePow() {
    Pos pos = PosOf(Cur());
    ExprPtr left = ParseUnary(true);
    while (SkipOp("**"))
      left = Binary("**", std::move(left), ParseUnary(true), pos);
    return left;
  }

  ExprPtr ParseUnary(bool with_filter) {
    DepthGuard guard(*this);
    Pos pos = PosOf(Cur());
    ExprPtr node;
    if (IsOp("-") || IsOp("+")) {
      bool neg = Next().value == "-";
      node = Make(neg ? Expr::Kind::kNeg : Expr::Kind::kPos, pos);
      node->items.push_back(ParseUnary(false));
    } else {
      node = ParsePrimary();
    }
    node = ParsePostfix(std::move(node));
    if (with_filter) node = ParseFilterExpr(std::move(node));
    return node;
  }

  ExprPtr ParsePrimary() {
    const Token& t = Cur();
    Pos pos = PosOf(t);
    switch (t.type) {
      case TokenType::kName: {
        Next();
        auto e = Make(Expr::Kind::kConst, pos);
        if (t.value == "true" || t.value == "True") {
          e->value = Value::Bool(true);
        } else if (t.value == "false" || t.value == "False") {
          e->value = Value::Bool(false);
        } else if (t.value == "none" || t.value == "None") {
          e->value = Value::MakeNone();
        } else {
          e->kind = Expr::Kind::kName;
          e->name = t.value;
        }
        return e;
      }
      case TokenType::kString: {
        std::string buf;
        while (Cur().type == TokenType::kString)
          buf += Next().value;
        auto e = Make(Expr::Kind::kConst, pos);
        e->value = Value::String(std::move(buf));
        return e;
      }
      case TokenType::kInteger: {
        auto e = Make(Expr::Kind::kConst, pos);
        e->value = ParseInteger(Next());
        return e;
      }
      case TokenType::kFloat: {
        auto e = Make(Expr::Kind::kConst, pos);
        std::string digits;
        for (char c : Next().value) {
          if (c != '_') digits += c;
        }
        e->value = Value::Float(std::strtod(digits.c_str(), nullptr));
        return e;
      }
      case TokenType::kOperator:
        if (t.value == "(") {
          Next();
          ExprPtr e = ParseTuple(true, {}, true);
          ExpectOp(")");
          return e;
        }
        if (t.value == "[") return ParseList();
        if (t.value == "{") return ParseDict();
        break;
      default:
        break;
    }
    Fail("unexpected '" + Describe(t) + "'", t);
  }

  Value ParseInteger(const Token& t) {
    std::string digits;
    for (char c : t.value) {
      if (c != '_') digits += c;
    }
    int base = 10;
    size_t start = 0;
    if (digits.size() > 2 && digits[0] == '0' &&
        std::isalpha(static_cast<unsigned char>(digits[1]))) {
      char b = static_cast<char>(std::tolower(digits[1]));
      base = b == 'b' ? 2 : b == 'o' ? 8 : 16;
      start = 2;
    }
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(digits.data() + start, digits.data() + digits.size(), v, base);
    if (ec != std::errc() || v > static_cast<uint64_t>(INT64_MAX)) {
      TemplateError e(TemplateErrorKind::kOverflow,
                      "integer literal " + t.value + " does not fit in 64 bits",
                      {name_, t.line, t.column});
      e.WithSourceLine(LineOf(source_, t.line));
      throw e;
    }
    return Value::Int(static_cast<int64_t>(v));
  }

  ExprPtr ParseList() {
    Pos pos = PosOf(Next());
    auto e = Make(Expr::Kind::kList, pos);
    while (!IsOp("]")) {
      if (!e->items.empty()) ExpectOp(",");
      if (IsOp("]")) break;
      e->items.push_back(ParseExpression(true));
    }
    ExpectOp("]");
    return e;
  }

  ExprPtr ParseDict() {
    Pos pos = PosOf(Next());
    auto e = Make(Expr::Kind::kDict, pos);
    while (!IsOp("}")) {
      if (!e->items.empty()) ExpectOp(",");
      if (IsOp("}")) break;
      e->items.push_back(ParseExpression(true));
      ExpectOp(":");
      e->items.push_back(ParseExpression(true));
    }
    ExpectOp("}");
    return e;
  }

  ExprPtr ParsePostfix(ExprPtr node) {
    while (true) {
      if (IsOp(".") || IsOp("[")) {
        node = ParseSubscript(std::move(node));
      } else if (IsOp("(")) {
        node = ParseCall(std::move(node));
      } else {
        return node;
      }
    }
  }

  ExprPtr ParseFilterExpr(ExprPtr node) {
    while (true) {
      if (IsOp("|")) {
        node = ParseFilterChain(std::move(node), true, /*single=*/true);
      } else if (IsName("is")) {
        node = ParseTest(std::move(node));
      } else if (IsOp("(")) {
        node = ParseCall(std::move(node));
      } else {
        return node;
      }
    }
  }

  ExprPtr ParseSubscript(ExprPtr node) {
    const Token& t = Next();
    // Errors of `a.b` / `a[b]` point at the start of `a`: usually what is undefined.
    Pos pos = node->pos;
    if (t.value == ".") {
      const Token& attr = Cur();
      if (attr.type == TokenType::kName) {
        Next();
        auto e = Make(Expr::Kind::kGetAttr, pos);
        e->name = attr.value;
        e->items.push_back(std::move(node));
        return e;
      }
      if (attr.type != TokenType::kInteger) Fail("expected name or number", attr);
      auto e = Make(Expr::Kind::kGetItem, pos);
      auto idx = Make(Expr::Kind::kConst, PosOf(attr));
      idx->value = ParseInteger(Next());
      e->items.push_back(std::move(node));
      e->items.push_back(std::move(idx));
      return e;
    }
    std::vector<ExprPtr> args;
    while (!IsOp("]")) {
      if (!args.empty()) ExpectOp(",");
      args.push_back(ParseSubscribed());
    }
    ExpectOp("]");
    auto e = Make(Expr::Kind::kGetItem, pos);
    e->items.push_back(std::move(node));
    if (args.size() == 1) {
      e->items.push_back(std::move(args[0]));
    } else {
      auto tuple = Make(Expr::Kind::kTuple, pos);
      tuple->items = std::move(args);
      e->items.push_back(std::move(tuple));
    }
    return e;
  }

  ExprPtr ParseSubscribed() {
    Pos pos = PosOf(Cur());
    std::vector<ExprPtr> parts;
    if (SkipOp(":")) {
      parts.push_back(nullptr);
    } else {
      ExprPtr node = ParseExpression(true);
      if (!SkipOp(":")) return node;
      parts.push_back(std::move(node));
    }
    if (IsOp(":")) {
      parts.push_back(nullptr);
    } else if (!IsOp("]") && !IsOp(",")) {
      parts.push_back(ParseExpression(true));
    } else {
      parts.push_back(nullptr);
    }
    if (SkipOp(":")) {
      if (!IsOp("]") && !IsOp(",")) {
        parts.push_back(ParseExpression(true));
      } else {
        parts.push_back(nullptr);
      }
    } else {
      parts.push_back(nullptr);
    }
    auto e = Make(Expr::Kind::kSlice, pos);
    e->items = std::move(parts);
    return e;
  }

  Args ParseCallArgs() {
    const Token& open = Cur();
    ExpectOp("(");
    Args args;
    bool require_comma = false;
    auto ensure = [&](bool ok) {
      if (!ok) Fail("invalid syntax for function call expression", open);
    };
    while (!IsOp(")")) {
      if (require_comma) {
        ExpectOp(",");
        if (IsOp(")")) break;
      }
      if (SkipOp("*")) {
        ensure(!args.star && !args.star_star);
        args.star = ParseExpression(true);
      } else if (SkipOp("**")) {
        ensure(!args.star_star);
        args.star_star = ParseExpression(true);
      } else if (Cur().type == TokenType::kName && Peek().type == TokenType::kOperator &&
                 Peek().value == "=") {
        ensure(!args.star_star);
        std::string key = Next().value;
        Next();
        args.keyword.emplace_back(key, ParseExpression(true));
      } else {
        ensure(!args.star && !args.star_star && args.keyword.empty());
        args.positional.push_back(ParseExpression(true));
      }
      require_comma = true;
    }
    ExpectOp(")");
    return args;
  }

  ExprPtr ParseCall(ExprPtr node) {
    Pos pos = PosOf(Cur());
    auto e = Make(Expr::Kind::kCall, pos);
    e->args = ParseCallArgs();
    e->items.push_back(std::move(node));
    return e;
  }

  // `| f(args) | g` ... (single: only one filter, the loop in ParseFilterExpr continues).
  ExprPtr ParseFilterChain(ExprPtr node, bool first_has_pipe = true, bool single = false) {
    bool first = true;
    while (true) {
      if (first ? first_has_pipe : true) {
        if (!SkipOp("|")) break;
      }
      first = false;
      Pos pos = PosOf(Cur());
      std::string name = ExpectName();
      while (IsOp(".") && Peek().type == TokenType::kName) {
        Next();
        name += "." + Next().value;
      }
      auto e = Make(Expr::Kind::kFilter, pos);
      e->name = name;
      if (IsOp("(")) e->args = ParseCallArgs();
      if (node) e->items.push_back(std::move(node));
      node = std::move(e);
      if (single) break;
    }
    return node;
  }

  ExprPtr ParseTest(ExprPtr node) {
    Pos pos = PosOf(Next());  // 'is'
    bool negated = SkipName("not");
    std::string name = ExpectName();
    while (IsOp(".") && Peek().type == TokenType::kName) {
      Next();
      name += "." + Next().value;
    }
    auto e = Make(Expr::Kind::kTest, pos);
    e->name = name;
    e->negated = negated;
    const Token& t = Cur();
    bool starts_arg = t.type == TokenType::kName || t.type == TokenType::kString ||
                      t.type == TokenType::kInteger || t.type == TokenType::kFloat ||
                      (t.type == TokenType::kOperator && (t.value == "[" || t.value == "{"));
    if (IsOp("(")) {
      e->args = ParseCallArgs();
    } else if (starts_arg && !IsName("else") && !IsName("or") && !IsName("and")) {
      if (IsName("is")) Fail("You cannot chain multiple tests with is", t);
      ExprPtr arg = ParsePrimary();
      e->args.positional.push_back(ParsePostfix(std::move(arg)));
    }
    e->items.push_back(std::move(node));
    return e;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::string name_;
  std::string_view source_;
  ParseOptions options_;
  int loop_depth_ = 0;
  int depth_ = 0;
  std::set<std::string> block_names_;
};

}  // namespace

std::unique_ptr<TemplateAst> Parse(std::string_view source, const std::string& template_name,
                                   ParseOptions options) {
  return Parser(source, template_name, options).Run();
}

}  // namespace lakedev::jinja
