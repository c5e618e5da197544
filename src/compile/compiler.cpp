#include "compile/compiler.hpp"

#include <cctype>
#include <regex>

#include "context/macros.hpp"
#include "context/relation.hpp"
#include "jinja/error.hpp"
#include "jinja/parser.hpp"

namespace lakedev::compile {
using jinja::Value;
using manifest::Node;

namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The position after whitespace from `i` (sqlparse's skip_ws: comments are tokens).
size_t SkipSpace(const std::string& s, size_t i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
    ++i;
  return i;
}

// Scans the first statement's top-level tokens for WITH [RECURSIVE]; returns the end of
// that keyword, or npos when the statement has none.
size_t FindTopLevelWith(const std::string& s) {
  int depth = 0;
  bool seen_with = false;
  size_t with_end = std::string::npos;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    size_t start = i;
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n')
        ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t e = s.find("*/", i + 2);
      i = e == std::string::npos ? s.size() : e + 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      size_t e = s.find(c, i + 1);
      i = e == std::string::npos ? s.size() : e + 1;
    } else if (c == '(') {
      ++depth;
      ++i;
    } else if (c == ')') {
      --depth;
      ++i;
    } else if (c == ';' && depth == 0) {
      return with_end;
    } else if (IsWordChar(c)) {
      while (i < s.size() && IsWordChar(s[i]))
        ++i;
      if (depth == 0) {
        std::string word = s.substr(start, i - start);
        for (char& ch : word)
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (word == "with") {
          seen_with = true;
          with_end = i;
          continue;
        }
        if (seen_with && word == "recursive") return i;
      }
    } else {
      ++i;
    }
    bool is_comment = c == '-' || c == '/';
    if (seen_with && !is_comment) return with_end;
  }
  return with_end;
}

std::string JoinCtes(const std::vector<std::string>& ctes) {
  std::string out;
  for (size_t i = 0; i < ctes.size(); ++i)
    out += (i ? ", " : "") + ctes[i];
  return out;
}

}  // namespace

std::string InjectCtes(const std::string& sql, const std::vector<std::string>& ctes) {
  if (ctes.empty()) return sql;
  size_t with_end = FindTopLevelWith(sql);
  if (with_end != std::string::npos) {
    size_t at = SkipSpace(sql, with_end);
    return sql.substr(0, at) + JoinCtes(ctes) + ", " + sql.substr(at);
  }
  size_t first = SkipSpace(sql, 0);
  return sql.substr(0, first) + "with" + JoinCtes(ctes) + " " + sql.substr(first);
}

std::string Compiler::CompiledPath(const std::string& target_path, const Node& node) {
  return OutputPath(target_path, "compiled", node);
}

std::string Compiler::RunPath(const std::string& target_path, const Node& node) {
  return OutputPath(target_path, "run", node);
}

std::string Compiler::OutputPath(const std::string& target_path, const char* kind,
                                 const Node& node) {
  std::string file = node.original_file_path;
  if (file.rfind("./", 0) == 0) file = file.substr(2);
  std::string base = target_path + "/" + kind + "/" + node.package_name + "/" + file;
  // A microbatch batch: <model path without .sql>/<name>_<batch>.sql, as dbt writes it.
  if (!node.batch_name.empty()) {
    std::string stem =
        base.size() > 4 && base.ends_with(".sql") ? base.substr(0, base.size() - 4) : base;
    return stem + "/" + node.name + "_" + node.batch_name + ".sql";
  }
  // Nodes defined inside another file (generic tests in YAML, hooks in dbt_project.yml)
  // are written under that file's path.
  if (node.test_metadata || node.resource_type == manifest::ResourceType::kOperation) {
    return base + "/" + node.path;
  }
  return base;
}

Value Compiler::Ref(Node& from, const manifest::RefCall& ref) {
  const Node* target = p_.manifest.ResolveRef(from.package_name, ref);
  if (!target) {
    throw jinja::TemplateError(jinja::TemplateErrorKind::kAssertion,
                               "ref('" + ref.name + "') does not name a model, seed or snapshot");
  }
  context::RelationParts parts;
  const Value* materialized = target->config->Find("materialized");
  if (materialized && materialized->IsString() && materialized->AsString() == "ephemeral") {
    auto& used = cte_refs_[from.unique_id];
    if (std::find(used.begin(), used.end(), target->unique_id) == used.end()) {
      used.push_back(target->unique_id);
    }
    parts.identifier = "__dbt__cte__" + target->alias;
    parts.quote_identifier = false;
    parts.type = "cte";
    return context::MakeRelation(parts);
  }
  parts.database = target->database;
  parts.schema = target->schema;
  parts.identifier = target->alias;
  parts.event_time_filter = EventTimeFilter(from, target->config);
  parts.limit_zero = empty_;
  if (materialized && materialized->IsString()) {
    const std::string& m = materialized->AsString();
    parts.type = m == "view"                                           ? "view"
                 : (m == "table" || m == "incremental" || m == "seed") ? "table"
                                                                       : "";
  }
  context::ApplyQuoting(p_.settings.root.quoting, parts);
  return context::MakeRelation(parts);
}

Value Compiler::Source(Node& from, const std::string& source, const std::string& table) {
  const manifest::Source* s = p_.manifest.FindSource(source, table);
  if (!s) {
    throw jinja::TemplateError(jinja::TemplateErrorKind::kAssertion,
                               "source('" + source + "', '" + table + "') is not declared");
  }
  if (source_redirect_) {
    if (auto parts = source_redirect_(*s)) {
      parts->limit_zero = empty_;
      parts->event_time_filter = EventTimeFilter(from, s->config);
      return context::MakeRelation(std::move(*parts));
    }
  }
  context::RelationParts parts;
  parts.database = s->database;
  parts.schema = s->schema;
  parts.identifier = s->identifier;
  parts.type = "table";
  auto quoted = [&](const char* key) {
    const Value* v = s->quoting.IsDict() ? s->quoting.AsDict().Find(key) : nullptr;
    return !v || v->IsNone() || v->Truthy();
  };
  parts.quote_database = quoted("database");
  parts.quote_schema = quoted("schema");
  parts.quote_identifier = quoted("identifier");
  parts.event_time_filter = EventTimeFilter(from, s->config);
  parts.limit_zero = empty_;
  return context::MakeRelation(parts);
}

Value Compiler::RenderKwarg(Node& node, const Value& v) {
  // dbt renders every string argument, at any depth, natively: `{{ expr }}` and a bare
  // ref(...)/source(...)/var(...) call become their values; other strings holding Jinja
  // become the text they render to; the rest stay as they are.
  static const std::regex call(R"(^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$)");
  static const std::regex braces(R"(^\s*\{\{(.*)\}\}\s*$)");
  if (v.IsString()) {
    const std::string& text = v.AsString();
    std::smatch m;
    if (std::regex_match(text, m, braces) && m[1].str().find("}}") == std::string::npos) {
      return renderer_.Evaluate(node, m[1].str(), context::Mode::kExecute, nullptr, this);
    }
    if (std::regex_match(text, call)) {
      return renderer_.Evaluate(node, text, context::Mode::kExecute, nullptr, this);
    }
    if (text.find("{{") != std::string::npos || text.find("{%") != std::string::npos) {
      auto ast = jinja::Parse(text, node.original_file_path);
      return Value::String(renderer_.Render(node, *ast, context::Mode::kExecute, nullptr, this));
    }
    return v;
  }
  if (v.IsList()) {
    std::vector<Value> out;
    for (const auto& item : v.Items())
      out.push_back(RenderKwarg(node, item));
    return Value::List(std::move(out));
  }
  if (v.IsDict()) {
    Value out = Value::MakeDict();
    for (const auto& [k, item] : v.AsDict().entries())
      out.AsDict().Set(k, RenderKwarg(node, item));
    return out;
  }
  return v;
}

jinja::Dict Compiler::TestKwargs(Node& node) {
  // column_name is never rendered.
  jinja::Dict out;
  for (const auto& [k, v] : node.test_metadata->kwargs.AsDict().entries())
    out.Set(k, k.Str() == "column_name" ? v : RenderKwarg(node, v));
  return out;
}

namespace {

class CompileRecorder : public context::MacroCallObserver {
 public:
  explicit CompileRecorder(Node& node) : node_(node) {
    saved_ = context::MacroFunction::Observer();
    context::MacroFunction::Observer() = this;
  }
  ~CompileRecorder() override { context::MacroFunction::Observer() = saved_; }
  void OnMacroCall(const manifest::Macro& macro) override {
    auto& m = node_.depends_on_macros;
    if (std::find(m.begin(), m.end(), macro.unique_id) == m.end()) m.push_back(macro.unique_id);
  }

 private:
  Node& node_;
  context::MacroCallObserver* saved_;
};

}  // namespace

std::string Compiler::Render(Node& node) {
  CompileRecorder recorder(node);
  if (node.test_metadata) {
    jinja::Dict extra;
    Value kwargs = Value::MakeDict();
    jinja::Dict rendered = TestKwargs(node);
    for (const auto& [k, v] : rendered.entries())
      kwargs.AsDict().Set(k, v);
    extra.Set(Value::String("_dbt_generic_test_kwargs"), kwargs);
    return renderer_.Render(node, *node.ast, context::Mode::kExecute, nullptr, this, &extra);
  }
  return renderer_.Render(node, *node.ast, context::Mode::kExecute, nullptr, this);
}

std::string Compiler::EventTimeFilter(const Node& from, const jinja::DictPtr& target) {
  if (!from.batch.IsDict() || !target) return "";
  const Value* field = target->Find("event_time");
  if (!field || !field->IsString() || field->AsString().empty()) return "";
  const Value* start = from.batch.AsDict().Find("event_time_start");
  const Value* end = from.batch.AsDict().Find("event_time_end");
  if (!start || !end) return "";
  const std::string& f = field->AsString();
  return f + " >= '" + start->Str() + "' and " + f + " < '" + end->Str() + "'";
}

void Compiler::Recompile(Node& node) {
  done_.erase(node.unique_id);
  cte_refs_.erase(node.unique_id);
  pre_injected_.erase(node.unique_id);
  Compile(node);
}

void Compiler::Compile(Node& node) {
  if (done_.count(node.unique_id)) return;
  if (!node.ast) {  // seeds have no SQL
    done_.insert(node.unique_id);
    return;
  }
  if (!in_progress_.insert(node.unique_id).second) {
    throw Error(ErrorKind::kConfig,
                "ephemeral models refer to each other in a cycle through " + node.unique_id);
  }
  std::string sql = Render(node);
  pre_injected_[node.unique_id] = sql;
  // Ephemeral models this node used: theirs first (recursively), then each one itself.
  std::vector<std::pair<std::string, std::string>> ctes;
  auto add = [&](const std::string& id, const std::string& cte_sql) {
    for (auto& c : ctes) {
      if (c.first == id) return;
    }
    ctes.emplace_back(id, cte_sql);
  };
  for (const auto& id : cte_refs_[node.unique_id]) {
    Node& eph = *p_.manifest.nodes.at(id);
    Compile(eph);
    for (const auto& c : eph.extra_ctes)
      add(c.first, c.second);
    add(id, " __dbt__cte__" + eph.alias + " as (\n" + pre_injected_[id] + "\n)");
  }
  std::vector<std::string> cte_sql;
  for (const auto& c : ctes)
    cte_sql.push_back(c.second);
  node.extra_ctes = ctes;
  node.compiled_code = InjectCtes(sql, cte_sql);
  in_progress_.erase(node.unique_id);
  done_.insert(node.unique_id);
}

}  // namespace lakedev::compile
