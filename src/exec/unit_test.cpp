#include "exec/unit_test.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "adapters/relation_cache.hpp"
#include "compile/compiler.hpp"
#include "context/pydatetime.hpp"
#include "context/relation.hpp"
#include "jinja/error.hpp"
#include "jinja/objects.hpp"

namespace lakedev::exec {
using jinja::Value;
using manifest::Node;

namespace {

using adapters::Lower;

std::string Literal(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

struct ColumnTypes {
  std::vector<std::string> names;             // lower-case, in order
  std::map<std::string, std::string> type;    // lower name -> data_type (dbt's Column)
  std::map<std::string, std::string> quoted;  // lower name -> "Name"
};

// dbt's Column.data_type for a DuckDB type: strings are character varying(256).
std::string DataType(const std::string& dtype) {
  std::string l = Lower(dtype);
  if (l == "varchar" || l == "text" || l == "character varying" || l == "character") {
    return "character varying(256)";
  }
  return dtype;
}

ColumnTypes Columns(const std::vector<adapters::ColumnInfo>& cols) {
  ColumnTypes out;
  for (const auto& c : cols) {
    std::string l = Lower(c.name);
    out.names.push_back(l);
    out.type[l] = DataType(c.data_type);
    out.quoted[l] = "\"" + c.name + "\"";
  }
  return out;
}

// A fixture value as SQL, cast as dbt-duckdb's safe_cast does (try_cast).
std::string Cell(const Value& v, std::string type) {
  std::string text;
  if (v.IsNone()) {
    text = "null";
  } else if (v.IsString()) {
    text = Literal(v.AsString());
    if (type.find("varying") != std::string::npos) type = type.substr(0, type.find('('));
  } else {
    text = v.Str();
  }
  return "try_cast(" + text + " as " + type + ")";
}

// Rows of a given/expect: dict rows, csv text, or (format sql) the SQL itself.
std::vector<Value> Rows(const Value& spec, const std::string& what) {
  const Value* format = spec.IsDict() ? spec.AsDict().Find("format") : nullptr;
  const Value* rows = spec.IsDict() ? spec.AsDict().Find("rows") : nullptr;
  std::string f = format && format->IsString() ? format->AsString() : "dict";
  std::vector<Value> out;
  if (!rows || rows->IsNone()) return out;
  if (f == "dict") {
    if (!rows->IsList()) throw Error(ErrorKind::kConfig, what + ": `rows` must be a list of dicts");
    return rows->Items();
  }
  if (f == "csv") {
    std::istringstream in(rows->Str());
    std::string line;
    std::vector<std::string> header;
    while (std::getline(in, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.pop_back();
      if (line.empty()) continue;
      std::vector<std::string> cells;
      std::string cell;
      std::istringstream ls(line);
      while (std::getline(ls, cell, ',')) {
        size_t b = cell.find_first_not_of(' ');
        cells.push_back(b == std::string::npos ? "" : cell.substr(b));
      }
      if (header.empty()) {
        header = cells;
        continue;
      }
      Value d = Value::MakeDict();
      for (size_t i = 0; i < header.size(); ++i) {
        std::string c = i < cells.size() ? cells[i] : "";
        d.AsDict().Set(Value::String(header[i]),
                       c.empty() || Lower(c) == "null" ? Value::MakeNone() : Value::String(c));
      }
      out.push_back(d);
    }
    return out;
  }
  throw Error(ErrorKind::kConfig, what + ": the format '" + f + "' is not supported by lakedev yet",
              {}, "give the rows as a list of dicts (format: dict) or csv");
}

// `select <cells> as "col", ...` per row (union all); columns a row leaves out are null.
std::string FixtureSql(const std::vector<Value>& rows, const ColumnTypes& cols,
                       const std::string& what, bool defaults) {
  std::vector<std::string> selects;
  for (const auto& row : rows) {
    std::map<std::string, std::string> cells;
    if (defaults) {
      for (const auto& n : cols.names)
        cells[n] = Cell(Value::MakeNone(), cols.type.at(n));
    }
    std::vector<std::string> order;
    for (const auto& [k, v] : row.AsDict().entries()) {
      std::string name = Lower(k.Str());
      if (!cols.type.count(name)) {
        std::string accepted;
        for (const auto& n : cols.names)
          accepted += (accepted.empty() ? "'" : ", '") + n + "'";
        throw Error(ErrorKind::kConfig,
                    "Invalid column name: '" + name + "' in unit test fixture for " + what +
                        ".\nAccepted columns for " + what + " are: [" + accepted + "]");
      }
      cells[name] = Cell(v, cols.type.at(name));
      order.push_back(name);
    }
    std::string s = "select";
    bool first = true;
    for (const auto& n : defaults ? cols.names : order) {
      s += std::string(first ? " " : ", ") + cells[n] + " as " + cols.quoted.at(n);
      first = false;
    }
    selects.push_back(s);
  }
  if (selects.empty()) {
    std::string s = "select";
    for (size_t i = 0; i < cols.names.size(); ++i) {
      s += std::string(i ? ", " : " ") + Cell(Value::MakeNone(), cols.type.at(cols.names[i])) +
           " as " + cols.quoted.at(cols.names[i]);
    }
    return s + " limit 0";
  }
  std::string out;
  for (size_t i = 0; i < selects.size(); ++i)
    out += (i ? "\nunion all\n" : "") + selects[i];
  return out;
}

// Resolves the model's refs and sources to the fixtures' CTEs.
class FixtureResolver : public context::Resolver {
 public:
  FixtureResolver(const manifest::Manifest& m, std::map<std::string, std::string> by_target)
      : m_(m), by_target_(std::move(by_target)) {}
  Value Ref(Node& from, const manifest::RefCall& ref) override {
    const Node* target = m_.ResolveRef(from.package_name, ref);
    return Cte(target ? target->unique_id : "", "ref('" + ref.name + "')");
  }
  Value Source(Node&, const std::string& source, const std::string& table) override {
    const manifest::Source* s = m_.FindSource(source, table);
    return Cte(s ? s->unique_id : "", "source('" + source + "', '" + table + "')");
  }
  std::vector<std::string> used;

 private:
  Value Cte(const std::string& id, const std::string& call) {
    auto it = by_target_.find(id);
    if (it == by_target_.end()) {
      throw jinja::TemplateError(
          jinja::TemplateErrorKind::kAssertion,
          "the unit test gives no rows for " + call + ", which the model reads: add it to `given`");
    }
    if (std::find(used.begin(), used.end(), id) == used.end()) used.push_back(id);
    context::RelationParts p;
    p.identifier = it->second;
    p.quote_identifier = false;
    p.type = "cte";
    return context::MakeRelation(p);
  }
  const manifest::Manifest& m_;
  std::map<std::string, std::string> by_target_;
};

std::string RowKey(const std::vector<Value>& row) {
  std::string key;
  for (const auto& v : row)
    key += v.Repr() + "\x1f";
  return key;
}

}  // namespace

std::string UnitTestLabel(const Node& ut) {
  const Value* model = ut.unit_test.IsDict() ? ut.unit_test.AsDict().Find("model") : nullptr;
  return (model ? model->Str() : std::string("?")) + "::" + ut.name;
}

NodeResult RunUnitTest(RunContext& run, Worker& w, Node& ut) {
  NodeResult r;
  r.unique_id = ut.unique_id;
  r.thread_id = w.thread_id;
  int64_t start = context::NowMicros();
  const manifest::Manifest& m = run.project.manifest;
  Node& model = *m.nodes.at(ut.depends_on_nodes.at(0));
  const jinja::Dict& spec = ut.unit_test.AsDict();
  adapters::Session& session = *w.session;
  try {
    // Fixtures for the given inputs, typed like the relations they stand for.
    std::map<std::string, std::string> cte_of;  // target unique_id -> CTE name
    std::map<std::string, std::string> cte_sql;
    static const std::regex ref_re(
        R"(^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)\s*$)");
    static const std::regex source_re(
        R"(^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$)");
    for (const auto& g : spec.Find("given")->Items()) {
      std::string input = g.AsDict().Find("input") ? g.AsDict().Find("input")->Str() : "";
      std::smatch mt;
      std::string id, relation, cte, what;
      if (std::regex_match(input, mt, ref_re)) {
        manifest::RefCall call;
        if (mt[2].matched) {
          call.package = mt[1].str();
          call.name = mt[2].str();
        } else {
          call.name = mt[1].str();
        }
        const Node* target = m.ResolveRef(model.package_name, call);
        if (!target) throw Error(ErrorKind::kConfig, "unit test given " + input + ": no such node");
        id = target->unique_id;
        relation = target->relation_name.value_or("");
        cte = "__dbt__cte__" + target->name;
        what = "'" + target->name + "'";
      } else if (input.find_first_not_of(" ") != std::string::npos &&
                 input.substr(input.find_first_not_of(" "), 4) == "this") {
        // the model's own relation (an incremental model reading what it built)
        id = "this";
        relation = model.relation_name.value_or("");
        cte = "__dbt__cte__" + model.name;
        what = "'" + model.name + "'";
      } else if (std::regex_match(input, mt, source_re)) {
        const manifest::Source* s = m.FindSource(mt[1].str(), mt[2].str());
        if (!s) throw Error(ErrorKind::kConfig, "unit test given " + input + ": no such source");
        id = s->unique_id;
        relation = s->relation_name;
        cte = "__dbt__cte__" + s->source_name + "__" + s->name;
        what = "'" + s->name + "'";
      } else {
        throw Error(ErrorKind::kConfig, "unit test " + UnitTestLabel(ut) + ": given input '" +
                                            input + "' is not ref(...) or source(...)");
      }
      const Value* format = g.AsDict().Find("format");
      std::string sql;
      if (format && format->IsString() && format->AsString() == "sql") {
        sql = g.AsDict().Find("rows") ? g.AsDict().Find("rows")->Str() : "";
      } else {
        ColumnTypes cols = Columns(session.Columns(relation));
        if (cols.names.empty()) {
          throw Error(ErrorKind::kConfig, "Not able to get columns for unit test " + what +
                                              " from relation " + relation +
                                              " because the relation doesn't exist");
        }
        sql = FixtureSql(Rows(g, what), cols, what, true);
      }
      cte_of[id] = cte;
      cte_sql[id] = "-- Fixture for " + what.substr(1, what.size() - 2) + "\n" + sql;
    }
    // The model's SQL over the fixtures.
    FixtureResolver resolver(m, cte_of);
    jinja::Dict extra;
    const Value* overrides = spec.Find("overrides");
    if (overrides && overrides->IsDict()) {
      if (const Value* macros = overrides->AsDict().Find("macros"); macros && macros->IsDict()) {
        for (const auto& [k, v] : macros->AsDict().entries()) {
          Value value = v;
          extra.Set(k,
                    jinja::MakeFunction(k.Str(), [value](jinja::Interpreter&, jinja::CallArgs& a) {
                      a.positional.clear();
                      a.keyword.clear();
                      return value;
                    }));
        }
      }
    }
    if (cte_of.count("this")) {
      context::RelationParts p;
      p.identifier = cte_of["this"];
      p.quote_identifier = false;
      p.type = "cte";
      extra.Set(Value::String("this"), context::MakeRelation(p));
      resolver.used.push_back("this");
    }
    std::string model_sql;
    {
      ExecutionScope scope(w, run.cache);
      model_sql = w.renderer->Render(model, *model.ast, context::Mode::kExecute, nullptr, &resolver,
                                     &extra);
    }
    std::vector<std::string> ctes;
    for (const auto& id : resolver.used)
      ctes.push_back(" " + cte_of[id] + " as (\n" + cte_sql[id] + "\n)");
    model_sql = compile::InjectCtes(model_sql, ctes);
    r.timing.push_back({"compile", start, context::NowMicros()});
    int64_t exec_start = context::NowMicros();
    // Expected rows, typed like the model's output.
    adapters::Table described;
    session.Execute("describe (select * from (" + model_sql + ") as __dbt_sbq where false limit 0)",
                    &described);
    std::vector<adapters::ColumnInfo> out_cols;
    for (const auto& row : described.rows)
      out_cols.push_back({row[0].Str(), row[1].Str(), {}, {}, {}});
    ColumnTypes cols = Columns(out_cols);
    std::vector<Value> expected_rows = Rows(*spec.Find("expect"), "expected output");
    std::vector<std::string> tested;
    if (!expected_rows.empty()) {
      for (const auto& [k, v] : expected_rows[0].AsDict().entries())
        tested.push_back(Lower(k.Str()));
    } else {
      tested = cols.names;
    }
    std::string tested_csv;
    for (const auto& n : tested) {
      if (!cols.quoted.count(n)) {
        throw Error(ErrorKind::kConfig,
                    "Invalid column name: '" + n + "' in unit test fixture for expected output.");
      }
      tested_csv += (tested_csv.empty() ? "" : ", ") + cols.quoted.at(n);
    }
    std::string expected_sql = expected_rows.empty()
                                   ? "select * from dbt_internal_unit_test_actual limit 0"
                                   : FixtureSql(expected_rows, cols, "expected output", false);
    std::string sql =
        "-- Build actual result given inputs\nwith dbt_internal_unit_test_actual as (\n  select\n  "
        "  " +
        tested_csv + ", 'actual' as \"actual_or_expected\"\n  from (\n    " + model_sql +
        "\n  ) _dbt_internal_unit_test_actual\n),\n-- Build expected result\n"
        "dbt_internal_unit_test_expected as (\n  select\n    " +
        tested_csv + ", 'expected' as \"actual_or_expected\"\n  from (\n    " + expected_sql +
        "\n  ) _dbt_internal_unit_test_expected\n)\n"
        "-- Union actual and expected results\nselect * from dbt_internal_unit_test_actual\n"
        "union all\nselect * from dbt_internal_unit_test_expected\n";
    r.compiled = true;
    r.compiled_code = model_sql;
    {
      std::string path =
          run.target_path + "/compiled/" + ut.package_name + "/" + ut.original_file_path + "/" +
          model.original_file_path.substr(0, model.original_file_path.rfind('/') + 1) + ut.name +
          ".sql";
      r.compiled_path = path;
      std::filesystem::path full = std::filesystem::path(run.project_dir) / path;
      std::filesystem::create_directories(full.parent_path());
      std::ofstream(full, std::ios::binary) << model_sql;
    }
    adapters::Table result;
    session.Execute(sql, &result);
    session.Rollback();
    r.timing.push_back({"execute", exec_start, context::NowMicros()});
    std::vector<std::string> actual, expected;
    std::vector<std::string> actual_text, expected_text;
    for (const auto& row : result.rows) {
      std::vector<Value> values(row.begin(), row.end() - 1);
      bool is_actual = row.back().Str() == "actual";
      (is_actual ? actual : expected).push_back(RowKey(values));
    }
    std::sort(actual.begin(), actual.end());
    std::sort(expected.begin(), expected.end());
    r.response = AdapterResponse{"OK", std::nullopt, std::nullopt};
    if (actual == expected) {
      r.status = Status::kPass;
      r.failures = 0;
      r.console_status = "PASS";
    } else {
      r.status = Status::kFail;
      r.failures = 1;
      std::string diff = "\n\nactual differs from expected:\n\n";
      for (const auto& row : result.rows) {
        std::string line;
        for (size_t c = 0; c + 1 < row.size(); ++c)
          line += (c ? " | " : "") + row[c].Repr();
        diff += (row.back().Str() == "actual" ? "  actual:   " : "  expected: ") + line + "\n";
      }
      r.message = diff;
      r.console_status = "FAIL 1";
    }
  } catch (const std::exception& e) {
    try {
      session.Rollback();
    } catch (const std::exception&) {
    }
    std::string text = ErrorText(e);
    r.status = Status::kError;
    r.message = "Runtime Error in unit_test " + ut.name + " (" + ut.original_file_path +
                ")\n  An error occurred during execution of unit test '" + ut.name +
                "'. There may be an error in the unit test definition: check the data types.\n   " +
                text;
    r.console_status = "ERROR";
  }
  r.execution_time = static_cast<double>(context::NowMicros() - start) / 1e6;
  return r;
}

}  // namespace lakedev::exec
