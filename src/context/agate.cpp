#include "context/agate.hpp"

#include <iostream>

#include "jinja/error.hpp"
#include "jinja/objects.hpp"
#include "jinja/operations.hpp"

namespace lakedev::context {
using jinja::CallArgs;
using jinja::Interpreter;
using jinja::Value;
using TablePtr = std::shared_ptr<const adapters::Table>;

namespace {

// An index into the table's columns by position (negative from the end) or by name.
std::optional<size_t> ColumnIndex(const adapters::Table& t, const Value& key) {
  if (key.IsInt()) {
    int64_t i = key.AsInt();
    int64_t n = static_cast<int64_t>(t.column_names.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) return std::nullopt;
    return static_cast<size_t>(i);
  }
  if (key.IsString()) {
    for (size_t i = 0; i < t.column_names.size(); ++i) {
      if (t.column_names[i] == key.AsString()) return i;
    }
  }
  return std::nullopt;
}

std::optional<size_t> RowIndex(size_t count, const Value& key) {
  if (!key.IsInt()) return std::nullopt;
  int64_t i = key.AsInt();
  if (i < 0) i += static_cast<int64_t>(count);
  if (i < 0 || i >= static_cast<int64_t>(count)) return std::nullopt;
  return static_cast<size_t>(i);
}

class RowObject : public jinja::Object {
 public:
  RowObject(TablePtr t, size_t row) : t_(std::move(t)), row_(row) {}
  std::string TypeName() const override { return "Row"; }
  std::optional<Value> GetItem(const Value& key) override {
    auto c = ColumnIndex(*t_, key);
    if (!c) return std::nullopt;
    return t_->rows[row_][*c];
  }
  std::optional<std::vector<Value>> Iterate() override { return t_->rows[row_]; }
  std::optional<Value> GetAttr(std::string_view name) override {
    TablePtr t = t_;
    size_t row = row_;
    if (name == "keys") {
      return jinja::MakeFunction("keys", [t](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("keys");
        std::vector<Value> out;
        for (const auto& n : t->column_names)
          out.push_back(Value::String(n));
        return Value::Tuple(std::move(out));
      });
    }
    if (name == "values") {
      return jinja::MakeFunction("values", [t, row](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("values");
        return Value::Tuple(t->rows[row]);
      });
    }
    if (name == "items") {
      return jinja::MakeFunction("items", [t, row](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("items");
        std::vector<Value> out;
        for (size_t c = 0; c < t->column_names.size(); ++c) {
          out.push_back(Value::Tuple({Value::String(t->column_names[c]), t->rows[row][c]}));
        }
        return Value::List(std::move(out));
      });
    }
    if (name == "get") {
      return jinja::MakeFunction("get", [t, row](Interpreter&, CallArgs& a) {
        Value key = a.Take(0, "key").value_or(Value::MakeNone());
        Value fallback = a.Take(1, "default").value_or(Value::MakeNone());
        a.ExpectNoMore("get");
        auto c = ColumnIndex(*t, key);
        return c ? t->rows[row][*c] : fallback;
      });
    }
    if (name == "dict") {
      return jinja::MakeFunction("dict", [t, row](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("dict");
        Value d = Value::MakeDict();
        for (size_t c = 0; c < t->column_names.size(); ++c)
          d.AsDict().Set(Value::String(t->column_names[c]), t->rows[row][c]);
        return d;
      });
    }
    return std::nullopt;
  }
  std::string Repr() const override {
    return "<agate.Row: " + Value::Tuple(t_->rows[row_]).Repr() + ">";
  }

 private:
  TablePtr t_;
  size_t row_;
};

class ColumnObject : public jinja::Object {
 public:
  ColumnObject(TablePtr t, size_t col) : t_(std::move(t)), col_(col) {}
  std::string TypeName() const override { return "Column"; }
  std::vector<Value> Values() const {
    std::vector<Value> out;
    out.reserve(t_->rows.size());
    for (const auto& r : t_->rows)
      out.push_back(r[col_]);
    return out;
  }
  std::optional<Value> GetItem(const Value& key) override {
    auto r = RowIndex(t_->rows.size(), key);
    if (!r) return std::nullopt;
    return t_->rows[*r][col_];
  }
  std::optional<std::vector<Value>> Iterate() override { return Values(); }
  std::optional<Value> GetAttr(std::string_view name) override {
    if (name == "name") return Value::String(t_->column_names[col_]);
    if (name == "data_type") return Value::String(t_->column_types[col_]);
    std::vector<Value> values = Values();
    if (name == "values") {
      return jinja::MakeFunction("values", [values](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("values");
        return Value::Tuple(values);
      });
    }
    if (name == "values_distinct") {
      return jinja::MakeFunction("values_distinct", [values](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("values_distinct");
        std::vector<Value> out;
        for (const auto& v : values) {
          bool seen = false;
          for (const auto& o : out)
            seen = seen || o.Equals(v);
          if (!seen) out.push_back(v);
        }
        return Value::Tuple(std::move(out));
      });
    }
    if (name == "values_without_nulls") {
      return jinja::MakeFunction("values_without_nulls", [values](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("values_without_nulls");
        std::vector<Value> out;
        for (const auto& v : values) {
          if (!v.IsNone()) out.push_back(v);
        }
        return Value::Tuple(std::move(out));
      });
    }
    return std::nullopt;
  }
  std::string Repr() const override { return "<agate.Column>"; }

 private:
  TablePtr t_;
  size_t col_;
};

// table.rows and table.columns: sequences that also look up by column name.
class MappedSequence : public jinja::Object {
 public:
  MappedSequence(TablePtr t, bool columns) : t_(std::move(t)), columns_(columns) {}
  std::string TypeName() const override { return "MappedSequence"; }
  Value At(size_t i) const {
    if (columns_) return Value::Obj(std::make_shared<ColumnObject>(t_, i));
    return Value::Obj(std::make_shared<RowObject>(t_, i));
  }
  size_t Count() const { return columns_ ? t_->column_names.size() : t_->rows.size(); }
  std::optional<Value> GetItem(const Value& key) override {
    if (columns_) {
      auto c = ColumnIndex(*t_, key);
      if (!c) return std::nullopt;
      return At(*c);
    }
    auto r = RowIndex(Count(), key);
    if (!r) return std::nullopt;
    return At(*r);
  }
  std::optional<std::vector<Value>> Iterate() override {
    std::vector<Value> out;
    out.reserve(Count());
    for (size_t i = 0; i < Count(); ++i)
      out.push_back(At(i));
    return out;
  }
  std::optional<Value> GetAttr(std::string_view name) override {
    TablePtr t = t_;
    if (name == "keys" && columns_) {
      return jinja::MakeFunction("keys", [t](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("keys");
        std::vector<Value> out;
        for (const auto& n : t->column_names)
          out.push_back(Value::String(n));
        return Value::Tuple(std::move(out));
      });
    }
    if (name == "values") {
      auto items = *Iterate();
      return jinja::MakeFunction("values", [items](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("values");
        return Value::Tuple(items);
      });
    }
    return std::nullopt;
  }
  std::string Repr() const override { return "<agate.MappedSequence>"; }

 private:
  TablePtr t_;
  bool columns_;
};

class TableObject : public jinja::Object {
 public:
  explicit TableObject(TablePtr t) : t_(std::move(t)) {}
  std::string TypeName() const override { return "Table"; }
  std::optional<Value> GetAttr(std::string_view name) override {
    TablePtr t = t_;
    if (name == "rows") return Value::Obj(std::make_shared<MappedSequence>(t, false));
    if (name == "columns") return Value::Obj(std::make_shared<MappedSequence>(t, true));
    if (name == "column_names" || name == "column_types") {
      std::vector<Value> out;
      const auto& src = name == "column_names" ? t->column_names : t->column_types;
      for (const auto& n : src)
        out.push_back(Value::String(n));
      return Value::Tuple(std::move(out));
    }
    if (name == "print_table") {
      return jinja::MakeFunction("print_table", [t](Interpreter&, CallArgs& a) {
        auto rows = a.Take(0, "max_rows");
        auto cols = a.Take(1, "max_columns");
        a.Take(2, "output");
        a.Take(3, "max_column_width");
        a.ExpectNoMore("print_table");
        size_t max_rows = rows && rows->IsInt() ? static_cast<size_t>(rows->AsInt()) : 20;
        size_t max_cols = cols && cols->IsInt() ? static_cast<size_t>(cols->AsInt()) : 6;
        std::cout << FormatTable(*t, max_rows, max_cols);
        return Value::MakeNone();
      });
    }
    return std::nullopt;
  }
  std::optional<std::vector<Value>> Iterate() override {
    return MappedSequence(t_, false).Iterate();
  }
  std::string Repr() const override { return "<agate.table.Table object>"; }
  const adapters::Table& table() const { return *t_; }

 private:
  TablePtr t_;
};

bool IsNumeric(const std::string& type) {
  static const char* kNumeric[] = {"TINYINT", "SMALLINT", "INTEGER",   "BIGINT",
                                   "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                                   "UBIGINT", "FLOAT",    "DOUBLE",    "DECIMAL"};
  for (const char* n : kNumeric) {
    if (type.rfind(n, 0) == 0) return true;
  }
  return false;
}

}  // namespace

Value MakeAgateTable(TablePtr table) {
  return Value::Obj(std::make_shared<TableObject>(std::move(table)));
}

const adapters::Table* AgateTableOf(const Value& value) {
  if (!value.IsObject()) return nullptr;
  auto* t = dynamic_cast<TableObject*>(value.AsObject().get());
  return t ? &t->table() : nullptr;
}

std::string FormatTable(const adapters::Table& t, size_t max_rows, size_t max_columns) {
  size_t cols = std::min(t.column_names.size(), max_columns);
  size_t rows = std::min(t.rows.size(), max_rows);
  std::vector<std::vector<std::string>> cells(rows + 1);
  for (size_t c = 0; c < cols; ++c)
    cells[0].push_back(t.column_names[c]);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      const Value& v = t.rows[r][c];
      cells[r + 1].push_back(v.IsNone() ? "" : v.Str());
    }
  }
  std::vector<size_t> width(cols, 1);
  for (const auto& row : cells) {
    for (size_t c = 0; c < cols; ++c)
      width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& row, bool header) {
    out += "|";
    for (size_t c = 0; c < cols; ++c) {
      std::string pad(width[c] - row[c].size(), ' ');
      bool right = !header && IsNumeric(t.column_types[c]);
      out += " " + (right ? pad + row[c] : row[c] + pad) + " |";
    }
    out += "\n";
  };
  line(cells[0], true);
  out += "|";
  for (size_t c = 0; c < cols; ++c)
    out += " " + std::string(width[c], '-') + " |";
  out += "\n";
  for (size_t r = 1; r < cells.size(); ++r)
    line(cells[r], false);
  return out;
}

}  // namespace lakedev::context
