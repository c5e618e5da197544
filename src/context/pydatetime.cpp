#include "context/pydatetime.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "common/civil_date.hpp"
#include "jinja/error.hpp"
#include "jinja/objects.hpp"

namespace lakedev::context {
using jinja::CallArgs;
using jinja::Interpreter;
using jinja::NativeFunction;
using jinja::Value;

namespace {

constexpr int64_t kUsPerSecond = 1000000;
constexpr int64_t kUsPerDay = 86400 * kUsPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int64_t IntArg(CallArgs& a, size_t index, const char* name, int64_t fallback) {
  auto v = a.Take(index, name);
  if (!v || v->IsNone()) return fallback;
  if (!v->IsNumber()) jinja::ThrowTypeError(std::string(name) + " must be an integer");
  return v->AsInt();
}

const char* const kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                             "Friday", "Saturday", "Sunday"};
const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};

std::string Pad(int64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  return buf;
}

// The fields of a moment, for formatting.
struct Fields {
  int64_t days;  // since 1970-01-01
  int64_t us;    // of the day
  bool has_time;
  bool utc;
};

std::string Strftime(const std::string& fmt, const Fields& f) {
  CivilDate d = CivilFromDays(f.days);
  int64_t hour = f.us / (3600 * kUsPerSecond);
  int64_t minute = f.us / (60 * kUsPerSecond) % 60;
  int64_t second = f.us / kUsPerSecond % 60;
  int64_t micro = f.us % kUsPerSecond;
  int weekday = static_cast<int>(((f.days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  int64_t yday = f.days - DaysFromCivil(d.year, 1, 1) + 1;
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 == fmt.size()) {
      out += fmt[i];
      continue;
    }
    char c = fmt[++i];
    switch (c) {
      case 'Y':
        out += Pad(d.year, 4);
        break;
      case 'y':
        out += Pad(d.year % 100, 2);
        break;
      case 'm':
        out += Pad(d.month, 2);
        break;
      case 'd':
        out += Pad(d.day, 2);
        break;
      case 'H':
        out += Pad(hour, 2);
        break;
      case 'I':
        out += Pad(hour % 12 == 0 ? 12 : hour % 12, 2);
        break;
      case 'p':
        out += hour < 12 ? "AM" : "PM";
        break;
      case 'M':
        out += Pad(minute, 2);
        break;
      case 'S':
        out += Pad(second, 2);
        break;
      case 'f':
        out += Pad(micro, 6);
        break;
      case 'j':
        out += Pad(yday, 3);
        break;
      case 'a':
        out += std::string(kDays[weekday]).substr(0, 3);
        break;
      case 'A':
        out += kDays[weekday];
        break;
      case 'w':
        out += std::to_string((weekday + 1) % 7);
        break;
      case 'u':
        out += std::to_string(weekday + 1);
        break;
      case 'b':
        out += std::string(kMonths[d.month - 1]).substr(0, 3);
        break;
      case 'B':
        out += kMonths[d.month - 1];
        break;
      case 'z':
        out += f.utc ? "+0000" : "";
        break;
      case 'Z':
        out += f.utc ? "UTC" : "";
        break;
      case '%':
        out += '%';
        break;
      default:
        out += '%';
        out += c;
    }
  }
  return out;
}

std::string TimeOfDay(int64_t us) {
  std::string out = Pad(us / (3600 * kUsPerSecond), 2) + ":" +
                    Pad(us / (60 * kUsPerSecond) % 60, 2) + ":" + Pad(us / kUsPerSecond % 60, 2);
  if (us % kUsPerSecond) out += "." + Pad(us % kUsPerSecond, 6);
  return out;
}

class TimeDeltaObject;

class DateObject : public jinja::Object {
 public:
  explicit DateObject(int64_t days) : days_(days) {}
  std::string TypeName() const override { return "date"; }
  std::string Str() const override { return IsoDate(days_); }
  std::string Repr() const override {
    CivilDate d = CivilFromDays(days_);
    return "datetime.date(" + std::to_string(d.year) + ", " + std::to_string(d.month) + ", " +
           std::to_string(d.day) + ")";
  }
  std::optional<Value> GetAttr(std::string_view name) override;
  std::optional<Value> Arithmetic(std::string_view op, const Value& other, bool reflected) override;
  std::optional<int> Compare(const Value& other) const override;
  int64_t days() const { return days_; }

 private:
  int64_t days_;
};

class DateTimeObject : public jinja::Object {
 public:
  DateTimeObject(int64_t epoch_us, bool utc) : us_(epoch_us), utc_(utc) {}
  std::string TypeName() const override { return "datetime"; }
  std::string Str() const override { return Iso(' '); }
  std::string Repr() const override;
  std::optional<Value> GetAttr(std::string_view name) override;
  std::optional<Value> Arithmetic(std::string_view op, const Value& other, bool reflected) override;
  std::optional<int> Compare(const Value& other) const override;
  int64_t us() const { return us_; }
  bool utc() const { return utc_; }
  Fields fields() const {
    return {FloorDiv(us_, kUsPerDay), us_ - FloorDiv(us_, kUsPerDay) * kUsPerDay, true, utc_};
  }
  std::string Iso(char sep) const {
    Fields f = fields();
    return IsoDate(f.days) + sep + TimeOfDay(f.us) + (utc_ ? "+00:00" : "");
  }

 private:
  int64_t us_;
  bool utc_;
};

class TimeDeltaObject : public jinja::Object {
 public:
  explicit TimeDeltaObject(int64_t us) : us_(us) {}
  std::string TypeName() const override { return "timedelta"; }
  std::string Str() const override {
    int64_t days = FloorDiv(us_, kUsPerDay);
    int64_t rest = us_ - days * kUsPerDay;
    std::string out;
    if (days) out = std::to_string(days) + (days == 1 || days == -1 ? " day, " : " days, ");
    std::string t = TimeOfDay(rest);
    if (t[0] == '0') t.erase(0, 1);  // Python prints hours without padding
    return out + t;
  }
  std::string Repr() const override {
    return "datetime.timedelta(microseconds=" + std::to_string(us_) + ")";
  }
  std::optional<Value> GetAttr(std::string_view name) override {
    int64_t days = FloorDiv(us_, kUsPerDay);
    int64_t rest = us_ - days * kUsPerDay;
    if (name == "days") return Value::Int(days);
    if (name == "seconds") return Value::Int(rest / kUsPerSecond);
    if (name == "microseconds") return Value::Int(rest % kUsPerSecond);
    if (name == "total_seconds") {
      int64_t us = us_;
      return jinja::MakeFunction("total_seconds", [us](Interpreter&, CallArgs& a) {
        a.ExpectNoMore("total_seconds");
        return Value::Float(static_cast<double>(us) / kUsPerSecond);
      });
    }
    return std::nullopt;
  }
  std::optional<Value> Arithmetic(std::string_view op, const Value& other,
                                  bool reflected) override {
    if (other.IsObject()) {
      if (auto* d = dynamic_cast<TimeDeltaObject*>(other.AsObject().get())) {
        if (op == "+") return Value::Obj(std::make_shared<TimeDeltaObject>(us_ + d->us_));
        if (op == "-") {
          return Value::Obj(
              std::make_shared<TimeDeltaObject>(reflected ? d->us_ - us_ : us_ - d->us_));
        }
      }
      return std::nullopt;
    }
    if (op == "*" && other.IsInt()) {
      return Value::Obj(std::make_shared<TimeDeltaObject>(us_ * other.AsInt()));
    }
    return std::nullopt;
  }
  std::optional<int> Compare(const Value& other) const override {
    if (!other.IsObject()) return std::nullopt;
    auto* d = dynamic_cast<TimeDeltaObject*>(other.AsObject().get());
    if (!d) return std::nullopt;
    return us_ < d->us_ ? -1 : us_ > d->us_ ? 1 : 0;
  }
  int64_t us() const { return us_; }

 private:
  int64_t us_;
};

const TimeDeltaObject* AsDelta(const Value& v) {
  return v.IsObject() ? dynamic_cast<const TimeDeltaObject*>(v.AsObject().get()) : nullptr;
}

std::optional<Value> DateObject::GetAttr(std::string_view name) {
  CivilDate d = CivilFromDays(days_);
  int64_t days = days_;
  if (name == "year") return Value::Int(d.year);
  if (name == "month") return Value::Int(d.month);
  if (name == "day") return Value::Int(d.day);
  if (name == "strftime") {
    return jinja::MakeFunction("strftime", [days](Interpreter&, CallArgs& a) {
      std::string fmt = a.Take(0, "format").value_or(Value::String("")).Str();
      a.ExpectNoMore("strftime");
      return Value::String(Strftime(fmt, {days, 0, false, false}));
    });
  }
  if (name == "isoformat") {
    return jinja::MakeFunction("isoformat", [days](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("isoformat");
      return Value::String(IsoDate(days));
    });
  }
  if (name == "weekday" || name == "isoweekday") {
    int offset = name == "isoweekday" ? 1 : 0;
    return jinja::MakeFunction("weekday", [days, offset](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("weekday");
      return Value::Int(((days % 7) + 7 + 3) % 7 + offset);
    });
  }
  if (name == "replace") {
    return jinja::MakeFunction("replace", [d](Interpreter&, CallArgs& a) {
      int64_t y = IntArg(a, 0, "year", d.year);
      int64_t m = IntArg(a, 1, "month", d.month);
      int64_t day = IntArg(a, 2, "day", d.day);
      a.ExpectNoMore("replace");
      return Value::Obj(std::make_shared<DateObject>(
          DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(day))));
    });
  }
  return std::nullopt;
}

std::optional<Value> DateObject::Arithmetic(std::string_view op, const Value& other,
                                            bool reflected) {
  if (const TimeDeltaObject* d = AsDelta(other)) {
    int64_t delta_days = FloorDiv(d->us(), kUsPerDay);
    if (op == "+") return Value::Obj(std::make_shared<DateObject>(days_ + delta_days));
    if (op == "-" && !reflected)
      return Value::Obj(std::make_shared<DateObject>(days_ - delta_days));
    return std::nullopt;
  }
  if (op == "-" && other.IsObject()) {
    if (auto* o = dynamic_cast<DateObject*>(other.AsObject().get())) {
      int64_t diff = reflected ? o->days_ - days_ : days_ - o->days_;
      return Value::Obj(std::make_shared<TimeDeltaObject>(diff * kUsPerDay));
    }
  }
  return std::nullopt;
}

std::optional<int> DateObject::Compare(const Value& other) const {
  if (!other.IsObject()) return std::nullopt;
  auto* o = dynamic_cast<DateObject*>(other.AsObject().get());
  if (!o) return std::nullopt;
  return days_ < o->days_ ? -1 : days_ > o->days_ ? 1 : 0;
}

std::string DateTimeObject::Repr() const {
  Fields f = fields();
  CivilDate d = CivilFromDays(f.days);
  std::string out = "datetime.datetime(" + std::to_string(d.year) + ", " + std::to_string(d.month) +
                    ", " + std::to_string(d.day) + ", " +
                    std::to_string(f.us / (3600 * kUsPerSecond)) + ", " +
                    std::to_string(f.us / (60 * kUsPerSecond) % 60);
  int64_t s = f.us / kUsPerSecond % 60, us = f.us % kUsPerSecond;
  if (s || us) out += ", " + std::to_string(s);
  if (us) out += ", " + std::to_string(us);
  if (utc_) out += ", tzinfo=datetime.timezone.utc";
  return out + ")";
}

std::optional<Value> DateTimeObject::GetAttr(std::string_view name) {
  Fields f = fields();
  CivilDate d = CivilFromDays(f.days);
  int64_t us = us_;
  bool utc = utc_;
  if (name == "year") return Value::Int(d.year);
  if (name == "month") return Value::Int(d.month);
  if (name == "day") return Value::Int(d.day);
  if (name == "hour") return Value::Int(f.us / (3600 * kUsPerSecond));
  if (name == "minute") return Value::Int(f.us / (60 * kUsPerSecond) % 60);
  if (name == "second") return Value::Int(f.us / kUsPerSecond % 60);
  if (name == "microsecond") return Value::Int(f.us % kUsPerSecond);
  if (name == "tzinfo") return utc ? Value::String("UTC") : Value::MakeNone();
  if (name == "strftime") {
    return jinja::MakeFunction("strftime", [f](Interpreter&, CallArgs& a) {
      std::string fmt = a.Take(0, "format").value_or(Value::String("")).Str();
      a.ExpectNoMore("strftime");
      return Value::String(Strftime(fmt, f));
    });
  }
  if (name == "isoformat") {
    auto self = std::make_shared<DateTimeObject>(us, utc);
    return jinja::MakeFunction("isoformat", [self](Interpreter&, CallArgs& a) {
      std::string sep = a.Take(0, "sep").value_or(Value::String("T")).Str();
      a.ExpectNoMore("isoformat");
      return Value::String(self->Iso(sep.empty() ? 'T' : sep[0]));
    });
  }
  if (name == "date") {
    int64_t days = f.days;
    return jinja::MakeFunction("date", [days](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("date");
      return Value::Obj(std::make_shared<DateObject>(days));
    });
  }
  if (name == "timestamp") {
    return jinja::MakeFunction("timestamp", [us](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("timestamp");
      return Value::Float(static_cast<double>(us) / kUsPerSecond);
    });
  }
  if (name == "weekday" || name == "isoweekday") {
    int offset = name == "isoweekday" ? 1 : 0;
    int64_t days = f.days;
    return jinja::MakeFunction("weekday", [days, offset](Interpreter&, CallArgs& a) {
      a.ExpectNoMore("weekday");
      return Value::Int(((days % 7) + 7 + 3) % 7 + offset);
    });
  }
  if (name == "astimezone") {
    return jinja::MakeFunction("astimezone", [us](Interpreter&, CallArgs& a) {
      a.Take(0, "tz");
      a.ExpectNoMore("astimezone");
      return MakeDateTime(us, true);
    });
  }
  if (name == "replace") {
    return jinja::MakeFunction("replace", [f, d, utc](Interpreter&, CallArgs& a) {
      int64_t y = IntArg(a, 0, "year", d.year);
      int64_t m = IntArg(a, 1, "month", d.month);
      int64_t day = IntArg(a, 2, "day", d.day);
      int64_t hour = IntArg(a, 3, "hour", f.us / (3600 * kUsPerSecond));
      int64_t minute = IntArg(a, 4, "minute", f.us / (60 * kUsPerSecond) % 60);
      int64_t second = IntArg(a, 5, "second", f.us / kUsPerSecond % 60);
      int64_t micro = IntArg(a, 6, "microsecond", f.us % kUsPerSecond);
      bool aware = utc;
      if (auto tz = a.Take(7, "tzinfo")) aware = !tz->IsNone();
      a.ExpectNoMore("replace");
      int64_t days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(day));
      return MakeDateTime(
          days * kUsPerDay + ((hour * 60 + minute) * 60 + second) * kUsPerSecond + micro, aware);
    });
  }
  return std::nullopt;
}

std::optional<Value> DateTimeObject::Arithmetic(std::string_view op, const Value& other,
                                                bool reflected) {
  if (const TimeDeltaObject* d = AsDelta(other)) {
    if (op == "+") return MakeDateTime(us_ + d->us(), utc_);
    if (op == "-" && !reflected) return MakeDateTime(us_ - d->us(), utc_);
    return std::nullopt;
  }
  if (op == "-" && other.IsObject()) {
    if (auto* o = dynamic_cast<DateTimeObject*>(other.AsObject().get())) {
      return Value::Obj(std::make_shared<TimeDeltaObject>(reflected ? o->us_ - us_ : us_ - o->us_));
    }
  }
  return std::nullopt;
}

std::optional<int> DateTimeObject::Compare(const Value& other) const {
  if (!other.IsObject()) return std::nullopt;
  auto* o = dynamic_cast<DateTimeObject*>(other.AsObject().get());
  if (!o) return std::nullopt;
  return us_ < o->us_ ? -1 : us_ > o->us_ ? 1 : 0;
}

// A parsed "%Y-%m-%d %H:%M:%S"-style string (the directives dbt projects use).
std::optional<int64_t> Strptime(const std::string& s, const std::string& fmt, bool* utc) {
  int64_t y = 1900, m = 1, d = 1, H = 0, M = 0, S = 0, us = 0;
  size_t i = 0;
  auto number = [&](int max_digits, int64_t& out) {
    size_t start = i;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    int64_t v = 0;
    while (i < s.size() && i - start < static_cast<size_t>(max_digits) &&
           std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i++] - '0');
    }
    if (i == start) return false;
    out = negative ? -v : v;
    return true;
  };
  for (size_t f = 0; f < fmt.size(); ++f) {
    if (fmt[f] != '%') {
      if (i >= s.size() || s[i] != fmt[f]) return std::nullopt;
      ++i;
      continue;
    }
    char c = ++f < fmt.size() ? fmt[f] : '%';
    bool ok = true;
    switch (c) {
      case 'Y':
        ok = number(4, y);
        break;
      case 'm':
        ok = number(2, m);
        break;
      case 'd':
        ok = number(2, d);
        break;
      case 'H':
        ok = number(2, H);
        break;
      case 'M':
        ok = number(2, M);
        break;
      case 'S':
        ok = number(2, S);
        break;
      case 'f': {
        size_t start = i;
        ok = number(6, us);
        for (size_t n = i - start; n < 6; ++n)
          us *= 10;
        break;
      }
      case 'z':
        if (s.compare(i, 5, "+0000") == 0 || s.compare(i, 6, "+00:00") == 0) {
          i += s[i + 3] == ':' ? 6 : 5;
          *utc = true;
        } else if (i < s.size() && s[i] == 'Z') {
          ++i;
          *utc = true;
        } else {
          ok = false;
        }
        break;
      case '%':
        ok = i < s.size() && s[i++] == '%';
        break;
      default:
        ok = false;
    }
    if (!ok) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * kUsPerDay +
         ((H * 60 + M) * 60 + S) * kUsPerSecond + us;
}

using Members = std::vector<std::pair<std::string, Value>>;

class ModuleObject : public jinja::Object {
 public:
  ModuleObject(std::string name, std::vector<std::pair<std::string, Value>> members)
      : name_(std::move(name)), members_(std::move(members)) {}
  std::string TypeName() const override { return "module"; }
  std::optional<Value> GetAttr(std::string_view name) override {
    for (const auto& [k, v] : members_) {
      if (k == name) return v;
    }
    return std::nullopt;
  }
  std::string Repr() const override { return "<module '" + name_ + "'>"; }

 private:
  std::string name_;
  std::vector<std::pair<std::string, Value>> members_;
};

// A class-like object: callable (the constructor) with class methods as attributes.
class TypeObject : public ModuleObject {
 public:
  TypeObject(std::string name, NativeFunction::Fn ctor,
             std::vector<std::pair<std::string, Value>> members)
      : ModuleObject(std::move(name), std::move(members)), ctor_(std::move(ctor)) {}
  std::string TypeName() const override { return "type"; }
  std::optional<Value> Call(Interpreter& interp, CallArgs& args) override {
    return ctor_(interp, args);
  }

 private:
  NativeFunction::Fn ctor_;
};

Value UtcValue() {
  return Value::String("UTC");
}

}  // namespace

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Value MakeDateTime(int64_t epoch_us, bool utc) {
  return Value::Obj(std::make_shared<DateTimeObject>(epoch_us, utc));
}

Value DateTimeModule() {
  Value timedelta = Value::Obj(std::make_shared<TypeObject>(
      "timedelta",
      [](Interpreter&, CallArgs& a) {
        int64_t days = IntArg(a, 0, "days", 0), seconds = IntArg(a, 1, "seconds", 0),
                micro = IntArg(a, 2, "microseconds", 0), milli = IntArg(a, 3, "milliseconds", 0),
                minutes = IntArg(a, 4, "minutes", 0), hours = IntArg(a, 5, "hours", 0),
                weeks = IntArg(a, 6, "weeks", 0);
        a.ExpectNoMore("timedelta");
        int64_t us =
            ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * kUsPerSecond +
            milli * 1000 + micro;
        return Value::Obj(std::make_shared<TimeDeltaObject>(us));
      },
      Members{}));
  Value date = Value::Obj(std::make_shared<TypeObject>(
      "date",
      [](Interpreter&, CallArgs& a) {
        int64_t y = IntArg(a, 0, "year", 1), m = IntArg(a, 1, "month", 1),
                d = IntArg(a, 2, "day", 1);
        a.ExpectNoMore("date");
        return Value::Obj(std::make_shared<DateObject>(
            DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))));
      },
      Members{{"today", jinja::MakeFunction("today",
                                            [](Interpreter&, CallArgs& a) {
                                              a.ExpectNoMore("today");
                                              return Value::Obj(std::make_shared<DateObject>(
                                                  FloorDiv(NowMicros(), kUsPerDay)));
                                            })},
              {"fromisoformat", jinja::MakeFunction("fromisoformat", [](Interpreter&, CallArgs& a) {
                 std::string s = a.Take(0, "date_string").value_or(Value::String("")).Str();
                 a.ExpectNoMore("fromisoformat");
                 bool utc = false;
                 auto us = Strptime(s, "%Y-%m-%d", &utc);
                 if (!us)
                   jinja::ThrowValueError("Invalid isoformat string: " + Value::String(s).Repr());
                 return Value::Obj(std::make_shared<DateObject>(FloorDiv(*us, kUsPerDay)));
               })}}));
  auto now = [](Interpreter&, CallArgs& a) {
    auto tz = a.Take(0, "tz");
    a.ExpectNoMore("now");
    return MakeDateTime(NowMicros(), tz && !tz->IsNone());
  };
  Value datetime = Value::Obj(std::make_shared<TypeObject>(
      "datetime",
      [](Interpreter&, CallArgs& a) {
        int64_t y = IntArg(a, 0, "year", 1), m = IntArg(a, 1, "month", 1),
                d = IntArg(a, 2, "day", 1), H = IntArg(a, 3, "hour", 0),
                M = IntArg(a, 4, "minute", 0), S = IntArg(a, 5, "second", 0),
                us = IntArg(a, 6, "microsecond", 0);
        auto tz = a.Take(7, "tzinfo");
        a.ExpectNoMore("datetime");
        int64_t days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
        return MakeDateTime(days * kUsPerDay + ((H * 60 + M) * 60 + S) * kUsPerSecond + us,
                            tz && !tz->IsNone());
      },
      Members{{"now", jinja::MakeFunction("now", now)},
              {"utcnow", jinja::MakeFunction("utcnow",
                                             [](Interpreter&, CallArgs& a) {
                                               a.ExpectNoMore("utcnow");
                                               return MakeDateTime(NowMicros(), false);
                                             })},
              {"today", jinja::MakeFunction("today",
                                            [](Interpreter&, CallArgs& a) {
                                              a.ExpectNoMore("today");
                                              return MakeDateTime(NowMicros(), false);
                                            })},
              {"strptime",
               jinja::MakeFunction("strptime",
                                   [](Interpreter&, CallArgs& a) {
                                     std::string s =
                                         a.Take(0, "date_string").value_or(Value::String("")).Str();
                                     std::string fmt =
                                         a.Take(1, "format").value_or(Value::String("")).Str();
                                     a.ExpectNoMore("strptime");
                                     bool utc = false;
                                     auto us = Strptime(s, fmt, &utc);
                                     if (!us) {
                                       jinja::ThrowValueError(
                                           "time data " + Value::String(s).Repr() +
                                           " does not match format " + Value::String(fmt).Repr());
                                     }
                                     return MakeDateTime(*us, utc);
                                   })},
              {"fromisoformat", jinja::MakeFunction("fromisoformat", [](Interpreter&, CallArgs& a) {
                 std::string s = a.Take(0, "date_string").value_or(Value::String("")).Str();
                 a.ExpectNoMore("fromisoformat");
                 bool utc = false;
                 for (const char* fmt :
                      {"%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f",
                       "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z",
                       "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"}) {
                   if (auto us = Strptime(s, fmt, &utc)) return MakeDateTime(*us, utc);
                 }
                 jinja::ThrowValueError("Invalid isoformat string: " + Value::String(s).Repr());
               })}}));
  Value timezone = Value::Obj(std::make_shared<ModuleObject>(
      "timezone", std::vector<std::pair<std::string, Value>>{{"utc", UtcValue()}}));
  return Value::Obj(std::make_shared<ModuleObject>(
      "datetime", std::vector<std::pair<std::string, Value>>{{"datetime", datetime},
                                                             {"date", date},
                                                             {"timedelta", timedelta},
                                                             {"timezone", timezone}}));
}

Value PytzModule() {
  return Value::Obj(std::make_shared<ModuleObject>(
      "pytz", std::vector<std::pair<std::string, Value>>{
                  {"utc", UtcValue()},
                  {"UTC", UtcValue()},
                  {"timezone", jinja::MakeFunction("timezone", [](Interpreter&, CallArgs& a) {
                     std::string name = a.Take(0, "zone").value_or(Value::String("")).Str();
                     a.ExpectNoMore("timezone");
                     if (name == "UTC" || name == "Etc/UTC" || name == "utc") return UtcValue();
                     throw jinja::TemplateError(
                         jinja::TemplateErrorKind::kValue,
                         "lakedev supports only UTC in pytz.timezone (asked for '" + name + "')");
                   })}}));
}

}  // namespace lakedev::context
