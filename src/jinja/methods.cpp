// Python's methods on str, list and dict, as templates call them ('a,b'.split(','),
// my_list.append(x), my_dict.items()). Mutating methods act on the shared object, so
// aliases see the change as in Python.
#include <algorithm>
#include <functional>

#include "jinja/interpreter.hpp"
#include "jinja/operations.hpp"
#include "jinja/text.hpp"

namespace lakedev::jinja {

namespace {

using Method = Value (*)(Interpreter&, const Value& self, CallArgs& args);

class BoundMethod : public Callable {
 public:
  BoundMethod(Value self, std::string name, Method fn)
      : self_(std::move(self)), name_(std::move(name)), fn_(fn) {}
  Value Call(Interpreter& interp, CallArgs& args) override { return fn_(interp, self_, args); }
  std::string Name() const override { return name_; }
  std::string Repr() const override {
    return "<built-in method " + name_ + " of " + self_.TypeName() + " object>";
  }

 private:
  Value self_;
  std::string name_;
  Method fn_;
};

std::string StrArg(CallArgs& a, size_t i, const char* name, const char* method) {
  auto v = a.Take(i, name);
  if (!v) ThrowTypeError(std::string(method) + "() missing required argument '" + name + "'");
  if (!v->IsString()) {
    ThrowTypeError(std::string(method) + "() argument must be str, not " + v->TypeName());
  }
  return v->AsString();
}

std::optional<std::string> OptStrArg(CallArgs& a, size_t i, const char* name, const char* method) {
  auto v = a.Take(i, name);
  if (!v || v->IsNone()) return std::nullopt;
  if (!v->IsString())
    ThrowTypeError(std::string(method) + "() argument must be str or None, not " + v->TypeName());
  return v->AsString();
}

int64_t IntArg(CallArgs& a, size_t i, const char* name, int64_t dflt) {
  auto v = a.Take(i, name);
  if (!v || v->IsNone()) return dflt;
  if (!v->IsInt() && !v->IsBool())
    ThrowTypeError("'" + v->TypeName() + "' object cannot be interpreted as an integer");
  return v->AsInt();
}

Value Str(std::string s) {
  return Value::String(std::move(s));
}

// ---- str -------------------------------------------------------------------------------

std::vector<uint32_t> StripSet(const std::optional<std::string>& chars) {
  return chars ? text::Decode(*chars) : std::vector<uint32_t>{};
}

std::string Strip(const std::string& s, const std::optional<std::string>& chars, bool left,
                  bool right) {
  auto cps = text::Decode(s);
  auto set = StripSet(chars);
  auto strip = [&](uint32_t cp) {
    return chars ? std::find(set.begin(), set.end(), cp) != set.end() : text::IsSpace(cp);
  };
  size_t b = 0, e = cps.size();
  if (left) {
    while (b < e && strip(cps[b]))
      ++b;
  }
  if (right) {
    while (e > b && strip(cps[e - 1]))
      --e;
  }
  return text::Encode(std::vector<uint32_t>(cps.begin() + static_cast<std::ptrdiff_t>(b),
                                            cps.begin() + static_cast<std::ptrdiff_t>(e)));
}

template <bool kLeft, bool kRight>
Value StripMethod(Interpreter&, const Value& self, CallArgs& a) {
  auto chars = OptStrArg(a, 0, "chars", "strip");
  a.ExpectNoMore("strip");
  return Str(Strip(self.AsString(), chars, kLeft, kRight));
}

std::vector<Value> SplitWhitespace(const std::string& s, int64_t maxsplit, bool from_right) {
  auto cps = text::Decode(s);
  std::vector<std::string> parts;
  if (!from_right) {
    size_t i = 0;
    while (i < cps.size()) {
      while (i < cps.size() && text::IsSpace(cps[i]))
        ++i;
      if (i >= cps.size()) break;
      if (maxsplit >= 0 && static_cast<int64_t>(parts.size()) == maxsplit) {
        // The rest, trailing whitespace included, as Python leaves it.
        parts.push_back(text::Encode({cps.begin() + static_cast<std::ptrdiff_t>(i), cps.end()}));
        break;
      }
      size_t start = i;
      while (i < cps.size() && !text::IsSpace(cps[i]))
        ++i;
      parts.push_back(text::Encode({cps.begin() + static_cast<std::ptrdiff_t>(start),
                                    cps.begin() + static_cast<std::ptrdiff_t>(i)}));
    }
  } else {
    size_t i = cps.size();
    while (i > 0) {
      while (i > 0 && text::IsSpace(cps[i - 1]))
        --i;
      if (i == 0) break;
      if (maxsplit >= 0 && static_cast<int64_t>(parts.size()) == maxsplit) {
        parts.push_back(text::Encode({cps.begin(), cps.begin() + static_cast<std::ptrdiff_t>(i)}));
        break;
      }
      size_t end = i;
      while (i > 0 && !text::IsSpace(cps[i - 1]))
        --i;
      parts.push_back(text::Encode({cps.begin() + static_cast<std::ptrdiff_t>(i),
                                    cps.begin() + static_cast<std::ptrdiff_t>(end)}));
    }
    std::reverse(parts.begin(), parts.end());
  }
  std::vector<Value> out;
  for (auto& p : parts)
    out.push_back(Str(std::move(p)));
  return out;
}

template <bool kRight>
Value SplitMethod(Interpreter&, const Value& self, CallArgs& a) {
  auto sep = OptStrArg(a, 0, "sep", kRight ? "rsplit" : "split");
  int64_t maxsplit = IntArg(a, 1, "maxsplit", -1);
  a.ExpectNoMore(kRight ? "rsplit" : "split");
  const std::string& s = self.AsString();
  if (!sep) return Value::List(SplitWhitespace(s, maxsplit, kRight));
  if (sep->empty()) throw TemplateError(TemplateErrorKind::kValue, "empty separator");
  std::vector<Value> out;
  if (!kRight) {
    size_t start = 0;
    while (maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) {
      size_t hit = s.find(*sep, start);
      if (hit == std::string::npos) break;
      out.push_back(Str(s.substr(start, hit - start)));
      start = hit + sep->size();
    }
    out.push_back(Str(s.substr(start)));
  } else {
    size_t end = s.size();
    std::vector<Value> rev;
    while (maxsplit < 0 || static_cast<int64_t>(rev.size()) < maxsplit) {
      if (end < sep->size()) break;
      size_t hit = s.rfind(*sep, end - sep->size());
      if (hit == std::string::npos) break;
      rev.push_back(Str(s.substr(hit + sep->size(), end - hit - sep->size())));
      end = hit;
    }
    rev.push_back(Str(s.substr(0, end)));
    out.assign(rev.rbegin(), rev.rend());
  }
  return Value::List(std::move(out));
}

Value SplitLines(Interpreter&, const Value& self, CallArgs& a) {
  auto keep = a.Take(0, "keepends");
  a.ExpectNoMore("splitlines");
  bool keepends = keep && keep->Truthy();
  const std::string& s = self.AsString();
  std::vector<Value> out;
  size_t start = 0;
  for (size_t i = 0; i < s.size();) {
    size_t line_end = i;
    size_t next = i;
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool brk = false;
    if (c == '\n' || c == '\x0b' || c == '\x0c' || (c >= 0x1c && c <= 0x1e)) {
      brk = true;
      next = i + 1;
    } else if (c == '\r') {
      brk = true;
      next = (i + 1 < s.size() && s[i + 1] == '\n') ? i + 2 : i + 1;
    } else {
      size_t j = i;
      uint32_t cp = text::Next(s, j);
      if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
        brk = true;
        next = j;
      } else {
        i = j;
        continue;
      }
    }
    if (brk) {
      out.push_back(Str(s.substr(start, (keepends ? next : line_end) - start)));
      start = next;
      i = next;
    }
  }
  if (start < s.size()) out.push_back(Str(s.substr(start)));
  return Value::List(std::move(out));
}

Value Replace(Interpreter&, const Value& self, CallArgs& a) {
  std::string old = StrArg(a, 0, "old", "replace");
  std::string repl = StrArg(a, 1, "new", "replace");
  int64_t count = IntArg(a, 2, "count", -1);
  a.ExpectNoMore("replace");
  const std::string& s = self.AsString();
  std::string out;
  if (old.empty()) {
    // Python inserts `new` between every character (and at both ends).
    auto cps = CodePoints(s);
    int64_t done = 0;
    for (size_t i = 0; i <= cps.size(); ++i) {
      if (count < 0 || done < count) {
        out += repl;
        ++done;
      }
      if (i < cps.size()) out += cps[i];
    }
    return Str(out);
  }
  size_t start = 0;
  int64_t done = 0;
  while (count < 0 || done < count) {
    size_t hit = s.find(old, start);
    if (hit == std::string::npos) break;
    out.append(s, start, hit - start);
    out += repl;
    start = hit + old.size();
    ++done;
  }
  out.append(s, start);
  return Str(out);
}

template <bool kEnds>
Value AffixTest(Interpreter&, const Value& self, CallArgs& a) {
  const char* fname = kEnds ? "endswith" : "startswith";
  auto arg = a.Take(0, "prefix");
  if (!arg) ThrowTypeError(std::string(fname) + "() takes at least 1 argument (0 given)");
  auto cps = CodePoints(self.AsString());
  int64_t n = static_cast<int64_t>(cps.size());
  int64_t start = IntArg(a, 1, "start", 0), end = IntArg(a, 2, "end", n);
  a.ExpectNoMore(fname);
  auto clamp = [&](int64_t i) { return i < 0 ? std::max<int64_t>(0, i + n) : std::min(i, n); };
  start = clamp(start);
  end = clamp(end);
  std::string window;
  for (int64_t i = start; i < end; ++i)
    window += cps[static_cast<size_t>(i)];
  std::vector<Value> candidates = arg->IsTuple() ? arg->Items() : std::vector<Value>{*arg};
  if (start > n) return Value::Bool(false);
  for (const auto& c : candidates) {
    if (!c.IsString()) {
      ThrowTypeError(std::string(fname) + " first arg must be str or a tuple of str, not " +
                     c.TypeName());
    }
    const std::string& x = c.AsString();
    if (x.size() <= window.size() &&
        (kEnds ? window.compare(window.size() - x.size(), x.size(), x) == 0
               : window.compare(0, x.size(), x) == 0)) {
      return Value::Bool(true);
    }
  }
  return Value::Bool(false);
}

// find/rfind/index/rindex/count over code points.
enum class Search { kFind, kRFind, kIndex, kRIndex, kCount };
template <Search kMode>
Value SearchMethod(Interpreter&, const Value& self, CallArgs& a) {
  const char* fname = kMode == Search::kFind     ? "find"
                      : kMode == Search::kRFind  ? "rfind"
                      : kMode == Search::kIndex  ? "index"
                      : kMode == Search::kRIndex ? "rindex"
                                                 : "count";
  std::string sub = StrArg(a, 0, "sub", fname);
  auto hay = text::Decode(self.AsString());
  auto needle = text::Decode(sub);
  int64_t n = static_cast<int64_t>(hay.size());
  int64_t start = IntArg(a, 1, "start", 0), end = IntArg(a, 2, "end", n);
  a.ExpectNoMore(fname);
  auto clamp = [&](int64_t i) { return i < 0 ? std::max<int64_t>(0, i + n) : std::min(i, n); };
  start = clamp(start);
  end = clamp(end);
  int64_t m = static_cast<int64_t>(needle.size());
  auto match_at = [&](int64_t i) {
    for (int64_t k = 0; k < m; ++k) {
      if (hay[static_cast<size_t>(i + k)] != needle[static_cast<size_t>(k)]) return false;
    }
    return true;
  };
  if (kMode == Search::kCount) {
    int64_t count = 0;
    if (start > n) return Value::Int(0);
    if (m == 0) return Value::Int(std::max<int64_t>(0, end - start) + 1);
    for (int64_t i = start; i + m <= end;) {
      if (match_at(i)) {
        ++count;
        i += m;
      } else {
        ++i;
      }
    }
    return Value::Int(count);
  }
  int64_t found = -1;
  if (start <= end) {
    if (kMode == Search::kFind || kMode == Search::kIndex) {
      for (int64_t i = start; i + m <= end; ++i) {
        if (match_at(i)) {
          found = i;
          break;
        }
      }
    } else {
      for (int64_t i = end - m; i >= start; --i) {
        if (match_at(i)) {
          found = i;
          break;
        }
      }
    }
  }
  if (found < 0 && (kMode == Search::kIndex || kMode == Search::kRIndex)) {
    throw TemplateError(TemplateErrorKind::kValue, "substring not found");
  }
  return Value::Int(found);
}

Value Join(Interpreter&, const Value& self, CallArgs& a) {
  auto it = a.Take(0, "iterable");
  a.ExpectNoMore("join");
  if (!it) ThrowTypeError("join() takes exactly one argument (0 given)");
  std::string out;
  size_t i = 0;
  for (const auto& v : Iterate(*it)) {
    if (!v.IsString()) {
      ThrowTypeError("sequence item " + std::to_string(i) + ": expected str instance, " +
                     v.TypeName() + " found");
    }
    if (i++) out += self.AsString();
    out += v.AsString();
  }
  return Str(out);
}

Value Format(Interpreter& interp, const Value& self, CallArgs& a) {
  return Str(StrFormat(interp, self.AsString(), a));
}

template <std::string (*kFn)(std::string_view)>
Value CaseMethod(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore("case");
  return Str(kFn(self.AsString()));
}

std::string SwapCase(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = text::Next(s, i);
    text::Append(out, text::IsUpper(cp)   ? text::ToLower(cp)
                      : text::IsLower(cp) ? text::ToUpper(cp)
                                          : cp);
  }
  return out;
}

template <bool (*kClass)(uint32_t)>
Value ClassMethod(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore("is");
  const std::string& s = self.AsString();
  if (s.empty()) return Value::Bool(false);
  for (size_t i = 0; i < s.size();) {
    if (!kClass(text::Next(s, i))) return Value::Bool(false);
  }
  return Value::Bool(true);
}

template <bool kUpper>
Value CaseTest(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore(kUpper ? "isupper" : "islower");
  bool cased = false;
  const std::string& s = self.AsString();
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = text::Next(s, i);
    if (kUpper ? text::IsLower(cp) : text::IsUpper(cp)) return Value::Bool(false);
    cased |= text::IsUpper(cp) || text::IsLower(cp);
  }
  return Value::Bool(cased);
}

enum class Pad { kCenter, kLeft, kRight, kZfill };
template <Pad kPad>
Value PadMethod(Interpreter&, const Value& self, CallArgs& a) {
  int64_t width = IntArg(a, 0, "width", 0);
  std::string fill = " ";
  if (kPad != Pad::kZfill) {
    if (auto f = a.Take(1, "fillchar")) {
      if (!f->IsString() || CodePointCount(f->AsString()) != 1) {
        ThrowTypeError("The fill character must be exactly one character long");
      }
      fill = f->AsString();
    }
  }
  a.ExpectNoMore("pad");
  const std::string& s = self.AsString();
  int64_t len = static_cast<int64_t>(CodePointCount(s));
  if (width <= len) return self;
  int64_t total = width - len;
  auto rep = [&](int64_t k, const std::string& f) {
    std::string out;
    for (int64_t i = 0; i < k; ++i)
      out += f;
    return out;
  };
  switch (kPad) {
    case Pad::kLeft:
      return Str(s + rep(total, fill));
    case Pad::kRight:
      return Str(rep(total, fill) + s);
    case Pad::kCenter: {
      // CPython: left = total/2 + (total & width & 1)
      int64_t left = total / 2 + (total & width & 1);
      return Str(rep(left, fill) + s + rep(total - left, fill));
    }
    case Pad::kZfill: {
      if (!s.empty() && (s[0] == '-' || s[0] == '+'))
        return Str(s.substr(0, 1) + rep(total, "0") + s.substr(1));
      return Str(rep(total, "0") + s);
    }
  }
  return self;
}

template <bool kRight>
Value Partition(Interpreter&, const Value& self, CallArgs& a) {
  std::string sep = StrArg(a, 0, "sep", "partition");
  a.ExpectNoMore("partition");
  if (sep.empty()) throw TemplateError(TemplateErrorKind::kValue, "empty separator");
  const std::string& s = self.AsString();
  size_t hit = kRight ? s.rfind(sep) : s.find(sep);
  if (hit == std::string::npos) {
    return kRight ? Value::Tuple({Str(""), Str(""), self}) : Value::Tuple({self, Str(""), Str("")});
  }
  return Value::Tuple({Str(s.substr(0, hit)), Str(sep), Str(s.substr(hit + sep.size()))});
}

template <bool kSuffix>
Value RemoveAffix(Interpreter&, const Value& self, CallArgs& a) {
  std::string x =
      StrArg(a, 0, kSuffix ? "suffix" : "prefix", kSuffix ? "removesuffix" : "removeprefix");
  a.ExpectNoMore("remove");
  const std::string& s = self.AsString();
  if (kSuffix ? s.ends_with(x) && !x.empty() : s.starts_with(x) && !x.empty()) {
    return Str(kSuffix ? s.substr(0, s.size() - x.size()) : s.substr(x.size()));
  }
  return self;
}

// ---- list ------------------------------------------------------------------------------

Value Append(Interpreter&, const Value& self, CallArgs& a) {
  auto v = a.Take(0, "object");
  a.ExpectNoMore("append");
  if (!v) ThrowTypeError("list.append() takes exactly one argument (0 given)");
  self.MutableItems().push_back(*v);
  return Value::MakeNone();
}

Value Extend(Interpreter&, const Value& self, CallArgs& a) {
  auto v = a.Take(0, "iterable");
  a.ExpectNoMore("extend");
  if (!v) ThrowTypeError("list.extend() takes exactly one argument (0 given)");
  auto items = Iterate(*v);
  self.MutableItems().insert(self.MutableItems().end(), items.begin(), items.end());
  return Value::MakeNone();
}

Value Insert(Interpreter&, const Value& self, CallArgs& a) {
  int64_t i = IntArg(a, 0, "index", 0);
  auto v = a.Take(1, "object");
  a.ExpectNoMore("insert");
  if (!v) ThrowTypeError("insert expected 2 arguments, got 1");
  auto& items = self.MutableItems();
  int64_t n = static_cast<int64_t>(items.size());
  if (i < 0) i = std::max<int64_t>(0, i + n);
  i = std::min(i, n);
  items.insert(items.begin() + static_cast<std::ptrdiff_t>(i), *v);
  return Value::MakeNone();
}

Value Pop(Interpreter&, const Value& self, CallArgs& a) {
  auto& items = self.MutableItems();
  int64_t i = IntArg(a, 0, "index", -1);
  a.ExpectNoMore("pop");
  if (items.empty()) throw TemplateError(TemplateErrorKind::kIndex, "pop from empty list");
  int64_t n = static_cast<int64_t>(items.size());
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw TemplateError(TemplateErrorKind::kIndex, "pop index out of range");
  Value v = items[static_cast<size_t>(i)];
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
  return v;
}

Value Remove(Interpreter&, const Value& self, CallArgs& a) {
  auto v = a.Take(0, "value");
  a.ExpectNoMore("remove");
  auto& items = self.MutableItems();
  for (auto it = items.begin(); it != items.end(); ++it) {
    if (v && it->Equals(*v)) {
      items.erase(it);
      return Value::MakeNone();
    }
  }
  throw TemplateError(TemplateErrorKind::kValue, "list.remove(x): x not in list");
}

Value ListIndex(Interpreter&, const Value& self, CallArgs& a) {
  auto v = a.Take(0, "value");
  a.ExpectNoMore("index");
  const auto& items = self.Items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (v && items[i].Equals(*v)) return Value::Int(static_cast<int64_t>(i));
  }
  throw TemplateError(TemplateErrorKind::kValue, (v ? v->Repr() : "None") + " is not in list");
}

Value ListCount(Interpreter&, const Value& self, CallArgs& a) {
  auto v = a.Take(0, "value");
  a.ExpectNoMore("count");
  int64_t n = 0;
  for (const auto& x : self.Items())
    n += v && x.Equals(*v);
  return Value::Int(n);
}

Value ListCopy(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore("copy");
  return Value::List(self.Items());
}

Value Reverse(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore("reverse");
  std::reverse(self.MutableItems().begin(), self.MutableItems().end());
  return Value::MakeNone();
}

Value ListClear(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore("clear");
  self.MutableItems().clear();
  return Value::MakeNone();
}

Value Sort(Interpreter& interp, const Value& self, CallArgs& a) {
  auto key = a.Take(100, "key");
  auto rev = a.Take(101, "reverse");
  a.ExpectNoMore("sort");
  auto& items = self.MutableItems();
  std::vector<Value> keys;
  for (const auto& v : items) {
    if (key && !key->IsNone()) {
      CallArgs ka;
      ka.positional.push_back(v);
      keys.push_back(CallValue(interp, *key, ka));
    } else {
      keys.push_back(v);
    }
  }
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  bool reverse = rev && rev->Truthy();
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return reverse ? CompareOrder("<", keys[y], keys[x]) : CompareOrder("<", keys[x], keys[y]);
  });
  std::vector<Value> sorted;
  for (size_t i : order)
    sorted.push_back(items[i]);
  items = std::move(sorted);
  return Value::MakeNone();
}

// ---- dict ------------------------------------------------------------------------------

// dict_keys / dict_values / dict_items: iterate like lists, print like Python's views.
class DictView : public Object {
 public:
  DictView(std::string kind, std::vector<Value> items)
      : kind_(std::move(kind)), items_(std::move(items)) {}
  std::string TypeName() const override { return kind_; }
  std::optional<std::vector<Value>> Iterate() override { return items_; }
  bool Truthy() const override { return !items_.empty(); }
  std::string Repr() const override { return kind_ + "(" + Value::List(items_).Repr() + ")"; }

 private:
  std::string kind_;
  std::vector<Value> items_;
};

template <int kWhat>
Value View(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore(kWhat == 0 ? "keys" : kWhat == 1 ? "values" : "items");
  std::vector<Value> out;
  for (const auto& [k, v] : self.AsDict().entries()) {
    out.push_back(kWhat == 0 ? k : kWhat == 1 ? v : Value::Tuple({k, v}));
  }
  return Value::Obj(std::make_shared<DictView>(kWhat == 0   ? "dict_keys"
                                               : kWhat == 1 ? "dict_values"
                                                            : "dict_items",
                                               std::move(out)));
}

Value DictGet(Interpreter&, const Value& self, CallArgs& a) {
  auto k = a.Take(0, "key");
  auto d = a.Take(1, "default");
  a.ExpectNoMore("get");
  if (!k) ThrowTypeError("get expected at least 1 argument, got 0");
  if (!k->Hashable()) ThrowTypeError("unhashable type: '" + k->TypeName() + "'");
  if (const Value* v = self.AsDict().Find(*k)) return *v;
  return d ? *d : Value::MakeNone();
}

Value DictUpdate(Interpreter&, const Value& self, CallArgs& a) {
  Dict& d = self.AsDict();
  if (!a.positional.empty()) {
    const Value& other = a.positional[0];
    if (other.IsDict()) {
      auto entries = other.AsDict().entries();
      for (const auto& [k, v] : entries)
        d.Set(k, v);
    } else {
      for (const auto& pair : Iterate(other)) {
        auto kv = Iterate(pair);
        if (kv.size() != 2) {
          throw TemplateError(TemplateErrorKind::kValue,
                              "dictionary update sequence element has length " +
                                  std::to_string(kv.size()) + "; 2 is required");
        }
        if (!kv[0].Hashable()) ThrowTypeError("unhashable type: '" + kv[0].TypeName() + "'");
        d.Set(kv[0], kv[1]);
      }
    }
  }
  if (a.positional.size() > 1)
    ThrowTypeError("update expected at most 1 argument, got " +
                   std::to_string(a.positional.size()));
  for (const auto& [k, v] : a.keyword)
    d.Set(Value::String(k), v);
  return Value::MakeNone();
}

Value DictPop(Interpreter&, const Value& self, CallArgs& a) {
  auto k = a.Take(0, "key");
  auto d = a.Take(1, "default");
  a.ExpectNoMore("pop");
  if (!k) ThrowTypeError("pop expected at least 1 argument, got 0");
  // CPython answers pop() on an empty dict before hashing the key.
  if (!self.AsDict().empty() && !k->Hashable()) {
    ThrowTypeError("unhashable type: '" + k->TypeName() + "'");
  }
  if (const Value* v = self.AsDict().Find(*k)) {
    Value out = *v;
    self.AsDict().Erase(*k);
    return out;
  }
  if (d) return *d;
  throw TemplateError(TemplateErrorKind::kKey, k->Repr());
}

Value SetDefault(Interpreter&, const Value& self, CallArgs& a) {
  auto k = a.Take(0, "key");
  auto d = a.Take(1, "default");
  a.ExpectNoMore("setdefault");
  if (!k) ThrowTypeError("setdefault expected at least 1 argument, got 0");
  if (!k->Hashable()) ThrowTypeError("unhashable type: '" + k->TypeName() + "'");
  if (const Value* v = self.AsDict().Find(*k)) return *v;
  Value dv = d ? *d : Value::MakeNone();
  self.AsDict().Set(*k, dv);
  return dv;
}

Value DictCopy(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore("copy");
  auto d = std::make_shared<Dict>(self.AsDict());
  return Value::MakeDict(d);
}

Value DictClear(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore("clear");
  self.AsDict().Clear();
  return Value::MakeNone();
}

Value PopItem(Interpreter&, const Value& self, CallArgs& a) {
  a.ExpectNoMore("popitem");
  Dict& d = self.AsDict();
  if (d.empty()) throw TemplateError(TemplateErrorKind::kKey, "'popitem(): dictionary is empty'");
  auto last = d.entries().back();
  d.Erase(last.first);
  return Value::Tuple({last.first, last.second});
}

struct Entry {
  const char* name;
  Method fn;
};

const Entry kStrMethods[] = {
    {"upper", CaseMethod<text::Upper>},
    {"lower", CaseMethod<text::Lower>},
    {"casefold", CaseMethod<text::Lower>},
    {"capitalize", CaseMethod<text::Capitalize>},
    {"title", CaseMethod<text::Title>},
    {"swapcase", CaseMethod<SwapCase>},
    {"strip", StripMethod<true, true>},
    {"lstrip", StripMethod<true, false>},
    {"rstrip", StripMethod<false, true>},
    {"split", SplitMethod<false>},
    {"rsplit", SplitMethod<true>},
    {"splitlines", SplitLines},
    {"replace", Replace},
    {"startswith", AffixTest<false>},
    {"endswith", AffixTest<true>},
    {"find", SearchMethod<Search::kFind>},
    {"rfind", SearchMethod<Search::kRFind>},
    {"index", SearchMethod<Search::kIndex>},
    {"rindex", SearchMethod<Search::kRIndex>},
    {"count", SearchMethod<Search::kCount>},
    {"join", Join},
    {"format", Format},
    {"isdigit", ClassMethod<text::IsDigit>},
    {"isdecimal", ClassMethod<text::IsDigit>},
    {"isnumeric", ClassMethod<text::IsDigit>},
    {"isalpha", ClassMethod<text::IsAlpha>},
    {"isalnum", ClassMethod<text::IsAlnum>},
    {"isspace", ClassMethod<text::IsSpace>},
    {"islower", CaseTest<false>},
    {"isupper", CaseTest<true>},
    {"center", PadMethod<Pad::kCenter>},
    {"ljust", PadMethod<Pad::kLeft>},
    {"rjust", PadMethod<Pad::kRight>},
    {"zfill", PadMethod<Pad::kZfill>},
    {"partition", Partition<false>},
    {"rpartition", Partition<true>},
    {"removeprefix", RemoveAffix<false>},
    {"removesuffix", RemoveAffix<true>},
};

const Entry kListMethods[] = {
    {"append", Append}, {"extend", Extend},   {"insert", Insert},   {"pop", Pop},
    {"remove", Remove}, {"index", ListIndex}, {"count", ListCount}, {"copy", ListCopy},
    {"sort", Sort},     {"reverse", Reverse}, {"clear", ListClear},
};

const Entry kTupleMethods[] = {{"index", ListIndex}, {"count", ListCount}};

const Entry kDictMethods[] = {
    {"keys", View<0>},      {"values", View<1>},  {"items", View<2>},         {"get", DictGet},
    {"update", DictUpdate}, {"pop", DictPop},     {"setdefault", SetDefault}, {"copy", DictCopy},
    {"clear", DictClear},   {"popitem", PopItem},
};

template <size_t N>
std::optional<Value> Lookup(const Entry (&table)[N], const Value& self, std::string_view name) {
  for (const auto& e : table) {
    if (name == e.name) return Value::Func(std::make_shared<BoundMethod>(self, e.name, e.fn));
  }
  return std::nullopt;
}

}  // namespace

std::optional<Value> BuiltinMethod(const Value& self, std::string_view name) {
  switch (self.kind()) {
    case Value::Kind::kString:
      return Lookup(kStrMethods, self, name);
    case Value::Kind::kList:
      return Lookup(kListMethods, self, name);
    case Value::Kind::kTuple:
      return Lookup(kTupleMethods, self, name);
    case Value::Kind::kDict:
      return Lookup(kDictMethods, self, name);
    default:
      return std::nullopt;
  }
}

}  // namespace lakedev::jinja
